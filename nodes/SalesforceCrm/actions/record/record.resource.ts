import type { ResourceDef } from '../types';
import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from './objectResource';

/** Resource "Record (Any Object)": the generic record operations on an object the user picks, Add Note, Get Updated / Get Deleted. */
const RECORD = objectResourceOf('record');

export const recordResource: ResourceDef = objectResource(RECORD, 'Any standard or custom object, chosen by API name (e.g. Invoice__c)', [
	...recordOperations(RECORD),
	addNote(RECORD),
	...replicationOperations(RECORD),
]);
