import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { addComment } from './addComment.operation';

/** Resource "Case": the generic record operations on Case, Add Note, Add Comment, Get Updated / Get Deleted. */
const CASE = objectResourceOf('case');

export const caseResource: ResourceDef = objectResource(CASE, 'Customer questions and problems; add comments', [
	...recordOperations(CASE),
	addNote(CASE),
	{
		value: 'addComment',
		name: 'Add Comment',
		action: 'Add a comment to a case',
		description: 'Add a case comment, private or public',
		module: addComment,
	},
	...replicationOperations(CASE),
]);
