/**
 * CustomField components (Metadata API Developer Guide, "CustomField": fullName, label, type, length, precision, scale,
 * required, unique, externalId, defaultValue, valueSet, referenceTo, relationshipName…) turned into the emulator's
 * describe fields (schema.ts FieldDef) and back. The checks follow the guide's rules per type; their error wordings
 * are guesses except "Must specify 'defaultValue' for a CustomField of type Checkbox", which users report verbatim.
 */
import { type FieldDef, type FieldType, parseField } from './schema';
import { SfError } from './types';

export type Component = Record<string, unknown>;

/** Metadata API field types (FieldType enumeration) the emulator models → the describe type Salesforce reports. */
const TYPES: Record<string, FieldType> = {
	Text: 'string',
	TextArea: 'textarea',
	LongTextArea: 'textarea',
	Email: 'email',
	Phone: 'phone',
	Url: 'url',
	Number: 'double',
	Currency: 'currency',
	Percent: 'percent',
	Checkbox: 'boolean',
	Date: 'date',
	DateTime: 'datetime',
	Picklist: 'picklist',
	MultiselectPicklist: 'multipicklist',
	Lookup: 'reference',
	MasterDetail: 'reference',
};

const integrity = (message: string, field: string) => new SfError('FIELD_INTEGRITY_EXCEPTION', message, [field]);
const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const flag = (v: unknown): boolean => v === true || text(v).toLowerCase() === 'true';
const list = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

function whole(meta: Component, key: string, min: number, max: number): number {
	const n = Number(text(meta[key]));
	if (!text(meta[key]) || !Number.isInteger(n) || n < min || n > max)
		throw integrity(`${key}: must be a whole number from ${min} to ${max}`, key);
	return n;
}

/** Picklist values of valueSet.valueSetDefinition.value (fullName, label, default). */
function picklistValues(meta: Component): Array<{ value: string; label: string; isDefault: boolean }> {
	const definition = ((meta.valueSet as Component | undefined)?.valueSetDefinition ?? {}) as Component;
	const values = list(definition.value).map((v) => {
		const entry = (v && typeof v === 'object' ? v : { fullName: v }) as Component;
		return { value: text(entry.fullName), label: text(entry.label) || text(entry.fullName), isDefault: flag(entry.default) };
	});
	if (!values.length || values.some((v) => !v.value))
		throw integrity('A picklist needs valueSet.valueSetDefinition.value entries with a fullName', 'valueSet');
	return values;
}

/**
 * The describe field for a CustomField named `name` (e.g. Tier__c): type, length/precision/scale, picklist values,
 * reference, required/unique/externalId. `resolveObject` gives an object's API name, or undefined when it does not
 * exist (for referenceTo).
 */
export function fieldFromMetadata(name: string, meta: Component, resolveObject: (name: string) => string | undefined): FieldDef {
	if (!text(meta.label)) throw integrity('Must specify a non-empty label for the CustomField', 'label');
	const kind = text(meta.type);
	if (!kind) throw integrity('Must specify a type for the CustomField', 'type');
	const describeType = TYPES[kind];
	if (!describeType) throw integrity(`Field type ${kind} is not supported by this org`, 'type'); // the emulator models the types in TYPES
	const required = flag(meta.required) || kind === 'MasterDetail';
	const flags = [required && kind !== 'Checkbox' ? 'req' : '', flag(meta.externalId) ? 'ext' : '', flag(meta.unique) ? 'uniq' : ''];
	let arg = '';
	let picks = '';
	if (kind === 'Text') arg = String(whole(meta, 'length', 1, 255));
	if (kind === 'LongTextArea') {
		arg = String(whole(meta, 'length', 256, 131072));
		whole(meta, 'visibleLines', 1, 50);
	}
	if (kind === 'TextArea') arg = '255';
	if (kind === 'Checkbox') {
		if (!['true', 'false'].includes(text(meta.defaultValue).toLowerCase()))
			throw integrity("Must specify 'defaultValue' for a CustomField of type Checkbox", 'defaultValue');
		flags.push('def');
	}
	if (kind === 'Picklist' || kind === 'MultiselectPicklist') {
		const values = picklistValues(meta);
		picks = `[${values.map((v) => `${v.isDefault ? '*' : ''}${v.value.replace(/[|\]]/g, ' ')}`).join('|')}]`;
		if (values.some((v) => v.isDefault)) flags.push('def');
		if (flag((meta.valueSet as Component | undefined)?.restricted)) flags.push('restricted');
	}
	if (kind === 'Lookup' || kind === 'MasterDetail') {
		const target = resolveObject(text(meta.referenceTo));
		if (!target)
			throw new SfError('INVALID_CROSS_REFERENCE_KEY', `referenceTo: no object named ${text(meta.referenceTo) || '(empty)'}`, [
				'referenceTo',
			]);
		const relationship = text(meta.relationshipName);
		if (!/^[A-Za-z]\w*$/.test(relationship)) throw integrity('Must specify a relationshipName (letters, digits and _)', 'relationshipName');
		arg = target;
		flags.push(`rel=${relationship}__r`, `child=${relationship}s__r`);
		if (kind === 'MasterDetail') flags.push('cascade');
	}
	const def = parseField(`${name} ${describeType}${arg ? `(${arg})` : ''} ${picks} ${flags.filter(Boolean).join(' ')}`, true);
	def.label = text(meta.label);
	if (kind === 'Checkbox') def.defaultValue = text(meta.defaultValue).toLowerCase() === 'true';
	if (kind === 'Number' || kind === 'Currency' || kind === 'Percent') {
		def.precision = whole(meta, 'precision', 1, 18);
		def.scale = text(meta.scale) ? whole(meta, 'scale', 0, def.precision) : 0;
	}
	if (picks) for (const p of def.picklistValues) p.label = picklistValues(meta).find((v) => v.value === p.value)?.label ?? p.value;
	return def;
}

/** A CustomField component for a describe field (readMetadata of a field the org already had). */
export function metadataFromField(object: string, f: FieldDef): Component {
	const base: Component = { fullName: `${object}.${f.name}`, label: f.label };
	const required = !f.nillable && f.type !== 'boolean' && f.createable;
	const common: Component = {
		...(f.externalId ? { externalId: true } : {}),
		...(required ? { required: true } : {}),
		...(f.unique && !f.externalId ? { unique: true } : {}),
	};
	switch (f.type) {
		case 'string':
			return { ...base, ...common, length: f.length, type: 'Text' };
		case 'textarea':
			return f.length > 255 ? { ...base, length: f.length, type: 'LongTextArea', visibleLines: 3 } : { ...base, type: 'TextArea' };
		case 'double':
		case 'currency':
		case 'percent':
		case 'int':
			return {
				...base,
				...common,
				precision: f.precision || 18,
				scale: f.scale,
				type: f.type === 'currency' ? 'Currency' : f.type === 'percent' ? 'Percent' : 'Number',
			};
		case 'boolean':
			return { ...base, defaultValue: f.defaultValue === true, type: 'Checkbox' };
		case 'picklist':
		case 'multipicklist':
			return {
				...base,
				...common,
				type: f.type === 'picklist' ? 'Picklist' : 'MultiselectPicklist',
				valueSet: {
					...(f.restrictedPicklist ? { restricted: true } : {}),
					valueSetDefinition: {
						sorted: false,
						value: f.picklistValues.map((p) => ({ fullName: p.value, default: p.defaultValue, label: p.label })),
					},
				},
			};
		case 'reference':
			return {
				...base,
				...common,
				referenceTo: f.referenceTo[0],
				relationshipName: (f.relationshipName ?? '').replace(/__r$/, ''),
				type: f.cascadeDelete ? 'MasterDetail' : 'Lookup',
			};
		default:
			return {
				...base,
				...common,
				type: { email: 'Email', phone: 'Phone', url: 'Url', date: 'Date', datetime: 'DateTime' }[f.type as string] ?? 'Text',
			};
	}
}
