import type { ResourceDef } from '../types';
import { createAccountGraph } from './accountGraph.operation';
import { batch } from './batch.operation';
import { execute, tree } from './composite';
import { graph } from './graph.operation';

/** Resource "Composite": several REST calls in one request (Composite, sObject Tree, Graph, Batch). */
export const compositeResource: ResourceDef = {
	value: 'composite',
	name: 'Composite',
	description: 'Several REST calls in one request',
	operations: [
		{
			value: 'batch',
			name: 'Batch',
			action: 'Run a composite batch',
			description: 'Run up to 25 independent REST sub-requests in one call, each committed on its own',
			module: batch,
		},
		{
			value: 'createAccountGraph',
			name: 'Create Account With Contacts and Opportunity',
			action: 'Create accounts with contacts and an opportunity',
			description: 'Per item an account, its contacts and an opportunity, all or none; up to 75 items a call (Composite Graph)',
			module: createAccountGraph,
		},
		{
			value: 'tree',
			name: 'Create Tree',
			action: 'Create a record tree',
			description: 'Create parent records with their children (sObject Tree) in one call, all or none',
			module: tree,
		},
		{
			value: 'execute',
			name: 'Execute',
			action: 'Execute composite sub-requests',
			description: 'Run up to 25 REST sub-requests in one call, with @{ref} references and an all-or-none option',
			module: execute,
		},
		{
			value: 'graph',
			name: 'Graph',
			action: 'Run composite graphs',
			description: 'Run graphs of up to 500 sub-requests with references, each graph all or none; many graphs a call',
			module: graph,
		},
	],
};
