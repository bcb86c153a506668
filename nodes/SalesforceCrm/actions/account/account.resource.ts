import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';

/** Resource "Account": the generic record operations on Account, Add Note, Get Updated / Get Deleted. */
const ACCOUNT = objectResourceOf('account');

export const accountResource: ResourceDef = objectResource(ACCOUNT, 'Companies and organizations you do business with', [
	...recordOperations(ACCOUNT),
	addNote(ACCOUNT),
	...replicationOperations(ACCOUNT),
]);
