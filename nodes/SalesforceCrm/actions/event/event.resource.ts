import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { schedule } from './schedule.operation';

/** Resource "Event": the generic record operations on Event, Add Note, Schedule, Get Updated / Get Deleted. */
const EVENT = objectResourceOf('event');

export const eventResource: ResourceDef = objectResource(EVENT, 'Meetings and callbacks on the calendar', [
	...recordOperations(EVENT),
	addNote(EVENT),
	{
		value: 'schedule',
		name: 'Schedule',
		action: 'Schedule an event',
		description: 'Book a meeting or callback with a start and an end',
		module: schedule,
	},
	...replicationOperations(EVENT),
]);
