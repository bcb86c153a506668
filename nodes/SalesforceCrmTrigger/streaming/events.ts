/**
 * Turns Streaming API deliveries (CDC change events, Platform Events) into n8n items, with the optional batched
 * full-record fetch (one `POST /composite/sobjects/{T}` per object per delivery, ≤ 200 ids a call).
 */
import type { IDataObject } from 'n8n-workflow';

import { changeEventName } from '../../shared/services/cdcSelection';
import type { StreamEvent } from './bayeuxProtocol';
import type { LoopGuard } from './loopGuard';

const OVERFLOW_ID = '000000000000000AAA';

export type ChangeKind = 'create' | 'update' | 'delete' | 'undelete';

/** CDC channel of one object: /data/AccountChangeEvent, custom /data/Employee__ChangeEvent. */
export function changeEventChannel(objectName: string): string {
	return `/data/${changeEventName(objectName)}`;
}

export interface CdcFilter {
	changeTypes: ChangeKind[];
	/** only UPDATE events touching one of these fields (compound sub-fields count: BillingAddress.City → BillingAddress) */
	onlyFields: string[];
	/** objects to accept (used on /data/ChangeEvents); empty = all */
	objects: string[];
	/** "Ignore Changes Made By" (loopGuard.ts): asked after the filters above; never drops an overflow event */
	guard?: LoopGuard;
}

export interface NormalizedChange {
	json: IDataObject;
	/** ids to fetch for the full record / gap handling, with their object */
	fetch?: { object: string; ids: string[] };
}

function baseKind(changeType: string): ChangeKind | undefined {
	const t = changeType.replace(/^GAP_/, '').toLowerCase();
	return ['create', 'update', 'delete', 'undelete'].includes(t) ? (t as ChangeKind) : undefined;
}

export function normalizeChange(ev: StreamEvent, filter: CdcFilter, includeFullRecord: boolean): NormalizedChange | null {
	const payload = (ev.data.payload ?? {}) as IDataObject;
	const header = (payload.ChangeEventHeader ?? {}) as IDataObject;
	const changeType = String(header.changeType ?? '');
	const object = String(header.entityName ?? '');
	const recordIds = (Array.isArray(header.recordIds) ? header.recordIds : []) as string[];
	const changedFields = (Array.isArray(header.changedFields) ? header.changedFields : []) as string[];
	if (filter.objects.length && !filter.objects.includes(object)) return null;
	const isGap = changeType.startsWith('GAP_');
	const isOverflow = changeType === 'GAP_OVERFLOW';
	const kind = baseKind(changeType);
	if (!isOverflow) {
		if (!kind || !filter.changeTypes.includes(kind)) return null;
		if (kind === 'update' && !isGap && filter.onlyFields.length) {
			const touched = new Set(changedFields.flatMap((f) => [f, f.split('.')[0]]));
			if (!filter.onlyFields.some((f) => touched.has(f))) return null;
		}
		if (filter.guard?.ignores(header)) return null;
	}
	const values: IDataObject = {};
	for (const [k, v] of Object.entries(payload)) if (k !== 'ChangeEventHeader') values[k] = v as IDataObject;
	const commitTimestamp = Number(header.commitTimestamp);
	const json: IDataObject = {
		source: 'changeDataCapture',
		changeType: isOverflow ? 'GAP_OVERFLOW' : kind!.toUpperCase(),
		object,
		recordIds,
		changedFields,
		commitTimestamp: Number.isFinite(commitTimestamp) ? new Date(commitTimestamp).toISOString() : null,
		commitUser: (header.commitUser as string) ?? null,
		transactionKey: (header.transactionKey as string) ?? null,
		sequenceNumber: (header.sequenceNumber as number) ?? null,
		changeOrigin: (header.changeOrigin as string) ?? '',
		replayId: ev.replayId,
		channel: ev.channel,
		values,
	};
	filter.guard?.report(json);
	if (isGap) {
		json.gap = true;
		json.originalChangeType = changeType;
	}
	if (isOverflow) {
		json.resyncRequired = true;
		json.message = `More than 100,000 changes in one transaction on ${object}: Salesforce sent an overflow event instead of the remaining changes. Resynchronise ${object} (for example a full SOQL export; deletes via queryAll … WHERE IsDeleted = true).`;
		return { json };
	}
	const realIds = recordIds.filter((id) => /^[0-9A-Za-z]{15,18}$/.test(id) && id !== OVERFLOW_ID);
	if ((isGap || includeFullRecord) && kind !== 'delete' && realIds.length) {
		return { json, fetch: { object, ids: realIds } };
	}
	return { json };
}

export function normalizePlatformEvent(ev: StreamEvent): IDataObject {
	const payload = (ev.data.payload ?? {}) as IDataObject;
	const event = (ev.data.event ?? {}) as IDataObject;
	return {
		source: 'platformEvent',
		eventType: ev.channel.replace(/^\/event\//, ''),
		eventUuid: (event.EventUuid as string) ?? null,
		replayId: ev.replayId,
		channel: ev.channel,
		createdDate: (payload.CreatedDate as string) ?? null,
		createdById: (payload.CreatedById as string) ?? null,
		values: payload,
	};
}
