import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { csvObjects } from './csv';
import {
	keyColumn,
	parseBulkError,
	prepareIngest,
	rowKey,
	unflattenRow,
	type IngestOperation,
	type IngestRequest,
	type PreparedIngest,
} from './bulkRows';
import { type RecordResult, failedCall } from './records';
import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';

/**
 * Bulk API 2.0 (Bulk API 2.0 and Bulk API Developer Guide; docs/salesforce-wire-notes.md §9): ingest jobs
 * (create → upload CSV → close → poll → results) and query jobs. What needs no HTTP (CSV parts, result matching
 * keys, error texts, query rows) is in bulkRows.ts, re-exported here.
 */

export { parseBulkError, prepareIngest, type IngestOperation } from './bulkRows';

export interface JobInfo extends IDataObject {
	id: string;
	state: string;
	object?: string;
	operation?: string;
}

export const TERMINAL_STATES = new Set(['JobComplete', 'Failed', 'Aborted']);

export interface PollOptions {
	/** Give up waiting after this many ms (the job keeps running in Salesforce). */
	maxWaitMs: number;
	/** First pause between polls; doubled each time up to maxIntervalMs. */
	initialIntervalMs?: number;
	maxIntervalMs?: number;
}

const CSV_HEADERS = { 'Content-Type': 'text/csv', Accept: 'text/csv' };

function ingestPath(id: string): string {
	return `/jobs/ingest/${encodeURIComponent(id)}`;
}

export async function createIngestJob(
	client: SalesforceClient,
	request: Pick<IngestRequest, 'object' | 'operation' | 'externalIdFieldName'>,
): Promise<JobInfo> {
	const body: IDataObject = {
		object: request.object,
		operation: request.operation,
		contentType: 'CSV',
		lineEnding: 'LF',
		columnDelimiter: 'COMMA',
	};
	if (request.operation === 'upsert') body.externalIdFieldName = request.externalIdFieldName;
	// An unused Open job is harmless (nothing runs until it is closed), so creating it again is safe.
	return await client.request<JobInfo>('POST', '/jobs/ingest', { body, retry: 'safe' });
}

/** Uploads the CSV and closes the job; on a failed upload the job is aborted so it does not linger. */
export async function uploadAndClose(client: SalesforceClient, jobId: string, csv: string): Promise<void> {
	let failure: unknown;
	try {
		// Not repeated: a lost upload leaves the job in an unknown state, so it is aborted instead.
		await client.request('PUT', `${ingestPath(jobId)}/batches`, {
			body: csv,
			json: false,
			headers: { 'Content-Type': 'text/csv' },
			retry: 'never',
		});
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		await setJobState(client, 'ingest', jobId, 'Aborted').catch(() => undefined);
		throw failure;
	}
	await setJobState(client, 'ingest', jobId, 'UploadComplete');
}

export async function setJobState(
	client: SalesforceClient,
	kind: 'ingest' | 'query',
	jobId: string,
	state: 'UploadComplete' | 'Aborted',
): Promise<JobInfo> {
	return await client.request<JobInfo>('PATCH', `/jobs/${kind}/${encodeURIComponent(jobId)}`, { body: { state }, retry: 'safe' });
}

export async function getJob(client: SalesforceClient, kind: 'ingest' | 'query', jobId: string): Promise<JobInfo> {
	return await client.request<JobInfo>('GET', `/jobs/${kind}/${encodeURIComponent(jobId)}`);
}

/** Polls with exponential backoff until the job is JobComplete, Failed or Aborted, or maxWaitMs passes. */
export async function waitForJob(
	client: SalesforceClient,
	kind: 'ingest' | 'query',
	jobId: string,
	options: PollOptions,
): Promise<{ job: JobInfo; timedOut: boolean }> {
	let interval = options.initialIntervalMs ?? 500;
	const maxInterval = options.maxIntervalMs ?? 15_000;
	let waited = 0;
	for (;;) {
		const job = await getJob(client, kind, jobId);
		if (TERMINAL_STATES.has(job.state)) return { job, timedOut: false };
		if (waited >= options.maxWaitMs) return { job, timedOut: true };
		const pause = Math.min(interval, maxInterval, Math.max(1, options.maxWaitMs - waited));
		await sleep(pause);
		waited += pause;
		interval *= 2;
	}
}

export type IngestResultKind = 'successfulResults' | 'failedResults' | 'unprocessedrecords';

export async function getIngestResults(
	client: SalesforceClient,
	jobId: string,
	kind: IngestResultKind,
): Promise<Array<Record<string, string>>> {
	const text = await client.request<string>('GET', `${ingestPath(jobId)}/${kind}/`, { json: false, headers: CSV_HEADERS });
	return csvObjects(typeof text === 'string' ? text : String(text ?? ''));
}

/**
 * Reads the three result files of a finished ingest job and maps every row back to the input record it came
 * from (Salesforce returns them unordered). Matching is by Id (update/delete), by external id (upsert) or by the
 * whole row (insert); identical rows are matched in order. Records with no result row are reported as such.
 */
export async function ingestResults(
	client: SalesforceClient,
	job: JobInfo,
	request: Pick<IngestRequest, 'operation' | 'externalIdFieldName'>,
	prepared: PreparedIngest,
	positions: number[],
): Promise<Map<number, RecordResult>> {
	const keyCol = keyColumn(request);
	const waiting = new Map<string, number[]>();
	for (const position of positions) {
		const key = prepared.keys[position];
		const list = waiting.get(key);
		if (list) list.push(position);
		else waiting.set(key, [position]);
	}
	const out = new Map<number, RecordResult>();
	const assign = (row: Record<string, string>, result: RecordResult) => {
		const key = rowKey(keyCol, prepared.columns, (c) => row[c] ?? '');
		const position = waiting.get(key)?.shift();
		if (position !== undefined) out.set(position, result);
	};
	for (const row of await getIngestResults(client, job.id, 'successfulResults')) {
		const id = row.sf__Id || undefined;
		assign(row, { success: true, id, ...(row.sf__Created !== undefined ? { created: row.sf__Created === 'true' } : {}), errors: [] });
	}
	for (const row of await getIngestResults(client, job.id, 'failedResults')) {
		assign(row, { success: false, ...(row.sf__Id ? { id: row.sf__Id } : {}), errors: [parseBulkError(row.sf__Error ?? '')] });
	}
	for (const row of await getIngestResults(client, job.id, 'unprocessedrecords')) {
		assign(row, {
			success: false,
			errors: [
				{
					errorCode: 'UNPROCESSED',
					message: `Salesforce did not process this record: the job ended as ${job.state}${job.errorMessage ? ` (${String(job.errorMessage)})` : ''}`,
				},
			],
		});
	}
	for (const position of positions) {
		if (!out.has(position)) {
			out.set(position, {
				success: false,
				errors: [{ errorCode: 'NO_RESULT', message: `Bulk job ${job.id} returned no result for this record (state ${job.state})` }],
			});
		}
	}
	return out;
}

// ---------- query jobs ----------

export async function createQueryJob(client: SalesforceClient, soql: string, all: boolean): Promise<JobInfo> {
	return await client.request<JobInfo>('POST', '/jobs/query', {
		body: { operation: all ? 'queryAll' : 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' },
		retry: 'safe',
	});
}

/**
 * Streams a query job's results page by page (Sforce-Locator until the literal "null"), handing each page's
 * rows to `onPage` so large results never sit in memory as CSV.
 */
export async function queryResultPages(
	client: SalesforceClient,
	jobId: string,
	options: { maxRecords?: number; limit?: number },
	onPage: (rows: IDataObject[]) => void | Promise<void>,
): Promise<{ pages: number; records: number }> {
	let locator: string | undefined;
	let pages = 0;
	let records = 0;
	for (;;) {
		const qs: IDataObject = {};
		if (locator) qs.locator = locator;
		if (options.maxRecords) qs.maxRecords = options.maxRecords;
		const response = await client.requestFull<string>('GET', `/jobs/query/${encodeURIComponent(jobId)}/results`, {
			qs,
			json: false,
			headers: CSV_HEADERS,
		});
		pages++;
		let rows = csvObjects(typeof response.body === 'string' ? response.body : String(response.body ?? '')).map(unflattenRow);
		if (options.limit !== undefined && records + rows.length > options.limit) rows = rows.slice(0, options.limit - records);
		records += rows.length;
		await onPage(rows);
		const next = String(response.headers['sforce-locator'] ?? response.headers['Sforce-Locator'] ?? 'null');
		if (!next || next === 'null' || (options.limit !== undefined && records >= options.limit)) break;
		locator = next;
	}
	return { pages, records };
}

export function jobFailed(job: JobInfo): SalesforceApiError {
	return new SalesforceApiError(400, [
		{
			errorCode: job.state === 'Aborted' ? 'JOB_ABORTED' : 'JOB_FAILED',
			message: `Bulk job ${job.id} ended as ${job.state}${job.errorMessage ? `: ${String(job.errorMessage)}` : ''}`,
		},
	]);
}

// ---------- the records engine's Bulk path ----------

/**
 * Writes records through one Bulk API 2.0 ingest job per object (split only past the upload size), waits for
 * it, and returns one result per record in input order — the same contract as the collections engine, so the
 * record operations can switch to Bulk above a user-set item count. A job that is still running when the wait
 * ends leaves its records' outcome unknown, and they are reported so.
 */
export async function ingestRecords(
	client: SalesforceClient,
	request: { object: string; operation: IngestOperation; externalIdFieldName?: string },
	rows: Array<Map<string, string>>,
	poll: PollOptions = { maxWaitMs: 30 * 60_000 },
): Promise<RecordResult[]> {
	const prepared = prepareIngest({ ...request, rows });
	const out: RecordResult[] = new Array(rows.length);
	const fail = (positions: number[], results: RecordResult[]) => positions.forEach((p, n) => (out[p] = results[n]));
	for (const part of prepared.parts) {
		try {
			const job = await createIngestJob(client, request);
			await uploadAndClose(client, job.id, part.csv);
			const { job: done, timedOut } = await waitForJob(client, 'ingest', job.id, poll);
			if (timedOut) {
				const unknown: RecordResult = {
					success: false,
					outcomeUnknown: true,
					errors: [
						{
							errorCode: 'BULK_JOB_RUNNING',
							message: `Bulk job ${job.id} was still ${String(done.state)} when the wait ended; check it with Bulk → Get Results`,
						},
					],
				};
				fail(
					part.positions,
					part.positions.map(() => unknown),
				);
				continue;
			}
			if (done.state === 'Aborted') {
				fail(part.positions, failedCall(jobFailed(done), part.positions.length));
				continue;
			}
			for (const [position, result] of await ingestResults(client, done, request, prepared, part.positions)) out[position] = result;
		} catch (error) {
			fail(part.positions, failedCall(error, part.positions.length));
		}
	}
	return out;
}
