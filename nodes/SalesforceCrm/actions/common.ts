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

export function writeOptions(ctx: IExecuteFunctions): WriteOptions & { bulkThreshold: number } {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batchSize: options.batchSize === undefined ? 200 : Number(options.batchSize),
		allOrNone: Boolean(options.allOrNone),
		bulkThreshold: Number(options.bulkThreshold ?? 0) || 0,
	};
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
	const { bulkThreshold, allOrNone } = writeOptions(ctx);
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

/** The error item for "continue on fail": Salesforce's code, message and fields on the failed item. */
export function errorItem(i: number, errors: SalesforceErrorDetail[], extra: IDataObject = {}): INodeExecutionData {
	const first = errors[0] ?? { errorCode: 'UNKNOWN_ERROR', message: 'Unknown error' };
	return {
		json: {
			error: errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '),
			errorCode: errors.length > 1 ? 'MULTIPLE_API_ERRORS' : first.errorCode,
			fields: errors.flatMap((e) => e.fields ?? []),
			...extra,
		},
		pairedItem: { item: i },
	};
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
			const message = (error as Error).message;
			const field = error instanceof SalesforceInputError ? error.field : undefined;
			out.push({ index: i, error: [{ errorCode: 'INVALID_INPUT', message, ...(field ? { fields: [field] } : {}) }] });
		}
	}
	return out;
}

/**
 * Output for a batched write, in input order. A failed record becomes an error item with "continue on fail";
 * without it the run stops with that record's Salesforce error, and the message says how many other records
 * were written, so nothing half-written goes unnoticed.
 */
export function writeResults(
	ctx: IExecuteFunctions,
	prepared: Array<Prepared<unknown>>,
	results: RecordResult[],
	toJson: (result: RecordResult, index: number) => IDataObject,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	let r = 0;
	const rows = prepared.map((p) => ({ p, result: p.error ? undefined : results[r++] }));
	const written = rows.filter((row) => row.result?.success).length;
	for (const { p, result } of rows) {
		if (p.error) {
			out.push(errorItem(p.index, p.error));
			continue;
		}
		if (result && result.success) {
			out.push({ json: toJson(result, p.index), pairedItem: { item: p.index } });
			continue;
		}
		const errors = result?.errors ?? [{ errorCode: 'NO_RESULT', message: 'No result' }];
		if (ctx.continueOnFail()) {
			out.push(errorItem(p.index, errors, result?.outcomeUnknown ? { outcomeUnknown: true } : {}));
			continue;
		}
		const note =
			(result?.outcomeUnknown ? 'The outcome of this call is unknown: check the org before running again. ' : '') +
			(written
				? `${written} other item(s) were written before the run stopped; turn on "Continue On Fail" for per-item results, or the "All or None" option to roll back a whole batch`
				: '');
		throw apiError(ctx, 0, errors, p.index, note);
	}
	return out;
}

/** One n8n item per record, attributes removed. */
export function recordItems(records: IDataObject[], index: number): INodeExecutionData[] {
	return records.map((record) => ({ json: record, pairedItem: { item: index } }));
}

/**
 * For operations that make their own call per item (queries, searches, describes): runs `work` for each item;
 * a failure becomes an error item with "continue on fail", else stops the run naming the item.
 */
export function perItem(
	work: (this: IExecuteFunctions, i: number, client: SalesforceClient) => Promise<INodeExecutionData[]>,
): Operation {
	return async function (client) {
		const out: INodeExecutionData[] = [];
		const count = this.getInputData().length;
		for (let i = 0; i < count; i++) {
			try {
				out.push(...(await work.call(this, i, client)));
			} catch (error) {
				if (!this.continueOnFail()) throw toNodeError(this, error, i);
				const errors =
					error instanceof SalesforceApiError
						? error.errors
						: [{ errorCode: error instanceof SalesforceInputError ? 'INVALID_INPUT' : 'ERROR', message: (error as Error).message }];
				out.push(errorItem(i, errors));
			}
		}
		return out;
	};
}
