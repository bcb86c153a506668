import type { OperationDef, ResourceDef } from '../types';
import { article, plural } from '../words';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import { labelOf, type ObjectResource, OBJECT_RESOURCES } from './objects';
import { addNote as addNoteModule, addToCampaign as addToCampaignModule } from './related';
import { getDeleted, getUpdated } from './replication';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

/**
 * The operation families every object resource (Record, Account, Contact, Lead…) composes in its resource file:
 * the generic record operations, Add Note, Add to Campaign and Get Updated / Get Deleted, worded for the object.
 */

/** An object resource's entry in OBJECT_RESOURCES (objects.ts), by value. */
export function objectResourceOf(value: string): ObjectResource {
	const found = OBJECT_RESOURCES.find((r) => r.value === value);
	if (!found) throw new Error(`No object resource "${value}"`);
	return found;
}

/** The resource: its one-line description and its operations, in the order the node panel lists them (by name). */
export function objectResource(object: ObjectResource, description: string, operations: OperationDef[]): ResourceDef {
	return { value: object.value, name: object.name, description, operations: [...operations].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Create, Delete (unless the object cannot be deleted), Get, Get Many, Update, and Create or Update if it upserts. */
export function recordOperations(object: ObjectResource): OperationDef[] {
	const label = labelOf(object);
	const one = `${article(label)} ${label}`;
	const defs: OperationDef[] = [
		{
			value: 'create',
			name: 'Create',
			action: `Create ${one}`,
			description: `Create ${one}; many items are sent 200 per call`,
			module: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: `Delete ${one}`,
			description: `Delete ${one} (moves it to the recycle bin). Destructive.`,
			module: del,
		},
		{ value: 'get', name: 'Get', action: `Get ${one}`, description: `Get ${one} by ID`, module: get },
		{
			value: 'getMany',
			name: 'Get Many',
			action: `Get many ${plural(label)}`,
			description: `Find ${plural(label)} matching conditions (SOQL built and escaped for you)`,
			module: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: `Update ${one}`,
			description: `Update ${one} by ID; many items are sent 200 per call`,
			module: update,
		},
	].filter((d) => object.deletable !== false || d.value !== 'delete');
	if (object.upsert) {
		defs.push({
			value: 'upsert',
			name: 'Create or Update',
			action: `Create or update ${one}`,
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			module: upsert,
		});
	}
	return defs;
}

export function addNote(object: ObjectResource): OperationDef {
	const label = labelOf(object);
	return {
		value: 'addNote',
		name: 'Add Note',
		action: `Add a note to ${article(label)} ${label}`,
		description: `Attach a note (title and body) to the ${label}`,
		module: addNoteModule,
	};
}

export function addToCampaign(object: ObjectResource): OperationDef {
	const who = labelOf(object);
	return {
		value: 'addToCampaign',
		name: 'Add to Campaign',
		action: `Add ${who} to a campaign`,
		description: `Add the ${who} to a campaign as a campaign member`,
		module: addToCampaignModule,
	};
}

/** Get Deleted and Get Updated (the replication API). */
export function replicationOperations(object: ObjectResource): OperationDef[] {
	const labels = plural(labelOf(object));
	return [
		{
			value: 'getDeleted',
			name: 'Get Deleted',
			action: `Get deleted ${labels}`,
			description: `List the IDs of ${labels} deleted in a time window (last 30 days), with when`,
			module: getDeleted,
		},
		{
			value: 'getUpdated',
			name: 'Get Updated',
			action: `Get updated ${labels}`,
			description: `List the IDs of ${labels} created or changed in a time window (last 30 days)`,
			module: getUpdated,
		},
	];
}
