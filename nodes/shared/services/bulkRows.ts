/**
 * Bulk API 2.0 data without HTTP (services/bulk.ts makes the calls): the CSV uploads prepared from records, the
 * keys result rows are matched back by, `sf__Error` texts, and query result rows.
 */
import type { IDataObject } from 'n8n-workflow';

import { columnsOf, csvHeader, csvLine } from './csv';
import { normalizeId } from './ids';
import type { SalesforceErrorDetail } from '../transport/errors';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

/** One upload is at most 150 MB base64 (~100 MB raw); stay well below it and start another job past that. */
export const MAX_UPLOAD_BYTES = 90 * 1024 * 1024;

export interface IngestRequest {
	object: string;
	operation: IngestOperation;
	externalIdFieldName?: string;
	/** The records as CSV columns (csv.ts flattenRecord). */
	rows: Array<Map<string, string>>;
}

export interface PreparedIngest {
	columns: string[];
	/** CSV bodies, one per job (split only past MAX_UPLOAD_BYTES), with the record positions each holds. */
	parts: Array<{ csv: string; positions: number[] }>;
	/** Per record: the key its result row will be matched by. */
	keys: string[];
}

/** The column a result row is matched back to its input by: Id for update/delete, the external id for upsert. */
export function keyColumn(request: Pick<IngestRequest, 'operation' | 'externalIdFieldName'>): string | undefined {
	if (request.operation === 'update' || request.operation === 'delete' || request.operation === 'hardDelete') return 'Id';
	if (request.operation === 'upsert') return request.externalIdFieldName;
	return undefined;
}

export function rowKey(column: string | undefined, columns: string[], get: (c: string) => string): string {
	if (column) {
		const value = get(column);
		// Ids compared as 18 characters, external ids case-insensitively (Salesforce matches them that way).
		return column === 'Id' ? normalizeId(value) || value : value.toLowerCase();
	}
	return columns.map((c) => get(c)).join('\u0000');
}

/** Turns items into CSV (one or more uploads) and the keys to match results with. */
export function prepareIngest(request: IngestRequest): PreparedIngest {
	const rows = request.rows;
	const columns = columnsOf(rows);
	const header = csvHeader(columns);
	const keyCol = keyColumn(request);
	const keys = rows.map((row) => rowKey(keyCol, columns, (c) => row.get(c) ?? ''));
	const parts: PreparedIngest['parts'] = [];
	let lines: string[] = [];
	let positions: number[] = [];
	let size = header.length;
	rows.forEach((row, n) => {
		const line = csvLine(columns, row);
		if (lines.length && size + line.length * 3 > MAX_UPLOAD_BYTES) {
			parts.push({ csv: header + lines.join(''), positions });
			lines = [];
			positions = [];
			size = header.length;
		}
		lines.push(line);
		positions.push(n);
		// Worst case three bytes per UTF-16 unit.
		size += line.length * 3;
	});
	if (lines.length) parts.push({ csv: header + lines.join(''), positions });
	return { columns, parts, keys };
}

/** Parses `sf__Error` ("CODE:message:Field1,Field2 --") into an error detail. */
export function parseBulkError(text: string): SalesforceErrorDetail {
	const trimmed = text.replace(/\s*--\s*$/, '');
	const first = trimmed.indexOf(':');
	if (first < 0) return { errorCode: 'BULK_ERROR', message: trimmed };
	const errorCode = trimmed.slice(0, first);
	const rest = trimmed.slice(first + 1);
	const last = rest.lastIndexOf(':');
	const message = last < 0 ? rest : rest.slice(0, last);
	const fields =
		last < 0
			? []
			: rest
					.slice(last + 1)
					.split(',')
					.map((f) => f.trim())
					.filter(Boolean);
	return { errorCode: /^[A-Z_]+$/.test(errorCode) ? errorCode : 'BULK_ERROR', message: message || trimmed, fields };
}

/** Builds nested objects from Bulk's dotted columns: "Account.Name" → { Account: { Name } }; empty → null. */
export function unflattenRow(row: Record<string, string>): IDataObject {
	const out: IDataObject = {};
	for (const [column, raw] of Object.entries(row)) {
		// Bulk query CSV cannot tell an empty string from null; Salesforce stores empty text as null anyway.
		const value = raw === '' ? null : raw;
		const parts = column.split('.');
		let target = out;
		for (const part of parts.slice(0, -1)) {
			if (!target[part] || typeof target[part] !== 'object') target[part] = {};
			target = target[part] as IDataObject;
		}
		target[parts[parts.length - 1]] = value;
	}
	return out;
}
