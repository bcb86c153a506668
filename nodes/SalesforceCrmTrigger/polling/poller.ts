/**
 * Polling mode of the Salesforce CRM Trigger, for orgs without Change Data Capture: every poll reads the records
 * whose SystemModstamp lies in the window since the last checkpoint (SOQL) and the deletions Salesforce reports for
 * that window (`GET /sobjects/{T}/deleted`), and turns them into items of the same shape as the CDC items.
 *
 * The checkpoint is inclusive and overlap-safe: it keeps the SystemModstamp of the last emitted record and the ids
 * emitted at exactly that instant, so the next window starts *at* that instant (a record committed later with the
 * same stamp is still found) while nothing already emitted comes back. Deletions keep Salesforce's
 * `latestDateCovered` and the deletions emitted since then (the API reads its window to the minute, so consecutive
 * windows overlap).
 */
import type { IDataObject } from 'n8n-workflow';

import { describeObject, readableFieldNames } from '../../shared/services/describe';
import { isObjectName } from '../../shared/services/ids';
import { queryAll, queryPages } from '../../shared/services/query';
import { stripAttributes } from '../../shared/services/records';
import type { SalesforceClient } from '../../shared/transport/client';

export type PollEvent = 'created' | 'updated' | 'deleted';

/** What a workflow keeps between polls (in its static data, saved when the node emits). */
export interface PollCheckpoint extends IDataObject {
	object: string;
	/** SystemModstamp (ISO) of the last record read: the next SOQL window starts here, inclusive */
	since: string;
	/** ids already read whose SystemModstamp is exactly `since` */
	idsAtSince: string[];
	/** start of the next `/deleted` window: the last `latestDateCovered` */
	deletedSince: string;
	/** `${id}@${deletedDate ms}` of deletions at or after `deletedSince` already emitted */
	deletedSeen: string[];
}

export interface PollOptions {
	object: string;
	events: PollEvent[];
	/** stop reading after this many records (never inside one SystemModstamp instant); the rest comes next poll */
	maxRecords: number;
}

export interface PollResult {
	items: IDataObject[];
	checkpoint: PollCheckpoint;
}

const MINUTE = 60_000;
/** Salesforce keeps deletions for the replication API 30 days; stay inside that */
const DELETED_RETENTION_MS = 29.9 * 24 * 60 * MINUTE;

/** Salesforce datetimes: '2024-05-01T10:00:00.000+0000' → ms */
function parseSfDate(value: unknown): number {
	if (typeof value !== 'string' || !value) return Number.NaN;
	return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** SOQL datetime literal, to the second (rounded down, or up with `ceil`) */
function soqlDateTime(ms: number, ceil = false): string {
	const s = ceil ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
	return new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

export function assertObjectName(object: string): void {
	if (!isObjectName(object)) throw new Error(`"${object}" is not an object API name`);
}

/** Item of the same shape as a CDC item (changedFields are unknown to polling: empty), with the record */
function changeItem(object: string, kind: 'CREATE' | 'UPDATE' | 'DELETE', id: string, at: number, record: IDataObject | null): IDataObject {
	return {
		source: 'polling',
		changeType: kind,
		object,
		recordIds: [id],
		changedFields: [],
		commitTimestamp: Number.isFinite(at) ? iso(at) : null,
		commitUser: (record?.LastModifiedById as string) ?? null,
		transactionKey: null,
		sequenceNumber: null,
		changeOrigin: '',
		replayId: null,
		channel: null,
		values: record ?? {},
		record,
	};
}

/** The fields a poll selects: every readable field of the object (cached per activation by the caller). */
export async function pollFields(client: SalesforceClient, object: string): Promise<string[]> {
	const fields = readableFieldNames(await describeObject(client, object));
	for (const f of ['Id', 'SystemModstamp', 'CreatedDate', 'LastModifiedById']) if (!fields.includes(f)) fields.push(f);
	return fields;
}

/**
 * First activation: start after the newest change the org already has (server time, so the n8n host's clock
 * does not matter), with the ids at that instant marked as seen. queryAll, so deletions count as changes.
 */
export async function initialCheckpoint(client: SalesforceClient, object: string, nowMs: number): Promise<PollCheckpoint> {
	assertObjectName(object);
	const { records } = await queryAll(
		client,
		`SELECT Id, SystemModstamp, IsDeleted FROM ${object} ORDER BY SystemModstamp DESC, Id DESC LIMIT 200`,
		{ includeDeleted: true },
	);
	const newest = records.length ? parseSfDate(records[0].SystemModstamp) : Number.NaN;
	if (!Number.isFinite(newest)) {
		return { object, since: iso(nowMs), idsAtSince: [], deletedSince: iso(nowMs), deletedSeen: [] };
	}
	const deletedSince = Math.floor(newest / MINUTE) * MINUTE;
	return {
		object,
		since: iso(newest),
		idsAtSince: records.filter((r) => parseSfDate(r.SystemModstamp) === newest).map((r) => String(r.Id)),
		deletedSince: iso(deletedSince),
		deletedSeen: records
			.filter((r) => r.IsDeleted === true && parseSfDate(r.SystemModstamp) >= deletedSince)
			.map((r) => `${String(r.Id)}@${parseSfDate(r.SystemModstamp)}`),
	};
}

interface DeletedResponse {
	deletedRecords?: Array<{ id: string; deletedDate: string }>;
	latestDateCovered?: string;
	earliestDateAvailable?: string;
}

/** One poll: the changes since `checkpoint` (up to the local `nowMs`) and the checkpoint after them. */
export async function poll(
	client: SalesforceClient,
	fields: string[],
	checkpoint: PollCheckpoint,
	options: PollOptions,
	nowMs: number,
): Promise<PollResult> {
	const { object, events } = options;
	assertObjectName(object);
	const next: PollCheckpoint = { ...checkpoint, idsAtSince: [...checkpoint.idsAtSince], deletedSeen: [...checkpoint.deletedSeen] };
	const found: Array<{ at: number; item: IDataObject }> = [];

	// Creates and updates: SystemModstamp in [since, now], oldest first
	if (events.includes('created') || events.includes('updated')) {
		const sinceMs = parseSfDate(checkpoint.since);
		const seen = new Set(checkpoint.idsAtSince);
		const soql =
			`SELECT ${fields.join(', ')} FROM ${object} ` +
			`WHERE SystemModstamp >= ${soqlDateTime(sinceMs)} AND SystemModstamp <= ${soqlDateTime(nowMs, true)} ` +
			'ORDER BY SystemModstamp, Id';
		let lastAt = sinceMs;
		let read = 0;
		let full = false;
		pages: for await (const page of queryPages(client, soql)) {
			for (const raw of page.records) {
				const at = parseSfDate(raw.SystemModstamp);
				const id = String(raw.Id);
				if (!Number.isFinite(at) || at < sinceMs || (at === sinceMs && seen.has(id))) continue;
				// the cap never splits one instant: the ids at the checkpoint must all have been read
				if (full && at !== lastAt) break pages;
				if (at !== lastAt) {
					next.since = iso(at);
					next.idsAtSince = [];
					lastAt = at;
				}
				next.idsAtSince.push(id);
				read++;
				if (read >= options.maxRecords) full = true;
				// created inside the window; at its very start only if that record was not read before
				const createdAt = parseSfDate(raw.CreatedDate);
				const created = createdAt > sinceMs || (createdAt === sinceMs && !seen.has(id));
				const wanted = created ? events.includes('created') : events.includes('updated');
				if (wanted) {
					const record = stripAttributes(raw) as IDataObject;
					found.push({ at, item: changeItem(object, created ? 'CREATE' : 'UPDATE', id, at, record) });
				}
			}
		}
	}

	// Deletions: Salesforce's replication API for [deletedSince, now], read to the minute
	if (events.includes('deleted')) {
		const start = Math.max(parseSfDate(checkpoint.deletedSince), nowMs - DELETED_RETENTION_MS);
		if (nowMs - start >= MINUTE) {
			const res = await client.request<DeletedResponse>('GET', `/sobjects/${object}/deleted/`, {
				qs: { start: soqlDateTime(start), end: soqlDateTime(nowMs) },
			});
			const seen = new Set(checkpoint.deletedSeen);
			const emitted: Array<{ key: string; at: number }> = checkpoint.deletedSeen.map((key) => ({
				key,
				at: Number(key.split('@')[1]),
			}));
			for (const d of res.deletedRecords ?? []) {
				const at = parseSfDate(d.deletedDate);
				const key = `${d.id}@${at}`;
				if (seen.has(key)) continue;
				seen.add(key);
				emitted.push({ key, at });
				found.push({ at, item: changeItem(object, 'DELETE', d.id, at, null) });
			}
			const covered = parseSfDate(res.latestDateCovered);
			const from = Number.isFinite(covered) && covered > start ? covered : start;
			next.deletedSince = iso(from);
			next.deletedSeen = emitted.filter((e) => e.at >= from).map((e) => e.key);
		}
	}

	found.sort((a, b) => a.at - b.at);
	return { items: found.map((f) => f.item), checkpoint: next };
}

/** Manual run ("test step"): the latest few changes, so the user sees the item shape. */
export async function latestChanges(
	client: SalesforceClient,
	fields: string[],
	options: PollOptions,
	nowMs: number,
	limit = 5,
): Promise<IDataObject[]> {
	const { object, events } = options;
	assertObjectName(object);
	const items: IDataObject[] = [];
	if (events.includes('created') || events.includes('updated')) {
		const onlyCreated = !events.includes('updated');
		const { records } = await queryAll(
			client,
			`SELECT ${fields.join(', ')} FROM ${object} ORDER BY ${onlyCreated ? 'CreatedDate' : 'SystemModstamp'} DESC, Id DESC LIMIT ${limit}`,
		);
		for (const raw of records) {
			const at = parseSfDate(raw.SystemModstamp);
			const created = parseSfDate(raw.CreatedDate) === at || onlyCreated;
			items.push(changeItem(object, created ? 'CREATE' : 'UPDATE', String(raw.Id), at, stripAttributes(raw) as IDataObject));
		}
	}
	if (events.includes('deleted') && items.length < limit) {
		const res = await client.request<DeletedResponse>('GET', `/sobjects/${object}/deleted/`, {
			qs: { start: soqlDateTime(nowMs - 24 * 60 * MINUTE), end: soqlDateTime(nowMs) },
		});
		const recent = (res.deletedRecords ?? []).slice(-(limit - items.length)).reverse();
		for (const d of recent) items.push(changeItem(object, 'DELETE', d.id, parseSfDate(d.deletedDate), null));
	}
	return items;
}
