import type { ResourceDef } from '../types';
import { parameterizedSearch, simpleSearch, soslSearch } from './search';

/** Resource "Search": find records by text (SOSL, built for you or written by hand). */
export const searchResource: ResourceDef = {
	value: 'search',
	name: 'Search',
	description: 'Find records by text across objects (SOSL)',
	operations: [
		{
			value: 'parameterized',
			name: 'Parameterized Search',
			action: 'Search records with parameterized search',
			description: 'Find records by text with the parameterizedSearch resource: the text is sent as data and Salesforce escapes it',
			module: parameterizedSearch,
		},
		{
			value: 'simple',
			name: 'Simple Search',
			action: 'Search records by text',
			description: 'Find records whose fields contain the text, across objects (SOSL built and escaped for you)',
			module: simpleSearch,
		},
		{ value: 'sosl', name: 'SOSL', action: 'Run a SOSL search', description: 'Run a SOSL FIND statement', module: soslSearch },
	],
};
