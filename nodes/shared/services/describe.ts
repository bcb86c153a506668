import type { SalesforceClient } from '../transport/client';
import { SalesforceInputError } from '../transport/errors';
import { isApiName } from './ids';

export interface PicklistValue {
	value: string;
	label: string;
	active: boolean;
	defaultValue?: boolean;
}

export interface FieldDescribe {
	name: string;
	label: string;
	type: string;
	length?: number;
	nillable: boolean;
	createable: boolean;
	updateable: boolean;
	defaultedOnCreate: boolean;
	calculated?: boolean;
	autoNumber?: boolean;
	custom?: boolean;
	externalId?: boolean;
	idLookup?: boolean;
	unique?: boolean;
	filterable?: boolean;
	sortable?: boolean;
	compoundFieldName?: string | null;
	picklistValues?: PicklistValue[];
	referenceTo?: string[];
	relationshipName?: string | null;
	inlineHelpText?: string | null;
}

export interface ObjectDescribe {
	name: string;
	label: string;
	labelPlural?: string;
	keyPrefix?: string | null;
	custom?: boolean;
	createable?: boolean;
	updateable?: boolean;
	deletable?: boolean;
	queryable?: boolean;
	fields: FieldDescribe[];
	[key: string]: unknown;
}

export interface GlobalObject {
	name: string;
	label: string;
	labelPlural?: string;
	keyPrefix?: string | null;
	custom: boolean;
	createable: boolean;
	queryable: boolean;
	searchable?: boolean;
	triggerable?: boolean;
	[key: string]: unknown;
}

/** Describes are cached per client, i.e. per execution: one call per object however many items use it. */
const objectCache = new WeakMap<SalesforceClient, Map<string, Promise<ObjectDescribe>>>();
const globalCache = new WeakMap<SalesforceClient, Promise<GlobalObject[]>>();

/** Drops a cached describe (a long-lived client, e.g. a trigger's, re-reads an object whose fields changed). */
export function forgetDescribe(client: SalesforceClient, object: string): void {
	objectCache.get(client)?.delete(object.toLowerCase());
}

export async function describeObject(client: SalesforceClient, object: string): Promise<ObjectDescribe> {
	if (!isApiName(object)) {
		throw new SalesforceInputError(`Object "${object}" is not a valid Salesforce API name`, { field: 'object' });
	}
	let cache = objectCache.get(client);
	if (!cache) objectCache.set(client, (cache = new Map()));
	const key = object.toLowerCase();
	let pending = cache.get(key);
	if (!pending) {
		pending = client.request<ObjectDescribe>('GET', `/sobjects/${encodeURIComponent(object)}/describe`);
		cache.set(key, pending);
		pending.catch(() => cache!.delete(key));
	}
	return await pending;
}

export async function describeGlobal(client: SalesforceClient): Promise<GlobalObject[]> {
	let pending = globalCache.get(client);
	if (!pending) {
		pending = client.request<{ sobjects: GlobalObject[] }>('GET', '/sobjects').then((r) => r.sobjects);
		globalCache.set(client, pending);
		pending.catch(() => globalCache.delete(client));
	}
	return await pending;
}

/** Required on create, as Salesforce decides it: createable, not nillable, no default. */
export function isRequiredOnCreate(field: FieldDescribe): boolean {
	return field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean';
}

/** Fields a retrieve may list (compound address/location fields are returned through their components). */
export function readableFieldNames(describe: ObjectDescribe): string[] {
	return describe.fields.filter((f) => f.type !== 'address' && f.type !== 'location').map((f) => f.name);
}

export function fieldMap(describe: ObjectDescribe): Map<string, FieldDescribe> {
	return new Map(describe.fields.map((f) => [f.name.toLowerCase(), f]));
}
