import type { ResourceDef } from '../types';
import { remove } from './delete.operation';
import { describeTypes } from './describeTypes.operation';
import { list } from './list.operation';
import { read } from './read.operation';
import { rename } from './rename.operation';
import { create, update, upsert } from './save.operation';

/**
 * Resource "Metadata": the Metadata API's CRUD-based calls over SOAP (services/metadata.ts): org configuration such as
 * custom objects and fields, picklist values, layouts, flows and permission sets, 10 components a call.
 */
export const metadataResource: ResourceDef = {
	value: 'metadata',
	name: 'Metadata',
	description: 'Custom objects, fields and other components through the Metadata API',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a metadata component',
			description: 'Create components (e.g. a custom field) from their fields as JSON, 10 per call',
			module: create,
		},
		{
			value: 'upsert',
			name: 'Create or Update',
			action: 'Create or update a metadata component',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			module: upsert,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a metadata component',
			description: 'Delete components by type and full name, 10 per call. Destructive: an object goes with its fields and records.',
			module: remove,
		},
		{
			value: 'describeTypes',
			name: 'Describe Types',
			action: 'Describe the metadata types',
			description: "List the org's metadata types and their child types",
			module: describeTypes,
		},
		{
			value: 'list',
			name: 'List',
			action: 'List metadata components',
			description: 'List the components of a type (full names, IDs, dates)',
			module: list,
		},
		{
			value: 'read',
			name: 'Read',
			action: 'Read a metadata component',
			description: 'Get components with all their fields, 10 per call',
			module: read,
		},
		{
			value: 'rename',
			name: 'Rename',
			action: 'Rename a metadata component',
			description: 'Change the full name of a component',
			module: rename,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a metadata component',
			description: 'Replace components with the fields given, 10 per call',
			module: update,
		},
	],
};
