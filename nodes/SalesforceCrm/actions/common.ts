import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ingestRecords } from '../services/bulk';
import { groupBy } from '../services/group';
import { flattenRecord } from '../services/csv';
import type { RecordResult, WriteOptions } from '../services/records';
import { idFromUrl, isApiName, isSalesforceId, normalizeId } from '../services/ids';
import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError, SalesforceInputError, type SalesforceErrorDetail } from '../transport/errors';
import { fixedObjectOf } from './resources';

/** Every operation: all input items in, output items out (same order, pairedItem set). */
export type Operation = (this: IExecuteFunctions, client: SalesforceClient) => Promise<INodeExecutionData[]>;

/** The sObject an item works on: fixed by the resource, or the "Object" parameter of the Record resource. */
export function objectName(ctx: IExecuteFunctions, i: number): string {
	const resource = ctx.getNodeParameter('resource', i) as string;
	const fixed = fixedObjectOf(resource);
	if (fixed) return fixed;
	const raw = ctx.getNodeParameter('sobject', i, '', { extractValue: true }) as string;
	const name = String(raw ?? '').trim();
	if (!name) throw new SalesforceInputError('Object is empty: choose or type an object such as Account or Invoice__c', { itemIndex: i, field: 'Object' });
	if (!isApiName(name)) throw new SalesforceInputError(`Object "${name}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Object' });
	return name;
}

/** A record id from a resourceLocator (list / URL / id) or a plain string parameter; validated, 18 characters. */
export function recordIdParam(ctx: IExecuteFunctions, i: number, name = 'recordId', label = 'Record ID'): string {
	const raw = ctx.getNodeParameter(name, i, '') as string | INodeParameterResourceLocator;
	let value = typeof raw === 'object' && raw !== null ? String(raw.value ?? '') : String(raw ?? '');
	value = value.trim();
	if (typeof raw === 'object' && raw?.mode === 'url') {
		const fromUrl = idFromUrl(value);
		if (!fromUrl) throw new SalesforceInputError(`${label}: no Salesforce record id found in the URL "${value}"`, { itemIndex: i, field: label });
		value = fromUrl;
	}
	return validId(value, i, label);
}

export function validId(value: unknown, i: number, label: string): string {
	const text = String(value ?? '').trim();
	if (!text) throw new SalesforceInputError(`${label} is empty`, { itemIndex: i, field: label });
	if (!isSalesforceId(text)) {
		throw new SalesforceInputError(`${label} "${text}" is not a valid Salesforce id (15 or 18 letters and digits)`, { itemIndex: i, field: label });
	}
	return normalizeId(text);
}

/**
 * A choice from a fixed list (an "options" parameter): the value n8n stores is checked at run time too, since an
 * expression, an imported workflow or an AI agent can put anything there. Values reach queries and URL paths.
 */
export function enumParam<T extends string>(ctx: IExecuteFunctions, i: number, name: string, allowed: readonly T[], label: string, fallback: T): T {
	const value = ctx.getNodeParameter(name, i, fallback) as unknown;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw new SalesforceInputError(`${label} "${String(value)}" is not one of ${allowed.join(', ')}`, { itemIndex: i, field: label });
}

/** A whole number parameter (a limit, a page size) within bounds; it is written into queries and URLs. */
export function intParam(ctx: IExecuteFunctions, i: number, name: string, label: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	const value = raw === '' || raw === undefined || raw === null ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new SalesforceInputError(`${label} "${String(raw)}" must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`, { itemIndex: i, field: label });
	}
	return value;
}

/** Parses a JSON parameter that must hold an object. */
export function jsonObjectParam(ctx: IExecuteFunctions, i: number, name: string, label: string): IDataObject {
	const raw = ctx.getNodeParameter(name, i, '{}') as unknown;
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		let parseError = '';
		try {
			value = JSON.parse(raw);
		} catch (error) {
			parseError = (error as Error).message;
		}
		if (parseError) throw new SalesforceInputError(`${label} is not valid JSON: ${parseError}`, { itemIndex: i, field: label });
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new SalesforceInputError(`${label} must be a JSON object such as {"Name": "Acme"}`, { itemIndex: i, field: label });
	}
	return value as IDataObject;
}

/**
 * The fields to write for an item: the resource mapper's values (or the item's own JSON when mapping
 * automatically) merged with the "Additional Fields (JSON)" escape hatch. Field names are validated.
 */
export function fieldsParam(ctx: IExecuteFunctions, i: number, mapperName = 'fields'): IDataObject {
	const fields: IDataObject = {};
	const mapper = ctx.getNodeParameter(mapperName, i, {}) as { mappingMode?: string; value?: IDataObject | null };
	const source =
		mapper?.mappingMode === 'autoMapInputData' ? ctx.getInputData()[i]?.json ?? {} : (mapper?.value ?? {});
	for (const [key, value] of Object.entries(source)) {
		if (value === undefined || value === '') continue;
		fields[key] = value;
	}
	Object.assign(fields, jsonObjectParam(ctx, i, 'additionalFieldsJson', 'Additional Fields (JSON)'));
	for (const key of Object.keys(fields)) {
		if (key === 'attributes') {
			delete fields[key];
			continue;
		}
		if (!isApiName(key)) {
			throw new SalesforceInputError(`Field "${key}" is not a valid Salesforce API name`, { itemIndex: i, field: key });
		}
	}
	return fields;
}

/** Options of the node's Options collection that only some operations read (each declares its own). */
export type WriteOptionName = 'allOrNone' | 'batchSize' | 'bulkThreshold';
/** sObject Collections writes: All or None and Batch Size. */
export const BATCH_OPTIONS: readonly WriteOptionName[] = ['allOrNone', 'batchSize'];
/** The generic record writes: also "Use Bulk API From". */
export const RECORD_WRITE_OPTIONS: readonly WriteOptionName[] = [...BATCH_OPTIONS, 'bulkThreshold'];

/** All or None and Batch Size, for the operations that declare BATCH_OPTIONS. */
export function writeOptions(ctx: IExecuteFunctions): WriteOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = options.batchSize === undefined || options.batchSize === '' ? 200 : Number(options.batchSize);
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 200) {
		throw new SalesforceInputError(`Batch Size "${String(options.batchSize)}" must be a whole number from 1 to 200`, { field: 'Batch Size' });
	}
	return { batchSize, allOrNone: booleanOption(options.allOrNone, 'All or None') };
}

/** A boolean option, also as the text an expression may give ("true"/"false"); anything else is refused. */
function booleanOption(value: unknown, label: string): boolean {
	if (value === undefined || value === '' || value === false || value === 'false') return false;
	if (value === true || value === 'true') return true;
	throw new SalesforceInputError(`${label} "${String(value)}" must be true or false`, { field: label });
}

/** A whole-number option from `min` up; empty is `fallback`. */
export function countOption(value: unknown, label: string, fallback = 0, min = 0): number {
	if (value === undefined || value === '' || value === null) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min) throw new SalesforceInputError(`${label} "${String(value)}" must be a whole number from ${min} up`, { field: label });
	return n;
}

/** "Use Bulk API From (Items)": 0 (never) or an item count. */
export function bulkThresholdOption(ctx: IExecuteFunctions): number {
	return countOption((ctx.getNodeParameter('options', 0, {}) as IDataObject).bulkThreshold, 'Use Bulk API From (Items)');
}

/**
 * The records engine's switch: at or above the "Use Bulk API From" item count, writes go through one Bulk API
 * 2.0 job per object (a handful of calls whatever the size) instead of sObject Collections (one call per 200).
 * Results keep the same shape and order either way.
 */
export async function writeRecords(
	ctx: IExecuteFunctions,
	client: SalesforceClient,
	operation: 'insert' | 'update' | 'upsert' | 'delete',
	inputs: Array<{ object: string; id?: string; fields?: IDataObject; index: number }>,
	collections: () => Promise<RecordResult[]>,
	externalIdFieldName?: string,
): Promise<RecordResult[]> {
	const { allOrNone } = writeOptions(ctx);
	const bulkThreshold = bulkThresholdOption(ctx);
	if (!bulkThreshold || inputs.length < bulkThreshold || allOrNone) return await collections();
	const out: RecordResult[] = new Array(inputs.length);
	const byObject = groupBy(inputs.keys(), (n) => inputs[n].object);
	for (const [object, positions] of byObject) {
		const rows = positions.map((n) => {
			const input = inputs[n];
			if (operation === 'delete') return new Map([['Id', input.id!]]);
			const row = flattenRecord(input.fields ?? {}, input.index);
			return input.id ? new Map([['Id', input.id], ...row]) : row;
		});
		const results = await ingestRecords(client, { object, operation, externalIdFieldName }, rows);
		positions.forEach((n, k) => (out[n] = results[k]));
	}
	return out;
}

/** Turns any failure into the n8n error a user sees: NodeApiError with Salesforce's errorCode, or NodeOperationError. */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof SalesforceInputError) {
		const index = error.itemIndex ?? itemIndex;
		return new NodeOperationError(ctx.getNode(), index === undefined ? error.message : `Item ${index}: ${error.message}`, {
			itemIndex: index,
			description: error.field ? `Field: ${error.field}` : undefined,
		});
	}
	if (error instanceof SalesforceApiError) return apiError(ctx, error.statusCode, error.errors, itemIndex);
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function apiError(ctx: IExecuteFunctions, statusCode: number, errors: SalesforceErrorDetail[], itemIndex?: number, note?: string) {
	const first = errors[0] ?? { errorCode: 'UNKNOWN_ERROR', message: 'Unknown error' };
	const errorCode = errors.length > 1 ? 'MULTIPLE_API_ERRORS' : first.errorCode;
	const message = errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ');
	const fields = errors.flatMap((e) => e.fields ?? []);
	return new NodeApiError(
		ctx.getNode(),
		{ errorCode, message, fields, ...(statusCode ? { statusCode } : {}) } as JsonObject,
		{
			message: itemIndex === undefined ? message : `Item ${itemIndex}: ${message}`,
			description: [fields.length ? `Fields: ${fields.join(', ')}` : '', note ?? ''].filter(Boolean).join('. ') || undefined,
			httpCode: statusCode ? String(statusCode) : undefined,
			itemIndex,
		},
	);
}

/**
 * The item a failed input becomes with "Continue" or "Continue (using error output)": `json` holds only `error`
 * (Salesforce's codes and messages) and `details` (errorCode, fields, and what else is known). n8n routes by that
 * shape: under "Continue (using error output)" it moves an item whose json has nothing but error/message/details
 * to the error output and merges it over the input item (n8n-core WorkflowExecute.handleNodeErrorOutput); under
 * "Continue" the item stays on the main output as it is. (An item-level `error` property would route too, but n8n
 * then replaces the json with the bare message, losing the errorCode.)
 */
export function errorItem(i: number, errors: SalesforceErrorDetail[], extra: IDataObject = {}): INodeExecutionData {
	const first = errors[0] ?? { errorCode: 'UNKNOWN_ERROR', message: 'Unknown error' };
	return {
		json: {
			error: errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '),
			details: {
				errorCode: errors.length > 1 ? 'MULTIPLE_API_ERRORS' : first.errorCode,
				fields: errors.flatMap((e) => e.fields ?? []),
				...extra,
			},
		},
		pairedItem: { item: i },
	};
}

/** Salesforce's errors for any failure: an API error's own, else one entry with a code for the kind of failure. */
export function errorsOf(error: unknown): SalesforceErrorDetail[] {
	if (error instanceof SalesforceApiError) return error.errors;
	const field = error instanceof SalesforceInputError ? error.field : undefined;
	const errorCode = error instanceof SalesforceInputError || error instanceof NodeOperationError ? 'INVALID_INPUT' : 'ERROR';
	return [{ errorCode, message: (error as Error).message, ...(field ? { fields: [field] } : {}) }];
}

export interface Prepared<T> {
	index: number;
	input?: T;
	error?: SalesforceErrorDetail[];
}

/**
 * Reads and validates every item before any call. With "continue on fail" a bad item becomes an error item and
 * the others go on; without it the first bad item stops the run, naming the item and field, before anything is
 * sent to Salesforce.
 */
export function prepareItems<T>(ctx: IExecuteFunctions, read: (i: number) => T): Array<Prepared<T>> {
	const count = ctx.getInputData().length;
	const out: Array<Prepared<T>> = [];
	for (let i = 0; i < count; i++) {
		try {
			out.push({ index: i, input: read(i) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx, error, i);
			out.push({ index: i, error: errorsOf(error).map((e) => ({ ...e, errorCode: e.errorCode === 'ERROR' ? 'INVALID_INPUT' : e.errorCode })) });
		}
	}
	return out;
}

/**
 * Takes a prepared item out of the run after a check that needed the org (a missing record, a wrong stage…):
 * an error item with "continue on fail", else the run stops here, before anything is written.
 */
export function rejectItem(ctx: IExecuteFunctions, p: Prepared<unknown>, errorCode: string, message: string, field: string): void {
	if (!ctx.continueOnFail()) throw toNodeError(ctx, new SalesforceInputError(message, { itemIndex: p.index, field }), p.index);
	p.error = [{ errorCode, message, fields: [field] }];
	p.input = undefined;
}

/** Ids in an output item (id, leadId, accountId…): what a user needs to find work already done. */
function idsOf(json: IDataObject): string {
	const ids = Object.entries(json).filter(([key, value]) => /(^id|Id)$/.test(key) && typeof value === 'string' && value);
	return ids.map(([key, value]) => `${key} ${String(value)}`).join(', ');
}

/** "item 0 (leadId 00Q…, accountId 001…), item 2 (…)": the done items of a stopped run, at most 20 listed. */
export function doneSummary(done: INodeExecutionData[]): string {
	const LISTED = 20;
	const parts = done.slice(0, LISTED).map((item) => {
		const index = (item.pairedItem as { item: number } | undefined)?.item;
		const ids = idsOf(item.json);
		return `item ${index ?? '?'}${ids ? ` (${ids})` : ''}`;
	});
	return parts.join(', ') + (done.length > LISTED ? ` and ${done.length - LISTED} more` : '');
}

/** What a stopped run had already written: the items and their ids, for the error's description. */
function doneNote(done: INodeExecutionData[], hint: string): string {
	return done.length ? `${done.length} other item(s) were written before the run stopped: ${doneSummary(done)}. ${hint}` : '';
}

/** A run that stops on `error` after other items were already done says which, with their ids, in the error. */
function stoppedAfter(error: Error, done: INodeExecutionData[], hint: string): Error {
	const note = doneNote(done, hint);
	if (!note) return error;
	const described = error as Error & { description?: string | null };
	const base = (described.description ?? '').replace(/[.\s]+$/, '');
	described.description = base ? `${base}. ${note}` : note;
	return error;
}

/**
 * Output for a batched write, in input order. A failed record becomes an error item with "continue on fail";
 * without it the run stops with that record's Salesforce error, and the error lists the other items already
 * written (with their ids), so nothing half-written goes unnoticed.
 */
export function writeResults(
	ctx: IExecuteFunctions,
	prepared: Array<Prepared<unknown>>,
	results: RecordResult[],
	toJson: (result: RecordResult, index: number) => IDataObject,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const done: INodeExecutionData[] = [];
	const continueOnFail = ctx.continueOnFail();
	let firstFailure: { index: number; result?: RecordResult } | undefined;
	let r = 0;
	for (const p of prepared) {
		if (p.error) {
			out.push(errorItem(p.index, p.error));
			continue;
		}
		const result = results[r++];
		if (result && result.success) {
			const item = { json: toJson(result, p.index), pairedItem: { item: p.index } };
			out.push(item);
			done.push(item);
			continue;
		}
		if (!continueOnFail) {
			firstFailure ??= { index: p.index, result };
			continue;
		}
		const errors = result?.errors ?? [{ errorCode: 'NO_RESULT', message: 'No result' }];
		out.push(errorItem(p.index, errors, result?.outcomeUnknown ? { outcomeUnknown: true } : {}));
	}
	if (!firstFailure) return out;
	const { index, result } = firstFailure;
	const errors = result?.errors ?? [{ errorCode: 'NO_RESULT', message: 'No result' }];
	const unknown = result?.outcomeUnknown ? 'The outcome of this call is unknown: check the org before running again' : '';
	const written = doneNote(done, 'Turn on "Continue" (On Error) for per-item results, or the "All or None" option to roll back a whole batch');
	throw apiError(ctx, 0, errors, index, [unknown, written].filter(Boolean).join('. '));
}
/** One n8n item per record, attributes removed. */
export function recordItems(records: IDataObject[], index: number): INodeExecutionData[] {
	return records.map((record) => ({ json: record, pairedItem: { item: index } }));
}

/**
 * For operations that make their own call per item (queries, searches, describes, Chatter posts…): runs `work`
 * for each item; a failure becomes an error item with "continue on fail", else stops the run naming the item
 * (and, for operations that write, the items already done with their ids).
 */
export function perItem(
	work: (this: IExecuteFunctions, i: number, client: SalesforceClient) => Promise<INodeExecutionData[]>,
	kind: 'read' | 'write' = 'read',
): Operation {
	return async function (client) {
		const out: INodeExecutionData[] = [];
		const count = this.getInputData().length;
		for (let i = 0; i < count; i++) {
			try {
				out.push(...(await work.call(this, i, client)));
			} catch (error) {
				if (this.continueOnFail()) {
					out.push(errorItem(i, errorsOf(error)));
					continue;
				}
				const nodeError = toNodeError(this, error, i);
				if (kind === 'write') throw stoppedAfter(nodeError, out, 'Turn on "Continue" (On Error) for per-item results');
				throw nodeError;
			}
		}
		return out;
	};
}
