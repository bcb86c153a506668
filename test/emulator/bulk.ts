/**
 * Bulk API 2.0 (Bulk API 2.0 and Bulk API Developer Guide; wire notes §9): ingest jobs (create → PUT CSV → PATCH UploadComplete → poll → three result
 * files) and query jobs (results paged with Sforce-Locator, the literal "null" at the end).
 * State lives per emulator (keyed by its RestApi); `bulkOf(emu.api)` gives tests the knobs.
 */
import { bulkOf, type Job } from './bulkState';
import { type ApiCtx, jsonObject, ok, type Route, typeName, upsertOne } from './rest';
import type { Fields, OrgStore, Rec } from './store';
import { type Resp, SfError } from './types';

type IngestOp = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
// ---------- CSV (the emulator's own reader/writer, independent of the node's) ----------
export function readCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cur = '';
	let inQ = false;
	let any = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inQ) {
			if (c === '"' && text[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (c === '"') inQ = false;
			else cur += c;
		} else if (c === '"') {
			inQ = true;
			any = true;
		} else if (c === ',') {
			row.push(cur);
			cur = '';
			any = true;
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(cur);
			rows.push(row);
			row = [];
			cur = '';
			any = false;
		} else {
			cur += c;
			any = true;
		}
	}
	if (any || cur) {
		row.push(cur);
		rows.push(row);
	}
	return rows;
}
const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
const line = (values: string[]) => values.map(q).join(',');

function now(): string {
	return new Date().toISOString().replace('Z', '+0000');
}

function info(j: Job): Fields {
	const base: Fields = {
		id: j.id,
		operation: j.operation,
		object: j.object,
		createdById: j.createdById,
		createdDate: j.createdDate,
		systemModstamp: j.systemModstamp,
		state: j.state,
		concurrencyMode: 'Parallel',
		contentType: 'CSV',
		apiVersion: j.apiVersion,
		lineEnding: j.lineEnding,
		columnDelimiter: j.columnDelimiter,
	};
	if (j.kind === 'ingest') {
		if (j.externalIdFieldName) base.externalIdFieldName = j.externalIdFieldName;
		base.contentUrl = `services/data/v${j.apiVersion.toFixed(1)}/jobs/ingest/${j.id}/batches`;
	}
	return base;
}

function fullInfo(j: Job): Fields {
	return {
		...info(j),
		jobType: j.kind === 'ingest' ? 'V2Ingest' : 'V2Query',
		numberRecordsProcessed: j.processed,
		...(j.kind === 'ingest' ? { numberRecordsFailed: j.failed } : {}),
		retries: j.retries,
		totalProcessingTime: j.totalProcessingTime,
		...(j.kind === 'ingest' ? { apiActiveProcessingTime: 0, apexProcessingTime: 0 } : {}),
		...(j.errorMessage ? { errorMessage: j.errorMessage } : {}),
	};
}

function jobOf(c: ApiCtx, kind: Job['kind'], id: string): Job {
	const j = bulkOf(c.api).jobs.get(id);
	// Unknown-job wording guessed.
	if (!j || j.kind !== kind) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
	return j;
}

function newJob(c: ApiCtx, kind: Job['kind'], operation: string, object: string, body: Fields): Job {
	const id = c.store.ids.next('750');
	const at = now();
	return {
		id,
		kind,
		operation,
		object,
		createdById: c.userId,
		createdDate: at,
		systemModstamp: at,
		state: kind === 'ingest' ? 'Open' : 'UploadComplete',
		apiVersion: Number(c.version),
		lineEnding: String(body.lineEnding ?? 'LF'),
		columnDelimiter: String(body.columnDelimiter ?? 'COMMA'),
		uploads: [],
		pollsLeft: 0,
		processed: 0,
		failed: 0,
		success: [],
		failures: [],
		unprocessed: [],
		header: [],
		lines: [],
		retries: 0,
		totalProcessingTime: 0,
	};
}

// ---------- ingest ----------
const OPS = new Set<IngestOp>(['insert', 'update', 'upsert', 'delete', 'hardDelete']);

function createIngest(c: ApiCtx): Resp {
	const b = jsonObject(c.body);
	const op = String(b.operation ?? '') as IngestOp;
	// Error codes/wording for job creation are guessed (Salesforce answers 400 with an INVALIDJOB-style body).
	if (!OPS.has(op)) throw new SfError('INVALIDJOB', `InvalidJob : Invalid operation: ${op}`);
	if (b.contentType !== undefined && b.contentType !== 'CSV')
		throw new SfError('INVALIDJOB', 'InvalidJob : Only CSV content type is supported');
	if ((b.columnDelimiter ?? 'COMMA') !== 'COMMA') throw new SfError('INVALIDJOB', 'InvalidJob : the emulator supports COMMA only');
	const type = c.store.schema.get(String(b.object ?? ''))?.name;
	if (!type) throw new SfError('INVALIDJOB', `InvalidJob : Unable to find object: ${String(b.object ?? '')}`);
	const job = newJob(c, 'ingest', op, type, b);
	if (op === 'upsert') {
		const f = c.store.schema.field(type, String(b.externalIdFieldName ?? ''));
		if (!f || !(f.externalId || f.idLookup))
			throw new SfError('INVALIDJOB', `InvalidJob : External ID was blank or invalid for ${type}: ${String(b.externalIdFieldName ?? '')}`);
		job.externalIdFieldName = f.name;
	}
	bulkOf(c.api).jobs.set(job.id, job);
	return ok(info(job));
}

function upload(c: ApiCtx, m: RegExpExecArray): Resp {
	const j = jobOf(c, 'ingest', m[1]);
	if (j.state !== 'Open')
		throw new SfError('INVALIDJOBSTATE', `Job ${j.id} is not open for data upload. Current state: ${j.state}`, undefined, 409); // wording guessed
	const ct = String(c.headers['content-type'] ?? '');
	if (!/text\/csv/i.test(ct)) throw new SfError('INVALIDJOB', `Unsupported content type: ${ct}`); // guessed
	if (!c.body.trim()) throw new SfError('INVALIDJOB', 'No content uploaded'); // guessed
	j.uploads.push(c.body);
	return { status: 201 };
}

function patchJob(c: ApiCtx, m: RegExpExecArray, kind: Job['kind']): Resp {
	const j = jobOf(c, kind, m[1]);
	const b = jsonObject(c.body);
	if (b.state === 'UploadComplete' && kind === 'ingest') {
		if (j.state !== 'Open') throw new SfError('INVALIDJOBSTATE', `Job ${j.id} is not Open. Current state: ${j.state}`, undefined, 409);
		j.state = 'UploadComplete';
		j.pollsLeft = bulkOf(c.api).pollsBeforeDone;
		j.wctx = c.wctx;
		if (j.pollsLeft === 0) process(c, j);
	} else if (b.state === 'Aborted') {
		if (j.state === 'JobComplete' || j.state === 'Failed')
			throw new SfError('INVALIDJOBSTATE', `Job ${j.id} is already ${j.state}`, undefined, 409);
		j.state = 'Aborted';
	} else throw new SfError('INVALIDJOBSTATE', `Invalid state transition to ${String(b.state)}`); // guessed
	j.systemModstamp = now();
	return ok(info(j));
}

function getJob(c: ApiCtx, m: RegExpExecArray, kind: Job['kind']): Resp {
	const j = jobOf(c, kind, m[1]);
	if (j.state === 'UploadComplete' || j.state === 'InProgress') {
		if (j.pollsLeft > 0) {
			j.pollsLeft--;
			j.state = 'InProgress';
		} else if (kind === 'ingest') process(c, j);
		else j.state = 'JobComplete';
	}
	return ok(fullInfo(j));
}

/** Runs an ingest job: each row on its own (partial success), results kept as CSV lines. */
function process(c: ApiCtx, j: Job): void {
	const started = Date.now();
	const controls = bulkOf(c.api);
	const rows = j.uploads.flatMap((u, n) => {
		const parsed = readCsv(u);
		if (n === 0) j.header = parsed[0] ?? [];
		return parsed.slice(1).filter((r) => !(r.length === 1 && r[0] === ''));
	});
	if (controls.failNextJob) {
		j.state = 'Failed';
		j.errorMessage = controls.failNextJob;
		controls.failNextJob = undefined;
		j.unprocessed = rows.map(line);
		return;
	}
	const header = j.header;
	const wctx = j.wctx ?? c.wctx;
	withIndexes(c.store, j.object, (touch) => {
		for (const r of rows) {
			const fields: Fields = {};
			let id = '';
			header.forEach((h, i) => {
				const v = r[i] ?? '';
				if (v === '') return; // empty = leave as is
				const value = v === '#N/A' ? null : v;
				if (h.toLowerCase() === 'id') {
					id = v;
					return;
				}
				const dot = h.indexOf('.');
				if (dot > 0) fields[h.slice(0, dot)] = { [h.slice(dot + 1)]: value };
				else fields[h] = value;
			});
			j.processed++;
			try {
				let resultId: string;
				let created = false;
				if (j.operation === 'insert') {
					resultId = c.store.insert(j.object, fields, wctx);
					created = true;
				} else if (j.operation === 'update') {
					if (!id) throw new SfError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
					c.store.update(j.object, id, fields, wctx);
					resultId = c.store.live(j.object, id).fields.Id as string;
				} else if (j.operation === 'upsert') {
					const ext = j.externalIdFieldName!;
					const key = Object.keys(fields).find((k) => k.toLowerCase() === ext.toLowerCase());
					const value = key ? fields[key] : undefined;
					if (value === undefined || value === null) throw new SfError('MISSING_ARGUMENT', `${ext} not specified`, [ext]); // wording guessed
					const res = upsertOne({ ...c, wctx }, j.object, ext, value, fields, false);
					if ('multiple' in res) throw new SfError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, [ext]);
					resultId = res.id;
					created = res.created;
				} else {
					if (!id) throw new SfError('MISSING_ARGUMENT', 'Id not specified in a delete call', ['Id']);
					const rec = c.store.live(j.object, id);
					c.store.delete(j.object, id, wctx);
					resultId = rec.fields.Id as string;
				}
				touch(resultId);
				j.success.push(line([resultId, String(created), ...r]));
			} catch (e) {
				if (!(e instanceof SfError)) throw e;
				j.failed++;
				j.failures.push(
					line([id && j.operation !== 'insert' ? id : '', `${e.errorCode}:${e.message}:${(e.fields ?? []).join(',')} --`, ...r]),
				);
			}
		}
	});
	j.state = 'JobComplete';
	j.totalProcessingTime = Date.now() - started;
	j.systemModstamp = now();
}

/**
 * The store's findBy scans every row; a 50,000-row upsert would be quadratic. While a job runs, lookups on the
 * job's object go through value indexes kept current after every write (stale entries are re-checked).
 */
function withIndexes(store: OrgStore, type: string, fn: (touch: (id: string) => void) => void): void {
	const original = store.findBy;
	const indexes = new Map<string, Map<unknown, Set<Rec>>>();
	const keyOf = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
	const add = (idx: Map<unknown, Set<Rec>>, field: string, r: Rec) => {
		const k = keyOf(r.fields[field]);
		let set = idx.get(k);
		if (!set) idx.set(k, (set = new Set()));
		set.add(r);
	};
	store.findBy = function (t: string, field: string, value: unknown): Rec[] {
		if (store.schema.get(t)?.name !== type) return original.call(store, t, field, value);
		let idx = indexes.get(field);
		if (!idx) {
			idx = new Map();
			for (const r of store.rows(type)) add(idx, field, r);
			indexes.set(field, idx);
		}
		const key = keyOf(value);
		return [...(idx.get(key) ?? [])].filter((r) => !r.deleted && keyOf(r.fields[field]) === key);
	};
	const touch = (id: string) => {
		const r = store.raw(id);
		if (r) for (const [field, idx] of indexes) add(idx, field, r);
	};
	try {
		fn(touch);
	} finally {
		delete (store as { findBy?: unknown }).findBy;
	}
}

function results(c: ApiCtx, m: RegExpExecArray, which: 'success' | 'failures' | 'unprocessed'): Resp {
	const j = jobOf(c, 'ingest', m[1]);
	if (j.state !== 'JobComplete' && j.state !== 'Failed' && j.state !== 'Aborted')
		throw new SfError('JOB_NOT_COMPLETE', `can only download results of a completed bulk job. Current status: ${j.state}`, undefined, 412); // guessed for ingest
	const head =
		which === 'success' ? ['sf__Id', 'sf__Created', ...j.header] : which === 'failures' ? ['sf__Id', 'sf__Error', ...j.header] : j.header;
	let lines = j[which];
	if (which === 'unprocessed' && j.state === 'Aborted' && !j.unprocessed.length && j.uploads.length) {
		lines = j.uploads.flatMap((u, n) => readCsv(u).slice(n === 0 ? 1 : 1)).map(line);
		if (!j.header.length) j.header = readCsv(j.uploads[0])[0] ?? [];
	}
	const text = (head.length ? line(head) + '\n' : '') + lines.map((l) => l + '\n').join('');
	return { status: 200, raw: text, contentType: 'text/csv' };
}

function listJobs(c: ApiCtx, kind: Job['kind']): Resp {
	const records = [...bulkOf(c.api).jobs.values()].filter((j) => j.kind === kind).map(info);
	return ok({ done: true, records, nextRecordsUrl: null });
}

function deleteJob(c: ApiCtx, m: RegExpExecArray, kind: Job['kind']): Resp {
	const j = jobOf(c, kind, m[1]);
	if (j.state === 'Open' || j.state === 'UploadComplete' || j.state === 'InProgress')
		throw new SfError('INVALIDJOBSTATE', `Job ${j.id} is not in a terminal state`, undefined, 409); // guessed
	bulkOf(c.api).jobs.delete(j.id);
	return { status: 204 };
}

// ---------- query ----------
function flatten(rec: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
	for (const [k, v] of Object.entries(rec)) {
		if (k === 'attributes') continue;
		if (v && typeof v === 'object' && !Array.isArray(v)) {
			if ('records' in (v as object)) throw new SfError('INVALIDJOB', 'InvalidJob : Bulk API 2.0 query does not support nested queries'); // wording guessed
			flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
		} else out[`${prefix}${k}`] = v;
	}
	return out;
}

function createQuery(c: ApiCtx): Resp {
	const b = jsonObject(c.body);
	const op = String(b.operation ?? 'query');
	if (op !== 'query' && op !== 'queryAll') throw new SfError('INVALIDJOB', `InvalidJob : Invalid operation: ${op}`);
	const soql = String(b.query ?? '');
	if (/\b(GROUP\s+BY|OFFSET|TYPEOF)\b|\bCOUNT\s*\(/i.test(soql))
		throw new SfError('INVALIDJOB', 'InvalidJob : This query is not supported by Bulk API 2.0'); // wording guessed
	c.api.queries.push(soql);
	let res;
	try {
		res = c.store.soql.run(soql, { all: op === 'queryAll', version: c.version });
	} catch (e) {
		if (e instanceof SfError) throw new SfError('API_ERROR', e.message); // Bulk reports bad SOQL at create (code guessed)
		throw e;
	}
	const flat = (res.records as Array<Record<string, unknown>>).map((r) => flatten(r));
	const header = flat.length
		? Object.keys(flat[0])
		: (/select\s+(.*?)\s+from\s/is.exec(soql)?.[1] ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
	const object = /\bfrom\s+(\w+)/i.exec(soql)?.[1] ?? '';
	const job = newJob(c, 'query', op, typeName(c, object), b);
	job.query = soql;
	job.header = header;
	job.lines = flat.map((r) => line(header.map((h) => (r[h] === null || r[h] === undefined ? '' : String(r[h])))));
	job.processed = job.lines.length;
	job.pollsLeft = bulkOf(c.api).pollsBeforeDone;
	bulkOf(c.api).jobs.set(job.id, job);
	return ok({ ...info(job), query: soql });
}

function queryResults(c: ApiCtx, m: RegExpExecArray): Resp {
	const j = jobOf(c, 'query', m[1]);
	if (j.state !== 'JobComplete') {
		const status = j.state === 'UploadComplete' ? 'UPLOAD_COMPLETE' : j.state === 'InProgress' ? 'IN_PROGRESS' : j.state.toUpperCase();
		throw new SfError(
			'JOB_NOT_COMPLETE',
			`can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${status}`,
			undefined,
			412,
		);
	}
	if (Number(c.version) !== j.apiVersion) throw new SfError('INVALIDJOB', 'Use the API version that created the job', undefined, 409); // wording guessed
	const locator = c.query.get('locator');
	const start = locator ? Number(Buffer.from(locator, 'base64').toString()) : 0;
	if (locator && (!Number.isInteger(start) || start < 0 || start > j.lines.length)) throw new SfError('INVALID_LOCATOR', 'Invalid locator'); // guessed
	const max = Number(c.query.get('maxRecords') ?? bulkOf(c.api).queryPageSize);
	const rows = j.lines.slice(start, start + max);
	const next = start + rows.length;
	const more = next < j.lines.length;
	return {
		status: 200,
		raw: line(j.header) + '\n' + rows.map((l) => l + '\n').join(''),
		contentType: 'text/csv',
		headers: {
			'Sforce-Locator': more ? Buffer.from(String(next)).toString('base64').replace(/=+$/, '') : 'null',
			'Sforce-NumberOfRecords': String(rows.length),
		},
	};
}

const ID = '(750\\w{12}(?:\\w{3})?)';
const re = (s: string) => new RegExp(`^${s.replace('{id}', ID)}$`);

export const bulkRoutes: Route[] = [
	['POST', re('/jobs/ingest'), createIngest],
	['GET', re('/jobs/ingest'), (c) => listJobs(c, 'ingest')],
	['PUT', re('/jobs/ingest/{id}/batches'), upload],
	['PATCH', re('/jobs/ingest/{id}'), (c, m) => patchJob(c, m, 'ingest')],
	['GET', re('/jobs/ingest/{id}'), (c, m) => getJob(c, m, 'ingest')],
	['DELETE', re('/jobs/ingest/{id}'), (c, m) => deleteJob(c, m, 'ingest')],
	['GET', re('/jobs/ingest/{id}/successfulResults'), (c, m) => results(c, m, 'success')],
	['GET', re('/jobs/ingest/{id}/failedResults'), (c, m) => results(c, m, 'failures')],
	['GET', re('/jobs/ingest/{id}/unprocessedrecords'), (c, m) => results(c, m, 'unprocessed')],
	['POST', re('/jobs/query'), createQuery],
	['GET', re('/jobs/query'), (c) => listJobs(c, 'query')],
	['GET', re('/jobs/query/{id}'), (c, m) => getJob(c, m, 'query')],
	['PATCH', re('/jobs/query/{id}'), (c, m) => patchJob(c, m, 'query')],
	['DELETE', re('/jobs/query/{id}'), (c, m) => deleteJob(c, m, 'query')],
	['GET', re('/jobs/query/{id}/results'), queryResults],
];
