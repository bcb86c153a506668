import type { IDataObject } from 'n8n-workflow';

import { SalesforceInputError, type SalesforceErrorDetail } from '../transport/errors';
import { isApiName } from './ids';
import { type XmlElement, child, children, escapeXml } from './xml';

/**
 * Names and XML for the Metadata API (Metadata API Developer Guide): metadata type names and full names are
 * checked against Salesforce's grammar before any call, a component's fields (JSON) become XML elements whose names
 * are checked and whose values are escaped, and results (SaveResult, DeleteResult, UpsertResult, ReadResult records,
 * FileProperties) are read back from the pack's safe XML reader.
 */

/** A metadata type's xmlName as describeMetadata lists it: CustomObject, CustomField, Flow, PermissionSet… */
const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,79}$/;

export function isMetadataTypeName(value: unknown): value is string {
	return typeof value === 'string' && TYPE_NAME.test(value);
}

/**
 * Full names ("Metadata", fullName field): API names, `Object.Field__c` for an object's children, `Folder/Name` for
 * components in folders, `unfiled$public/…`, layouts with spaces and hyphens (`Account-Account Layout`). Characters
 * outside letters, digits and `_ $ . - /` or a space are URL-encoded by Salesforce (`%28` for "("), so `%` must start
 * such a code.
 */
const FULL_NAME = /^[A-Za-z0-9_$%](?:[A-Za-z0-9_$%.\-/ ]{0,253}[A-Za-z0-9_$%.\-/])?$/;

/** Child types of CustomObject: their full name is `<Object>.<Name>` (e.g. Account.Tier__c, Account.AllAccounts). */
const OBJECT_CHILDREN = new Set([
	'CustomField',
	'ValidationRule',
	'RecordType',
	'ListView',
	'WebLink',
	'FieldSet',
	'CompactLayout',
	'BusinessProcess',
	'SharingReason',
	'Index',
]);

/** Why `fullName` cannot name a component of `type`, or undefined when it can. */
export function fullNameProblem(type: string, fullName: string): string | undefined {
	if (!fullName) return 'is empty';
	if (!FULL_NAME.test(fullName) || /%(?![0-9A-Fa-f]{2})/.test(fullName)) {
		return 'is not a metadata full name (letters, digits, _ $ . - / and spaces; other characters URL-encoded as %XX)';
	}
	if (type === 'CustomObject' && !isApiName(fullName)) return 'is not an object API name (e.g. Invoice__c)';
	if (OBJECT_CHILDREN.has(type)) {
		const dot = fullName.indexOf('.');
		const object = fullName.slice(0, dot);
		const name = fullName.slice(dot + 1);
		if (dot < 1 || !isApiName(object) || !name)
			return `is not <Object>.<Name> (e.g. Account.${type === 'CustomField' ? 'Tier__c' : 'My_Name'})`;
		if (type === 'CustomField' && !isApiName(name)) return 'is not <Object>.<Field> with API names (e.g. Account.Tier__c)';
	}
	return undefined;
}

export function checkFullName(type: string, fullName: string, itemIndex: number, label = 'Full Name'): string {
	const problem = fullNameProblem(type, fullName);
	if (problem) throw new SalesforceInputError(`${label} "${fullName}" ${problem}`, { itemIndex, field: label });
	return fullName;
}

// ---------- writing components ----------

/** Element names of a component's fields: the Metadata API's field names (label, type, valueSet, fieldPermissions…). */
const ELEMENT = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const MAX_DEPTH = 12;

function fieldXml(name: string, value: unknown, at: string, depth: number, itemIndex: number): string {
	if (value === undefined || value === null || value === '') return '';
	if (Array.isArray(value)) {
		// A list is the element repeated: {"fields": [{…}, {…}]} → <fields>…</fields><fields>…</fields>
		return value
			.map((entry, n) => {
				if (Array.isArray(entry))
					throw new SalesforceInputError(`Component field "${at}[${n}]": a list inside a list has no XML form`, {
						itemIndex,
						field: 'Component Fields (JSON)',
					});
				return fieldXml(name, entry, `${at}[${n}]`, depth, itemIndex);
			})
			.join('');
	}
	if (typeof value === 'object') {
		if (depth >= MAX_DEPTH)
			throw new SalesforceInputError(`Component field "${at}" is nested more than ${MAX_DEPTH} levels deep`, {
				itemIndex,
				field: 'Component Fields (JSON)',
			});
		const inner = Object.entries(value as IDataObject)
			.map(([key, v]) => fieldXml(elementName(key, `${at}.${key}`, itemIndex), v, `${at}.${key}`, depth + 1, itemIndex))
			.join('');
		return `<urn:${name}>${inner}</urn:${name}>`;
	}
	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw new SalesforceInputError(`Component field "${at}" is not a finite number`, { itemIndex, field: 'Component Fields (JSON)' });
	}
	return `<urn:${name}>${escapeXml(value)}</urn:${name}>`;
}

function elementName(key: string, at: string, itemIndex: number): string {
	if (!ELEMENT.test(key)) {
		throw new SalesforceInputError(
			`Component field "${at}" is not a Metadata API field name (letters, digits and _, starting with a letter)`,
			{
				itemIndex,
				field: 'Component Fields (JSON)',
			},
		);
	}
	return key;
}

/**
 * `<urn:metadata xsi:type="urn:CustomField"><urn:fullName>…</urn:fullName>…</urn:metadata>`: fullName first (it belongs
 * to the Metadata base type), then the fields in the order given. The type is namespace-qualified: Salesforce refuses
 * an unqualified xsi:type ("Unable to determine type mapping").
 */
export function componentXml(type: string, fullName: string, fields: IDataObject, itemIndex: number, element = 'metadata'): string {
	const rest = Object.entries(fields)
		.filter(([key]) => key !== 'fullName')
		.map(([key, value]) => fieldXml(elementName(key, key, itemIndex), value, key, 1, itemIndex))
		.join('');
	return `<urn:${element} xsi:type="urn:${type}"><urn:fullName>${escapeXml(fullName)}</urn:fullName>${rest}</urn:${element}>`;
}

/** `<urn:name>value</urn:name>` for each value (string[] arguments such as fullNames). */
export function listXml(name: string, values: string[]): string {
	return values.map((v) => `<urn:${name}>${escapeXml(v)}</urn:${name}>`).join('');
}

// ---------- reading results ----------

function scalar(text: string): string | boolean {
	return text === 'true' ? true : text === 'false' ? false : text;
}

/**
 * An element as JSON: leaves become strings (booleans for true/false), an element that occurs more than once becomes
 * a list. The XML does not say which elements are lists, so a list with one entry comes back as that entry.
 */
export function elementJson(element: XmlElement): unknown {
	if (element.attributes['xsi:nil'] === 'true') return null;
	if (!element.children.length) return scalar(element.text);
	const counts = new Map<string, number>();
	for (const c of element.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
	const out: IDataObject = {};
	for (const c of element.children) {
		const value = elementJson(c) as IDataObject;
		if ((counts.get(c.name) ?? 0) > 1) out[c.name] = [...((out[c.name] as IDataObject[] | undefined) ?? []), value];
		else out[c.name] = value;
	}
	return out;
}

/** The errors of a SaveResult, DeleteResult or UpsertResult (Metadata API "Error": statusCode, message, fields). */
export function resultErrors(result: XmlElement): SalesforceErrorDetail[] {
	return children(result, 'errors').map((e) => ({
		errorCode: child(e, 'statusCode')?.text || 'UNKNOWN_ERROR',
		message: child(e, 'message')?.text ?? '',
		fields: children(e, 'fields')
			.map((f) => f.text)
			.filter(Boolean),
	}));
}
