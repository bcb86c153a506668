import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from './common';
import { recordOperations } from './record';
import { OBJECT_RESOURCES } from './resources';

/**
 * Every resource and operation of the Salesforce CRM node, each pointing at the file that implements it.
 * The node description and the router are both built from this table.
 */
export interface OperationModule {
	description: INodeProperties[];
	execute: Operation;
}

export interface OperationDef {
	value: string;
	name: string;
	action: string;
	description: string;
	module: OperationModule;
}

export interface ResourceDef {
	value: string;
	name: string;
	operations: OperationDef[];
}

function article(word: string): string {
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The generic operations, worded for one object resource. */
function recordOperationDefs(label: string, upsert: boolean): OperationDef[] {
	const one = `${article(label)} ${label}`;
	const defs: OperationDef[] = [
		{ value: 'create', name: 'Create', action: `Create ${one}`, description: `Create ${one}; many items are sent 200 per call`, module: recordOperations.create },
		{ value: 'delete', name: 'Delete', action: `Delete ${one}`, description: `Delete ${one} (moves it to the recycle bin). Destructive.`, module: recordOperations.delete },
		{ value: 'get', name: 'Get', action: `Get ${one}`, description: `Get ${one} by ID`, module: recordOperations.get },
		{ value: 'getMany', name: 'Get Many', action: `Get many ${label} records`, description: `Find ${label} records matching conditions`, module: recordOperations.getMany },
		{ value: 'update', name: 'Update', action: `Update ${one}`, description: `Update ${one} by ID; many items are sent 200 per call`, module: recordOperations.update },
	];
	if (upsert) {
		defs.push({
			value: 'upsert',
			name: 'Create or Update',
			action: `Create or update ${one}`,
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			module: recordOperations.upsert,
		});
	}
	return defs;
}

/** Extra operations per object resource (lead convert, opportunity close…), merged into its list. */
export const EXTRA_OPERATIONS: Record<string, OperationDef[]> = {};

/** Resources that are not record-like (SOQL, search, object, org, flow). */
export const OTHER_RESOURCES: ResourceDef[] = [];

export function resources(): ResourceDef[] {
	const objectResources = OBJECT_RESOURCES.map((r) => ({
		value: r.value,
		name: r.name,
		operations: [
			...recordOperationDefs(r.object ? r.object.toLowerCase() : 'record', r.upsert),
			...(EXTRA_OPERATIONS[r.value] ?? []),
		].sort((a, b) => a.name.localeCompare(b.name)),
	}));
	return [...objectResources, ...OTHER_RESOURCES];
}

export function findOperation(resource: string, operation: string): OperationDef | undefined {
	return resources()
		.find((r) => r.value === resource)
		?.operations.find((o) => o.value === operation);
}
