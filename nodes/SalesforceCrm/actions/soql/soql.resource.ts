import type { ResourceDef } from '../types';
import { soqlQuery } from './query.operation';

/** Resource "SOQL": run a SOQL statement. */
export const soqlResource: ResourceDef = {
	value: 'soql',
	name: 'SOQL',
	description: 'Run a SOQL query (SELECT … FROM …) and get every page of records',
	operations: [
		{
			value: 'query',
			name: 'Query',
			action: 'Run a SOQL query',
			description: 'Run a SOQL query and return its records (all pages)',
			module: soqlQuery,
		},
	],
};
