import { ok, type ApiCtx, type Route, typeName } from './rest';
import { sfDateTime } from './store';
import { SfError } from './types';

/**
 * Replication resources (resources_getupdated.htm, resources_getdeleted.htm):
 *   GET /sobjects/{T}/updated?start=&end=  → { ids: [...], latestDateCovered }
 *   GET /sobjects/{T}/deleted?start=&end=  → { deletedRecords: [{ id, deletedDate }], earliestDateAvailable, latestDateCovered }
 * As Salesforce documents it: the seconds of `start` and `end` are ignored (12:30:15 is read as 12:30:00), the
 * window must lie within the last 30 days and span at most 30 days, and nothing after the org's current time is
 * covered (`latestDateCovered` ≤ now, to the minute). Both ends are inclusive here (a record stamped exactly on a
 * minute can come back in two consecutive windows; callers dedupe). Error codes and wordings are guessed.
 */
const DAY = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

function toMinute(ms: number): number {
	return Math.floor(ms / 60_000) * 60_000;
}

function parseWhen(ctx: ApiCtx, name: 'start' | 'end'): number {
	const raw = ctx.query.get(name);
	if (!raw) throw new SfError('MALFORMED_QUERY', `Missing required parameter: ${name}`);
	// '+0000' and '+00:00' offsets, and a '+' turned into a space by form decoding
	const text = raw
		.trim()
		.replace(/ (\d{2}):?(\d{2})$/, '+$1:$2')
		.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
	const ms = Date.parse(text);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
		throw new SfError('MALFORMED_QUERY', `${name}: '${raw}' is not a valid ISO 8601 dateTime`);
	}
	return ms;
}

interface Window {
	type: string;
	start: number;
	end: number;
	earliest: number;
}

function windowOf(ctx: ApiCtx, t: string): Window {
	const type = typeName(ctx, t);
	const now = ctx.store.now().getTime();
	const start = toMinute(parseWhen(ctx, 'start'));
	const end = toMinute(Math.min(parseWhen(ctx, 'end'), now));
	const earliest = toMinute(now - RETENTION_DAYS * DAY);
	if (start < earliest) {
		throw new SfError(
			'INVALID_REPLICATION_DATE',
			`start date must be within the last ${RETENTION_DAYS} days (after ${sfDateTime(new Date(earliest))})`,
		);
	}
	if (end < start) throw new SfError('INVALID_REPLICATION_DATE', 'end date must be after start date');
	if (end - start > RETENTION_DAYS * DAY)
		throw new SfError('INVALID_REPLICATION_DATE', `the date range must not exceed ${RETENTION_DAYS} days`);
	return { type, start, end, earliest };
}

const stampOf = (v: unknown): number => Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

export const updatedRoutes: Route[] = [
	[
		'GET',
		/^\/sobjects\/(\w+)\/updated$/,
		(c, m) => {
			const w = windowOf(c, m[1]);
			const ids = c.store
				.rows(w.type)
				.filter((r) => {
					const t = stampOf(r.fields.SystemModstamp);
					return t >= w.start && t <= w.end;
				})
				.map((r) => r.fields.Id as string);
			return ok({ ids, latestDateCovered: sfDateTime(new Date(w.end)) });
		},
	],
	[
		'GET',
		/^\/sobjects\/(\w+)\/deleted$/,
		(c, m) => {
			const w = windowOf(c, m[1]);
			const deletedRecords = c.store
				.rows(w.type, true)
				.filter((r) => r.deleted)
				.map((r) => ({ id: r.fields.Id as string, t: stampOf(r.fields.SystemModstamp) }))
				.filter((r) => r.t >= w.start && r.t <= w.end)
				.sort((a, b) => a.t - b.t)
				.map((r) => ({ id: r.id, deletedDate: sfDateTime(new Date(r.t)) }));
			return ok({
				deletedRecords,
				earliestDateAvailable: sfDateTime(new Date(w.earliest)),
				latestDateCovered: sfDateTime(new Date(w.end)),
			});
		},
	],
];
