import type { ResourceDef } from '../types';
import { listSelection, removeSelection } from './cdc';

/** Resource "Change Data Capture": which objects publish change events. */
export const changeDataCaptureResource: ResourceDef = {
	value: 'changeDataCapture',
	name: 'Change Data Capture',
	// No one-line description under the Resource dropdown: none was written when the resource came; adding one changes the node description.
	operations: [
		{
			value: 'listSelection',
			name: 'List Selection',
			action: 'List objects selected for change data capture',
			description: 'List the objects whose changes Salesforce publishes as change events',
			module: listSelection,
		},
		{
			value: 'removeSelection',
			name: 'Remove Selection',
			action: 'Remove objects from change data capture',
			description: 'Stop publishing change events for objects (e.g. those a trigger selected on activation). Affects every subscriber.',
			module: removeSelection,
		},
	],
};
