import {
	composeQuery,
	parseQuery,
	type Query,
	type FieldType as PFieldType,
	type WhereClause,
	type Subquery,
} from '@jetstreamapp/soql-parser-js';
import { normalizeId } from './ids';
import type { FieldDef } from './schema';
import type { Fields, OrgStore, Rec } from './store';
import { SfError } from './types';

/** `\n<query>\n   ^\nERROR at Row:r:Column:c\n<message>` (the framing of Salesforce's SOQL errors; wire notes §3). */
export function framed(soql: string, offset: number, message: string): string {
	const before = soql.slice(0, Math.max(0, offset));
	const row = before.split('\n').length;
	const col = offset - (before.lastIndexOf('\n') + 1) + 1;
	const line = soql.split('\n')[row - 1] ?? soql;
	return `\n${line}\n${' '.repeat(col - 1)}^\nERROR at Row:${row}:Column:${col}\n${message}`;
}

/** Offset of `token` as a whole word in the query, searching from `from`. */
function locate(soql: string, token: string, from = 0): number {
	const re = new RegExp(`(?<![\\w.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'ig');
	re.lastIndex = from;
	const m = re.exec(soql);
	return m ? m.index : 0;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** Unquotes a SOQL string literal per §4.4. In LIKE mode `\%`, `\_` and `\\` stay escaped for the matcher. */
export function unescapeSoql(raw: string, like: boolean, soql: string): string {
	const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
	let out = '';
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (c !== '\\') {
			out += c;
			continue;
		}
		const n = body[i + 1] ?? '';
		// In LIKE mode an escaped backslash stays escaped (`\\`), so a literal backslash before a wildcard is not read as `\%`.
		if (like && n === '\\') {
			out += '\\\\';
			i++;
			continue;
		}
		if (ESCAPES[n.toLowerCase()] !== undefined) {
			out += ESCAPES[n.toLowerCase()];
			i++;
			continue;
		}
		if (n === 'u' || n === 'U') {
			const hex = body.slice(i + 2, i + 6);
			if (/^[0-9a-fA-F]{4}$/.test(hex)) {
				out += String.fromCharCode(parseInt(hex, 16));
				i += 5;
				continue;
			}
		}
		if (like && (n === '%' || n === '_')) {
			out += '\\' + n;
			i++;
			continue;
		}
		throw new SfError(
			'MALFORMED_QUERY',
			framed(
				soql,
				Math.max(0, soql.indexOf(raw)),
				`Invalid string literal '${body}'. Illegal character sequence '\\${n}' in string literal.`,
			),
		);
	}
	return out;
}

// ---------- date literals ----------
const DAY = 86_400_000;
type Range = { start: number; end: number };
function unitStart(now: Date, unit: string, k: number): number {
	const y = now.getUTCFullYear(),
		m = now.getUTCMonth(),
		d = now.getUTCDate();
	switch (unit) {
		case 'DAY':
			return Date.UTC(y, m, d + k);
		case 'WEEK':
			return Date.UTC(y, m, d - now.getUTCDay() + 7 * k); // weeks start on Sunday (en_US locale)
		case 'MONTH':
			return Date.UTC(y, m + k, 1);
		case 'QUARTER':
			return Date.UTC(y, Math.floor(m / 3) * 3 + 3 * k, 1);
		default:
			return Date.UTC(y + k, 0, 1); // YEAR; fiscal year = calendar year (default org setting)
	}
}
export function dateLiteralRange(lit: string, n: number | undefined, now: Date): Range {
	const L = lit.toUpperCase().replace('FISCAL_', '');
	const simple: Record<string, [string, number]> = { YESTERDAY: ['DAY', -1], TODAY: ['DAY', 0], TOMORROW: ['DAY', 1] };
	if (simple[L]) {
		const [u, k] = simple[L];
		return { start: unitStart(now, u, k), end: unitStart(now, u, k + 1) };
	}
	if (L === 'LAST_90_DAYS') return { start: unitStart(now, 'DAY', -90), end: unitStart(now, 'DAY', 1) };
	if (L === 'NEXT_90_DAYS') return { start: unitStart(now, 'DAY', 1), end: unitStart(now, 'DAY', 91) };
	let m = /^(THIS|LAST|NEXT)_(WEEK|MONTH|QUARTER|YEAR)$/.exec(L);
	if (m) {
		const k = m[1] === 'THIS' ? 0 : m[1] === 'LAST' ? -1 : 1;
		return { start: unitStart(now, m[2], k), end: unitStart(now, m[2], k + 1) };
	}
	m = /^(LAST|NEXT)_N_(DAY|WEEK|MONTH|QUARTER|YEAR)S$/.exec(L);
	const k = n ?? 0;
	// Guess: LAST_N_DAYS includes today (docs: "starts with the current day"); NEXT_N_* starts tomorrow / next unit.
	if (m && m[1] === 'LAST') return { start: unitStart(now, m[2], -k), end: unitStart(now, m[2], m[2] === 'DAY' ? 1 : 0) };
	if (m) return { start: unitStart(now, m[2], 1), end: unitStart(now, m[2], k + 1) };
	m = /^N_(DAY|WEEK|MONTH|QUARTER|YEAR)S_AGO$/.exec(L);
	if (m) return { start: unitStart(now, m[1], -k), end: unitStart(now, m[1], -k + 1) };
	throw new Error(`unknown date literal ${lit}`);
}

// ---------- WHERE tree ----------
type Cond = {
	field?: string;
	fn?: { rawValue?: string; functionName?: string; parameters?: unknown[] };
	operator: string;
	value?: string | string[];
	literalType?: string | string[];
	valueQuery?: Query;
	dateLiteralVariable?: number | number[];
};
type Node = { op: 'AND' | 'OR'; a: Node; b: Node } | { op: 'NOT'; a: Node } | { op: 'COND'; c: Cond };

function whereTree(w: WhereClause | undefined): Node | undefined {
	if (!w) return undefined;
	const toks: Array<string | Cond> = [];
	let cur: any = w;
	while (cur) {
		const left = cur.left;
		if (left) {
			for (let i = 0; i < (left.openParen ?? 0); i++) toks.push('(');
			if ('operator' in left) toks.push(left as Cond);
			for (let i = 0; i < (left.closeParen ?? 0); i++) toks.push(')');
		}
		if (cur.operator) toks.push(cur.operator);
		cur = cur.right;
	}
	let i = 0;
	const parseOr = (): Node => {
		let a = parseAnd();
		while (toks[i] === 'OR') {
			i++;
			a = { op: 'OR', a, b: parseAnd() };
		}
		return a;
	};
	const parseAnd = (): Node => {
		let a = parseNot();
		while (toks[i] === 'AND') {
			i++;
			a = { op: 'AND', a, b: parseNot() };
		}
		return a;
	};
	const parseNot = (): Node => {
		if (toks[i] === 'NOT') {
			i++;
			return { op: 'NOT', a: parseNot() };
		}
		if (toks[i] === '(') {
			i++;
			const n = parseOr();
			i++;
			return n;
		}
		return { op: 'COND', c: toks[i++] as Cond };
	};
	return parseOr();
}

// ---------- engine ----------
interface Ctx {
	soql: string;
	type: string;
	all: boolean;
	alias?: string;
	version: string;
}
type Lit = { kind: 'null' } | { kind: 'v'; v: unknown } | { kind: 'range'; r: Range } | { kind: 'like'; re: RegExp };
const AGG = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

export interface SoqlResult {
	totalSize: number;
	records: unknown[];
	sobject: string;
}

export class SoqlEngine {
	constructor(private readonly store: OrgStore) {}

	run(soql: string, opts: { all: boolean; version?: string }): SoqlResult {
		let q: Query;
		try {
			q = parseQuery(soql);
		} catch (e) {
			const msg = String((e as Error).message ?? e);
			const found = /but found:? -*>? ?'([^']*)'/.exec(msg);
			const lex = /at offset: (\d+)/.exec(msg);
			const offset = found ? locate(soql, found[1]) : lex ? Number(lex[1]) : soql.length;
			const text = found
				? `unexpected token: ${found[1] || '<EOF>'}`
				: lex
					? `unexpected token: '${soql[Number(lex[1])]}'`
					: 'unexpected token';
			throw new SfError('MALFORMED_QUERY', framed(soql, found && !found[1] ? soql.length : offset, text));
		}
		const obj = this.store.schema.get(q.sObject ?? '');
		if (!obj)
			throw new SfError(
				'INVALID_TYPE',
				framed(
					soql,
					locate(soql, q.sObject ?? ''),
					`sObject type '${q.sObject}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
				),
			);
		const ctx: Ctx = { soql, type: obj.name, all: opts.all, alias: q.sObjectAlias, version: opts.version ?? '66.0' };
		return { ...this.execute(q, ctx, this.store.rows(obj.name, opts.all)), sobject: obj.name };
	}

	/** Ids of rows matching a SOQL (used by SOSL's RETURNING … WHERE). */
	private execute(q: Query | Subquery, ctx: Ctx, rows: Rec[]): { totalSize: number; records: unknown[] } {
		const fields = this.expandFields(q.fields ?? [], ctx);
		const where = whereTree(q.where);
		if (where) this.checkNode(where, ctx);
		let hits = where ? rows.filter((r) => this.test(where, r, ctx)) : rows;
		const aggregate = !!q.groupBy || fields.some((f) => f.type === 'FieldFunctionExpression' && AGG.has(f.functionName.toUpperCase()));
		if (aggregate) return this.aggregate(q, fields, hits, ctx);
		const orders = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
		if (orders.length) {
			const keys = orders.map((o) => {
				if (!('field' in o))
					throw new SfError('MALFORMED_QUERY', framed(ctx.soql, 0, 'Ordering by a function is only supported in aggregate queries'));
				const path = this.path(o.field, ctx);
				this.resolve(ctx.type, path, ctx);
				return { path, desc: o.order === 'DESC', nullsLast: o.nulls === 'LAST' };
			});
			hits = [...hits].sort((a, b) => {
				for (const k of keys) {
					const c = compareValues(this.valueAt(a, k.path), this.valueAt(b, k.path), k.desc, k.nullsLast);
					if (c) return c;
				}
				return 0;
			});
		}
		hits = hits.slice(q.offset ?? 0, q.limit !== undefined ? (q.offset ?? 0) + q.limit : undefined);
		if (fields.length === 1 && fields[0].type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT')
			return { totalSize: hits.length, records: [] };
		return { totalSize: hits.length, records: hits.map((r) => this.project(r, fields, ctx)) };
	}

	private expandFields(fields: PFieldType[], ctx: Ctx): PFieldType[] {
		const out: PFieldType[] = [];
		for (const f of fields) {
			if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS') {
				const which = String(f.parameters[0]).toUpperCase();
				for (const d of this.store.schema.get(ctx.type)!.fields)
					if (which === 'ALL' || (which === 'CUSTOM') === d.custom) out.push({ type: 'Field', field: d.name });
			} else out.push(f);
		}
		return out;
	}

	/** Splits 'Account.Name' and drops the FROM alias. */
	private path(raw: string, ctx: Ctx): string[] {
		const p = raw.split('.');
		if (ctx.alias && p.length > 1 && p[0].toLowerCase() === ctx.alias.toLowerCase()) p.shift();
		return p;
	}

	/** Validates a field path; returns canonical names and the final field. */
	private resolve(type: string, path: string[], ctx: Ctx): { names: string[]; field: FieldDef } {
		const schema = this.store.schema;
		const names: string[] = [];
		let t = type;
		for (let i = 0; i < path.length - 1; i++) {
			const rel = schema.relationship(t, path[i]);
			if (!rel)
				throw new SfError(
					'INVALID_FIELD',
					framed(
						ctx.soql,
						locate(ctx.soql, path.slice(0, path.length).join('.')),
						`Didn't understand relationship '${path[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
					),
				);
			names.push(rel.relationshipName!);
			t = rel.referenceTo.find((r) => schema.field(r, path[path.length - 1])) ?? rel.referenceTo[0];
		}
		const field = schema.field(t, path[path.length - 1]);
		if (!field)
			throw new SfError(
				'INVALID_FIELD',
				framed(
					ctx.soql,
					locate(ctx.soql, path.join('.')),
					`No such column '${path[path.length - 1]}' on entity '${t}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
				),
			);
		names.push(field.name);
		return { names, field };
	}

	/** Walks a path through parent ids at runtime; returns the value and the final field def. */
	private lookup(rec: Rec, path: string[]): { value: unknown; field?: FieldDef } {
		const schema = this.store.schema;
		let cur: Rec | undefined = rec;
		for (let i = 0; i < path.length - 1; i++) {
			const rel = schema.relationship(cur.type, path[i]);
			const id: unknown = rel ? cur.fields[rel.name] : null;
			cur = typeof id === 'string' ? this.store.raw(id) : undefined;
			if (!cur) return { value: null };
		}
		const field = schema.field(cur.type, path[path.length - 1]);
		return { value: field ? (cur.fields[field.name] ?? null) : null, field };
	}
	private valueAt(rec: Rec, path: string[]): unknown {
		return this.lookup(rec, path).value;
	}

	private project(rec: Rec, fields: PFieldType[], ctx: Ctx): Fields {
		const out: Fields = {
			attributes: { type: rec.type, url: `/services/data/v${ctx.version}/sobjects/${rec.type}/${rec.fields.Id as string}` },
		};
		for (const f of fields) {
			if (f.type === 'Field' || f.type === 'FieldRelationship') {
				const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
				const path = this.path(raw, ctx);
				this.resolve(rec.type, path, ctx);
				this.place(out, rec, path);
			} else if (f.type === 'FieldSubquery') {
				const sub = f.subquery;
				const cr = this.store.schema.childRelationship(rec.type, sub.relationshipName);
				if (!cr)
					throw new SfError(
						'INVALID_TYPE',
						framed(
							ctx.soql,
							locate(ctx.soql, sub.relationshipName),
							`Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
						),
					);
				const kids = this.store.rows(cr.childSObject, ctx.all).filter((k) => k.fields[cr.field] === rec.fields.Id);
				const res = this.execute(sub, { ...ctx, type: cr.childSObject, alias: undefined }, kids);
				// no children → null (unverified, wire notes §4)
				out[cr.relationshipName] = res.totalSize ? { totalSize: res.totalSize, done: true, records: res.records } : null;
			} else if (f.type === 'FieldFunctionExpression' && ['TOLABEL', 'FORMAT', 'CONVERTCURRENCY'].includes(f.functionName.toUpperCase())) {
				const path = this.path(String(f.parameters[0]), ctx);
				const { names } = this.resolve(rec.type, path, ctx);
				const key = f.alias ?? names[names.length - 1];
				out[key] = this.valueAt(rec, path);
			} else {
				throw new SfError('MALFORMED_QUERY', framed(ctx.soql, 0, `The emulator does not support this SELECT item: ${JSON.stringify(f)}`));
			}
		}
		return out;
	}

	/** Sets out[Rel]...[Field] for a path, creating parent objects (or null for a missing parent). */
	private place(out: Fields, rec: Rec, path: string[]) {
		const schema = this.store.schema;
		if (path.length === 1) {
			const f = schema.field(rec.type, path[0])!;
			out[f.name] = rec.fields[f.name] ?? null;
			return;
		}
		const rel = schema.relationship(rec.type, path[0])!;
		const key = rel.relationshipName!;
		const id = rec.fields[rel.name];
		const parent = typeof id === 'string' ? this.store.raw(id) : undefined;
		if (!parent) {
			if (!(key in out)) out[key] = null;
			return;
		}
		let nested = out[key] as Fields | null | undefined;
		if (!nested)
			nested = out[key] = {
				attributes: { type: parent.type, url: `/services/data/v66.0/sobjects/${parent.type}/${parent.fields.Id as string}` },
			};
		this.place(nested, parent, path.slice(1));
	}

	// ----- WHERE -----
	private checkNode(n: Node, ctx: Ctx) {
		if (n.op === 'COND') {
			if (n.c.field) this.resolve(ctx.type, this.path(n.c.field, ctx), ctx);
			return;
		}
		this.checkNode(n.a, ctx);
		if (n.op !== 'NOT') this.checkNode(n.b, ctx);
	}

	private test(n: Node, r: Rec, ctx: Ctx, agg?: (raw: string) => unknown): boolean {
		switch (n.op) {
			case 'AND':
				return this.test(n.a, r, ctx, agg) && this.test(n.b, r, ctx, agg);
			case 'OR':
				return this.test(n.a, r, ctx, agg) || this.test(n.b, r, ctx, agg);
			case 'NOT':
				return !this.test(n.a, r, ctx, agg);
			default:
				return this.cond(n.c, r, ctx, agg);
		}
	}

	private literals(c: Cond, ctx: Ctx, field?: FieldDef): Lit[] {
		if (c.valueQuery) {
			const sub = this.run(this.subSoql(c.valueQuery), { all: false });
			return sub.records.map((x) => ({ kind: 'v', v: Object.entries(x as Fields).find(([k]) => k !== 'attributes')?.[1] ?? null }));
		}
		const vals = Array.isArray(c.value) ? c.value : [c.value ?? ''];
		const types = Array.isArray(c.literalType) ? c.literalType : vals.map(() => c.literalType as string);
		const ns = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : vals.map(() => c.dateLiteralVariable as number | undefined);
		const like = c.operator.toUpperCase() === 'LIKE';
		return vals.map((raw, i): Lit => {
			switch (types[i]) {
				case 'STRING': {
					const s = unescapeSoql(raw, like, ctx.soql);
					if (like) return { kind: 'like', re: likeRegex(s) };
					if (field && (field.type === 'id' || field.type === 'reference')) return { kind: 'v', v: normalizeId(s) ?? s };
					if (field && (field.type === 'date' || field.type === 'datetime') && !isNaN(Date.parse(s))) return { kind: 'v', v: s }; // string against date: compare as text
					return { kind: 'v', v: s };
				}
				case 'INTEGER':
				case 'DECIMAL':
					return { kind: 'v', v: Number(raw) };
				case 'INTEGER_WITH_CURRENCY_PREFIX':
				case 'DECIMAL_WITH_CURRENCY_PREFIX':
					return { kind: 'v', v: Number(raw.replace(/^[A-Z]{3}/i, '')) };
				case 'BOOLEAN':
					return { kind: 'v', v: raw.toUpperCase() === 'TRUE' };
				case 'NULL':
					return { kind: 'null' };
				case 'DATE':
					return { kind: 'range', r: { start: Date.parse(raw + 'T00:00:00Z'), end: Date.parse(raw + 'T00:00:00Z') + DAY } };
				case 'DATETIME': {
					const t = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
					return { kind: 'range', r: { start: t, end: t + 1 } };
				}
				case 'DATE_LITERAL':
				case 'DATE_N_LITERAL':
					return { kind: 'range', r: dateLiteralRange(raw.split(':')[0], ns[i], this.store.now()) };
				default:
					throw new SfError('MALFORMED_QUERY', framed(ctx.soql, locate(ctx.soql, raw), `unexpected token: ${raw}`));
			}
		});
	}

	private subSoql(q: Query): string {
		const f = q.fields?.[0];
		const field = f && f.type === 'Field' ? f.field : f && f.type === 'FieldRelationship' ? [...f.relationships, f.field].join('.') : 'Id';
		return composeQuery({ ...q, fields: [{ type: 'Field', field }] } as Query);
	}

	private cond(c: Cond, r: Rec, ctx: Ctx, agg?: (raw: string) => unknown): boolean {
		let v: unknown;
		let field: FieldDef | undefined;
		if (c.fn) {
			if (!agg)
				throw new SfError(
					'MALFORMED_QUERY',
					framed(ctx.soql, locate(ctx.soql, c.fn.functionName ?? ''), 'The emulator supports functions in WHERE only in HAVING'),
				);
			v = agg(c.fn.rawValue ?? '');
		} else {
			const res = this.lookup(r, this.path(c.field!, ctx));
			v = res.value;
			field = res.field;
		}
		const lits = this.literals(c, ctx, field);
		const op = c.operator.toUpperCase();
		const isDate = field?.type === 'date' || field?.type === 'datetime';
		const point = (x: unknown) =>
			typeof x === 'string' ? Date.parse(field?.type === 'date' ? x + 'T00:00:00Z' : x.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
		const eq = (l: Lit): boolean => {
			if (l.kind === 'null') return v === null || v === undefined;
			if (v === null || v === undefined) return false;
			if (l.kind === 'range') {
				const t = point(v);
				return t >= l.r.start && t < l.r.end;
			}
			if (l.kind === 'like') return typeof v === 'string' && l.re.test(v);
			if (typeof v === 'string' && typeof l.v === 'string')
				return field?.type === 'id' || field?.type === 'reference' ? v === l.v : v.toLowerCase() === l.v.toLowerCase();
			return v === l.v;
		};
		const cmp = (l: Lit): number => {
			if (l.kind === 'range') {
				const t = point(v);
				return t < l.r.start ? -1 : t >= l.r.end ? 1 : 0;
			}
			if (l.kind !== 'v') return NaN;
			if (isDate && typeof l.v === 'string') {
				const t = point(v),
					u = point(l.v);
				return t < u ? -1 : t > u ? 1 : 0;
			}
			return compareValues(v, l.v, false, false);
		};
		switch (op) {
			case '=':
			case 'LIKE':
				return eq(lits[0]);
			case '!=':
			case '<>':
				return !eq(lits[0]);
			case 'IN':
				return lits.some(eq);
			case 'NOT IN':
				return !lits.some(eq);
			case 'INCLUDES':
			case 'EXCLUDES': {
				const have = new Set(typeof v === 'string' ? v.split(';').map((s) => s.toLowerCase()) : []);
				const any = lits.some(
					(l) =>
						l.kind === 'v' &&
						String(l.v)
							.split(';')
							.every((s) => have.has(s.trim().toLowerCase())),
				);
				return op === 'INCLUDES' ? any : !any;
			}
		}
		if (v === null || v === undefined || lits[0].kind === 'null') return false;
		const c0 = cmp(lits[0]);
		return op === '<' ? c0 < 0 : op === '<=' ? c0 <= 0 : op === '>' ? c0 > 0 : op === '>=' ? c0 >= 0 : false;
	}

	// ----- aggregates -----
	private aggregate(q: Query | Subquery, fields: PFieldType[], rows: Rec[], ctx: Ctx): { totalSize: number; records: unknown[] } {
		const groupBy = q.groupBy ? (Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy]) : [];
		const gPaths = groupBy.map((g) => {
			if (!('field' in g))
				throw new SfError('MALFORMED_QUERY', framed(ctx.soql, 0, 'GROUP BY functions are not supported by the emulator'));
			const p = this.path(g.field, ctx);
			this.resolve(ctx.type, p, ctx);
			return p;
		});
		if (
			!groupBy.length &&
			fields.length === 1 &&
			fields[0].type === 'FieldFunctionExpression' &&
			fields[0].functionName.toUpperCase() === 'COUNT' &&
			!fields[0].parameters.length
		)
			return { totalSize: Math.min(rows.length, q.limit ?? Infinity), records: [] };
		const groups = new Map<string, Rec[]>();
		for (const r of rows) {
			const key = JSON.stringify(
				gPaths.map((p) => {
					const v = this.valueAt(r, p);
					return typeof v === 'string' ? v.toLowerCase() : v;
				}),
			);
			if (!groups.has(key)) groups.set(key, []);
			groups.get(key)!.push(r);
		}
		if (!groupBy.length && !groups.size) groups.set('[]', []);
		const calc = (fn: string, param: string | undefined, rs: Rec[]): unknown => {
			const F = fn.toUpperCase();
			if (F === 'COUNT' && !param) return rs.length;
			const p = this.path(String(param), ctx);
			this.resolve(ctx.type, p, ctx);
			const vals = rs.map((r) => this.valueAt(r, p)).filter((x) => x !== null && x !== undefined);
			if (F === 'COUNT') return vals.length;
			if (F === 'COUNT_DISTINCT') return new Set(vals.map((x) => (typeof x === 'string' ? x.toLowerCase() : x))).size;
			if (!vals.length) return null;
			if (F === 'SUM') return vals.reduce((a: number, b) => a + Number(b), 0);
			if (F === 'AVG') return (vals.reduce((a: number, b) => a + Number(b), 0) as number) / vals.length;
			const sorted = [...vals].sort((a, b) => compareValues(a, b, false, false));
			return F === 'MIN' ? sorted[0] : sorted[sorted.length - 1];
		};
		const fnOf = (raw: string) => /^(\w+)\((.*)\)$/.exec(raw.replace(/\s+/g, ''));
		const aggByRaw = (rs: Rec[]) => (raw: string) => {
			const m = fnOf(raw);
			return m ? calc(m[1], m[2] || undefined, rs) : null;
		};
		let list = [...groups.values()].map((rs) => {
			const out: Fields = { attributes: { type: 'AggregateResult' } };
			let expr = 0;
			for (const f of fields) {
				if (f.type === 'FieldFunctionExpression' && AGG.has(f.functionName.toUpperCase())) {
					out[f.alias ?? `expr${expr++}`] = calc(f.functionName, f.parameters[0] as string | undefined, rs);
				} else if (f.type === 'Field' || f.type === 'FieldRelationship') {
					const path = this.path(f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.'), ctx);
					const { names } = this.resolve(ctx.type, path, ctx);
					if (!gPaths.some((g) => g.join('.').toLowerCase() === path.join('.').toLowerCase()))
						throw new SfError(
							'MALFORMED_QUERY',
							framed(ctx.soql, locate(ctx.soql, path.join('.')), `Field must be grouped or aggregated: ${names[names.length - 1]}`),
						);
					out[(f as { alias?: string }).alias ?? names[names.length - 1]] = rs.length ? this.valueAt(rs[0], path) : null;
				} else throw new SfError('MALFORMED_QUERY', framed(ctx.soql, 0, 'unsupported aggregate select item'));
			}
			return { out, rs };
		});
		const having = whereTree(q.having as WhereClause | undefined);
		if (having) list = list.filter((g) => (g.rs.length ? this.test(having, g.rs[0], ctx, aggByRaw(g.rs)) : false));
		const orders = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
		if (orders.length)
			list.sort((a, b) => {
				for (const o of orders) {
					const get = (g: { rs: Rec[] }) =>
						'fn' in o ? aggByRaw(g.rs)(o.fn.rawValue ?? '') : g.rs.length ? this.valueAt(g.rs[0], this.path(o.field, ctx)) : null;
					const c = compareValues(get(a), get(b), o.order === 'DESC', o.nulls === 'LAST');
					if (c) return c;
				}
				return 0;
			});
		list = list.slice(q.offset ?? 0, q.limit !== undefined ? (q.offset ?? 0) + q.limit : undefined);
		return { totalSize: list.length, records: list.map((g) => g.out) };
	}

	/** Rows of `type` matching a WHERE text (for SOSL). */
	filter(type: string, where: string | undefined, rows: Rec[]): Rec[] {
		if (!where) return rows;
		const soql = `SELECT Id FROM ${type} WHERE ${where}`;
		const q = parseQuery(soql);
		const ctx: Ctx = { soql, type, all: false, version: '66.0' };
		const tree = whereTree(q.where)!;
		this.checkNode(tree, ctx);
		return rows.filter((r) => this.test(tree, r, ctx));
	}
	/** Projects rows with a field list text (for SOSL). */
	projectRows(type: string, fieldList: string, rows: Rec[], version: string, orderBy?: string): Fields[] {
		const soql = `SELECT ${fieldList} FROM ${type}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
		const q = parseQuery(soql);
		const ctx: Ctx = { soql, type, all: false, version };
		return this.execute(q, ctx, rows).records as Fields[];
	}
}

function likeRegex(pattern: string): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_' || pattern[i + 1] === '\\')) {
			re += '\\' + pattern[++i];
			continue;
		}
		re += c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${re}$`, 'i');
}

/** Sort comparator; nulls first by default (SOQL default is NULLS FIRST — applied for DESC too, a guess). */
export function compareValues(a: unknown, b: unknown, desc: boolean, nullsLast: boolean): number {
	const an = a === null || a === undefined,
		bn = b === null || b === undefined;
	if (an || bn) return an && bn ? 0 : (an ? -1 : 1) * (nullsLast ? -1 : 1);
	let c: number;
	if (typeof a === 'number' && typeof b === 'number') c = a - b;
	else if (typeof a === 'boolean' && typeof b === 'boolean') c = Number(a) - Number(b);
	else {
		const x = String(a).toLowerCase(),
			y = String(b).toLowerCase();
		c = x < y ? -1 : x > y ? 1 : 0;
	}
	return desc ? -c : c;
}
