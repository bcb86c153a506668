import type { ResourceDef } from '../types';
import { describe, list } from './object';

/** Resource "Object": the org's objects and their fields. */
export const objectResource: ResourceDef = {
	value: 'object',
	name: 'Object',
	description: "The org's objects and their fields",
	operations: [
		{
			value: 'describe',
			name: 'Describe',
			action: 'Describe an object',
			description: 'Get the fields, picklists and relationships of an object',
			module: describe,
		},
		{ value: 'list', name: 'List', action: 'List objects', description: "List the org's objects", module: list },
	],
};
