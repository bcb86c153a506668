import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions, INodeParameterResourceLocator } from 'n8n-workflow';

import type { WriteOptions } from '../../shared/services/records';
import { idFromUrl, isApiName, isFieldPath, isSalesforceId, normalizeId } from '../../shared/services/ids';
import { SalesforceInputError } from '../../shared/transport/errors';
import { fixedObjectOf } from './record/objects';

/**
 * Reading and checking the node's parameters and options for an item: every value is checked before any call,
 * and a bad one names the item and the field (an expression, an imported workflow or an AI agent can put any text
 * in any field).
 */

/** True when a stored parameter value holds an expression anywhere (a string starting with "="). */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** Marks a parameter whose stored value holds an expression: resolved for every item. */
const PER_ITEM = Symbol('per item');
const constants = new WeakMap<object, Map<string, typeof PER_ITEM | { value: unknown; fallback: unknown }>>();

/** Fallbacks are literals ('', {}, [] …) written at each call site: equal when of the same value. */
const sameFallback = (a: unknown, b: unknown) =>
	a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * getNodeParameter for item i, read once per execution when the stored value holds no expression: such a value is
 * the same for every item, and n8n's per-call work (context keys, copying, schema checks) would be repeated for each
 * item otherwise. Values with an expression are resolved per item, as n8n does. A cached value is shared: callers
 * must not change it.
 */
export function nodeParam(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	let cache = constants.get(ctx);
	if (!cache) {
		cache = new Map();
		constants.set(ctx, cache);
	}
	const key = options?.extractValue ? `${name}\u0000x` : name;
	const cached = cache.get(key);
	if (cached !== undefined && cached !== PER_ITEM && sameFallback(cached.fallback, fallback)) return cached.value;
	const value = ctx.getNodeParameter(name, i, fallback, options) as unknown;
	if (cached === undefined) {
		cache.set(key, hasExpression(ctx.getNodeParameter(name, i, fallback, { rawExpressions: true })) ? PER_ITEM : { value, fallback });
	}
	return value;
}

/** The sObject an item works on: fixed by the resource, or the "Object" parameter of the Record resource. */
export function objectName(ctx: IExecuteFunctions, i: number): string {
	const resource = nodeParam(ctx, 'resource', i) as string;
	const fixed = fixedObjectOf(resource);
	if (fixed) return fixed;
	const raw = nodeParam(ctx, 'sobject', i, '', { extractValue: true }) as string;
	const name = String(raw ?? '').trim();
	if (!name)
		throw new SalesforceInputError('Object is empty: choose or type an object such as Account or Invoice__c', {
			itemIndex: i,
			field: 'Object',
		});
	if (!isApiName(name))
		throw new SalesforceInputError(`Object "${name}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Object' });
	return name;
}

/** A record id from a resourceLocator (list / URL / id) or a plain string parameter; validated, 18 characters. */
export function recordIdParam(ctx: IExecuteFunctions, i: number, name = 'recordId', label = 'Record ID'): string {
	const raw = nodeParam(ctx, name, i, '') as string | INodeParameterResourceLocator;
	let value = typeof raw === 'object' && raw !== null ? String(raw.value ?? '') : String(raw ?? '');
	value = value.trim();
	if (typeof raw === 'object' && raw?.mode === 'url') {
		const fromUrl = idFromUrl(value);
		if (!fromUrl)
			throw new SalesforceInputError(`${label}: no Salesforce record id found in the URL "${value}"`, { itemIndex: i, field: label });
		value = fromUrl;
	}
	return validId(value, i, label);
}

export function validId(value: unknown, i: number, label: string): string {
	const text = String(value ?? '').trim();
	if (!text) throw new SalesforceInputError(`${label} is empty`, { itemIndex: i, field: label });
	if (!isSalesforceId(text)) {
		throw new SalesforceInputError(`${label} "${text}" is not a valid Salesforce id (15 or 18 letters and digits)`, {
			itemIndex: i,
			field: label,
		});
	}
	return normalizeId(text);
}

/**
 * A choice from a fixed list (an "options" parameter): the value n8n stores is checked at run time too, since an
 * expression, an imported workflow or an AI agent can put anything there. Values reach queries and URL paths.
 */
export function enumParam<T extends string>(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	allowed: readonly T[],
	label: string,
	fallback: T,
): T {
	const value = nodeParam(ctx, name, i, fallback) as unknown;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw new SalesforceInputError(`${label} "${String(value)}" is not one of ${allowed.join(', ')}`, { itemIndex: i, field: label });
}

/** A whole number parameter (a limit, a page size) within bounds; it is written into queries and URLs. */
export function intParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
	fallback: number,
	min = 1,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const raw = nodeParam(ctx, name, i, fallback) as unknown;
	const value = raw === '' || raw === undefined || raw === null ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new SalesforceInputError(
			`${label} "${String(raw)}" must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`,
			{ itemIndex: i, field: label },
		);
	}
	return value;
}

/** A SOQL statement parameter, trimmed; anything but a SELECT is refused before any call. */
export function selectParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
	problem = `${label} must start with SELECT`,
): string {
	const soql = String(ctx.getNodeParameter(name, i, '')).trim();
	if (!/^select\s/i.test(soql)) throw new SalesforceInputError(problem, { itemIndex: i, field: label });
	return soql;
}

/** A comma-separated list of field names (paths such as Account.Name), each checked before any call; empty gives []. */
export function fieldListParam(ctx: IExecuteFunctions, i: number, name: string, label: string): string[] {
	const fields = String(ctx.getNodeParameter(name, i, '') ?? '')
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean);
	for (const f of fields) {
		if (!isFieldPath(f)) throw new SalesforceInputError(`Field "${f}" is not a valid API name`, { itemIndex: i, field: label });
	}
	return fields;
}

/** A JSON parameter, parsed when n8n hands it over as text; invalid JSON names the item and field. */
export function jsonParam(ctx: IExecuteFunctions, i: number, name: string, label: string, fallback: unknown = ''): unknown {
	const raw = nodeParam(ctx, name, i, fallback) as unknown;
	if (typeof raw !== 'string') return raw;
	let parsed: unknown;
	let problem = '';
	try {
		parsed = JSON.parse(raw);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem) throw new SalesforceInputError(`${label} is not valid JSON: ${problem}`, { itemIndex: i, field: label });
	return parsed;
}

/** Parses a JSON parameter that must hold an object (empty: {}). */
export function jsonObjectParam(ctx: IExecuteFunctions, i: number, name: string, label: string): IDataObject {
	const raw = nodeParam(ctx, name, i, '{}') as unknown;
	if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim())) return {};
	const value = jsonParam(ctx, i, name, label, '{}');
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
	const mapper = nodeParam(ctx, mapperName, i, {}) as { mappingMode?: string; value?: IDataObject | null };
	const source = mapper?.mappingMode === 'autoMapInputData' ? (ctx.getInputData()[i]?.json ?? {}) : (mapper?.value ?? {});
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
	const options = nodeParam(ctx, 'options', 0, {}) as IDataObject;
	const batchSize = options.batchSize === undefined || options.batchSize === '' ? 200 : Number(options.batchSize);
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 200) {
		throw new SalesforceInputError(`Batch Size "${String(options.batchSize)}" must be a whole number from 1 to 200`, {
			field: 'Batch Size',
		});
	}
	return { batchSize, allOrNone: booleanOption(options.allOrNone, 'All or None') };
}

/** A boolean option, also as the text an expression may give ("true"/"false"); anything else is refused. */
export function booleanOption(value: unknown, label: string): boolean {
	if (value === undefined || value === '' || value === false || value === 'false') return false;
	if (value === true || value === 'true') return true;
	throw new SalesforceInputError(`${label} "${String(value)}" must be true or false`, { field: label });
}

/** A whole-number option from `min` up; empty is `fallback`. */
export function countOption(value: unknown, label: string, fallback = 0, min = 0): number {
	if (value === undefined || value === '' || value === null) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min)
		throw new SalesforceInputError(`${label} "${String(value)}" must be a whole number from ${min} up`, { field: label });
	return n;
}

/** "Use Bulk API From (Items)": 0 (never) or an item count. */
export function bulkThresholdOption(ctx: IExecuteFunctions): number {
	return countOption((nodeParam(ctx, 'options', 0, {}) as IDataObject).bulkThreshold, 'Use Bulk API From (Items)');
}
