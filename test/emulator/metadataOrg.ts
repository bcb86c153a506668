/**
 * The org's metadata as the Metadata API's CRUD-based calls see it (metadata.ts speaks the SOAP):
 * - CustomObject and CustomField live in the data schema (schema.ts): a created object or field shows up in REST
 *   describe, SOQL and writes; deleting an object deletes its records.
 * - Field-level security, as Salesforce applies it to fields created through the API: a new field that is not required
 *   is invisible to the data API until a profile grants it (Profile fieldPermissions, readable/editable); every
 *   emulated user has the "Admin" profile. (Salesforce documents FLS in "Field-Level Security"; that the Metadata API
 *   grants no profile access to a new field is what its users report, e.g. salesforce.stackexchange.com/q/251157.)
 * - Every other type in DESCRIBED is kept as given (a generic component store). Profile and PermissionSet updates
 *   merge their permission lists by key (fieldPermissions by field…), as users observe for updateMetadata of a
 *   Profile (salesforce.stackexchange.com/q/269360); other updates replace the component (a guess).
 * Error codes and wordings are guesses unless marked: INVALID_CROSS_REFERENCE_KEY "In field: fullName - no <Type>
 * named <name> found" for a missing component, DUPLICATE_DEVELOPER_NAME for an existing one.
 */
import { type Component, fieldFromMetadata, metadataFromField } from './metadataFields';
import { type FieldDef, type ObjectDef, describeField } from './schema';
import type { SalesforceEmulator } from './server';
import { SfError } from './types';

export interface TypeInfo {
	xmlName: string;
	directoryName: string;
	suffix: string;
	inFolder: boolean;
	metaFile: boolean;
	childXmlNames: string[];
	idPrefix: string;
}

const t = (xmlName: string, directoryName: string, suffix: string, idPrefix: string, extra: Partial<TypeInfo> = {}): TypeInfo => ({
	xmlName,
	directoryName,
	suffix,
	inFolder: false,
	metaFile: false,
	childXmlNames: [],
	idPrefix,
	...extra,
});

/** describeMetadata's list (a subset of a real org's; DescribeMetadataObject fields as documented). */
export const DESCRIBED: TypeInfo[] = [
	t('ApexClass', 'classes', 'cls', '01p', { metaFile: true }),
	t('CustomApplication', 'applications', 'app', '02u'),
	t('CustomLabels', 'labels', 'labels', '101', { childXmlNames: ['CustomLabel'] }),
	t('CustomMetadata', 'customMetadata', 'md', 'm00'),
	t('CustomObject', 'objects', 'object', '01I', {
		childXmlNames: [
			'CustomField',
			'Index',
			'BusinessProcess',
			'CompactLayout',
			'RecordType',
			'WebLink',
			'ValidationRule',
			'SharingReason',
			'ListView',
			'FieldSet',
		],
	}),
	t('CustomTab', 'tabs', 'tab', '01r'),
	t('Dashboard', 'dashboards', 'dashboard', '01Z', { inFolder: true }),
	t('EmailTemplate', 'email', 'email', '00X', { inFolder: true, metaFile: true }),
	t('Flow', 'flows', 'flow', '301'),
	t('GlobalValueSet', 'globalValueSets', 'globalValueSet', '0Nt'),
	t('Layout', 'layouts', 'layout', '00h'),
	t('PermissionSet', 'permissionsets', 'permissionset', '0PS'),
	t('Profile', 'profiles', 'profile', '00e'),
	t('Queue', 'queues', 'queue', '00G'),
	t('RemoteSiteSetting', 'remoteSiteSettings', 'remoteSite', '0rp'),
	t('Report', 'reports', 'report', '00O', { inFolder: true }),
	t('StandardValueSet', 'standardValueSets', 'standardValueSet', '0s2'),
];

interface Stored {
	fullName: string;
	fields: Component;
	id: string;
	created: string;
	modified: string;
}
/** alwaysVisible: required fields (FLS cannot hide them) and fields the org had before the Metadata API changed them. */
interface GatedField {
	object: string;
	def: FieldDef;
	alwaysVisible: boolean;
}

const lower = (s: string) => s.toLowerCase();
export const missing = (type: string, fullName: string) =>
	new SfError('INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no ${type} named ${fullName} found`, ['fullName']);
const duplicate = (type: string, fullName: string) =>
	new SfError('DUPLICATE_DEVELOPER_NAME', `There is already a ${type} named ${fullName}`, ['fullName']);
const MERGED: Record<string, Record<string, string>> = {
	Profile: { fieldPermissions: 'field', objectPermissions: 'object', userPermissions: 'name', classAccesses: 'apexClass' },
	PermissionSet: { fieldPermissions: 'field', objectPermissions: 'object', userPermissions: 'name', classAccesses: 'apexClass' },
};

export class MetadataOrg {
	/** Components of the generic types, by type then lower-case full name. */
	readonly generic = new Map<string, Map<string, Stored>>();
	/** Fields created through the Metadata API (field-level security applies), by lower-case Object.Field. */
	readonly gated = new Map<string, GatedField>();
	/** What the Metadata API was given for custom objects and fields (read answers with it), by lower-case full name. */
	readonly given = new Map<string, Stored>();

	constructor(private readonly emu: SalesforceEmulator) {
		this.put('Profile', { fullName: 'Admin', custom: false, userLicense: 'Salesforce' });
	}

	typeInfo(type: string): TypeInfo | undefined {
		const top = DESCRIBED.find((d) => d.xmlName === type);
		if (top) return top;
		const parent = DESCRIBED.find((d) => d.childXmlNames.includes(type));
		return parent && { ...parent, xmlName: type, childXmlNames: [], idPrefix: type === 'CustomField' ? '00N' : '0Md' };
	}

	private now = () => new Date().toISOString();

	private store(type: string): Map<string, Stored> {
		let m = this.generic.get(type);
		if (!m) this.generic.set(type, (m = new Map()));
		return m;
	}

	private put(type: string, fields: Component, previous?: Stored): Stored {
		const fullName = String(fields.fullName);
		const stored: Stored = {
			fullName,
			fields,
			id: previous?.id ?? this.emu.ids.next(this.typeInfo(type)?.idPrefix ?? '0Md'),
			created: previous?.created ?? this.now(),
			modified: this.now(),
		};
		this.store(type).set(lower(fullName), stored);
		return stored;
	}

	// ---------- objects and fields in the schema ----------
	object(name: string): ObjectDef | undefined {
		return this.emu.schema.get(name);
	}

	private splitField(fullName: string): { object: ObjectDef; name: string } {
		const dot = fullName.indexOf('.');
		const object = dot > 0 ? this.object(fullName.slice(0, dot)) : undefined;
		if (!object) throw missing('CustomObject', fullName.slice(0, Math.max(dot, 0)) || fullName);
		return { object, name: fullName.slice(dot + 1) };
	}

	/** A field of an object, visible to the data API or hidden by field-level security. */
	field(fullName: string): { object: ObjectDef; def: FieldDef; hidden: boolean } | undefined {
		const { object, name } = this.splitField(fullName);
		const shown = object.byLower.get(lower(name));
		if (shown) return { object, def: shown, hidden: false };
		const gated = this.gated.get(lower(`${object.name}.${name}`));
		return gated && { object, def: gated.def, hidden: true };
	}

	/** Access the "Admin" profile grants to a field, from its fieldPermissions. */
	private access(fullName: string): { readable: boolean; editable: boolean } {
		const perms = this.store('Profile').get('admin')?.fields.fieldPermissions;
		const entry = (Array.isArray(perms) ? perms : perms ? [perms] : []).find(
			(p) => lower(String((p as Component).field ?? '')) === lower(fullName),
		) as Component | undefined;
		const yes = (v: unknown) => v === true || String(v) === 'true';
		return { readable: !!entry && (yes(entry.readable) || yes(entry.editable)), editable: !!entry && yes(entry.editable) };
	}

	/** Puts every gated field where its field-level security says: in the object's describe (editable or read-only) or hidden. */
	applyFieldSecurity(): void {
		for (const [key, g] of this.gated) {
			const object = this.object(g.object);
			if (!object) {
				this.gated.delete(key);
				continue;
			}
			const { readable, editable } = g.alwaysVisible ? { readable: true, editable: true } : this.access(`${object.name}.${g.def.name}`);
			const at = object.fields.findIndex((f) => lower(f.name) === lower(g.def.name));
			if (at >= 0) object.fields.splice(at, 1);
			object.byLower.delete(lower(g.def.name));
			if (!readable) continue;
			g.def.createable = g.def.updateable = editable && !g.def.calculated;
			object.fields.push(g.def);
			object.byLower.set(lower(g.def.name), g.def);
		}
	}

	/** Creates a field from its CustomField component, or replaces `replacing` with it (updateMetadata). */
	setField(object: ObjectDef, meta: Component, replacing?: FieldDef): void {
		const name = String(meta.fullName).slice(object.name.length + 1);
		const def = fieldFromMetadata(name, meta, (n) => this.object(n)?.name);
		const key = lower(`${object.name}.${def.name}`);
		const entry = this.givenEntry(key, { ...meta, fullName: `${object.name}.${def.name}` });
		// A field the org had before (not gated) stays visible to all; a gated one keeps its state.
		const keep = !!replacing && (this.gated.get(key)?.alwaysVisible ?? true);
		if (replacing) this.removeField(object, replacing.name);
		this.gated.set(key, { object: object.name, def, alwaysVisible: keep || (!def.nillable && def.type !== 'boolean') });
		this.given.set(key, entry);
		this.applyFieldSecurity();
	}

	removeField(object: ObjectDef, name: string): void {
		const at = object.fields.findIndex((f) => lower(f.name) === lower(name));
		if (at >= 0) object.fields.splice(at, 1);
		object.byLower.delete(lower(name));
		this.gated.delete(lower(`${object.name}.${name}`));
		this.given.delete(lower(`${object.name}.${name}`));
	}

	private givenEntry(key: string, fields: Component): Stored {
		const before = this.given.get(key);
		return {
			fullName: String(fields.fullName),
			fields,
			id: before?.id ?? this.emu.ids.next(key.includes('.') ? '00N' : '01I'),
			created: before?.created ?? this.now(),
			modified: this.now(),
		};
	}

	/** The CustomField component of a field: as given to the Metadata API, or made from its describe. */
	readField(fullName: string): Component | undefined {
		const found = this.field(fullName);
		if (!found) return undefined;
		return this.given.get(lower(`${found.object.name}.${found.def.name}`))?.fields ?? metadataFromField(found.object.name, found.def);
	}

	/** Custom fields of an object as CustomField components (CustomObject reads and listMetadata). */
	customFields(object: ObjectDef): Component[] {
		const hidden = [...this.gated.values()]
			.filter((g) => g.object === object.name && !object.byLower.has(lower(g.def.name)))
			.map((g) => g.def);
		return [...object.fields, ...hidden]
			.filter((f) => f.custom && f.name.endsWith('__c'))
			.map((f) => this.readField(`${object.name}.${f.name}`)!);
	}

	readObject(name: string): Component | undefined {
		const object = this.object(name);
		if (!object) return undefined;
		const given = this.given.get(lower(object.name))?.fields ?? {};
		const nameField = object.fields.find((f) => f.nameField);
		return {
			fullName: object.name,
			...(object.custom ? { deploymentStatus: 'Deployed', sharingModel: 'ReadWrite' } : {}),
			...given,
			fields: this.customFields(object),
			label: object.label,
			...(object.custom
				? {
						nameField: { label: nameField?.label ?? 'Name', type: nameField?.calculated ? 'AutoNumber' : 'Text' },
						pluralLabel: object.labelPlural,
					}
				: {}),
		};
	}

	// ---------- generic components ----------
	readGeneric(type: string, fullName: string): Component | undefined {
		return this.store(type).get(lower(fullName))?.fields;
	}

	createGeneric(type: string, meta: Component): void {
		if (this.store(type).has(lower(String(meta.fullName)))) throw duplicate(type, String(meta.fullName));
		this.put(type, meta);
	}

	updateGeneric(type: string, meta: Component): void {
		const before = this.store(type).get(lower(String(meta.fullName)));
		if (!before) throw missing(type, String(meta.fullName));
		const merged: Component = MERGED[type] ? { ...before.fields } : {};
		for (const [key, value] of Object.entries(meta)) {
			const by = MERGED[type]?.[key];
			if (!by) {
				merged[key] = value;
				continue;
			}
			const entries = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []) as Component[];
			const out = new Map(entries(before.fields[key]).map((e) => [lower(String(e[by])), e]));
			for (const e of entries(value)) out.set(lower(String(e[by])), e);
			merged[key] = [...out.values()];
		}
		this.put(type, { ...merged, fullName: before.fullName }, before);
		if (type === 'Profile') this.applyFieldSecurity();
	}

	deleteGeneric(type: string, fullName: string): void {
		if (!this.store(type).delete(lower(fullName))) throw missing(type, fullName);
		if (type === 'Profile') this.applyFieldSecurity();
	}

	renameGeneric(type: string, from: string, to: string): void {
		const before = this.store(type).get(lower(from));
		if (!before) throw missing(type, from);
		if (this.store(type).has(lower(to))) throw duplicate(type, to);
		this.store(type).delete(lower(from));
		this.put(type, { ...before.fields, fullName: to }, before);
	}

	/** FileProperties of the components of a type (listMetadata). */
	list(type: string, folder?: string): Component[] {
		const info = this.typeInfo(type)!;
		const user = this.emu.store.get('User', this.emu.userId) ?? {};
		const name = String(user.Name ?? '');
		// FileProperties, its elements in the WSDL's order.
		const file = (fullName: string, fileName: string, s?: Stored): Component => ({
			createdById: this.emu.userId,
			createdByName: name,
			createdDate: s?.created ?? '1970-01-01T00:00:00.000Z',
			fileName,
			fullName,
			id: s?.id ?? '',
			lastModifiedById: this.emu.userId,
			lastModifiedByName: name,
			lastModifiedDate: s?.modified ?? '1970-01-01T00:00:00.000Z',
			manageableState: 'unmanaged',
			type,
		});
		const objects = [...this.emu.schema.objects.values()];
		if (type === 'CustomObject') return objects.map((o) => file(o.name, `objects/${o.name}.object`, this.given.get(lower(o.name))));
		if (type === 'CustomField') {
			return objects.flatMap((o) =>
				this.customFields(o).map((f) => file(String(f.fullName), `objects/${o.name}.object`, this.given.get(lower(String(f.fullName))))),
			);
		}
		return [...this.store(type).values()]
			.filter((s) => !folder || lower(s.fullName).startsWith(`${lower(folder)}/`))
			.map((s) => file(s.fullName, `${info.directoryName}/${s.fullName}.${info.suffix}`, s));
	}

	/** The describe of a field for tests: what REST describe shows of it, or undefined while it is hidden. */
	describedField(object: string, field: string): Record<string, unknown> | undefined {
		const f = this.object(object)?.byLower.get(lower(field));
		return f && describeField(f);
	}
}

const orgs = new WeakMap<SalesforceEmulator, MetadataOrg>();

export function metadataOf(emu: SalesforceEmulator): MetadataOrg {
	let org = orgs.get(emu);
	if (!org) orgs.set(emu, (org = new MetadataOrg(emu)));
	return org;
}
