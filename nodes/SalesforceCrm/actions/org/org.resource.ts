import type { ResourceDef } from '../types';
import { limits } from './limits.operation';

/** Resource "Org": the org's limits. */
export const orgResource: ResourceDef = {
	value: 'org',
	name: 'Org',
	description: 'API and storage limits of the org',
	operations: [
		{
			value: 'limits',
			name: 'Get Limits',
			action: 'Get org limits',
			description: "Get the org's API and storage limits and what remains",
			module: limits,
		},
	],
};
