import type { ResourceDef } from '../types';
import { invokeFlow, listFlows } from './flows';

/** Resource "Flow": list and run auto-launched flows. */
export const flowResource: ResourceDef = {
	value: 'flow',
	name: 'Flow',
	description: 'Run auto-launched flows',
	operations: [
		{
			value: 'invoke',
			name: 'Invoke',
			action: 'Invoke a flow',
			description: 'Run an auto-launched flow with input variables',
			module: invokeFlow,
		},
		{
			value: 'list',
			name: 'List',
			action: 'List flows',
			description: 'List the auto-launched flows that can be invoked',
			module: listFlows,
		},
	],
};
