import type { IDataObject } from 'n8n-workflow';

import { downloadBody } from '../../../shared/services/files';
import { perItem } from '../common';
import { recordIdParam, validId } from '../params';
import type { OperationModule } from '../types';
import { binaryIn, binaryOut, readBinary, recordLocator, show } from '../file/binary';

/** Attachment: classic attachments of records (as n8n's built-in Salesforce node offers them). */

export const attachmentCreate: OperationModule = {
	description: [
		binaryIn('attachment'),
		recordLocator('attachment', ['create'], 'The parent record of the attachment'),
		{
			displayName: 'Name',
			name: 'attachmentName',
			type: 'string',
			default: '',
			description: 'File name in Salesforce; by default the binary file name',
			displayOptions: show('attachment', ['create']),
		},
	],
	execute: perItem(async function (i, client) {
		const property = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
		const { data, fileName, mimeType } = await readBinary(this, i, property);
		const parentId = validId(this.getNodeParameter('fileRecordId', i, ''), i, 'Record ID');
		const name = String(this.getNodeParameter('attachmentName', i, '') || fileName);
		const created = await client.request<IDataObject>('POST', '/sobjects/Attachment', {
			body: { Name: name, ParentId: parentId, ContentType: mimeType, Body: data.toString('base64') },
			retry: 'never',
		});
		return [{ json: { id: created.id, success: true, name, parentId, size: data.length }, pairedItem: { item: i } }];
	}, 'write'),
};

const attachmentId = {
	displayName: 'Attachment ID',
	name: 'attachmentId',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: '00P…',
	displayOptions: show('attachment', ['get', 'download']),
};

export const attachmentGet: OperationModule = {
	description: [attachmentId, binaryOut('attachment')],
	execute: perItem(async function (i, client) {
		const id = recordIdParam(this, i, 'attachmentId', 'Attachment ID');
		const record = await client.request<IDataObject>('GET', `/sobjects/Attachment/${id}`, {
			qs: { fields: 'Id,Name,ContentType,BodyLength,ParentId,Description,IsPrivate,CreatedDate' },
		});
		const { attributes: _attributes, ...json } = record;
		return [{ json, pairedItem: { item: i } }];
	}),
};

export const attachmentDownload: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = recordIdParam(this, i, 'attachmentId', 'Attachment ID');
		const record = await client.request<IDataObject>('GET', `/sobjects/Attachment/${id}`, {
			qs: { fields: 'Id,Name,ContentType,BodyLength,ParentId' },
		});
		const { data } = await downloadBody(client, `/sobjects/Attachment/${id}/Body`);
		const output = String(this.getNodeParameter('binaryPropertyOutput', i, 'data'));
		const binary = await this.helpers.prepareBinaryData(
			data,
			String(record.Name ?? 'attachment'),
			record.ContentType ? String(record.ContentType) : undefined,
		);
		const { attributes: _attributes, ...json } = record;
		return [{ json, binary: { [output]: binary }, pairedItem: { item: i } }];
	}),
};
