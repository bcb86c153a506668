import type { IDataObject } from 'n8n-workflow';

import { soqlString } from './soql';
import type { SalesforceClient } from '../transport/client';

/** Salesforce Files (ContentVersion / ContentDocument / ContentDocumentLink) and classic Attachments. */

export interface UploadedFile {
	contentVersionId: string;
	contentDocumentId: string;
	title: string;
	size: number;
}

/**
 * Uploads a file as a new ContentVersion, linked to a record by FirstPublishLocationId (Salesforce creates the
 * ContentDocument and the ContentDocumentLink). JSON with base64 data: Salesforce accepts up to ~37.5 MB this way;
 * larger files need the multipart form (not implemented).
 */
export async function uploadFile(
	client: SalesforceClient,
	file: { title: string; fileName: string; data: Buffer; linkedEntityId?: string; description?: string },
): Promise<UploadedFile> {
	const body: IDataObject = { Title: file.title, PathOnClient: file.fileName, VersionData: file.data.toString('base64') };
	if (file.linkedEntityId) body.FirstPublishLocationId = file.linkedEntityId;
	if (file.description) body.Description = file.description;
	const created = await client.request<{ id: string }>('POST', '/sobjects/ContentVersion', { body, retry: 'never' });
	const version = await client.request<IDataObject>('GET', `/sobjects/ContentVersion/${created.id}`, {
		qs: { fields: 'Id,ContentDocumentId,Title,ContentSize' },
	});
	return {
		contentVersionId: created.id,
		contentDocumentId: String(version.ContentDocumentId),
		title: String(version.Title),
		size: Number(version.ContentSize ?? file.data.length),
	};
}

export async function downloadBody(client: SalesforceClient, path: string): Promise<{ data: Buffer; contentType?: string }> {
	const response = await client.requestFull<Buffer>('GET', path, { json: false, encoding: 'arraybuffer', headers: { Accept: '*/*' } });
	const body = response.body as unknown;
	const data = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
	const type = response.headers['content-type'];
	return { data, contentType: typeof type === 'string' ? type : undefined };
}

/** The files linked to a record, newest first, with their latest version. */
export async function listFiles(client: SalesforceClient, recordId: string): Promise<IDataObject[]> {
	const soql =
		'SELECT ContentDocumentId, ContentDocument.Title, ContentDocument.FileExtension, ContentDocument.ContentSize, ContentDocument.LatestPublishedVersionId, ShareType, Visibility ' +
		`FROM ContentDocumentLink WHERE LinkedEntityId = ${soqlString(recordId)}`;
	const result = await client.request<{ records: IDataObject[] }>('GET', '/query', { qs: { q: soql } });
	return (result.records ?? []).map((r) => {
		const doc = (r.ContentDocument ?? {}) as IDataObject;
		return {
			contentDocumentId: r.ContentDocumentId,
			latestVersionId: doc.LatestPublishedVersionId,
			title: doc.Title,
			fileExtension: doc.FileExtension,
			size: doc.ContentSize,
			shareType: r.ShareType,
			visibility: r.Visibility,
		};
	});
}
