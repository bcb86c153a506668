import type { ResourceDef } from '../types';
import { download, list, upload } from './files';

/** Resource "File": Salesforce Files (ContentVersion) linked to records. */
export const fileResource: ResourceDef = {
	value: 'file',
	name: 'File',
	description: 'Salesforce Files linked to records',
	operations: [
		{
			value: 'download',
			name: 'Download',
			action: 'Download a file',
			description: 'Download the latest version of a Salesforce File into binary data',
			module: download,
		},
		{ value: 'list', name: 'List', action: 'List files of a record', description: 'List the files linked to a record', module: list },
		{
			value: 'upload',
			name: 'Upload',
			action: 'Upload a file',
			description: 'Upload binary data as a Salesforce File (ContentVersion) linked to a record',
			module: upload,
		},
	],
};
