import type { ResourceDef } from '../types';
import { listQueues } from './list.operation';

/** Resource "Queue": the queues that own cases and leads. */
export const queueResource: ResourceDef = {
	value: 'queue',
	name: 'Queue',
	description: 'Queues that own cases and leads',
	operations: [
		{
			value: 'list',
			name: 'List',
			action: 'List queues',
			description:
				'List the queues (Group of type Queue) and the objects each takes; to assign a case or lead to a queue, put the queue ID in OwnerId with Case/Lead → Update',
			module: listQueues,
		},
	],
};
