import type { IDataObject } from 'n8n-workflow';

import { isApiName } from './ids';
import { SalesforceInputError } from '../transport/errors';

/**
 * CSV for Bulk API 2.0 (RFC 4180, comma, LF): every non-empty value quoted with quotes doubled, so commas,
 * quotes and line breaks inside values survive. An empty field means "leave as is"; `#N/A` sets a field to null.
 */
export const BULK_NULL = '#N/A';

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Salesforce's dateTime format (yyyy-MM-ddTHH:mm:ss.SSSZ, UTC). */
function sfDateTime(ms: number): string {
	return new Date(ms).toISOString();
}

function formatNumber(n: number): string {
	if (!Number.isFinite(n)) throw new SalesforceInputError(`The number ${n} cannot be sent to Salesforce`);
	const s = String(n);
	if (!/e/i.test(s)) return s;
	// Salesforce does not read exponent notation (1e+21, 1e-7): write the digits out.
	return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * One value as Bulk CSV text: null → #N/A, booleans true/false, dates and date-times with an offset in
 * Salesforce's UTC format, date-only strings unchanged, arrays (multi-select picklists) joined with ';'.
 */
export function csvValue(value: unknown): string {
	if (value === undefined || value === '') return '';
	if (value === null) return BULK_NULL;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number') return formatNumber(value);
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Date) return sfDateTime(value.getTime());
	if (typeof value === 'string') {
		if (ISO_DATETIME.test(value)) {
			const ms = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
			if (!Number.isNaN(ms)) return sfDateTime(ms);
		}
		return value;
	}
	if (Array.isArray(value)) return value.map((v) => csvValue(v)).join(';');
	if (typeof value === 'object') {
		const luxon = value as { toMillis?: () => number };
		if (typeof luxon.toMillis === 'function') return sfDateTime(luxon.toMillis());
	}
	throw new SalesforceInputError(`A value of type ${typeof value} cannot be written to a CSV column`);
}

function quote(text: string): string {
	return text === '' ? '' : `"${text.replace(/"/g, '""')}"`;
}

/**
 * Flattens one item into CSV columns: plain fields as they are, a parent reference by external id
 * ({"Account": {"External_Id__c": "A-1"}}) as the Bulk relationship column `Account.External_Id__c`.
 */
export function flattenRecord(record: IDataObject, itemIndex: number): Map<string, string> {
	const out = new Map<string, string>();
	for (const [key, value] of Object.entries(record)) {
		if (key === 'attributes' || value === undefined) continue;
		if (!isApiName(key)) throw new SalesforceInputError(`Field "${key}" is not a valid Salesforce API name`, { itemIndex, field: key });
		const isPlainObject =
			value !== null &&
			typeof value === 'object' &&
			!Array.isArray(value) &&
			!(value instanceof Date) &&
			typeof (value as { toMillis?: unknown }).toMillis !== 'function';
		if (isPlainObject) {
			const entries = Object.entries(value as IDataObject).filter(([k]) => k !== 'attributes');
			if (entries.length !== 1 || !isApiName(entries[0][0])) {
				throw new SalesforceInputError(
					`Field "${key}" holds an object: a parent reference must name exactly one external id field, e.g. {"External_Id__c": "A-1"}`,
					{ itemIndex, field: key },
				);
			}
			out.set(`${key}.${entries[0][0]}`, csvValue(entries[0][1]));
			continue;
		}
		let problem = '';
		try {
			out.set(key, csvValue(value));
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem) throw new SalesforceInputError(problem, { itemIndex, field: key });
	}
	return out;
}

/** Columns in first-seen order across all rows. */
export function columnsOf(rows: Array<Map<string, string>>): string[] {
	const seen = new Set<string>();
	for (const row of rows) for (const key of row.keys()) seen.add(key);
	return [...seen];
}

export function csvHeader(columns: string[]): string {
	return columns.join(',') + '\n';
}

export function csvLine(columns: string[], row: Map<string, string>): string {
	return columns.map((c) => quote(row.get(c) ?? '')).join(',') + '\n';
}

/** Parses CSV text (quoted fields, doubled quotes, CRLF or LF) into rows of strings. */
export function parseCsv(text: string, delimiter = ','): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = 0;
	const n = text.length;
	while (i < n) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += ch;
			i++;
			continue;
		}
		if (ch === '"') {
			quoted = true;
			i++;
			continue;
		}
		if (ch === delimiter) {
			row.push(field);
			field = '';
			i++;
			continue;
		}
		if (ch === '\r' || ch === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
			continue;
		}
		field += ch;
		i++;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/** CSV with a header row → one object per line (header names as keys). */
export function csvObjects(text: string): Array<Record<string, string>> {
	const [header, ...lines] = parseCsv(text);
	if (!header) return [];
	return lines
		.filter((line) => !(line.length === 1 && line[0] === ''))
		.map((line) => Object.fromEntries(header.map((h, i) => [h, line[i] ?? ''])));
}
