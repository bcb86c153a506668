import type { IncomingHttpHeaders } from 'node:http';
import { analyticsRoutes } from './analytics';
import { analyticsAuthoringRoutes } from './analyticsAuthoring';
import { bulkRoutes } from './bulk';
import { cdcObjects, changeEventInfo } from './changeEvents';
import { collectionRoutes } from './collections';
import { compositeRoutes } from './composite';
import { fileRoutes } from './files';
import { flowRoutes } from './flows';
import { graphRoutes } from './graph';
import { platformRoutes } from './platform';
import { normalizeId } from './ids';
import { soslRoutes } from './sosl';
import { updatedRoutes } from './updated';
import { chatterRoutes } from './chatter';
import type { Faults } from './server';
import type { Fields, OrgStore } from './store';
import { type Resp, SfError, type WriteCtx } from './types';

/** Everything a REST handler needs for one request. */
export interface ApiCtx {
	api: RestApi;
	store: OrgStore;
	version: string;
	userId: string;
	wctx: WriteCtx;
	headers: IncomingHttpHeaders;
	query: URLSearchParams;
	body: string;
}

export type Handler = (ctx: ApiCtx, m: RegExpExecArray) => Resp;
export type Route = [method: string, pattern: RegExp, handler: Handler];

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): Resp => ({ status, body, headers });
export const fail = (e: SfError): Resp => ({ status: e.status, body: [e.toRest()] });
export const notFound = (): SfError => new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);

export function parseJson(text: string): unknown {
	if (!text.trim()) throw new SfError('JSON_PARSER_ERROR', 'The request body is either invalid or incomplete');
	try {
		return JSON.parse(text);
	} catch (e) {
		// Salesforce answers with Jackson's wording; ours names the position the same way.
		const pos = /position (\d+)/.exec(String((e as Error).message));
		const at = pos ? Number(pos[1]) : text.length;
		const line = text.slice(0, at).split('\n').length;
		const column = at - text.lastIndexOf('\n', at - 1);
		throw new SfError(
			'JSON_PARSER_ERROR',
			`Unexpected character ('${text[at] ?? 'EOF'}' (code ${text.charCodeAt(at) || 0})): was expecting double-quote to start field name at [line:${line}, column:${column}]`,
		);
	}
}
export function jsonObject(text: string): Fields {
	const v = parseJson(text);
	if (!v || typeof v !== 'object' || Array.isArray(v))
		throw new SfError('JSON_PARSER_ERROR', 'Cannot deserialize instance of SObject from START_ARRAY value [line:1, column:1]');
	return v as Fields;
}

export function typeName(ctx: ApiCtx, t: string): string {
	const o = ctx.store.schema.get(t);
	if (!o) throw notFound();
	return o.name;
}

export function recordUrl(version: string, type: string, id: string) {
	return `/services/data/v${version}/sobjects/${type}/${id}`;
}

/** Record JSON: attributes first, then the requested (or all) fields in schema order. */
export function recordJson(ctx: ApiCtx, type: string, fields: Fields, only?: string[]): Fields {
	const out: Fields = { attributes: { type, url: recordUrl(ctx.version, type, fields.Id as string) } };
	const defs = ctx.store.schema.get(type)!.fields;
	const names = only
		? only.map((n) => {
				const f = ctx.store.schema.field(type, n.trim());
				if (!f)
					throw new SfError(
						'INVALID_FIELD',
						`No such column '${n.trim()}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
					);
				return f.name;
			})
		: defs.map((f) => f.name);
	for (const n of names) out[n] = fields[n] ?? null;
	return out;
}

function versionsOf(): Array<{ label: string; url: string; version: string }> {
	const names: Record<number, string> = {
		60: "Spring '24",
		61: "Summer '24",
		62: "Winter '25",
		63: "Spring '25",
		64: "Summer '25",
		65: "Winter '26",
		66: "Spring '26",
	};
	const out = [];
	for (let v = 20; v <= 66; v++) out.push({ label: names[v] ?? `v${v}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
	return out;
}
export const VERSIONS = versionsOf();

// ---------- sObject rows (REST API Developer Guide, "Working with Records"; wire notes §3) ----------
const rowRoutes: Route[] = [
	[
		'GET',
		/^$/,
		(c) =>
			ok(
				Object.fromEntries(
					[
						'tooling',
						'metadata',
						'eclair',
						'folders',
						'prechatForms',
						'contact-tracing',
						'chatter',
						'tabs',
						'appMenu',
						'quickActions',
						'queryAll',
						'commerce',
						'wave',
						'iot',
						'analytics',
						'search',
						'identity',
						'composite',
						'parameterizedSearch',
						'fingerprint',
						'theme',
						'nouns',
						'event',
						'serviceTemplates',
						'recent',
						'connect',
						'licensing',
						'limits',
						'process',
						'async-queries',
						'query',
						'jobs',
						'match',
						'emailConnect',
						'compactLayouts',
						'knowledgeManagement',
						'sobjects',
						'actions',
						'support',
					].map((k) => [k, k === 'identity' ? `${c.api.baseUrl()}/id/${c.api.orgId}/${c.userId}` : `/services/data/v${c.version}/${k}`]),
				),
			),
	],
	[
		'GET',
		/^\/limits$/,
		(c) => {
			const max = c.api.dailyLimit();
			const lim = (Max: number, Remaining = Max) => ({ Max, Remaining });
			return ok({
				ConcurrentAsyncGetReportInstances: lim(200),
				ConcurrentSyncReportRuns: lim(20),
				DailyApiRequests: lim(max, Math.max(0, max - c.api.usage())),
				DailyAsyncApexExecutions: lim(250000),
				DailyBulkApiBatches: lim(15000),
				DailyBulkV2QueryFileStorageMB: lim(976562),
				DailyBulkV2QueryJobs: lim(10000),
				DailyDurableStreamingApiEvents: lim(10000),
				DailyStreamingApiEvents: lim(10000),
				DataStorageMB: lim(5, 5),
				FileStorageMB: lim(20, 20),
				HourlyPublishedPlatformEvents: lim(50000),
				MonthlyPlatformEventsUsageEntitlement: lim(0),
				SingleEmail: lim(15),
				StreamingApiConcurrentClients: lim(20),
			});
		},
	],
	[
		'GET',
		/^\/sobjects$/,
		(c) =>
			ok({
				encoding: 'UTF-8',
				maxBatchSize: 200,
				sobjects: [
					...[...c.store.schema.objects.keys()].map((n) => c.store.objectInfo(n, c.version)),
					...cdcObjects(c.store.schema.objects.values()).map((o) => changeEventInfo(o, c.version)),
				],
			}),
	],
	['GET', /^\/sobjects\/(\w+)$/, (c, m) => ok({ objectDescribe: c.store.objectInfo(typeName(c, m[1]), c.version), recentItems: [] })],
	[
		'GET',
		/^\/sobjects\/(\w+)\/describe$/,
		(c, m) => {
			const d = c.store.describe(typeName(c, m[1]));
			return ok(JSON.parse(JSON.stringify(d).replace(/\/services\/data\/v66\.0\//g, `/services/data/v${c.version}/`)));
		},
	],
	[
		'POST',
		/^\/sobjects\/(\w+)$/,
		(c, m) => {
			const type = typeName(c, m[1]);
			const body = jsonObject(c.body);
			const id = c.store.insert(type, body, c.wctx);
			return ok({ id, success: true, errors: [] }, 201, { Location: recordUrl(c.version, type, id) });
		},
	],
	[
		'GET',
		/^\/sobjects\/(\w+)\/([^/]+)$/,
		(c, m) => {
			const type = typeName(c, m[1]);
			const id = normalizeId(m[2]);
			if (!id) throw new SfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${m[2]}`, undefined, 404);
			const r = c.store.raw(id);
			if (!r || r.type !== type) throw notFound();
			if (r.deleted) throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
			return ok(recordJson(c, type, r.fields, c.query.get('fields')?.split(',').filter(Boolean)));
		},
	],
	[
		'PATCH',
		/^\/sobjects\/(\w+)\/([^/]+)$/,
		(c, m) => {
			const type = typeName(c, m[1]);
			const body = jsonObject(c.body);
			// An Id in the PATCH body that names the same record is tolerated (guess); any other Id is rejected by the store.
			if (typeof body.Id === 'string' && normalizeId(body.Id) === normalizeId(m[2])) delete body.Id;
			c.store.update(type, m[2], body, c.wctx);
			return { status: 204 };
		},
	],
	[
		'DELETE',
		/^\/sobjects\/(\w+)\/([^/]+)$/,
		(c, m) => {
			c.store.delete(typeName(c, m[1]), m[2], c.wctx);
			return { status: 204 };
		},
	],
	[
		'GET',
		/^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/,
		(c, m) => {
			const { type, field } = extField(c, m[1], m[2]);
			const hits = c.store.findBy(type, field, decodeURIComponent(m[3]));
			if (!hits.length) throw notFound();
			if (hits.length > 1)
				return ok(
					hits.map((h) => recordUrl(c.version, type, h.fields.Id as string)),
					300,
				);
			return ok(recordJson(c, type, hits[0].fields, c.query.get('fields')?.split(',').filter(Boolean)));
		},
	],
	[
		'PATCH',
		/^\/sobjects\/(\w+)\/(\w+)\/([^/]*)$/,
		(c, m) => {
			const { type, field } = extField(c, m[1], m[2]);
			const body = jsonObject(c.body);
			const res = upsertOne(c, type, field, decodeURIComponent(m[3]), body, c.query.get('updateOnly') === 'true');
			if ('multiple' in res)
				return ok(
					res.multiple.map((id) => recordUrl(c.version, type, id)),
					300,
				);
			const v46 = Number(c.version) >= 46;
			if (!res.created && !v46) return { status: 204 };
			return ok(
				{ id: res.id, success: true, errors: [], ...(v46 ? { created: res.created } : {}) },
				res.created ? 201 : 200,
				res.created ? { Location: recordUrl(c.version, type, res.id) } : undefined,
			);
		},
	],
	[
		'DELETE',
		/^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/,
		(c, m) => {
			const { type, field } = extField(c, m[1], m[2]);
			const hits = c.store.findBy(type, field, decodeURIComponent(m[3]));
			if (!hits.length) throw notFound();
			if (hits.length > 1)
				return ok(
					hits.map((h) => recordUrl(c.version, type, h.fields.Id as string)),
					300,
				);
			c.store.delete(type, hits[0].fields.Id as string, c.wctx);
			return { status: 204 };
		},
	],
];

export function extField(c: ApiCtx, t: string, f: string): { type: string; field: string } {
	const type = typeName(c, t);
	const def = c.store.schema.field(type, f);
	if (!def || !(def.externalId || def.idLookup)) throw notFound();
	return { type, field: def.name };
}

/** Upsert by external id (wire notes §3). Throws SfError on validation failures. */
export function upsertOne(
	c: ApiCtx,
	type: string,
	field: string,
	value: unknown,
	body: Fields,
	updateOnly: boolean,
): { id: string; created: boolean } | { multiple: string[] } {
	const rest: Fields = { ...body };
	for (const k of Object.keys(rest))
		if (k.toLowerCase() === field.toLowerCase() || k === 'Id') {
			if (String(rest[k]) !== String(value))
				throw new SfError('INVALID_FIELD', `The external ID field ${field} in the body does not match the value in the URL`, [field]); // wording guessed
			delete rest[k];
		}
	const hits = field === 'Id' ? (value ? [c.store.live(type, String(value))] : []) : value === '' ? [] : c.store.findBy(type, field, value);
	if (hits.length > 1) return { multiple: hits.map((h) => h.fields.Id as string) };
	if (hits.length === 1) {
		c.store.update(type, hits[0].fields.Id as string, rest, c.wctx);
		return { id: hits[0].fields.Id as string, created: false };
	}
	if (updateOnly) throw notFound();
	const id = c.store.insert(type, field === 'Id' ? rest : { ...rest, [field]: value }, c.wctx);
	return { id, created: true };
}

// ---------- SOQL (REST API Developer Guide, "Query"; wire notes §4) ----------
interface Cursor {
	records: unknown[];
	totalSize: number;
	batch: number;
	created: number;
}

function batchSize(c: ApiCtx): number {
	const m = /batchSize\s*=\s*(\d+)/i.exec(String(c.headers['sforce-query-options'] ?? ''));
	return m ? Math.min(2000, Math.max(200, Number(m[1]))) : 2000;
}

function page(c: ApiCtx, loc: string, cur: Cursor, offset: number): Resp {
	const records = cur.records.slice(offset, offset + cur.batch);
	const next = offset + cur.batch;
	const done = next >= cur.records.length;
	const body: Fields = { totalSize: cur.totalSize, done };
	if (!done) body.nextRecordsUrl = `/services/data/v${c.version}/query/${loc}-${next}`;
	body.records = records;
	return ok(body);
}

function runQuery(c: ApiCtx, all: boolean): Resp {
	const q = c.query.get('q');
	if (q === null || !q.trim()) throw new SfError('MALFORMED_QUERY', 'A query string has to be specified');
	c.api.queries.push(q);
	const res = c.store.soql.run(q, { all, version: c.version });
	const cur: Cursor = { records: res.records, totalSize: res.totalSize, batch: batchSize(c), created: Date.now() };
	const loc = c.store.ids.locator();
	if (res.records.length > cur.batch) c.api.cursors.set(loc, cur);
	return page(c, loc, cur, 0);
}

const queryRoutes: Route[] = [
	['GET', /^\/query$/, (c) => runQuery(c, false)],
	['GET', /^\/queryAll$/, (c) => runQuery(c, true)],
	[
		'GET',
		/^\/query(?:All)?\/(01g\w+)-(\d+)$/,
		(c, m) => {
			const cur = c.api.cursors.get(m[1]);
			if (!cur || Number(m[2]) > cur.records.length) throw new SfError('INVALID_QUERY_LOCATOR', 'invalid query locator');
			return page(c, m[1], cur, Number(m[2]));
		},
	],
];

// updatedRoutes first: /sobjects/{T}/updated and /deleted are not record ids
export const ROUTES: Route[] = [
	...analyticsRoutes,
	...analyticsAuthoringRoutes,
	...platformRoutes,
	...fileRoutes,
	...updatedRoutes,
	...rowRoutes,
	...queryRoutes,
	...soslRoutes,
	...collectionRoutes,
	...compositeRoutes,
	...graphRoutes,
	...flowRoutes,
	...bulkRoutes,
	...chatterRoutes,
];
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD'];

/** State of the REST API shared across requests. */
export class RestApi {
	readonly cursors = new Map<string, Cursor>();
	readonly queries: string[] = [];
	readonly searches: string[] = [];
	/** The server's fault injection (per-record failures in collections writes). */
	faults?: Faults;
	constructor(
		readonly orgId: string,
		readonly baseUrl: () => string,
		readonly usage: () => number,
		readonly dailyLimit: () => number,
	) {}

	/** Routes `/services/data/vXX.X<sub>`; SfErrors become REST error arrays. */
	dispatch(method: string, sub: string, ctx: ApiCtx): Resp {
		const path = sub.replace(/\/+$/, '');
		const allowed: string[] = [];
		for (const [verb, re, handler] of ROUTES) {
			const m = re.exec(path);
			if (!m) continue;
			if (verb !== method) {
				allowed.push(verb);
				continue;
			}
			try {
				return handler(ctx, m);
			} catch (e) {
				if (e instanceof SfError) return fail(e);
				throw e;
			}
		}
		if (allowed.length && METHODS.includes(method))
			return fail(
				new SfError(
					'METHOD_NOT_ALLOWED',
					`HTTP Method '${method}' not allowed. Allowed are ${[...new Set(allowed)].join(',')}`,
					undefined,
					405,
				),
			);
		return fail(notFound());
	}
}
