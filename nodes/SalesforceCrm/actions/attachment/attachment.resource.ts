import type { ResourceDef } from '../types';
import { attachmentCreate, attachmentDownload, attachmentGet } from './attachments';

/** Resource "Attachment": classic attachments of records. */
export const attachmentResource: ResourceDef = {
	value: 'attachment',
	name: 'Attachment',
	description: 'Classic attachments of records',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create an attachment',
			description: 'Attach binary data to a record (classic Attachment)',
			module: attachmentCreate,
		},
		{
			value: 'download',
			name: 'Download',
			action: 'Download an attachment',
			description: 'Download an attachment body into binary data',
			module: attachmentDownload,
		},
		{ value: 'get', name: 'Get', action: 'Get an attachment', description: "Get an attachment's details", module: attachmentGet },
	],
};
