import { randomUUID } from 'node:crypto';
import { IdFactory, normalizeId } from './ids';
import { describeField, type FieldDef, Schema } from './schema';
import { SALES_RULES } from './sales';
import { SoqlEngine } from './soql';
import { type ChangeEvent, type ChangeType, SfError, type WriteCtx } from './types';

export type Fields = Record<string, unknown>;
export interface Rec {
	type: string;
	fields: Fields;
	deleted: boolean;
}

interface Txn {
	key: string;
	undo: Array<() => void>;
	events: ChangeEvent[];
}

export function sfDateTime(d: Date): string {
	return d.toISOString().replace('Z', '+0000');
}
export function sfDate(d: Date): string {
	return d.toISOString().slice(0, 10);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url']);

/** One in-memory org: every object shares this store and validation path. */
export class OrgStore {
	private readonly recs = new Map<string, Rec>();
	private readonly byType = new Map<string, Map<string, Rec>>();
	private readonly listeners = new Set<(ev: ChangeEvent) => void>();
	private readonly txns: Txn[] = [];
	private caseNumber = 1000;
	readonly soql: SoqlEngine;
	now: () => Date = () => new Date();

	constructor(
		readonly schema: Schema,
		readonly ids: IdFactory,
		public defaultUserId = '',
	) {
		for (const name of schema.objects.keys()) this.byType.set(name, new Map());
		this.soql = new SoqlEngine(this);
	}

	// ---------- reading ----------
	obj(type: string) {
		const o = this.schema.get(type);
		if (!o) throw new SfError('INVALID_TYPE', `sObject type '${type}' is not supported.`, undefined, 404);
		return o;
	}
	/** Raw record (any state) by id, or undefined. */
	raw(id: string): Rec | undefined {
		const full = normalizeId(id);
		return full ? this.recs.get(full) : undefined;
	}
	get(type: string, id: string): Fields | undefined {
		const r = this.raw(id);
		if (!r || r.deleted || r.type !== this.obj(type).name) return undefined;
		return { ...r.fields };
	}
	all(type: string, opts: { includeDeleted?: boolean } = {}): Fields[] {
		return this.rows(type, opts.includeDeleted).map((r) => ({ ...r.fields }));
	}
	rows(type: string, includeDeleted = false): Rec[] {
		return [...this.typeMap(this.obj(type).name).values()].filter((r) => includeDeleted || !r.deleted);
	}
	query(soql: string): Fields[] {
		return this.soql.run(soql, { all: false }).records as Fields[];
	}
	describe(type: string): Record<string, unknown> {
		const o = this.obj(type);
		return {
			...this.objectInfo(o.name),
			childRelationships: this.schema
				.childRelationships(o.name)
				.map((c) => ({ ...c, deprecatedAndHidden: false, restrictedDelete: false })),
			fields: o.fields.map(describeField),
			recordTypeInfos: [
				{
					active: true,
					available: true,
					defaultRecordTypeMapping: true,
					developerName: 'Master',
					master: true,
					name: 'Master',
					recordTypeId: '012000000000000AAA',
					urls: { layout: `/services/data/v66.0/sobjects/${o.name}/describe/layouts/012000000000000AAA` },
				},
			],
		};
	}
	objectInfo(type: string, version = '66.0'): Record<string, unknown> {
		const o = this.obj(type);
		const base = `/services/data/v${version}/sobjects/${o.name}`;
		return {
			activateable: false,
			createable: o.createable,
			custom: o.custom,
			customSetting: false,
			deletable: o.createable,
			deprecatedAndHidden: false,
			feedEnabled: false,
			keyPrefix: o.keyPrefix,
			label: o.label,
			labelPlural: o.labelPlural,
			layoutable: o.createable,
			mergeable: ['Account', 'Contact', 'Lead'].includes(o.name),
			mruEnabled: true,
			name: o.name,
			queryable: o.queryable,
			replicateable: true,
			retrieveable: true,
			searchable: o.searchable,
			triggerable: o.createable,
			undeletable: o.createable,
			updateable: o.createable,
			urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
		};
	}

	// ---------- change events & transactions ----------
	onChange(listener: (ev: ChangeEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
	/** Runs fn atomically: a throw rolls back every write made inside (nested calls are savepoints). */
	transaction<T>(fn: () => T, key?: string): T {
		const parent = this.txns[this.txns.length - 1];
		const tx: Txn = { key: key ?? parent?.key ?? randomUUID(), undo: [], events: [] };
		this.txns.push(tx);
		try {
			const out = fn();
			this.txns.pop();
			if (parent) {
				parent.undo.push(...tx.undo);
				parent.events.push(...tx.events);
			} else this.emit(tx.events);
			return out;
		} catch (e) {
			this.txns.pop();
			for (const u of tx.undo.reverse()) u();
			throw e;
		}
	}
	private emit(events: ChangeEvent[]) {
		for (const ev of events)
			for (const l of this.listeners) {
				try {
					l(ev);
				} catch {
					/* a listener must not break a write */
				}
			}
	}
	private record(ctx: WriteCtx, entityName: string, changeType: ChangeType, id: string, changedFields: string[], values: Fields) {
		const tx = this.txns[this.txns.length - 1];
		const ev: ChangeEvent = {
			entityName,
			changeType,
			recordIds: [id],
			changedFields,
			values,
			commitTimestamp: this.now().getTime(),
			commitUser: ctx.userId ?? this.defaultUserId,
			transactionKey: ctx.transactionKey ?? tx?.key ?? randomUUID(),
			changeOrigin: ctx.changeOrigin ?? '',
		};
		if (tx) tx.events.push(ev);
		else this.emit([ev]);
	}
	private onUndo(fn: () => void) {
		this.txns[this.txns.length - 1]?.undo.push(fn);
	}

	// ---------- writing ----------
	insert(type: string, body: Fields, ctx: WriteCtx = {}): string {
		const o = this.obj(type);
		if (!o.createable && !ctx.system) throw new SfError('INVALID_TYPE_FOR_OPERATION', `entity type ${o.name} does not support insert`);
		const written = this.coerce(o.name, body, 'create', ctx);
		const now = sfDateTime(this.now());
		const user = ctx.userId ?? this.defaultUserId;
		const id = this.ids.next(o.keyPrefix);
		const fields: Fields = {};
		for (const f of o.fields) fields[f.name] = f.type === 'boolean' ? f.defaultValue : (f.defaultValue ?? null);
		Object.assign(fields, {
			Id: id,
			IsDeleted: false,
			CreatedDate: now,
			CreatedById: user,
			LastModifiedDate: now,
			LastModifiedById: user,
			SystemModstamp: now,
		});
		if ('OwnerId' in fields) fields.OwnerId = user;
		if (o.name === 'Case') fields.CaseNumber = String(++this.caseNumber).padStart(8, '0');
		if (o.name === 'ContentNote') fields.FileType = 'SNOTE';
		Object.assign(fields, written);
		const missing = o.fields.filter((f) => Schema.isRequired(f) && (fields[f.name] === null || fields[f.name] === '')).map((f) => f.name);
		if (missing.length) throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
		if (o.name === 'Invoice__c' && fields.Name === null) fields.Name = id; // custom objects without a Name show the Id
		const derived = this.derive(o.name, fields, Object.keys(written));
		this.checkUnique(o.name, fields, id);
		const rec: Rec = { type: o.name, fields, deleted: false };
		this.recs.set(id, rec);
		this.typeMap(o.name).set(id, rec);
		this.onUndo(() => {
			this.recs.delete(id);
			this.typeMap(o.name).delete(id);
		});
		const values: Fields = {};
		for (const [k, v] of Object.entries(fields)) if (v !== null) values[k] = v;
		this.record(ctx, o.name, 'CREATE', id, [...new Set([...Object.keys(written), ...derived])], values);
		return id;
	}

	/** Moves a record to a fixed id (seeding the running user under the id announced by the emulator). */
	rekey(from: string, to: string): void {
		const r = this.recs.get(from)!;
		this.recs.delete(from);
		this.typeMap(r.type).delete(from);
		r.fields.Id = to;
		this.recs.set(to, r);
		this.typeMap(r.type).set(to, r);
	}

	/** The records of a type; objects added at run time (Metadata API, metadata.ts) start empty. */
	private typeMap(type: string): Map<string, Rec> {
		let m = this.byType.get(type);
		if (!m) this.byType.set(type, (m = new Map()));
		return m;
	}

	/** Forgets the records of a deleted object (deleteMetadata of a CustomObject). */
	dropType(type: string): void {
		for (const id of this.typeMap(type).keys()) this.recs.delete(id);
		this.byType.delete(type);
	}

	/** Moves the records of a renamed object (renameMetadata of a CustomObject) under its new name. */
	renameType(from: string, to: string): void {
		const m = this.typeMap(from);
		for (const r of m.values()) r.type = to;
		this.byType.delete(from);
		this.byType.set(to, m);
	}

	/** Existing live record or a NOT_FOUND / ENTITY_IS_DELETED error (404). */
	live(type: string, id: string): Rec {
		const o = this.obj(type);
		const full = normalizeId(id);
		if (!full) throw new SfError('MALFORMED_ID', `${o.label} ID: id value of incorrect type: ${id}`, ['Id']);
		const r = this.recs.get(full);
		if (!r || r.type !== o.name) {
			if (!full.startsWith(o.keyPrefix)) throw new SfError('MALFORMED_ID', `${o.label} ID: id value of incorrect type: ${id}`, ['Id']);
			throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
		}
		if (r.deleted) throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
		return r;
	}

	update(type: string, id: string, body: Fields, ctx: WriteCtx = {}): void {
		const r = this.live(type, id);
		if (r.type === 'Lead' && r.fields.IsConverted === true && !ctx.system)
			throw new SfError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', undefined);
		if (!this.schema.get(r.type)!.createable && !ctx.system)
			throw new SfError('INVALID_TYPE_FOR_OPERATION', `entity type ${r.type} does not support update`);
		const written = this.coerce(r.type, body, 'update', ctx);
		const next: Fields = { ...r.fields, ...written };
		const o = this.schema.get(r.type)!;
		const blanked = Object.keys(written).filter((k) => {
			const f = o.byLower.get(k.toLowerCase())!;
			return Schema.isRequired(f) && (next[k] === null || next[k] === '');
		});
		if (blanked.length) throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${blanked.join(', ')}]`, blanked);
		const now = sfDateTime(this.now());
		Object.assign(next, { LastModifiedDate: now, LastModifiedById: ctx.userId ?? this.defaultUserId, SystemModstamp: now });
		const derived = this.derive(r.type, next, Object.keys(written), r.fields);
		this.checkUnique(r.type, next, r.fields.Id as string);
		const before = r.fields;
		r.fields = next;
		this.onUndo(() => {
			r.fields = before;
		});
		const changed = [...new Set([...Object.keys(written), ...derived, 'LastModifiedDate'])];
		const values: Fields = {};
		for (const k of changed) values[k] = next[k];
		this.record(ctx, r.type, 'UPDATE', r.fields.Id as string, changed, values);
	}

	delete(type: string, id: string, ctx: WriteCtx = {}): void {
		const r = this.live(type, id);
		if (!this.schema.get(r.type)!.createable && !ctx.system)
			throw new SfError('INVALID_TYPE_FOR_OPERATION', `entity type ${r.type} does not support delete`);
		this.setDeleted(r, true, ctx);
		for (const c of this.schema.childRelationships(r.type).filter((c) => c.cascadeDelete))
			for (const child of this.rows(c.childSObject)) if (child.fields[c.field] === r.fields.Id) this.setDeleted(child, true, ctx);
	}

	undelete(type: string, id: string, ctx: WriteCtx = {}): void {
		const o = this.obj(type);
		const r = this.raw(id);
		if (!r || r.type !== o.name) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
		if (!r.deleted) throw new SfError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
		this.setDeleted(r, false, ctx);
	}

	private setDeleted(r: Rec, deleted: boolean, ctx: WriteCtx) {
		const before = r.fields;
		const now = sfDateTime(this.now());
		r.fields = { ...before, IsDeleted: deleted, LastModifiedDate: now, SystemModstamp: now };
		r.deleted = deleted;
		this.onUndo(() => {
			r.fields = before;
			r.deleted = !deleted;
		});
		this.record(ctx, r.type, deleted ? 'DELETE' : 'UNDELETE', r.fields.Id as string, [], deleted ? {} : { ...r.fields });
	}

	/** Live records of `type` whose field equals value (case-insensitive for text). */
	findBy(type: string, field: string, value: unknown): Rec[] {
		const key = typeof value === 'string' ? value.toLowerCase() : value;
		return this.rows(type).filter((r) => {
			const v = r.fields[field];
			return (typeof v === 'string' ? v.toLowerCase() : v) === key;
		});
	}

	private checkUnique(type: string, fields: Fields, selfId: string) {
		for (const f of this.schema.get(type)!.fields) {
			if (!f.unique || f.type === 'id' || fields[f.name] === null || fields[f.name] === undefined) continue;
			const dup = this.findBy(type, f.name, fields[f.name]).find((r) => r.fields.Id !== selfId);
			if (dup)
				throw new SfError(
					'DUPLICATE_VALUE',
					`duplicate value found: ${f.name} duplicates value on record with id: ${dup.fields.Id as string}`,
					[f.name],
				);
		}
	}

	/** Derived/formula fields; returns the names whose values changed. */
	private derive(type: string, f: Fields, written: string[], prev?: Fields): string[] {
		const before = { ...f };
		if (type === 'Contact' || type === 'Lead' || type === 'User') f.Name = [f.FirstName, f.LastName].filter((x) => x).join(' ');
		if (type === 'Opportunity') {
			const stage = this.findBy('OpportunityStage', 'ApiName', f.StageName)[0]?.fields;
			const stageChanged = !prev || prev.StageName !== f.StageName;
			if (stage) {
				f.IsClosed = stage.IsClosed;
				f.IsWon = stage.IsWon;
				if (stageChanged && !written.includes('Probability')) f.Probability = stage.DefaultProbability;
				if (stageChanged && !written.includes('ForecastCategoryName')) f.ForecastCategoryName = stage.ForecastCategoryName;
			}
			f.ExpectedRevenue = typeof f.Amount === 'number' && typeof f.Probability === 'number' ? (f.Amount * f.Probability) / 100 : null;
		}
		if (type === 'Case') {
			f.IsClosed = f.Status === 'Closed';
			if (f.IsClosed && !f.ClosedDate) f.ClosedDate = sfDateTime(this.now());
			if (!f.IsClosed) f.ClosedDate = null;
		}
		if (type === 'Task') f.IsClosed = f.Status === 'Completed';
		if (type === 'CampaignMember') f.HasResponded = f.Status === 'Responded' || f.Status === 'Received';
		if (type === 'ContentNote') f.TextPreview = typeof f.Content === 'string' ? f.Content.slice(0, 255) : null;
		SALES_RULES[type]?.(this, f, written, prev);
		return Object.keys(f).filter((k) => f[k] !== before[k]);
	}

	/** Validates a client body and returns canonical field → stored value. */
	coerce(type: string, body: Fields, mode: 'create' | 'update', ctx: WriteCtx): Fields {
		const o = this.schema.get(type)!;
		const out: Fields = {};
		const readOnly: string[] = [];
		for (const [key, value] of Object.entries(body)) {
			if (key === 'attributes') continue;
			const f = o.byLower.get(key.toLowerCase());
			if (!f) {
				// Parent by external id: "Account": {"External_Id__c": "ABC"}
				const rel = this.schema.relationship(o.name, key);
				if (rel && value && typeof value === 'object' && !Array.isArray(value)) {
					out[rel.name] = this.resolveParent(rel, value as Fields);
					continue;
				}
				throw new SfError('INVALID_FIELD', `No such column '${key}' on sobject of type ${o.name}`, [key]);
			}
			if (f.name === 'Id') throw new SfError('INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
			if (!ctx.system && !(mode === 'create' ? f.createable : f.updateable)) {
				readOnly.push(f.name);
				continue;
			}
			out[f.name] = this.value(o.name, f, value);
		}
		if (readOnly.length)
			throw new SfError(
				'INVALID_FIELD_FOR_INSERT_UPDATE',
				`Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
				readOnly,
			);
		return out;
	}

	private resolveParent(rel: FieldDef, spec: Fields): string {
		const target = rel.referenceTo[0];
		const entries = Object.entries(spec).filter(([k]) => k !== 'attributes');
		const f = entries.length === 1 ? this.schema.field(target, entries[0][0]) : undefined;
		if (!f || !f.idLookup)
			throw new SfError(
				'INVALID_FIELD',
				`Foreign key external ID: ${entries[0]?.[0] ?? ''} not found for field ${rel.name} in entity ${target}`,
				[rel.name],
			);
		const hits =
			f.name === 'Id'
				? this.rows(target).filter((r) => r.fields.Id === normalizeId(entries[0][1]))
				: this.findBy(target, f.name, entries[0][1]);
		if (hits.length !== 1)
			throw new SfError(
				hits.length ? 'DUPLICATE_EXTERNAL_ID' : 'INVALID_FIELD',
				hits.length
					? `Foreign key external ID: ${String(entries[0][1])} matched more than one record`
					: `Foreign key external ID: ${String(entries[0][1])} not found for field ${f.name} in entity ${target}`,
				[rel.name],
			);
		return hits[0].fields.Id as string;
	}

	private value(type: string, f: FieldDef, v: unknown): unknown {
		const bad = (t: string) =>
			new SfError(
				'JSON_PARSER_ERROR',
				`Cannot deserialize instance of ${t} from ${typeof v === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${typeof v === 'object' ? JSON.stringify(v) : String(v)} or request may be missing a required field`,
			);
		if (v === null || v === undefined) return f.type === 'boolean' ? false : null;
		if (TEXT_TYPES.has(f.type)) {
			if (typeof v === 'object') throw bad('string');
			let s = String(v);
			if (s === '') return null;
			if (f.type === 'multipicklist')
				s = s
					.split(';')
					.map((x) => x.trim())
					.filter(Boolean)
					.join(';');
			if (f.length && s.length > f.length)
				throw new SfError('STRING_TOO_LONG', `${f.label}: data value too large: ${s} (max length=${f.length})`, [f.name]);
			if (f.type === 'email' && !EMAIL_RE.test(s))
				throw new SfError('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${s}`, [f.name]);
			if (f.restrictedPicklist && !f.picklistValues.some((p) => p.value === s))
				throw new SfError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${f.label}: bad value for restricted picklist field: ${s}`, [f.name]);
			return s;
		}
		switch (f.type) {
			case 'boolean':
				if (typeof v === 'boolean') return v;
				if (v === 'true' || v === 'false') return v === 'true';
				throw bad('boolean');
			case 'int':
			case 'currency':
			case 'double':
			case 'percent': {
				const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
				if (!Number.isFinite(n)) throw bad(f.type === 'int' ? 'int' : 'double');
				return f.type === 'int' ? Math.trunc(n) : n;
			}
			case 'date': {
				if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || isNaN(Date.parse(v))) throw bad('date');
				return v;
			}
			case 'datetime': {
				if (typeof v !== 'string' || isNaN(Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) throw bad('datetime');
				return sfDateTime(new Date(Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))));
			}
			case 'reference': {
				const id = normalizeId(v);
				if (!id) throw new SfError('MALFORMED_ID', `${f.label}: id value of incorrect type: ${String(v)}`, [f.name]);
				const target = this.recs.get(id);
				if (!f.referenceTo.some((t) => id.startsWith(this.schema.get(t)!.keyPrefix)))
					throw new SfError('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, [f.name]);
				if (!target || target.deleted || !f.referenceTo.includes(target.type))
					throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [f.name]); // wording guessed
				return id;
			}
			default:
				return v;
		}
	}
}
