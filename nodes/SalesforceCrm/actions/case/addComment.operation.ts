import { recordIdParam, BATCH_OPTIONS } from '../params';
import type { OperationModule } from '../types';
import { recordLocator } from '../record/fields';
import { createRelated } from '../record/related';

const commentShow = { show: { resource: ['case'], operation: ['addComment'] } };

/** Case → Add Comment: one CaseComment per item, 200 per call. */
export const addComment: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		recordLocator(['addComment'], ['case'], 'caseId', 'Case'),
		{
			displayName: 'Comment',
			name: 'commentBody',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			displayOptions: commentShow,
		},
		{
			displayName: 'Public',
			name: 'isPublished',
			type: 'boolean',
			default: false,
			description: 'Whether customers can see the comment',
			displayOptions: commentShow,
		},
	],
	execute: createRelated(function (i) {
		return {
			object: 'CaseComment',
			fields: {
				ParentId: recordIdParam(this, i, 'caseId', 'Case'),
				CommentBody: String(this.getNodeParameter('commentBody', i, '')),
				IsPublished: Boolean(this.getNodeParameter('isPublished', i, false)),
			},
		};
	}),
};
