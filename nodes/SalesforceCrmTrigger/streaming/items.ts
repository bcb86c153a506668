/**
 * One delivery of streaming events → the items of one execution: CDC changes filtered and, when asked, completed
 * with the current record (one batched read per object per delivery); Platform Events as they come.
 */
import type { IDataObject } from 'n8n-workflow';

import { describeObject, forgetDescribe, readableFieldNames } from '../../shared/services/describe';
import { groupBy } from '../../shared/services/group';
import { getRecords, stripAttributes } from '../../shared/services/records';
import type { SalesforceClient } from '../../shared/transport/client';
import type { StreamEvent } from './bayeuxProtocol';
import { settle } from './wait';
import { normalizeChange, normalizePlatformEvent, type CdcFilter, type NormalizedChange } from './events';

export interface ItemOptions {
	source: 'changeDataCapture' | 'platformEvent';
	filter?: CdcFilter;
	includeFullRecord: boolean;
}

/** A describe is reused this long: a field deleted in Salesforce stops breaking full-record reads after it. */
const DESCRIBE_TTL_MS = 10 * 60_000;
const MAX_DESCRIBES = 50;

/** Readable field names per object, cached for DESCRIBE_TTL_MS (at most MAX_DESCRIBES objects); `now` for tests. */
function fieldCache(client: SalesforceClient, now: () => number = Date.now) {
	const cache = new Map<string, { fields: string[]; at: number }>();
	return {
		async get(object: string): Promise<string[]> {
			const hit = cache.get(object);
			if (hit && now() - hit.at < DESCRIBE_TTL_MS) return hit.fields;
			forgetDescribe(client, object); // the client lives as long as the trigger: its own cache must not answer
			const fields = readableFieldNames(await describeObject(client, object));
			cache.delete(object);
			cache.set(object, { fields, at: now() });
			if (cache.size > MAX_DESCRIBES) cache.delete(cache.keys().next().value as string);
			return fields;
		},
		forget(object: string) {
			cache.delete(object);
		},
	};
}

export function itemsOf(client: SalesforceClient, options: ItemOptions) {
	const fields = fieldCache(client);
	const fetchRecords = async (object: string, ids: string[]): Promise<Map<string, IDataObject>> => {
		const unique = [...new Set(ids)];
		const read = async () => (await getRecords(client, object, unique, await fields.get(object))) as Array<IDataObject | null>;
		// a field deleted since the describe (INVALID_FIELD): describe again once and read again
		const first = await settle(read());
		let records: Array<IDataObject | null>;
		if (first.ok) records = first.value;
		else {
			fields.forget(object);
			records = /INVALID_FIELD|No such column/i.test(String((first.error as Error).message))
				? await read()
				: await Promise.reject(first.error);
		}
		const out = new Map<string, IDataObject>();
		records.forEach((r, i) => {
			if (r) out.set(unique[i], stripAttributes(r) as IDataObject);
		});
		return out;
	};

	return async (events: StreamEvent[]): Promise<IDataObject[]> => {
		if (options.source === 'platformEvent') return events.map(normalizePlatformEvent);
		const changes = events
			.map((ev) => normalizeChange(ev, options.filter!, options.includeFullRecord))
			.filter((c): c is NormalizedChange => !!c);
		const wanted = groupBy(
			changes.flatMap((c) => (c.fetch ? c.fetch.ids.map((id) => ({ object: c.fetch!.object, id })) : [])),
			(w) => w.object,
		);
		const fetched = new Map<string, Map<string, IDataObject>>();
		for (const [object, wantedIds] of wanted) {
			try {
				fetched.set(
					object,
					await fetchRecords(
						object,
						wantedIds.map((w) => w.id),
					),
				);
			} catch (error) {
				// a failed read must not lose the change itself: emit it with the error
				for (const c of changes) if (c.fetch?.object === object) c.json.recordError = (error as Error).message;
			}
		}
		return changes.map((c) => {
			if (c.fetch && fetched.has(c.fetch.object)) {
				const recs = c.fetch.ids.map((id) => fetched.get(c.fetch!.object)!.get(id)).filter(Boolean) as IDataObject[];
				if (c.fetch.ids.length === 1) c.json.record = recs[0] ?? null;
				else c.json.records = recs;
			}
			return c.json;
		});
	};
}
