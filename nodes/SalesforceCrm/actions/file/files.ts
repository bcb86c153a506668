import type { IDataObject } from 'n8n-workflow';

import { downloadBody, listFiles, uploadFile } from '../../../shared/services/files';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { validId } from '../params';
import type { OperationModule } from '../types';
import { binaryIn, binaryOut, readBinary, recordLocator, show } from './binary';

/** File → Upload: a ContentVersion from the item's binary data, linked to a record. */
export const upload: OperationModule = {
	description: [
		binaryIn('file'),
		recordLocator('file', ['upload', 'list'], 'The record the file is linked to (FirstPublishLocationId)'),
		{
			displayName: 'Title',
			name: 'fileTitle',
			type: 'string',
			default: '',
			description: 'Title of the file in Salesforce; by default its file name',
			displayOptions: show('file', ['upload']),
		},
	],
	execute: perItem(async function (i, client) {
		const property = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
		const { data, fileName } = await readBinary(this, i, property);
		const linkedEntityId = validId(this.getNodeParameter('fileRecordId', i, ''), i, 'Record ID');
		const title = String(this.getNodeParameter('fileTitle', i, '') || fileName.replace(/\.[^.]+$/, ''));
		const uploaded = await uploadFile(client, { title, fileName, data, linkedEntityId });
		return [{ json: { ...uploaded, linkedEntityId } as unknown as IDataObject, pairedItem: { item: i } }];
	}, 'write'),
};

/** File → Download: the latest version of a file (ContentDocument id 069… or ContentVersion id 068…). */
export const download: OperationModule = {
	description: [
		{
			displayName: 'File ID',
			name: 'fileId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '069… or 068…',
			description: 'A ContentDocument ID (069…, its latest version is downloaded) or a ContentVersion ID (068…)',
			displayOptions: show('file', ['download']),
		},
		binaryOut('file'),
	],
	execute: perItem(async function (i, client) {
		let id = validId(this.getNodeParameter('fileId', i, ''), i, 'File ID');
		if (id.startsWith('069')) {
			const doc = await client.request<IDataObject>('GET', `/sobjects/ContentDocument/${id}`, {
				qs: { fields: 'LatestPublishedVersionId' },
			});
			id = String(doc.LatestPublishedVersionId);
		} else if (!id.startsWith('068')) {
			throw new SalesforceInputError(`File ID "${id}" is neither a ContentDocument (069…) nor a ContentVersion (068…) ID`, {
				itemIndex: i,
				field: 'File ID',
			});
		}
		const version = await client.request<IDataObject>('GET', `/sobjects/ContentVersion/${id}`, {
			qs: { fields: 'Id,Title,PathOnClient,ContentDocumentId,ContentSize,FileExtension' },
		});
		const { data, contentType } = await downloadBody(client, `/sobjects/ContentVersion/${id}/VersionData`);
		const output = String(this.getNodeParameter('binaryPropertyOutput', i, 'data'));
		const binary = await this.helpers.prepareBinaryData(
			data,
			String(version.PathOnClient ?? version.Title ?? 'file'),
			contentType && !/octet/.test(contentType) ? contentType : undefined,
		);
		const { attributes: _attributes, ...json } = version;
		return [{ json, binary: { [output]: binary }, pairedItem: { item: i } }];
	}),
};

/** File → List: the files linked to a record. */
export const list: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const recordId = validId(this.getNodeParameter('fileRecordId', i, ''), i, 'Record ID');
		return (await listFiles(client, recordId)).map((json) => ({ json, pairedItem: { item: i } }));
	}),
};
