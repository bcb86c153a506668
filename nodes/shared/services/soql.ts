import { SalesforceInputError } from '../transport/errors';
import { isApiName, isFieldPath } from './ids';

/**
 * Escapes a value for a single-quoted SOQL string literal with the escapes of SOQL and SOSL Reference, "Quoted String
 * Escape Sequences" (docs/salesforce-wire-notes.md §4): backslash and both quotes, the control characters SOQL spells
 * as escapes, and U+2028/U+2029 as \uXXXX. jsforce escapes only the quote; that lets a trailing backslash swallow the
 * closing quote, so we do not copy it.
 */
export function escapeSoqlString(value: string): string {
	return value.replace(/[\\'"\n\r\t\b\f\u2028\u2029]/g, (ch) => {
		switch (ch) {
			// Line/paragraph separators: spelled as \uXXXX, which "Quoted String Escape Sequences" documents ("a Unicode
			// character with XXXX as the code"), so no line terminator reaches the query raw. Whether Salesforce would
			// take them raw is not known (the emulator's parser refuses them); the escaped form is valid either way.
			case '\u2028':
				return '\\u2028';
			case '\u2029':
				return '\\u2029';
			case '\n':
				return '\\n';
			case '\r':
				return '\\r';
			case '\t':
				return '\\t';
			case '\b':
				return '\\b';
			case '\f':
				return '\\f';
			default:
				return '\\' + ch;
		}
	});
}

/** As escapeSoqlString, and the LIKE wildcards % and _ become literal. */
export function escapeSoqlLike(value: string): string {
	return escapeSoqlString(value).replace(/[%_]/g, (ch) => '\\' + ch);
}

/** A quoted SOQL string literal. */
export function soqlString(value: string): string {
	return `'${escapeSoqlString(value)}'`;
}

export type SoqlFieldType =
	'string' | 'boolean' | 'int' | 'double' | 'currency' | 'percent' | 'date' | 'datetime' | 'time' | 'id' | 'reference' | string;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;
const DATE_LITERAL =
	/^(?:YESTERDAY|TODAY|TOMORROW|(?:LAST|THIS|NEXT)_(?:WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)|LAST_90_DAYS|NEXT_90_DAYS|(?:LAST|NEXT)_N_(?:DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS):\d+|N_(?:DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)_AGO:\d+)$/;

/**
 * A SOQL literal for a value, quoted by the field's describe type, never by the look of the value
 * (a numeric-looking text external id stays quoted). Unknown types are quoted as strings.
 */
export function soqlLiteral(value: unknown, type: SoqlFieldType = 'string'): string {
	if (value === null || value === undefined) return 'null';
	switch (type) {
		case 'boolean': {
			if (typeof value === 'boolean') return String(value);
			const text = String(value).toLowerCase();
			if (text === 'true' || text === 'false') return text;
			throw new SalesforceInputError(`"${String(value)}" is not a boolean (true or false)`);
		}
		case 'int':
		case 'long':
		case 'double':
		case 'currency':
		case 'percent': {
			const num = typeof value === 'number' ? value : Number(String(value).trim());
			if (!Number.isFinite(num) || String(value).trim() === '') {
				throw new SalesforceInputError(`"${String(value)}" is not a number`);
			}
			return String(num);
		}
		case 'date':
		case 'datetime': {
			const text = String(value).trim();
			if (DATE_LITERAL.test(text)) return text;
			if (type === 'date' && DATE.test(text)) return text;
			if (type === 'datetime' && DATETIME.test(text)) return text;
			if (type === 'datetime' && DATE.test(text)) return `${text}T00:00:00Z`;
			throw new SalesforceInputError(
				`"${text}" is not a valid ${type} (use ${type === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DDThh:mm:ssZ'} or a date literal such as LAST_N_DAYS:7)`,
			);
		}
		default:
			return soqlString(String(value));
	}
}

export const SOQL_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'IN', 'NOT IN', 'INCLUDES', 'EXCLUDES'] as const;
export type SoqlOperator = (typeof SOQL_OPERATORS)[number];

export interface SoqlCondition {
	field: string;
	operator: SoqlOperator;
	value: unknown;
	/** Describe type of the field; decides quoting. */
	type?: SoqlFieldType;
}

export interface SoqlSelect {
	object: string;
	fields: string[];
	conditions?: SoqlCondition[];
	/** How conditions combine. */
	combine?: 'AND' | 'OR';
	orderBy?: { field: string; direction?: 'ASC' | 'DESC' }[];
	limit?: number;
	offset?: number;
}

function assertName(name: string, what: string, path = false): void {
	if (!(path ? isFieldPath(name) : isApiName(name))) {
		throw new SalesforceInputError(`${what} "${name}" is not a valid Salesforce API name`, { field: what });
	}
}

/** Builds SOQL from parts: every name validated, every value escaped and quoted by type. */
export function buildSoql(select: SoqlSelect): string {
	assertName(select.object, 'Object');
	if (!select.fields.length) throw new SalesforceInputError('Choose at least one field to return', { field: 'fields' });
	for (const field of select.fields) assertName(field, 'Field', true);
	let soql = `SELECT ${[...new Set(select.fields)].join(', ')} FROM ${select.object}`;
	const conditions = select.conditions ?? [];
	if (conditions.length) {
		const parts = conditions.map((c) => {
			assertName(c.field, 'Condition field', true);
			if (!SOQL_OPERATORS.includes(c.operator)) {
				throw new SalesforceInputError(`Operator "${String(c.operator)}" is not allowed`, { field: 'operator' });
			}
			if (c.operator === 'IN' || c.operator === 'NOT IN' || c.operator === 'INCLUDES' || c.operator === 'EXCLUDES') {
				const values = Array.isArray(c.value)
					? c.value
					: String(c.value ?? '')
							.split(',')
							.map((v) => v.trim())
							.filter((v) => v !== '');
				if (!values.length) throw new SalesforceInputError(`"${c.field} ${c.operator}" needs at least one value`);
				return `${c.field} ${c.operator} (${values.map((v) => soqlLiteral(v, c.type)).join(', ')})`;
			}
			if (c.operator === 'LIKE') return `${c.field} LIKE ${soqlString(String(c.value ?? ''))}`;
			return `${c.field} ${c.operator} ${soqlLiteral(c.value, c.type)}`;
		});
		soql += ` WHERE ${parts.join(` ${select.combine === 'OR' ? 'OR' : 'AND'} `)}`;
	}
	if (select.orderBy?.length) {
		soql += ` ORDER BY ${select.orderBy
			.map((o) => {
				assertName(o.field, 'Sort field', true);
				return `${o.field} ${o.direction === 'DESC' ? 'DESC' : 'ASC'}`;
			})
			.join(', ')}`;
	}
	if (select.limit !== undefined) {
		if (!Number.isInteger(select.limit) || select.limit < 1) throw new SalesforceInputError('Limit must be a positive whole number');
		soql += ` LIMIT ${select.limit}`;
	}
	if (select.offset) {
		if (!Number.isInteger(select.offset) || select.offset < 0 || select.offset > 2000) {
			throw new SalesforceInputError('Offset must be a whole number from 0 to 2000');
		}
		soql += ` OFFSET ${select.offset}`;
	}
	return soql;
}
