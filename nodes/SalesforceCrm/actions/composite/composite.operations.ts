import type { OperationDef } from '../registry';
import { createAccountGraph } from './accountGraph.operation';
import { batch } from './batch.operation';
import { graph } from './graph.operation';

/** Composite Graph and Batch operations, merged into the Composite resource's list (registry.platform.ts). */
export const graphAndBatchOperations: OperationDef[] = [
	{ value: 'batch', name: 'Batch', action: 'Run a composite batch', description: 'Run up to 25 independent REST sub-requests in one call, each committed on its own', module: batch },
	{
		value: 'createAccountGraph',
		name: 'Create Account With Contacts and Opportunity',
		action: 'Create accounts with contacts and an opportunity',
		description: 'Per item an account, its contacts and an opportunity, all or none; up to 75 items a call (Composite Graph)',
		module: createAccountGraph,
	},
	{ value: 'graph', name: 'Graph', action: 'Run composite graphs', description: 'Run graphs of up to 500 sub-requests with references, each graph all or none; many graphs a call', module: graph },
];
