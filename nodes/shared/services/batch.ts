import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceInputError, parseErrorBody } from '../transport/errors';
import type { RecordResult } from './records';

/**
 * Composite Batch (REST API Developer Guide, "Batch"; "Composite Resources"): up to 25 independent sub-requests in
 * one call, run in order, each committed on its own (no references, no rollback); with haltOnError the ones after the
 * first failure are not run (412 BATCH_PROCESSING_HALTED). Sub-request URLs are relative to /services/data and start
 * with the version (v66.0/sobjects/Account).
 */
export const BATCH_LIMIT = 25;

export interface BatchRequest {
	method: string;
	url: string;
	richInput?: unknown;
}

const FIELD = 'Batch Requests (JSON)';

/** Checks sub-requests and writes their URLs as Salesforce wants them: '/sobjects/Account' → 'v66.0/sobjects/Account'. */
export function normaliseBatch(client: SalesforceClient, raw: unknown, itemIndex: number): BatchRequest[] {
	const list =
		raw && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as IDataObject).batchRequests)
			? (raw as IDataObject).batchRequests
			: raw;
	if (!Array.isArray(list) || !list.length)
		throw new SalesforceInputError('Batch requests must be a non-empty JSON array of {method, url, richInput?}', {
			itemIndex,
			field: FIELD,
		});
	if (list.length > BATCH_LIMIT)
		throw new SalesforceInputError(`Batch takes at most ${BATCH_LIMIT} sub-requests; got ${list.length}`, { itemIndex, field: FIELD });
	return list.map((entry, n) => {
		const r = (entry ?? {}) as IDataObject;
		const method = String(r.method ?? '').toUpperCase();
		if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD'].includes(method)) {
			throw new SalesforceInputError(`Request ${n}: method "${String(r.method ?? '')}" is not GET, POST, PATCH, PUT, DELETE or HEAD`, {
				itemIndex,
				field: FIELD,
			});
		}
		const given = String(r.url ?? '').trim();
		const path = given.replace(/^\/?services\/data\//, '').replace(/^\//, '');
		const url = /^v\d+\.\d(\/|$)/.test(path) ? path : `v${client.apiVersion}/${path}`;
		const segments = url.split('?')[0].split('/');
		if (
			!path ||
			/^https?:/i.test(given) ||
			/^\/?services\/(?!data\/)/.test(given) ||
			segments.some((s) => s === '..' || s === '.') ||
			/[\\\s]/.test(url.split('?')[0])
		) {
			throw new SalesforceInputError(
				`Request ${n}: url "${given}" must be a REST API path such as /sobjects/Account/001… or v66.0/query?q=…`,
				{ itemIndex, field: FIELD },
			);
		}
		const richInput = r.richInput ?? r.body;
		return { method, url, ...(richInput !== undefined && richInput !== null ? { richInput } : {}) };
	});
}

export interface BatchResult extends RecordResult {
	statusCode: number;
	result: unknown;
}

/** One call; a result per sub-request in order: success below 400, Salesforce's errors otherwise. */
export async function executeBatch(client: SalesforceClient, requests: BatchRequest[], haltOnError: boolean): Promise<BatchResult[]> {
	const response = await client.request<{ hasErrors: boolean; results: Array<{ statusCode: number; result: unknown }> }>(
		'POST',
		'/composite/batch',
		{
			body: { batchRequests: requests, haltOnError },
			retry: requests.every((r) => r.method === 'GET') ? 'safe' : 'never',
		},
	);
	return requests.map((_, n): BatchResult => {
		const got = response.results?.[n];
		if (!got)
			return {
				success: false,
				statusCode: 0,
				result: null,
				errors: [{ errorCode: 'NO_RESULT', message: `Salesforce returned no result for request ${n}` }],
			};
		const id = (got.result as IDataObject | null)?.id;
		if (got.statusCode < 400)
			return { success: true, statusCode: got.statusCode, result: got.result, errors: [], ...(typeof id === 'string' ? { id } : {}) };
		return {
			success: false,
			statusCode: got.statusCode,
			result: got.result,
			errors: parseErrorBody(got.statusCode, got.result).map((e) => ({ ...e, message: `request ${n}: ${e.message}` })),
		};
	});
}
