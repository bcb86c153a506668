import { normalizeId } from './ids';
import { type ApiCtx, extField, jsonObject, ok, recordJson, type Route, typeName, upsertOne } from './rest';
import type { Fields } from './store';
import { SfError } from './types';

/** sObject Collections (REST API Developer Guide, "sObject Collections"; wire notes §6.3). Per-record errors use `statusCode`; results keep input order. */
const MAX = 200;
type SaveResult = { id?: string | null; success: boolean; errors: unknown[]; created?: boolean };

function tooMany(n: number, max = MAX) {
	// Unverified wording/code: the docs only say the limit is 200 records.
	if (n > max) throw new SfError('INVALID_BATCH_SIZE', `Maximum number of records allowed is ${max}`);
}

/**
 * Retrieve with a request body (POST) takes up to 2,000 ids of one object (Salesforce docs,
 * resources_composite_sobjects_collections_retrieve.htm); the GET form stays at 200 here, a conservative guess
 * since its real bound is the URL length.
 */
const RETRIEVE_POST_MAX = 2000;

const ROLLED_BACK = {
	statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
	message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
	fields: [],
};

/**
 * Runs one operation per item. allOrNone: every item runs inside one transaction; if any failed, everything is
 * rolled back and the successful items report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runAll<T>(
	c: ApiCtx,
	items: T[],
	allOrNone: boolean,
	op: (item: T) => SaveResult,
	method: 'POST' | 'PATCH' | 'DELETE',
): SaveResult[] {
	const fault = c.api.faults?.takeRecords(method);
	const each = (item: T, position: number): SaveResult => {
		try {
			if (fault?.positions.includes(position)) throw new SfError(fault.errorCode, fault.message);
			return c.store.transaction(() => op(item));
		} catch (e) {
			if (!(e instanceof SfError)) throw e;
			return { success: false, errors: [e.toSave()] };
		}
	};
	if (!allOrNone) return items.map((item, position) => each(item, position));
	let results: SaveResult[] = [];
	class Rollback extends Error {}
	try {
		c.store.transaction(() => {
			results = items.map((item, position) => each(item, position));
			if (results.some((r) => !r.success)) throw new Rollback();
		}, c.wctx.transactionKey);
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
		return results.map((r) => (r.success ? { id: null, success: false, errors: [ROLLED_BACK] } : r));
	}
	return results;
}

function body(c: ApiCtx): { allOrNone: boolean; records: Fields[] } {
	const b = jsonObject(c.body);
	if (!Array.isArray(b.records)) throw new SfError('JSON_PARSER_ERROR', 'records is required');
	tooMany(b.records.length);
	return { allOrNone: b.allOrNone === true, records: b.records as Fields[] };
}

function typeOf(c: ApiCtx, rec: Fields): string {
	const t = (rec.attributes as { type?: string } | undefined)?.type;
	if (!t) throw new SfError('INVALID_TYPE', 'sObject type attribute is required', []); // guess
	const o = c.store.schema.get(t);
	if (!o) throw new SfError('INVALID_TYPE', `sObject type '${t}' is not supported.`, []);
	return o.name;
}

function idsParam(c: ApiCtx): string[] {
	return (c.query.get('ids') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

function retrieve(c: ApiCtx, t: string, ids: string[], fields: string[], max = MAX): unknown {
	const type = typeName(c, t);
	if (!fields.length) throw new SfError('MALFORMED_QUERY', "The 'fields' parameter is required"); // guess
	tooMany(ids.length, max);
	return ids.map((raw) => {
		const id = normalizeId(raw);
		const r = id ? c.store.raw(id) : undefined;
		// aligned with ids, null for missing (unverified)
		return r && !r.deleted && r.type === type ? recordJson(c, type, r.fields, fields) : null;
	});
}

export const collectionRoutes: Route[] = [
	[
		'POST',
		/^\/composite\/sobjects$/,
		(c) => {
			const { allOrNone, records } = body(c);
			return ok(
				runAll(
					c,
					records,
					allOrNone,
					(rec) => {
						const type = typeOf(c, rec);
						if ('id' in rec || 'Id' in rec) throw new SfError('INVALID_FIELD', 'Record ID: cannot specify Id in an insert call', ['Id']);
						return { id: c.store.insert(type, rec, c.wctx), success: true, errors: [] };
					},
					'POST',
				),
			);
		},
	],
	[
		'PATCH',
		/^\/composite\/sobjects$/,
		(c) => {
			const { allOrNone, records } = body(c);
			return ok(
				runAll(
					c,
					records,
					allOrNone,
					(rec) => {
						const type = typeOf(c, rec);
						const { id, Id, ...rest } = rec;
						const rid = (id ?? Id) as string | undefined;
						if (!rid) throw new SfError('MISSING_ARGUMENT', 'Id not specified in an update call', []);
						const r = c.store.live(type, rid);
						c.store.update(type, r.fields.Id as string, rest, c.wctx);
						return { id: r.fields.Id as string, success: true, errors: [] };
					},
					'PATCH',
				),
			);
		},
	],
	[
		'DELETE',
		/^\/composite\/sobjects$/,
		(c) => {
			const ids = idsParam(c);
			tooMany(ids.length);
			return ok(
				runAll(
					c,
					ids,
					c.query.get('allOrNone') === 'true',
					(raw) => {
						const id = normalizeId(raw);
						const r = id ? c.store.raw(id) : undefined;
						if (!id) throw new SfError('MALFORMED_ID', `malformed id ${raw}`, []);
						if (!r) throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
						if (r.deleted) throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', []);
						c.store.delete(r.type, id, c.wctx);
						return { id, success: true, errors: [] };
					},
					'DELETE',
				),
			);
		},
	],
	[
		'GET',
		/^\/composite\/sobjects\/(\w+)$/,
		(c, m) =>
			ok(
				retrieve(
					c,
					m[1],
					idsParam(c),
					(c.query.get('fields') ?? '')
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean),
				),
			),
	],
	[
		'POST',
		/^\/composite\/sobjects\/(\w+)$/,
		(c, m) => {
			const b = jsonObject(c.body);
			return ok(retrieve(c, m[1], (b.ids as string[]) ?? [], (b.fields as string[]) ?? [], RETRIEVE_POST_MAX));
		},
	],
	[
		'PATCH',
		/^\/composite\/sobjects\/(\w+)\/(\w+)$/,
		(c, m) => {
			const { type, field } = extField(c, m[1], m[2]);
			const { allOrNone, records } = body(c);
			return ok(
				runAll(
					c,
					records,
					allOrNone,
					(rec) => {
						if (typeOf(c, rec) !== type)
							throw new SfError('INVALID_TYPE', `This sObject type is not the same as the upsert type: ${type}`, []); // guess
						const key = Object.keys(rec).find((k) => k.toLowerCase() === field.toLowerCase());
						const value = key ? rec[key] : undefined;
						if (value === undefined || value === null || value === '')
							throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field}]`, [field]);
						const res = upsertOne(c, type, field, value, rec, false);
						if ('multiple' in res)
							throw new SfError(
								'DUPLICATE_EXTERNAL_ID',
								`${field}: more than one record found for external id field: [${res.multiple.join(', ')}]`,
								[field],
							);
						return { id: res.id, success: true, errors: [], created: res.created };
					},
					'PATCH',
				),
			);
		},
	],
];
