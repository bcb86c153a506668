import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ingestRecords } from '../../shared/services/bulk';
import { groupBy } from '../../shared/services/group';
import { flattenRecord } from '../../shared/services/csv';
import type { RecordResult } from '../../shared/services/records';
import type { SalesforceClient } from '../../shared/transport/client';
import { SalesforceApiError, SalesforceInputError, type SalesforceErrorDetail } from '../../shared/transport/errors';
import { bulkThresholdOption, writeOptions } from './params';
import type { Operation } from './types';

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
	return new NodeApiError(ctx.getNode(), { errorCode, message, fields, ...(statusCode ? { statusCode } : {}) } as JsonObject, {
		message: itemIndex === undefined ? message : `Item ${itemIndex}: ${message}`,
		// Always set: without one, n8n takes the response's message as the description and the panel shows the
		// same text twice (NodeApiError falls back to errorResponse.message).
		description: [
			note ?? '',
			`Salesforce answered ${statusCode ? `HTTP ${statusCode} ` : ''}${errorCode}`,
			fields.length ? `Fields: ${fields.join(', ')}` : '',
		]
			.filter(Boolean)
			.join('. '),
		httpCode: statusCode ? String(statusCode) : undefined,
		itemIndex,
	});
}

/**
 * The item a failed input becomes with "Continue" or "Continue (using error output)":
 * `{ message: "CODE: text", error: { errorCode, message, fields, … } }`. n8n routes by that shape: under "Continue
 * (using error output)" it moves an item whose json holds `error` and `message` and nothing else to the error output,
 * merged over the input item (n8n-core WorkflowExecute.handleNodeErrorOutput: n8n 1.x takes `error` alone or `error`
 * with `message`, n8n 2.x any of `error`, `message`, `details`); under "Continue" the item stays on the main output
 * as it is. An item-level `error` property would route too, but n8n then replaces the json with the bare message,
 * losing the errorCode.
 */
export function errorItem(i: number, errors: SalesforceErrorDetail[], extra: IDataObject = {}): INodeExecutionData {
	const first = errors[0] ?? { errorCode: 'UNKNOWN_ERROR', message: 'Unknown error' };
	return {
		json: {
			message: errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ') || `${first.errorCode}: ${first.message}`,
			error: {
				errorCode: errors.length > 1 ? 'MULTIPLE_API_ERRORS' : first.errorCode,
				message: errors.map((e) => e.message).join('; ') || first.message,
				fields: errors.flatMap((e) => e.fields ?? []),
				...(errors.length > 1 ? { errors: errors.map((e) => ({ ...e })) as unknown as IDataObject[] } : {}),
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
			out.push({
				index: i,
				error: errorsOf(error).map((e) => ({ ...e, errorCode: e.errorCode === 'ERROR' ? 'INVALID_INPUT' : e.errorCode })),
			});
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
	const written = doneNote(
		done,
		'Turn on "Continue" (On Error) for per-item results, or the "All or None" option to roll back a whole batch',
	);
	throw apiError(ctx, 0, errors, index, [unknown, written].filter(Boolean).join('. '));
}
/**
 * Appends one output item per row (a record, a bulk query row), paired with input item i, and returns `out`.
 * One push per row: a bulk results page holds up to 50,000 rows, too many arguments for a spread push().
 */
export function pushRows(out: INodeExecutionData[], rows: Iterable<IDataObject>, i: number): INodeExecutionData[] {
	for (const json of rows) out.push({ json, pairedItem: { item: i } });
	return out;
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
	return checkedPerItem(
		() => undefined,
		async function (i, _input, client) {
			return await work.call(this, i, client);
		},
		kind,
	);
}

/**
 * perItem for operations whose every input can be checked locally: all items are read and checked first (a bad
 * one stops the run before any call, or becomes an error item with "continue on fail"), then `work` runs per item.
 */
export function checkedPerItem<T>(
	read: (this: IExecuteFunctions, i: number) => T,
	work: (this: IExecuteFunctions, i: number, input: T, client: SalesforceClient) => Promise<INodeExecutionData[]>,
	kind: 'read' | 'write' = 'read',
): Operation {
	return async function (client) {
		const prepared = prepareItems(this, (i) => read.call(this, i));
		const out: INodeExecutionData[] = [];
		for (const p of prepared) {
			if (p.error) {
				out.push(errorItem(p.index, p.error));
				continue;
			}
			try {
				// One push per item: spreading a 100,000-record query result into push() would pass as many arguments.
				for (const item of await work.call(this, p.index, p.input as T, client)) out.push(item);
			} catch (error) {
				if (this.continueOnFail()) {
					out.push(errorItem(p.index, errorsOf(error)));
					continue;
				}
				const nodeError = toNodeError(this, error, p.index);
				throw kind === 'write' ? stoppedAfter(nodeError, out, 'Turn on "Continue" (On Error) for per-item results') : nodeError;
			}
		}
		return out;
	};
}
