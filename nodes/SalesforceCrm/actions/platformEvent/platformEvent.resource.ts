import type { ResourceDef } from '../types';
import { publish } from './publish.operation';

/** Resource "Platform Event": publish events. */
export const platformEventResource: ResourceDef = {
	value: 'platformEvent',
	name: 'Platform Event',
	description: 'Publish Platform Events (…__e)',
	operations: [
		{
			value: 'publish',
			name: 'Publish',
			action: 'Publish a platform event',
			description: 'Publish one event per item, 25 per call',
			module: publish,
		},
	],
};
