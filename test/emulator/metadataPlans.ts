/**
 * What each CRUD-based Metadata API call does to one component, split in two so that AllOrNoneHeader can be honoured:
 * `plan` checks the component against the org (and against the other components of the same call) and throws the
 * SfError its result carries; the returned function applies it. With allOrNone every component is planned before any
 * is applied.
 */
import { fieldFromMetadata, type Component } from './metadataFields';
import { type MetadataOrg, missing } from './metadataOrg';
import type { SalesforceEmulator } from './server';
import { SfError } from './types';

export interface Outcome {
	fullName: string;
	created?: boolean;
}
export type Apply = () => Outcome;
export type SaveKind = 'create' | 'update' | 'upsert';

const lower = (s: string) => s.toLowerCase();
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const integrity = (message: string, field: string) => new SfError('FIELD_INTEGRITY_EXCEPTION', message, [field]);
const CUSTOM = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c$/;
/** The guide's fields of Metadata components are not trimmed here; the full name is ("the API trims … whitespace"). */
const nameOf = (meta: Component) => text(meta.fullName);

function checkObject(meta: Component): void {
	if (!CUSTOM.test(nameOf(meta))) throw integrity(`Invalid object name ${nameOf(meta)}: a custom object's name ends in __c`, 'fullName');
	for (const key of ['label', 'pluralLabel'])
		if (!text(meta[key])) throw new SfError('REQUIRED_FIELD_MISSING', `Required field is missing: ${key}`, [key]);
	const nameField = (meta.nameField ?? {}) as Component;
	if (!text(nameField.label) || !['Text', 'AutoNumber'].includes(text(nameField.type))) {
		throw new SfError('REQUIRED_FIELD_MISSING', 'Required field is missing: nameField (label, and type Text or AutoNumber)', ['nameField']);
	}
}

function objectFields(meta: Component): Component[] {
	const fields = meta.fields;
	return (Array.isArray(fields) ? fields : fields ? [fields] : []) as Component[];
}

function planObject(org: MetadataOrg, emu: SalesforceEmulator, kind: SaveKind, meta: Component): Apply {
	const fullName = nameOf(meta);
	const existing = org.object(fullName);
	const create = kind === 'create' || (kind === 'upsert' && !existing);
	if (create && existing) throw new SfError('DUPLICATE_DEVELOPER_NAME', `There is already an object named ${fullName}`, ['fullName']);
	if (!create && !existing) throw missing('CustomObject', fullName);
	if (!create && !existing!.custom) throw integrity(`Cannot change standard object ${existing!.name} with CustomObject`, 'fullName');
	checkObject(meta);
	const nested = objectFields(meta);
	if (create)
		for (const f of nested)
			fieldFromMetadata(
				text(f.fullName).replace(/^.*\./, ''),
				f,
				(n) => org.object(n)?.name ?? (lower(n) === lower(fullName) ? fullName : undefined),
			);
	return () => {
		const nameField = meta.nameField as Component;
		if (create) {
			const used = new Set([...emu.schema.objects.values()].map((o) => o.keyPrefix));
			let prefix = '';
			for (let n = 10; !prefix || used.has(prefix); n++) prefix = `a${n.toString(36).toUpperCase().padStart(2, '0')}`;
			const name = text(nameField.type) === 'AutoNumber' ? 'Name string(80) calc name' : 'Name string(80) req name';
			const sharing = text(meta.sharingModel);
			const object = emu.schema.define(fullName, {
				label: text(meta.label),
				plural: text(meta.pluralLabel),
				prefix,
				custom: true,
				owner: sharing !== 'ControlledByParent',
				fields: name,
			});
			object.fields.find((f) => f.name === 'Name')!.label = text(nameField.label);
			for (const f of nested) org.setField(object, { ...f, fullName: `${fullName}.${text(f.fullName).replace(/^.*\./, '')}` });
		} else {
			existing!.label = text(meta.label);
			existing!.labelPlural = text(meta.pluralLabel);
			existing!.fields.find((f) => f.nameField)!.label = text(nameField.label);
		}
		const stored = { ...meta };
		delete stored.fields;
		const before = org.given.get(lower(fullName));
		const now = new Date().toISOString();
		org.given.set(lower(fullName), {
			fullName,
			fields: stored,
			id: before?.id ?? emu.ids.next('01I'),
			created: before?.created ?? now,
			modified: now,
		});
		return { fullName, ...(kind === 'upsert' ? { created: create } : {}) };
	};
}

function planField(org: MetadataOrg, kind: SaveKind, meta: Component, claimed: Set<string>): Apply {
	const fullName = nameOf(meta);
	const found = org.field(fullName);
	const { object, name } = {
		object: found?.object ?? org.object(fullName.slice(0, fullName.indexOf('.')))!,
		name: fullName.slice(fullName.indexOf('.') + 1),
	};
	const create = kind === 'create' || (kind === 'upsert' && !found);
	if (create && (found || claimed.has(lower(fullName))))
		throw new SfError('DUPLICATE_DEVELOPER_NAME', `There is already a field named ${name} on ${object.name}.`, ['fullName']);
	if (!create && !found) throw missing('CustomField', fullName);
	if (!CUSTOM.test(name)) throw integrity(`Invalid field name ${name}: a custom field's name ends in __c`, 'fullName');
	fieldFromMetadata(name, meta, (n) => org.object(n)?.name);
	claimed.add(lower(fullName));
	return () => {
		org.setField(object, { ...meta, fullName: `${object.name}.${name}` }, found?.def);
		return { fullName: `${object.name}.${name}`, ...(kind === 'upsert' ? { created: create } : {}) };
	};
}

function planGeneric(org: MetadataOrg, type: string, kind: SaveKind, meta: Component, claimed: Set<string>): Apply {
	const fullName = nameOf(meta);
	const exists = org.readGeneric(type, fullName) !== undefined;
	const create = kind === 'create' || (kind === 'upsert' && !exists);
	if (create && (exists || claimed.has(lower(fullName))))
		throw new SfError('DUPLICATE_DEVELOPER_NAME', `There is already a ${type} named ${fullName}`, ['fullName']);
	if (!create && !exists) throw missing(type, fullName);
	claimed.add(lower(fullName));
	return () => {
		if (create) org.createGeneric(type, { ...meta, fullName });
		else org.updateGeneric(type, { ...meta, fullName });
		return { fullName, ...(kind === 'upsert' ? { created: create } : {}) };
	};
}

export function planSave(
	org: MetadataOrg,
	emu: SalesforceEmulator,
	type: string,
	kind: SaveKind,
	meta: Component,
	claimed: Set<string>,
): Apply {
	if (!nameOf(meta)) throw new SfError('REQUIRED_FIELD_MISSING', 'Required field is missing: fullName', ['fullName']);
	if (type === 'CustomObject') return planObject(org, emu, kind, meta);
	if (type === 'CustomField') {
		if (!org.object(nameOf(meta).split('.')[0])) throw missing('CustomObject', nameOf(meta).split('.')[0]);
		return planField(org, kind, meta, claimed);
	}
	return planGeneric(org, type, kind, meta, claimed);
}

export function planDelete(org: MetadataOrg, emu: SalesforceEmulator, type: string, fullName: string): Apply {
	if (type === 'CustomObject') {
		const object = org.object(fullName);
		if (!object) throw missing(type, fullName);
		if (!object.custom) throw integrity(`Cannot delete standard object ${object.name}`, 'fullName');
		return () => {
			const ofObject = (key: string) => key === lower(object.name) || key.startsWith(`${lower(object.name)}.`);
			for (const key of [...org.gated.keys()].filter(ofObject)) org.gated.delete(key);
			for (const key of [...org.given.keys()].filter(ofObject)) org.given.delete(key);
			emu.schema.remove(object.name);
			emu.store.dropType(object.name);
			return { fullName: object.name };
		};
	}
	if (type === 'CustomField') {
		const found = org.object(fullName.split('.')[0]) ? org.field(fullName) : undefined;
		if (!found) throw missing(type, fullName);
		if (!found.def.custom) throw integrity(`Cannot delete standard field ${fullName}`, 'fullName');
		return () => {
			org.removeField(found.object, found.def.name);
			return { fullName: `${found.object.name}.${found.def.name}` };
		};
	}
	if (org.readGeneric(type, fullName) === undefined) throw missing(type, fullName);
	return () => {
		org.deleteGeneric(type, fullName);
		return { fullName };
	};
}

function renameKeys(map: Map<string, { fullName: string; fields: Component }>, from: string, to: string): void {
	for (const [key, entry] of [...map]) {
		if (key !== lower(from) && !key.startsWith(`${lower(from)}.`)) continue;
		const renamed = to + entry.fullName.slice(from.length);
		map.delete(key);
		map.set(lower(renamed), { ...entry, fullName: renamed, fields: { ...entry.fields, fullName: renamed } });
	}
}

export function planRename(org: MetadataOrg, emu: SalesforceEmulator, type: string, from: string, to: string): Apply {
	if (type === 'CustomObject') {
		const object = org.object(from);
		if (!object) throw missing(type, from);
		if (!object.custom || !CUSTOM.test(to))
			throw integrity(`Only custom objects can be renamed, to a name ending in __c: ${to}`, 'newFullName');
		if (org.object(to)) throw new SfError('DUPLICATE_DEVELOPER_NAME', `There is already an object named ${to}`, ['newFullName']);
		return () => {
			const old = object.name;
			emu.schema.rename(old, to);
			emu.store.renameType(old, to);
			renameKeys(org.given, old, to);
			for (const [key, g] of [...org.gated]) {
				if (g.object !== old) continue;
				org.gated.delete(key);
				org.gated.set(lower(`${to}.${g.def.name}`), { ...g, object: to });
			}
			return { fullName: to };
		};
	}
	if (type === 'CustomField') {
		const found = org.object(from.split('.')[0]) ? org.field(from) : undefined;
		if (!found) throw missing(type, from);
		const [object, name] = [to.slice(0, to.indexOf('.')), to.slice(to.indexOf('.') + 1)];
		if (lower(object) !== lower(found.object.name) || !CUSTOM.test(name))
			throw integrity(`New name ${to} must be on ${found.object.name} and end in __c`, 'newFullName');
		if (org.field(to))
			throw new SfError('DUPLICATE_DEVELOPER_NAME', `There is already a field named ${name} on ${found.object.name}.`, ['newFullName']);
		return () => {
			const old = found.def.name;
			const gated = org.gated.get(lower(`${found.object.name}.${old}`));
			renameKeys(org.given, `${found.object.name}.${old}`, `${found.object.name}.${name}`);
			org.gated.delete(lower(`${found.object.name}.${old}`));
			found.object.byLower.delete(lower(old));
			found.def.name = name;
			if (!found.hidden) found.object.byLower.set(lower(name), found.def);
			if (gated) org.gated.set(lower(`${found.object.name}.${name}`), gated);
			for (const rec of emu.store.rows(found.object.name, true)) {
				rec.fields[name] = rec.fields[old] ?? null;
				delete rec.fields[old];
			}
			return { fullName: `${found.object.name}.${name}` };
		};
	}
	if (org.readGeneric(type, from) === undefined) throw missing(type, from);
	return () => {
		org.renameGeneric(type, from, to);
		return { fullName: to };
	};
}
