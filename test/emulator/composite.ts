import { type ApiCtx, jsonObject, ok, type Route } from './rest';
import type { Fields } from './store';
import { type Resp, SfError } from './types';

/** Splits '/services/data/v60.0/sobjects/Account?x=1' (or 'v60.0/…' for batch) into version, sub-path, query. */
function target(url: string): { version: string; sub: string; query: URLSearchParams } | null {
	const m = /^(?:\/?services\/data\/)?\/?v(\d+\.\d)(\/[^?]*)?(?:\?(.*))?$/.exec(url);
	if (!m) return null;
	return { version: m[1], sub: m[2] ?? '', query: new URLSearchParams(m[3] ?? '') };
}

function sub(c: ApiCtx, method: string, url: string, body: unknown): Resp {
	const t = target(url);
	if (!t) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
	const ctx: ApiCtx = { ...c, version: t.version, query: t.query, body: body === undefined || body === null ? '' : JSON.stringify(body) };
	return c.api.dispatch(method.toUpperCase(), t.sub, ctx);
}

/** Resolves `refId.a.b[0].c` against the bodies seen so far; undefined when missing. */
function resolveRef(expr: string, bodies: Map<string, unknown>): unknown {
	const parts = expr.replace(/\[(\d+)\]/g, '.$1').split('.');
	let cur: unknown = bodies.get(parts[0]);
	if (cur === undefined) return undefined;
	for (const p of parts.slice(1)) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[p];
	}
	return cur;
}

class BadRef extends Error {}

function substitute(value: unknown, bodies: Map<string, unknown>, encode: boolean): unknown {
	if (typeof value === 'string') {
		const whole = /^@\{([^}]+)\}$/.exec(value);
		if (whole && !encode) {
			const v = resolveRef(whole[1], bodies);
			if (v === undefined) throw new BadRef(whole[1]);
			return v;
		}
		return value.replace(/@\{([^}]+)\}/g, (_, expr: string) => {
			const v = resolveRef(expr, bodies);
			if (v === undefined) throw new BadRef(expr);
			return encode ? encodeURIComponent(String(v)) : String(v);
		});
	}
	if (Array.isArray(value)) return value.map((v) => substitute(v, bodies, encode));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bodies, encode)]));
	return value;
}

export const HALTED = {
	errorCode: 'PROCESSING_HALTED',
	message: 'The transaction was rolled back since another operation in the same transaction failed.',
};
export const err400 = (message: string, errorCode = 'INVALID_INPUT') => new SfError(errorCode, message);

export interface SubReq {
	method: string;
	url: string;
	referenceId: string;
	body?: unknown;
}

/** POST /composite (REST API Developer Guide, "Composite"; wire notes §6.1). */
function composite(c: ApiCtx): Resp {
	const b = jsonObject(c.body);
	const reqs = b.compositeRequest as SubReq[] | undefined;
	if (!Array.isArray(reqs) || !reqs.length) throw err400('compositeRequest is required', 'JSON_PARSER_ERROR');
	// Limit wording is a guess; the docs only state the limit of 25.
	if (reqs.length > 25) throw err400('Received invalid request: the number of subrequests exceeds the limit of 25', 'INVALID_BATCH_SIZE');
	checkSubrequests(reqs);
	return ok({ compositeResponse: runSubrequests(c, reqs, b.allOrNone === true) });
}

/** Each subrequest has method, url and a unique, well-formed referenceId (else the whole request is refused). */
export function checkSubrequests(reqs: SubReq[]): void {
	const seen = new Set<string>();
	for (const r of reqs) {
		if (!r || typeof r.referenceId !== 'string' || !r.referenceId)
			throw err400('The referenceId is required for every subrequest', 'JSON_PARSER_ERROR');
		if (!/^[A-Za-z]\w*$/.test(r.referenceId))
			throw err400(
				`Invalid reference id: ${r.referenceId}. Reference ids may only contain alphanumeric characters and underscores and must start with a letter.`,
			);
		if (seen.has(r.referenceId)) throw err400(`Duplicate ReferenceId provided in the request: ${r.referenceId}`);
		if (typeof r.method !== 'string' || typeof r.url !== 'string') throw err400('method and url are required', 'JSON_PARSER_ERROR');
		seen.add(r.referenceId);
	}
}

/**
 * Runs composite subrequests in order, `@{ref.field}` resolved from earlier bodies. With allOrNone (a graph is always
 * all-or-none: graph.ts) the first failure rolls everything back and every other subrequest reports PROCESSING_HALTED.
 */
export function runSubrequests(c: ApiCtx, reqs: SubReq[], allOrNone: boolean): Fields[] {
	const bodies = new Map<string, unknown>();
	const out: Array<Fields> = [];
	const runOne = (r: SubReq): Fields => {
		let resp: Resp;
		try {
			const url = substitute(r.url, bodies, true) as string;
			const body = substitute(r.body, bodies, false);
			resp = sub(c, r.method, url, body);
		} catch (e) {
			if (!(e instanceof BadRef)) throw e;
			// Guessed wording for a reference to a failed or unknown subrequest.
			resp = {
				status: 400,
				body: [
					{
						errorCode: 'PROCESSING_HALTED',
						message: `Invalid reference specified. No value for ${e.message} found in ${e.message.split(/[.[]/)[0]}. Provided referenceId ${e.message.split(/[.[]/)[0]}`,
					},
				],
			};
		}
		if (resp.status < 300) bodies.set(r.referenceId, resp.body ?? null);
		return { body: resp.body ?? null, httpHeaders: resp.headers ?? {}, httpStatusCode: resp.status, referenceId: r.referenceId };
	};
	if (!allOrNone) {
		for (const r of reqs) out.push(runOne(r));
		return out;
	}
	class Rollback extends Error {}
	try {
		c.store.transaction(() => {
			for (const r of reqs) {
				const res = runOne(r);
				out.push(res);
				if ((res.httpStatusCode as number) >= 400) throw new Rollback();
			}
		}, c.wctx.transactionKey);
		return out;
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
		const failed = out.length - 1;
		return reqs.map((r, i) =>
			i === failed ? out[i] : { body: [HALTED], httpHeaders: {}, httpStatusCode: 400, referenceId: r.referenceId },
		);
	}
}

/** POST /composite/batch (REST API Developer Guide, "Batch"; wire notes §6.2): independent, serial, each commits on its own. */
function batch(c: ApiCtx): Resp {
	const b = jsonObject(c.body);
	const reqs = b.batchRequests as Array<{ method: string; url: string; richInput?: unknown }> | undefined;
	if (!Array.isArray(reqs)) throw err400('batchRequests is required', 'JSON_PARSER_ERROR');
	if (reqs.length > 25) throw err400('Received invalid request: the number of subrequests exceeds the limit of 25', 'INVALID_BATCH_SIZE'); // wording guessed
	let halted = false;
	let hasErrors = false;
	const results = reqs.map((r) => {
		if (halted)
			return { statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] };
		const resp = sub(c, r.method, r.url, r.richInput);
		if (resp.status >= 400) {
			hasErrors = true;
			if (b.haltOnError === true) halted = true;
		}
		return { statusCode: resp.status, result: resp.body ?? null };
	});
	return ok({ hasErrors, results });
}

export const compositeRoutes: Route[] = [
	['POST', /^\/composite$/, composite],
	['POST', /^\/composite\/batch$/, batch],
];
