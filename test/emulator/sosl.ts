import { type ApiCtx, jsonObject, ok, type Route } from './rest';
import type { FieldDef } from './schema';
import type { Fields, Rec } from './store';
import { type Resp, SfError } from './types';

/** SOSL subset (SOQL and SOSL Reference, "FIND {SearchQuery}"; wire notes §4): FIND {term} [IN … FIELDS] RETURNING Obj(fields [WHERE …] [ORDER BY …] [LIMIT n]), … [LIMIT n]. */
const RESERVED = new Set([...'?&|!{}[]()^~*:\\"\'+-']);
const WILDCARDS = new Set(['*', '?']);
const bad = (msg: string) => new SfError('MALFORMED_SEARCH', msg);

/** Reads `{…}` honouring backslash escapes; returns the raw term and the rest of the string. */
export function readBraces(q: string): { raw: string; rest: string } {
	const m = /^\s*FIND\s*\{/i.exec(q);
	if (!m) throw bad(`line 1:0 no viable alternative at character '${q.trim()[0] ?? ''}'`);
	let i = m[0].length;
	const start = i;
	while (i < q.length) {
		if (q[i] === '\\') {
			i += 2;
			continue;
		}
		if (q[i] === '}') return { raw: q.slice(start, i), rest: q.slice(i + 1) };
		i++;
	}
	throw bad('line 1:' + q.length + " mismatched character '<EOF>' expecting '}'");
}

/**
 * Unescapes a search term. Strict: any reserved character not preceded by a backslash is rejected, except the
 * wildcards `*` and `?` (the real server rejects only some unescaped characters; the emulator rejects all of them).
 */
export function unescapeTerm(raw: string): { text: string; wildcardEnd: boolean }[][] {
	// Split on OR into alternatives, each a list of words that must all match.
	const words: Array<{ text: string; wild: boolean; op?: string }> = [];
	let cur = '';
	let wild = false;
	const flush = () => {
		if (!cur && !wild) return;
		if (cur === 'OR' || cur === 'AND') words.push({ text: cur, wild: false, op: cur });
		else words.push({ text: cur, wild });
		cur = '';
		wild = false;
	};
	// An unescaped double quote opens / closes a phrase: matched as a whole, AND / OR inside are plain words.
	let phrase = false;
	for (let i = 0; i < raw.length; i++) {
		const ch = raw[i];
		if (ch === '\\') {
			if (i + 1 >= raw.length) throw bad('Invalid search term: trailing backslash');
			cur += raw[++i];
			continue;
		}
		if (ch === '"') {
			if (phrase && cur.trim()) words.push({ text: cur.trim().replace(/\s+/g, ' '), wild: false });
			if (phrase) {
				cur = '';
				wild = false;
			} else flush();
			phrase = !phrase;
			continue;
		}
		if (phrase && /\s/.test(ch)) {
			cur += ' ';
			continue;
		}
		if (/\s/.test(ch)) {
			flush();
			continue;
		}
		if (WILDCARDS.has(ch)) {
			if (ch === '*' && i + 1 < raw.length && !/\s/.test(raw[i + 1])) throw bad(`Invalid use of wildcard in search term: ${raw}`);
			wild = wild || ch === '*';
			continue;
		}
		if (RESERVED.has(ch)) throw bad(`line 1:${i + 6} no viable alternative at character '${ch}'`);
		cur += ch;
	}
	if (phrase) throw bad(`line 1:${raw.length + 6} mismatched character '<EOF>' expecting '"'`); // wording guessed
	flush();
	const alts: { text: string; wildcardEnd: boolean }[][] = [[]];
	for (const w of words) {
		if (w.op === 'OR') alts.push([]);
		else if (!w.op) alts[alts.length - 1].push({ text: w.text.toLowerCase(), wildcardEnd: w.wild });
	}
	const nonEmpty = alts.filter((a) => a.length);
	if (!nonEmpty.length) throw bad('search term must be longer than one character');
	return nonEmpty;
}

interface Returning {
	type: string;
	fields: string;
	where?: string;
	orderBy?: string;
	limit?: number;
}

/** Splits `Account(Id, Name WHERE x LIMIT 2), Contact` at top-level commas. */
function parseReturning(text: string): Returning[] {
	const parts: string[] = [];
	let depth = 0,
		start = 0,
		quote = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '\\') {
			i++;
			continue;
		}
		if (ch === "'") quote = !quote;
		if (quote) continue;
		if (ch === '(') depth++;
		if (ch === ')') depth--;
		if (ch === ',' && depth === 0) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts.map((p) => {
		const m = /^\s*(\w+)\s*(?:\(([\s\S]*)\))?\s*$/.exec(p);
		if (!m) throw bad(`unexpected token: ${p.trim()}`);
		const inner = (m[2] ?? '').trim();
		const clause = /\b(WHERE|ORDER\s+BY|LIMIT)\b/i.exec(inner);
		const fields = (clause ? inner.slice(0, clause.index) : inner).trim() || 'Id';
		const tail = clause ? inner.slice(clause.index) : '';
		const where = /\bWHERE\s+([\s\S]*?)(?=\bORDER\s+BY\b|\bLIMIT\b|$)/i.exec(tail)?.[1]?.trim();
		const orderBy = /\bORDER\s+BY\s+([\s\S]*?)(?=\bLIMIT\b|$)/i.exec(tail)?.[1]?.trim();
		const limit = /\bLIMIT\s+(\d+)/i.exec(tail)?.[1];
		return { type: m[1], fields, where, orderBy, limit: limit ? Number(limit) : undefined };
	});
}

function searchable(f: FieldDef, scope: string): boolean {
	if (scope === 'NAME') return f.nameField;
	if (scope === 'EMAIL') return f.type === 'email';
	if (scope === 'PHONE') return f.type === 'phone';
	return ['string', 'textarea', 'email', 'phone', 'url', 'picklist'].includes(f.type);
}

function matches(rec: Rec, defs: FieldDef[], alts: ReturnType<typeof unescapeTerm>): boolean {
	const texts = defs
		.map((f) => rec.fields[f.name])
		.filter((v): v is string => typeof v === 'string')
		.map((v) => v.toLowerCase());
	if (!texts.length) return false;
	return alts.some((words) => words.every((w) => texts.some((t) => t.includes(w.text))));
}

export function runSearch(c: ApiCtx, q: string): Resp {
	c.api.searches.push(q);
	const { raw, rest } = readBraces(q);
	const alts = unescapeTerm(raw);
	let tail = rest.trim();
	let scope = 'ALL';
	const inM = /^IN\s+(ALL|NAME|EMAIL|PHONE|SIDEBAR)\s+FIELDS\b/i.exec(tail);
	if (inM) {
		scope = inM[1].toUpperCase();
		tail = tail.slice(inM[0].length).trim();
	}
	let overall: number | undefined;
	const lim = /\bLIMIT\s+(\d+)\s*$/i.exec(tail);
	let returning: Returning[];
	const ret = /^RETURNING\s+([\s\S]+)$/i.exec(tail);
	if (ret) {
		let body = ret[1];
		const outer = /\)\s*LIMIT\s+(\d+)\s*$|^\s*\w+\s+LIMIT\s+(\d+)\s*$/i.exec(body);
		if (outer) {
			overall = Number(outer[1] ?? outer[2]);
			body = body.slice(0, body.length - outer[0].length + (outer[1] ? 1 : 0)).replace(/\s+LIMIT\s+\d+\s*$/i, '');
		}
		returning = parseReturning(body);
	} else {
		if (tail && !lim) throw bad(`unexpected token: ${tail.split(/\s+/)[0]}`);
		if (lim) overall = Number(lim[1]);
		returning = [...c.store.schema.objects.values()].filter((o) => o.searchable).map((o) => ({ type: o.name, fields: 'Id' }));
	}
	const out: Fields[] = [];
	for (const r of returning) {
		const obj = c.store.schema.get(r.type);
		if (!obj) throw new SfError('INVALID_TYPE', `sObject type '${r.type}' is not supported.`);
		const defs = obj.fields.filter((f) => searchable(f, scope));
		let rows = c.store.rows(obj.name).filter((rec) => matches(rec, defs, alts));
		rows = c.store.soql.filter(obj.name, r.where, rows);
		let recs = c.store.soql.projectRows(obj.name, r.fields, rows, c.version, r.orderBy);
		if (r.limit !== undefined) recs = recs.slice(0, r.limit);
		out.push(...recs);
	}
	return ok({ searchRecords: overall !== undefined ? out.slice(0, overall) : out });
}

function wrapSoqlErrors<T>(fn: () => T): T {
	try {
		return fn();
	} catch (e) {
		if (e instanceof SfError) throw e;
		throw bad(String((e as Error).message));
	}
}

/** Builds SOSL from parameterizedSearch parameters (REST API Developer Guide, "Parameterized Search"; wire notes §4), escaping the term. */
function paramSearch(
	c: ApiCtx,
	p: {
		q?: string;
		in?: string;
		fields?: string[];
		sobjects?: Array<{ name: string; fields?: string[]; where?: string; limit?: number }>;
		overallLimit?: number;
		defaultLimit?: number;
	},
): Resp {
	if (!p.q) throw bad('q is required'); // guess
	const term = p.q.replace(/([?&|!{}[\]()^~*:\\"'+-])/g, '\\$&');
	const objs = p.sobjects?.length
		? p.sobjects
		: [...c.store.schema.objects.values()].filter((o) => o.searchable).map((o) => ({ name: o.name }));
	const ret = objs.map((o: { name: string; fields?: string[]; where?: string; limit?: number }) => {
		const f = (o.fields ?? p.fields ?? ['Id']).join(', ');
		const lim = o.limit ?? p.defaultLimit;
		return `${o.name}(${f}${o.where ? ` WHERE ${o.where}` : ''}${lim ? ` LIMIT ${lim}` : ''})`;
	});
	const sosl = `FIND {${term}} IN ${(p.in ?? 'ALL').toUpperCase()} FIELDS RETURNING ${ret.join(', ')}${p.overallLimit ? ` LIMIT ${p.overallLimit}` : ''}`;
	return wrapSoqlErrors(() => runSearch(c, sosl));
}

export const soslRoutes: Route[] = [
	[
		'GET',
		/^\/search$/,
		(c) => {
			const q = c.query.get('q');
			if (!q) throw bad('search string is required'); // guess
			return wrapSoqlErrors(() => runSearch(c, q));
		},
	],
	[
		'GET',
		/^\/parameterizedSearch$/,
		(c) => {
			const names = (c.query.get('sobject') ?? '').split(',').filter(Boolean);
			return paramSearch(c, {
				q: c.query.get('q') ?? undefined,
				in: c.query.get('in') ?? undefined,
				fields: c.query.get('fields')?.split(','),
				overallLimit: Number(c.query.get('overallLimit')) || undefined,
				defaultLimit: Number(c.query.get('defaultLimit')) || undefined,
				sobjects: names.length
					? names.map((n) => ({
							name: n,
							fields: c.query.get(`${n}.fields`)?.split(','),
							where: c.query.get(`${n}.where`) ?? undefined,
							limit: Number(c.query.get(`${n}.limit`)) || undefined,
						}))
					: undefined,
			});
		},
	],
	['POST', /^\/parameterizedSearch$/, (c) => paramSearch(c, jsonObject(c.body) as Parameters<typeof paramSearch>[1])],
];
