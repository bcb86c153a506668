import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError, type SalesforceErrorDetail } from '../transport/errors';
import { isApiName } from './ids';

/**
 * The records engine: create / get / update / upsert / delete for any sObject through sObject Collections,
 * ≤200 records a call (≤2,000 ids for retrieve), results mapped back to the caller's positions.
 */

export const COLLECTION_LIMIT = 200;
export const RETRIEVE_LIMIT = 2000;

export interface WriteOptions {
	/** Records per call, 1–200 (default 200). */
	batchSize?: number;
	/** Roll back a whole call when one record fails. */
	allOrNone?: boolean;
}

export interface RecordResult {
	success: boolean;
	id?: string;
	/** Upsert only: true when the record was created, false when an existing one was updated. */
	created?: boolean;
	errors: SalesforceErrorDetail[];
	/** The call's outcome is unknown (connection lost after sending): the record may or may not exist. */
	outcomeUnknown?: boolean;
}

interface SaveResult {
	id?: string | null;
	success: boolean;
	created?: boolean;
	errors?: Array<{ statusCode?: string; errorCode?: string; message: string; fields?: string[] }>;
}

function batchSizeOf(options: WriteOptions, max = COLLECTION_LIMIT): number {
	const size = Math.floor(options.batchSize ?? max);
	return Math.min(max, Math.max(1, Number.isFinite(size) ? size : max));
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

function toResult(saved: SaveResult | undefined): RecordResult {
	if (!saved) {
		return { success: false, errors: [{ errorCode: 'NO_RESULT', message: 'Salesforce returned no result for this record' }] };
	}
	return {
		success: Boolean(saved.success),
		...(saved.id ? { id: saved.id } : {}),
		...(saved.created !== undefined ? { created: saved.created } : {}),
		errors: (saved.errors ?? []).map((e) => ({
			errorCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN_ERROR',
			message: e.message,
			...(e.fields ? { fields: e.fields } : {}),
		})),
	};
}

/** Every record of a failed call gets the call's error (marked unknown when the connection was lost). */
export function failedCall(error: unknown, count: number): RecordResult[] {
	if (!(error instanceof SalesforceApiError)) throw error;
	return Array.from({ length: count }, () => ({
		success: false,
		errors: error.errors,
		...(error.outcomeUnknown ? { outcomeUnknown: true } : {}),
	}));
}

/** Per-record lock retries inside a collections call: up to 4, after 250, 500, 1,000 and 2,000 ms. */
export const LOCK_RETRIES = 4;
const LOCK_BACKOFF_MS = 250;

const isLocked = (r: RecordResult) => !r.success && !r.outcomeUnknown && r.errors.some((e) => e.errorCode === 'UNABLE_TO_LOCK_ROW');

/**
 * Runs the chunks one call each. A record that failed with UNABLE_TO_LOCK_ROW (another transaction held its row)
 * was not written: with allOrNone false Salesforce saves each record on its own and saves none that failed, and
 * with allOrNone true it rolls the whole call back. So those records, and only those (the whole chunk when
 * allOrNone), are sent again after a backoff, creates included; records written already are never sent twice.
 */
async function runChunks<T>(
	items: T[],
	size: number,
	call: (chunk: T[]) => Promise<SaveResult[]>,
	allOrNone = false,
): Promise<RecordResult[]> {
	const attempt = async (chunk: T[]): Promise<RecordResult[]> => {
		try {
			const saved = await call(chunk);
			return chunk.map((_, i) => toResult(saved[i]));
		} catch (error) {
			return failedCall(error, chunk.length);
		}
	};
	const results: RecordResult[] = [];
	for (const chunk of chunks(items, size)) {
		const mine = await attempt(chunk);
		for (let retry = 0; retry < LOCK_RETRIES && mine.some(isLocked); retry++) {
			const again = allOrNone ? chunk.map((_, n) => n) : mine.flatMap((r, n) => (isLocked(r) ? [n] : []));
			await sleep(LOCK_BACKOFF_MS * 2 ** retry);
			const retried = await attempt(again.map((n) => chunk[n]));
			again.forEach((n, k) => (mine[n] = retried[k]));
		}
		results.push(...mine);
	}
	return results;
}

function withType(object: string, fields: IDataObject): IDataObject {
	return { attributes: { type: object }, ...fields };
}

export async function createRecords(
	client: SalesforceClient,
	records: Array<{ object: string; fields: IDataObject }>,
	options: WriteOptions = {},
): Promise<RecordResult[]> {
	return await runChunks(
		records,
		batchSizeOf(options),
		async (chunk) =>
			client.request<SaveResult[]>('POST', '/composite/sobjects', {
				body: { allOrNone: options.allOrNone ?? false, records: chunk.map((r) => withType(r.object, r.fields)) },
				retry: 'never',
			}),
		options.allOrNone,
	);
}

export async function updateRecords(
	client: SalesforceClient,
	records: Array<{ object: string; id: string; fields: IDataObject }>,
	options: WriteOptions = {},
): Promise<RecordResult[]> {
	return await runChunks(
		records,
		batchSizeOf(options),
		async (chunk) =>
			client.request<SaveResult[]>('PATCH', '/composite/sobjects', {
				body: {
					allOrNone: options.allOrNone ?? false,
					records: chunk.map((r) => withType(r.object, { ...r.fields, id: r.id })),
				},
				retry: 'safe',
			}),
		options.allOrNone,
	);
}

/** Upsert by external id: one object and one external-id field per call (a Salesforce rule). */
export async function upsertRecords(
	client: SalesforceClient,
	object: string,
	externalIdField: string,
	records: IDataObject[],
	options: WriteOptions = {},
): Promise<RecordResult[]> {
	return await runChunks(
		records,
		batchSizeOf(options),
		async (chunk) =>
			client.request<SaveResult[]>('PATCH', `/composite/sobjects/${encodeURIComponent(object)}/${encodeURIComponent(externalIdField)}`, {
				body: { allOrNone: options.allOrNone ?? false, records: chunk.map((r) => withType(object, r)) },
				retry: 'safe',
			}),
		options.allOrNone,
	);
}

export async function deleteRecords(client: SalesforceClient, ids: string[], options: WriteOptions = {}): Promise<RecordResult[]> {
	return await runChunks(
		ids,
		batchSizeOf(options),
		async (chunk) =>
			client.request<SaveResult[]>('DELETE', '/composite/sobjects', {
				qs: { ids: chunk.join(','), allOrNone: options.allOrNone ?? false },
				retry: 'safe',
			}),
		options.allOrNone,
	);
}

/**
 * Reads records by id (≤2,000 a call). Returns one entry per id, in order: the record, or null when Salesforce
 * has no such record (or the user cannot see it).
 */
export async function getRecords(
	client: SalesforceClient,
	object: string,
	ids: string[],
	fields: string[],
): Promise<Array<IDataObject | null>> {
	if (!isApiName(object)) throw new Error(`Invalid object name ${object}`);
	const out: Array<IDataObject | null> = [];
	for (const chunk of chunks(ids, RETRIEVE_LIMIT)) {
		const records = await client.request<Array<IDataObject | null>>('POST', `/composite/sobjects/${encodeURIComponent(object)}`, {
			body: { ids: chunk, fields },
			retry: 'safe',
		});
		chunk.forEach((_, i) => out.push(records[i] ?? null));
	}
	return out;
}

/** Removes Salesforce's `attributes` from a record and its nested relationship records. */
export function stripAttributes(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripAttributes);
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, v] of Object.entries(value as IDataObject)) {
			if (key !== 'attributes') out[key] = stripAttributes(v) as IDataObject;
		}
		return out;
	}
	return value;
}
