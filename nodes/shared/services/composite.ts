import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError, type SalesforceErrorDetail, SalesforceInputError, parseErrorBody } from '../transport/errors';

/**
 * Composite (REST API Developer Guide, "Composite"), sObject Tree ("sObject Tree") and Platform Event publish
 * (Platform Events Developer Guide, "Publish Event Messages Using REST API"); docs/salesforce-wire-notes.md §6.
 */

export interface SubRequest {
	method: string;
	url: string;
	referenceId: string;
	body?: unknown;
	httpHeaders?: IDataObject;
}

export interface SubResponse {
	body: unknown;
	httpHeaders: IDataObject;
	httpStatusCode: number;
	referenceId: string;
}

export const COMPOSITE_LIMIT = 25;

/**
 * Validates sub-requests and makes their URLs absolute paths ('/sobjects/Account' → '/services/data/vNN.N/sobjects/Account').
 * Composite Graph nodes are sub-requests too (graph.ts): up to 500 a graph, errors naming the graph.
 */
export function normaliseSubRequests(
	client: SalesforceClient,
	raw: unknown,
	itemIndex: number,
	{ limit = COMPOSITE_LIMIT, field = 'Sub-Requests', what = 'Sub-request', container = 'Composite' } = {},
): SubRequest[] {
	if (!Array.isArray(raw) || !raw.length) {
		throw new SalesforceInputError(`${container}: sub-requests must be a non-empty JSON array of {method, url, referenceId, body?}`, {
			itemIndex,
			field,
		});
	}
	if (raw.length > limit) {
		throw new SalesforceInputError(`${container} takes at most ${limit} sub-requests; got ${raw.length}`, { itemIndex, field });
	}
	const seen = new Set<string>();
	return raw.map((entry, n) => {
		const r = (entry ?? {}) as IDataObject;
		const method = String(r.method ?? '').toUpperCase();
		if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD'].includes(method)) {
			throw new SalesforceInputError(`${what} ${n}: method "${String(r.method ?? '')}" is not GET, POST, PATCH, PUT, DELETE or HEAD`, {
				itemIndex,
				field,
			});
		}
		const referenceId = String(r.referenceId ?? '');
		if (!/^[A-Za-z]\w*$/.test(referenceId)) {
			throw new SalesforceInputError(
				`${what} ${n}: referenceId "${referenceId}" must start with a letter and hold only letters, digits and underscores`,
				{ itemIndex, field },
			);
		}
		if (seen.has(referenceId))
			throw new SalesforceInputError(`${what} ${n}: referenceId "${referenceId}" is used twice`, { itemIndex, field });
		seen.add(referenceId);
		let url = String(r.url ?? '').trim();
		if (!url) throw new SalesforceInputError(`${what} ${n}: url is empty`, { itemIndex, field });
		if (/^https?:/i.test(url))
			throw new SalesforceInputError(`${what} ${n}: give the url as a path such as /sobjects/Account`, { itemIndex, field });
		if (!url.startsWith('/services/')) url = client.dataPath + (url.startsWith('/') ? url : `/${url}`);
		const out: SubRequest = { method, url, referenceId };
		if (r.body !== undefined && r.body !== null) out.body = r.body;
		if (r.httpHeaders && typeof r.httpHeaders === 'object') out.httpHeaders = r.httpHeaders as IDataObject;
		return out;
	});
}

export async function executeComposite(client: SalesforceClient, requests: SubRequest[], allOrNone: boolean): Promise<SubResponse[]> {
	const response = await client.request<{ compositeResponse: SubResponse[] }>('POST', '/composite', {
		body: { allOrNone, compositeRequest: requests },
		retry: requests.every((r) => r.method === 'GET') ? 'safe' : 'never',
	});
	return response.compositeResponse ?? [];
}

/** Errors of a failed sub-response (REST error array), or [] when it succeeded. */
export function subErrors(sub: SubResponse): SalesforceErrorDetail[] {
	return sub.httpStatusCode >= 400 ? parseErrorBody(sub.httpStatusCode, sub.body) : [];
}

export interface TreeResult {
	hasErrors: boolean;
	results: Array<{ referenceId: string; id?: string; errors?: Array<{ statusCode: string; message: string; fields?: string[] }> }>;
}

export async function createTree(client: SalesforceClient, object: string, records: IDataObject[]): Promise<TreeResult> {
	const response = await client.requestFull<TreeResult>('POST', `/composite/tree/${encodeURIComponent(object)}`, {
		body: { records },
		retry: 'never',
		// A failed tree answers 400 with per-record errors in the same shape (wire notes §6.4; status unverified).
		okStatuses: [400],
	});
	const body = response.body;
	if (response.statusCode === 400 && (!body || !Array.isArray((body as TreeResult).results))) {
		return {
			hasErrors: true,
			results: [
				{
					referenceId: '',
					errors: parseErrorBody(400, body).map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields })),
				},
			],
		};
	}
	return body;
}

// ---------- Platform Events ----------

export interface PublishResult {
	success: boolean;
	/** EventUuid from OPERATION_ENQUEUED (the id Salesforce returns is not unique and never delivered). */
	eventUuid?: string;
	errors: SalesforceErrorDetail[];
	outcomeUnknown?: boolean;
}

/**
 * Reads a publish SaveResult. Salesforce answers success:true with an "error" OPERATION_ENQUEUED whose message is
 * the EventUuid: it is not an error, the event is queued (publishing is asynchronous).
 */
export function readPublishResult(status: number, body: unknown): PublishResult {
	if (status >= 400) return { success: false, errors: parseErrorBody(status, body) };
	const result = (body ?? {}) as { success?: boolean; errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }> };
	const all = result.errors ?? [];
	const enqueued = all.find((e) => e.statusCode === 'OPERATION_ENQUEUED');
	const real = all
		.filter((e) => e.statusCode !== 'OPERATION_ENQUEUED')
		.map((e) => ({ errorCode: e.statusCode ?? 'UNKNOWN_ERROR', message: e.message ?? '', fields: e.fields ?? [] }));
	if (result.success === false || real.length)
		return {
			success: false,
			errors: real.length ? real : [{ errorCode: 'PUBLISH_FAILED', message: 'Salesforce did not publish the event' }],
		};
	return { success: true, ...(enqueued?.message ? { eventUuid: enqueued.message } : {}), errors: [] };
}

/** Publishes events 25 per call through /composite (allOrNone off: one bad event does not hold back the others). */
export async function publishEvents(client: SalesforceClient, eventName: string, payloads: IDataObject[]): Promise<PublishResult[]> {
	const out: PublishResult[] = [];
	for (let start = 0; start < payloads.length; start += COMPOSITE_LIMIT) {
		const chunk = payloads.slice(start, start + COMPOSITE_LIMIT);
		let subs: SubResponse[] = [];
		let failure: unknown;
		try {
			subs = await executeComposite(
				client,
				chunk.map((body, n) => ({
					method: 'POST',
					url: `${client.dataPath}/sobjects/${eventName}`,
					referenceId: `event${start + n}`,
					body,
				})),
				false,
			);
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			// A failed call fails its own events; the chunks already published stay published.
			if (!(failure instanceof SalesforceApiError)) throw failure;
			out.push(
				...chunk.map(() => ({ success: false, errors: failure.errors, ...(failure.outcomeUnknown ? { outcomeUnknown: true } : {}) })),
			);
			continue;
		}
		chunk.forEach((_, n) => {
			const sub = subs[n];
			out.push(
				sub
					? readPublishResult(sub.httpStatusCode, sub.body)
					: { success: false, errors: [{ errorCode: 'NO_RESULT', message: 'No result for this event' }] },
			);
		});
	}
	return out;
}
