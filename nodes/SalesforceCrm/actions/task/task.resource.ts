import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { complete, logCall } from './activities';

/** Resource "Task": the generic record operations on Task, Add Note, Log Call, Complete, Get Updated / Get Deleted. */
const TASK = objectResourceOf('task');

export const taskResource: ResourceDef = objectResource(TASK, 'To-dos and logged calls', [
	...recordOperations(TASK),
	addNote(TASK),
	{
		value: 'logCall',
		name: 'Log Call',
		action: 'Log a call',
		description: 'Record a completed call (a Task of subtype Call) against a contact or lead and a related record',
		module: logCall,
	},
	{ value: 'complete', name: 'Complete', action: 'Complete a task', description: 'Mark a task completed', module: complete },
	...replicationOperations(TASK),
]);
