import type { ResourceDef } from '../types';
import * as tooling from './tooling';

/** Resource "Tooling": metadata records through the Tooling API. */
export const toolingResource: ResourceDef = {
	value: 'tooling',
	name: 'Tooling',
	description: 'Apex classes, custom fields and other metadata through the Tooling API',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a Tooling record',
			description: 'Create metadata through the Tooling API (e.g. an ApexClass or a CustomField)',
			module: tooling.create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a Tooling record',
			description: 'Delete metadata through the Tooling API. Destructive.',
			module: tooling.remove,
		},
		{
			value: 'describe',
			name: 'Describe',
			action: 'Describe a Tooling object',
			description: 'Get the fields of a Tooling API object',
			module: tooling.describe,
		},
		{ value: 'get', name: 'Get', action: 'Get a Tooling record', description: 'Get one Tooling API record by ID', module: tooling.get },
		{
			value: 'query',
			name: 'Query',
			action: 'Run a Tooling query',
			description: 'Run a Tooling API SOQL query (ApexClass, ApexTrigger, CustomField, FlowDefinition…)',
			module: tooling.query,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a Tooling record',
			description: 'Update metadata through the Tooling API',
			module: tooling.update,
		},
	],
};
