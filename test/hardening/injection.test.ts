import { isDeepStrictEqual } from 'node:util';

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';

// The emulator's index first: its modules import each other in that order.
import '../emulator';
import { unescapeSoql } from '../emulator/soql';
import { readBraces, unescapeTerm } from '../emulator/sosl';
import { buildSoql, escapeSoqlLike, escapeSoqlString, soqlLiteral, soqlString } from '../../nodes/shared/services/soql';
import { buildSosl } from '../../nodes/shared/services/sosl';
import { SalesforceInputError } from '../../nodes/shared/transport/errors';
import { hostileStrings } from './generators';
import { recordFigure } from './report';

/**
 * Issue #7, part 3: user values never become query structure. 10,000 generated hostile strings go into every
 * place a value enters SOQL or SOSL, and the emulator's own parsers (the SOQL parser library it runs on plus its
 * unescaper, its FIND reader) must see exactly one literal equal to the input. The workflow-level half of this
 * (a few hundred through the node over HTTP) is in injection-workflow.test.ts.
 */

const N = 10_000;
const values = hostileStrings(N, 20260507);

/** The WHERE clause must be exactly one condition on `field` with `operator`; returns its raw value(s). */
function single(soql: string, field: string, operator: string): { value: string | string[]; literalType: unknown } {
	const q = parseQuery(soql) as Query;
	const where = q.where as { left?: Record<string, unknown>; right?: unknown; operator?: unknown } | undefined;
	if (!where?.left) throw new Error(`no WHERE in ${soql}`);
	if (where.right !== undefined || where.operator !== undefined) throw new Error(`more than one condition in ${soql}`);
	const left = where.left;
	if (left.field !== field || String(left.operator).toUpperCase() !== operator) throw new Error(`condition changed in ${soql}`);
	if (left.openParen || left.closeParen) throw new Error(`parentheses appeared in ${soql}`);
	if (q.limit !== undefined || q.orderBy !== undefined || q.sObject !== 'Account' || q.fields?.length !== 1)
		throw new Error(`query structure changed: ${soql}`);
	return { value: left.value as string | string[], literalType: left.literalType };
}

function fail(kind: string, value: string, error: unknown): never {
	throw new Error(`${kind}: value ${JSON.stringify(value)} did not round-trip: ${(error as Error).message ?? String(error)}`);
}

/** Plain assertions: jest's expect() costs too much inside 10,000-iteration loops. */
function same(actual: unknown, expected: unknown): void {
	if (!isDeepStrictEqual(actual, expected)) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function sameLength(actual: { length: number }, n: number): void {
	same(actual.length, n);
}
function matches(actual: string, re: RegExp): void {
	if (!re.test(actual)) throw new Error(`${JSON.stringify(actual)} does not match ${String(re)}`);
}
function instance(actual: unknown, type: new (...args: never[]) => unknown): void {
	if (!(actual instanceof type)) throw new Error(`expected a ${type.name}, got ${String(actual)}`);
}
function less(actual: number, n: number): void {
	if (!(actual < n)) throw new Error(`expected < ${n}, got ${actual}`);
}
function greater(actual: number, n: number): void {
	if (!(actual > n)) throw new Error(`expected > ${n}, got ${actual}`);
}
function throwsLike(fn: () => unknown, re: RegExp): void {
	try {
		fn();
	} catch (error) {
		matches((error as Error).message, re);
		return;
	}
	throw new Error('expected a throw');
}

describe('10,000 hostile strings against the emulator’s SOQL and SOSL parsers', () => {
	test('= : buildSoql / soqlLiteral — one STRING literal, unescaped back to the input', () => {
		for (const v of values) {
			const soql = buildSoql({
				object: 'Account',
				fields: ['Id'],
				conditions: [{ field: 'Name', operator: '=', value: v, type: 'string' }],
			});
			try {
				const { value, literalType } = single(soql, 'Name', '=');
				same(literalType, 'STRING');
				same(unescapeSoql(String(value), false, soql), v);
				same(soqlLiteral(v), soqlString(v));
			} catch (error) {
				fail('=', v, error);
			}
		}
	});

	test('LIKE : buildSoql keeps the user’s own wildcards; the literal is the input exactly', () => {
		for (const v of values) {
			const soql = buildSoql({ object: 'Account', fields: ['Id'], conditions: [{ field: 'Name', operator: 'LIKE', value: v }] });
			try {
				const { value, literalType } = single(soql, 'Name', 'LIKE');
				same(literalType, 'STRING');
				// In LIKE mode the emulator keeps escapes for its matcher: the user's backslashes are literal (\\), the
				// user's own % and _ stay wildcards.
				same(unescapeSoql(String(value), true, soql), v.replace(/\\/g, '\\\\'));
			} catch (error) {
				fail('LIKE', v, error);
			}
		}
	});

	test('IN : every list value arrives as its own literal, list length unchanged', () => {
		for (let n = 0; n < values.length; n += 3) {
			const list = values.slice(n, n + 1 + (n % 5));
			const soql = buildSoql({
				object: 'Account',
				fields: ['Id'],
				conditions: [{ field: 'Name', operator: 'IN', value: list, type: 'string' }],
			});
			try {
				const { value, literalType } = single(soql, 'Name', 'IN');
				const raw = Array.isArray(value) ? value : [value];
				sameLength(raw, list.length);
				// The parser gives one literalType for a list of one type, or one per value.
				same(
					Array.isArray(literalType) ? literalType : list.map(() => literalType),
					list.map(() => 'STRING'),
				);
				same(
					raw.map((r) => unescapeSoql(r, false, soql)),
					list,
				);
			} catch (error) {
				fail('IN', JSON.stringify(list), error);
			}
		}
	});

	test("listSearch filter LIKE '%…%' (escapeSoqlLike): the input’s % and _ are literal, nothing else changes", () => {
		for (const v of values) {
			const soql = `SELECT Id FROM Account WHERE Name LIKE '%${escapeSoqlLike(v)}%'`;
			try {
				const { value } = single(soql, 'Name', 'LIKE');
				same(unescapeSoql(String(value), true, soql), `%${v.replace(/[\\%_]/g, '\\$&')}%`);
			} catch (error) {
				fail('listSearch LIKE', v, error);
			}
		}
	});

	test('typed literals (number, boolean, date, datetime) are a bare token or refused, never structure', () => {
		let refused = 0;
		for (const v of values) {
			for (const type of ['double', 'int', 'boolean', 'date', 'datetime']) {
				let literal: string;
				try {
					literal = soqlLiteral(v, type);
				} catch (error) {
					instance(error, SalesforceInputError);
					refused++;
					continue;
				}
				matches(
					literal,
					/^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-][\d:]+))?|[A-Z_0-9]+(?::\d+)?)$/i,
				);
			}
		}
		greater(refused, 0);
	});

	test('SOSL buildSosl: the FIND braces hold exactly one phrase equal to the input', () => {
		let refusedShort = 0;
		for (const v of values) {
			let sosl: string;
			try {
				sosl = buildSosl({ text: v, objects: [{ name: 'Account', fields: ['Id', 'Name'] }], scope: 'NAME' });
			} catch (error) {
				instance(error, SalesforceInputError);
				less(v.trim().length, 2);
				refusedShort++;
				continue;
			}
			try {
				const { raw, rest } = readBraces(sosl);
				same(rest, ' IN NAME FIELDS RETURNING Account(Id, Name)');
				// Strict reading: one quoted phrase, every other character escaped; the text is the input with its
				// line breaks and tabs folded to spaces (SOSL has no line breaks in a term) and trimmed.
				same(raw.startsWith('"') && raw.endsWith('"'), true);
				const inner = raw.slice(1, -1);
				same(/(^|[^\\])(\\\\)*["]/.test(inner.replace(/\\\\/g, '')), false);
				same(inner.replace(/\\([\s\S])/g, '$1'), v.trim().replace(/[\r\n\t]+/g, ' '));
				// The emulator's FIND parser: one alternative, one word (the phrase), nothing read as an operator.
				const alts = unescapeTerm(raw);
				sameLength(alts, 1);
				same(alts[0], [
					{
						text: v
							.trim()
							.replace(/[\r\n\t]+/g, ' ')
							.trim()
							.replace(/\s+/g, ' ')
							.toLowerCase(),
						wildcardEnd: false,
					},
				]);
			} catch (error) {
				fail('SOSL', v, error);
			}
		}
		recordFigure(
			'Injection',
			'SOQL/SOSL parser round trip',
			`${N.toLocaleString('en')} generated strings × (=, LIKE, IN, listSearch LIKE, 5 typed literals, SOSL FIND): every value one literal equal to the input; 0 structure changes (${refusedShort} SOSL terms under 2 characters refused)`,
		);
	});

	test('escapeSoqlString only ever produces Salesforce’s documented escapes', () => {
		for (const v of values) {
			const escaped = escapeSoqlString(v);
			same(/\\(?![nrtbf"'\\]|u[0-9a-f]{4})/.test(escaped.replace(/\\\\/g, '')), false);
			same(/(^|[^\\])(\\\\)*'/.test(escaped), false);
		}
	});
});

describe('SOSL clauses outside the FIND term (issue #13: "Search In" reached the statement unchecked)', () => {
	const search = { text: 'acme', objects: [{ name: 'Account', fields: ['Id'] }] };

	test("Search In takes only SOSL's scopes; 10,000 generated strings and known attacks are refused", () => {
		for (const scope of ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'] as const) {
			same(buildSosl({ ...search, scope }), `FIND {"acme"} IN ${scope} FIELDS RETURNING Account(Id)`);
		}
		const attacks = [
			'ALL FIELDS RETURNING User(Id, Email, Username) WHERE',
			'all',
			'NAME FIELDS RETURNING User(Id)',
			' ALL',
			'ALL\n',
			...values,
		];
		for (const scope of attacks)
			throwsLike(() => buildSosl({ ...search, scope: scope as 'ALL' }), /^Search In ".*" is not one of ALL, NAME, EMAIL, PHONE, SIDEBAR$/s);
	});

	test('LIMIT takes only whole numbers from 1 (a text or fraction never reaches the statement)', () => {
		same(buildSosl({ ...search, limit: 7 }), 'FIND {"acme"} IN ALL FIELDS RETURNING Account(Id) LIMIT 7');
		for (const limit of [0, -1, 1.5, Number.NaN, Infinity, '5 OFFSET 10', '5', [5]]) {
			throwsLike(() => buildSosl({ ...search, limit: limit as number }), /^Limit ".*" must be a whole number from 1 up$/);
			throwsLike(
				() => buildSosl({ ...search, objects: [{ name: 'Account', limit: limit as number }] }),
				/^Limit ".*" must be a whole number from 1 up$/,
			);
		}
	});
});

describe('emulator sanity for this suite', () => {
	test('an unescaped quote really is structure to the parser (the check above would catch it)', () => {
		const naive = `SELECT Id FROM Account WHERE Name = '${"x' OR Name != 'y"}'`;
		throwsLike(() => single(naive, 'Name', '='), /more than one condition/);
	});
});
