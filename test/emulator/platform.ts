/**
 * sObject Tree (REST API Developer Guide, "sObject Tree"; wire notes §6.4) and Platform Event publish reachable through the REST router, so /composite
 * subrequests can publish events (the streaming plugin mounts `/sobjects/<Name>__e` for direct calls only).
 */
import { randomUUID } from 'node:crypto';

import type { ApiCtx, RestApi, Route } from './rest';
import { jsonObject, ok, typeName } from './rest';
import type { Fields } from './store';
import { type Resp, SfError } from './types';

export interface PublishedEvent {
	name: string;
	fields: Fields;
	uuid: string;
	userId: string;
}

interface EventState {
	published: PublishedEvent[];
	/** Hook for tests, e.g. forward to the streaming server: (ev) => streamingOf(emu).publish(`/event/${ev.name}`, …). */
	onPublish?: (ev: PublishedEvent) => void;
	/** Event names that do not exist in the org (publish → NOT_FOUND). */
	unknown: Set<string>;
}

const events = new WeakMap<RestApi, EventState>();

export function platformEventsOf(api: RestApi): EventState {
	let s = events.get(api);
	if (!s) events.set(api, (s = { published: [], unknown: new Set() }));
	return s;
}

function publish(c: ApiCtx, m: RegExpExecArray): Resp {
	const state = platformEventsOf(c.api);
	if (state.unknown.has(m[1])) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
	const fields = jsonObject(c.body);
	for (const k of Object.keys(fields)) {
		if (!/^\w+$/.test(k)) throw new SfError('INVALID_FIELD', `No such column '${k}' on sobject of type ${m[1]}`, [k]);
	}
	const ev: PublishedEvent = { name: m[1], fields, uuid: randomUUID(), userId: c.userId };
	state.published.push(ev);
	state.onPublish?.(ev);
	// The id is not unique and is never delivered (reference streaming §4); the message is the EventUuid.
	return ok({ id: 'e01xx0000000001AAA', success: true, errors: [{ statusCode: 'OPERATION_ENQUEUED', message: ev.uuid, fields: [] }] }, 201);
}

interface TreeRecord {
	attributes?: { type?: string; referenceId?: string };
	[k: string]: unknown;
}

/** POST /composite/tree/{SObject}: ≤200 records, 5 levels, all or nothing. Status codes as in wire notes §6.4 (unverified). */
function tree(c: ApiCtx, m: RegExpExecArray): Resp {
	const root = typeName(c, m[1]);
	const b = jsonObject(c.body);
	const records = b.records as TreeRecord[] | undefined;
	if (!Array.isArray(records) || !records.length) throw new SfError('JSON_PARSER_ERROR', 'records is required');
	const results: Array<{ referenceId: string; id: string }> = [];
	const refs = new Set<string>();
	let count = 0;
	class TreeFailure extends Error {
		constructor(
			readonly referenceId: string,
			readonly error: SfError,
		) {
			super(error.message);
		}
	}
	const insert = (rec: TreeRecord, type: string, parentField: string | undefined, parentId: string | undefined, depth: number) => {
		const refId = rec.attributes?.referenceId;
		if (!refId) throw new SfError('INVALID_INPUT', 'Include a reference ID for each record in the request.'); // wording guessed
		if (refs.has(refId)) throw new SfError('INVALID_INPUT', `Duplicate ReferenceId provided in the request: ${refId}`);
		refs.add(refId);
		if (++count > 200) throw new SfError('LIMIT_EXCEEDED', 'Exceeded max limit of records for tree operation. Limit is 200'); // wording guessed
		if (depth > 5) throw new SfError('INVALID_INPUT', 'Exceeded maximum depth of 5 levels'); // wording guessed
		if (rec.attributes?.type && c.store.schema.get(rec.attributes.type)?.name !== type)
			throw new SfError('INVALID_INPUT', `Record type ${rec.attributes.type} does not match ${type}`); // guessed
		const fields: Fields = {};
		const children: Array<[string, TreeRecord[]]> = [];
		for (const [k, v] of Object.entries(rec)) {
			if (k === 'attributes') continue;
			if (v && typeof v === 'object' && Array.isArray((v as { records?: unknown }).records))
				children.push([k, (v as { records: TreeRecord[] }).records]);
			else fields[k] = v;
		}
		if (parentField) fields[parentField] = parentId;
		let id: string;
		try {
			id = c.store.insert(type, fields, c.wctx);
		} catch (e) {
			if (e instanceof SfError) throw new TreeFailure(refId, e);
			throw e;
		}
		results.push({ referenceId: refId, id });
		for (const [rel, list] of children) {
			const child = c.store.schema.childRelationships(type).find((r) => r.relationshipName?.toLowerCase() === rel.toLowerCase());
			if (!child) throw new TreeFailure(refId, new SfError('INVALID_FIELD', `No such relationship ${rel} on ${type}`)); // guessed
			for (const r of list) insert(r, child.childSObject, child.field, id, depth + 1);
		}
	};
	try {
		c.store.transaction(() => {
			for (const r of records) insert(r, root, undefined, undefined, 1);
		}, c.wctx.transactionKey);
	} catch (e) {
		if (e instanceof TreeFailure) {
			return { status: 400, body: { hasErrors: true, results: [{ referenceId: e.referenceId, errors: [e.error.toSave()] }] } };
		}
		throw e;
	}
	return ok({ hasErrors: false, results }, 201);
}

export const platformRoutes: Route[] = [
	['POST', /^\/sobjects\/(\w+__e)$/, publish],
	['POST', /^\/composite\/tree\/(\w+)$/, tree],
];
