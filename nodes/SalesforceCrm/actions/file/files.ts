import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { downloadBody, listFiles, uploadFile } from '../../../shared/services/files';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { recordIdParam, validId } from '../params';
import type { OperationModule } from '../registry';

const show = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

async function readBinary(ctx: IExecuteFunctions, i: number, property: string): Promise<{ data: Buffer; fileName: string; mimeType: string }> {
	const binary = ctx.getInputData()[i]?.binary?.[property];
	if (!binary) throw new SalesforceInputError(`The item has no binary property "${property}"`, { itemIndex: i, field: 'Input Binary Field' });
	// Through n8n's helper, so filesystem and S3 binary modes work too.
	const data = await ctx.helpers.getBinaryDataBuffer(i, property);
	return { data, fileName: binary.fileName ?? 'file', mimeType: binary.mimeType };
}

const recordLocator = (resource: string, operation: string[], description: string) => ({
	displayName: 'Record ID',
	name: 'fileRecordId',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: '001…',
	description,
	displayOptions: show(resource, operation),
});

const binaryIn = (resource: string) => ({
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file to be uploaded',
	displayOptions: show(resource, ['upload', 'create']),
});

const binaryOut = (resource: string) => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyOutput',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
	displayOptions: show(resource, ['download']),
});

/** File → Upload: a ContentVersion from the item's binary data, linked to a record. */
export const upload: OperationModule = {
	description: [
		binaryIn('file'),
		recordLocator('file', ['upload', 'list'], 'The record the file is linked to (FirstPublishLocationId)'),
		{ displayName: 'Title', name: 'fileTitle', type: 'string', default: '', description: 'Title of the file in Salesforce; by default its file name', displayOptions: show('file', ['upload']) },
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
			const doc = await client.request<IDataObject>('GET', `/sobjects/ContentDocument/${id}`, { qs: { fields: 'LatestPublishedVersionId' } });
			id = String(doc.LatestPublishedVersionId);
		} else if (!id.startsWith('068')) {
			throw new SalesforceInputError(`File ID "${id}" is neither a ContentDocument (069…) nor a ContentVersion (068…) ID`, { itemIndex: i, field: 'File ID' });
		}
		const version = await client.request<IDataObject>('GET', `/sobjects/ContentVersion/${id}`, { qs: { fields: 'Id,Title,PathOnClient,ContentDocumentId,ContentSize,FileExtension' } });
		const { data, contentType } = await downloadBody(client, `/sobjects/ContentVersion/${id}/VersionData`);
		const output = String(this.getNodeParameter('binaryPropertyOutput', i, 'data'));
		const binary = await this.helpers.prepareBinaryData(data, String(version.PathOnClient ?? version.Title ?? 'file'), contentType && !/octet/.test(contentType) ? contentType : undefined);
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

// ---------- Attachments (classic, as n8n's built-in Salesforce node offers them) ----------

export const attachmentCreate: OperationModule = {
	description: [
		binaryIn('attachment'),
		recordLocator('attachment', ['create'], 'The parent record of the attachment'),
		{ displayName: 'Name', name: 'attachmentName', type: 'string', default: '', description: 'File name in Salesforce; by default the binary file name', displayOptions: show('attachment', ['create']) },
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
		const record = await client.request<IDataObject>('GET', `/sobjects/Attachment/${id}`, { qs: { fields: 'Id,Name,ContentType,BodyLength,ParentId,Description,IsPrivate,CreatedDate' } });
		const { attributes: _attributes, ...json } = record;
		return [{ json, pairedItem: { item: i } }];
	}),
};

export const attachmentDownload: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = recordIdParam(this, i, 'attachmentId', 'Attachment ID');
		const record = await client.request<IDataObject>('GET', `/sobjects/Attachment/${id}`, { qs: { fields: 'Id,Name,ContentType,BodyLength,ParentId' } });
		const { data } = await downloadBody(client, `/sobjects/Attachment/${id}/Body`);
		const output = String(this.getNodeParameter('binaryPropertyOutput', i, 'data'));
		const binary = await this.helpers.prepareBinaryData(data, String(record.Name ?? 'attachment'), record.ContentType ? String(record.ContentType) : undefined);
		const { attributes: _attributes, ...json } = record;
		return [{ json, binary: { [output]: binary }, pairedItem: { item: i } }];
	}),
};
