/**
 * Files (ContentVersion → ContentDocument → ContentDocumentLink) and Attachment bodies. Uploads are JSON with a
 * base64 `VersionData` / `Body` (the multipart form is not emulated); downloads answer the raw bytes.
 */
import type { ApiCtx, Route } from './rest';
import { jsonObject, notFound, ok, recordUrl } from './rest';
import { type Resp, SfError } from './types';

const blobs = new WeakMap<object, Map<string, Buffer>>();
function blobsOf(c: ApiCtx): Map<string, Buffer> {
	let m = blobs.get(c.store);
	if (!m) blobs.set(c.store, (m = new Map()));
	return m;
}

function decode(value: unknown, field: string): Buffer {
	if (typeof value !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}$/.test(value))
		throw new SfError('INVALID_FIELD', `${field}: value not of required type: base64`, [field]); // wording guessed
	return Buffer.from(value, 'base64');
}

function extensionOf(path: string): string {
	const m = /\.([A-Za-z0-9]{1,10})$/.exec(path);
	return m ? m[1].toLowerCase() : '';
}

function createVersion(c: ApiCtx): Resp {
	const body = jsonObject(c.body);
	const { VersionData, ...fields } = body;
	if (VersionData === undefined) throw new SfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [VersionData]', ['VersionData']);
	const data = decode(VersionData, 'VersionData');
	const ext = extensionOf(String(fields.PathOnClient ?? ''));
	const system = { ...c.wctx, system: true };
	let id = '';
	c.store.transaction(() => {
		let docId = fields.ContentDocumentId as string | undefined;
		if (!docId)
			docId = c.store.insert(
				'ContentDocument',
				{ Title: fields.Title, FileType: ext.toUpperCase() || 'UNKNOWN', FileExtension: ext, ContentSize: data.length },
				system,
			);
		const count = c.store.all('ContentVersion').filter((v) => v.ContentDocumentId === docId).length;
		for (const v of c.store.all('ContentVersion').filter((v) => v.ContentDocumentId === docId))
			c.store.update('ContentVersion', v.Id as string, { IsLatest: false }, system);
		id = c.store.insert('ContentVersion', { ...fields, ContentDocumentId: docId }, c.wctx);
		c.store.update(
			'ContentVersion',
			id,
			{
				FileType: ext.toUpperCase() || 'UNKNOWN',
				FileExtension: ext,
				ContentSize: data.length,
				VersionNumber: String(count + 1),
				IsLatest: true,
			},
			system,
		);
		c.store.update('ContentDocument', docId, { LatestPublishedVersionId: id, ContentSize: data.length, Title: fields.Title }, system);
		// Salesforce links the new document to FirstPublishLocationId (and to the owner; the owner link is not emulated).
		if (fields.FirstPublishLocationId && count === 0)
			c.store.insert('ContentDocumentLink', { ContentDocumentId: docId, LinkedEntityId: fields.FirstPublishLocationId }, c.wctx);
	}, c.wctx.transactionKey);
	blobsOf(c).set(id, data);
	return ok({ id, success: true, errors: [] }, 201, { Location: recordUrl(c.version, 'ContentVersion', id) });
}

function createAttachment(c: ApiCtx): Resp {
	const { Body, ...fields } = jsonObject(c.body);
	if (Body === undefined) throw new SfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Body]', ['Body']);
	const data = decode(Body, 'Body');
	const id = c.store.insert('Attachment', fields, c.wctx);
	c.store.update('Attachment', id, { BodyLength: data.length }, { ...c.wctx, system: true });
	blobsOf(c).set(id, data);
	return ok({ id, success: true, errors: [] }, 201, { Location: recordUrl(c.version, 'Attachment', id) });
}

function blob(c: ApiCtx, type: string, id: string): Resp {
	const rec = c.store.get(type, id);
	const data = rec ? blobsOf(c).get(rec.Id as string) : undefined;
	if (!rec || !data) throw notFound();
	return {
		status: 200,
		raw: data,
		contentType: type === 'Attachment' ? String(rec.ContentType ?? 'application/octet-stream') : 'application/octetstream',
	};
}

export const fileRoutes: Route[] = [
	['POST', /^\/sobjects\/ContentVersion$/, createVersion],
	['POST', /^\/sobjects\/Attachment$/, createAttachment],
	['GET', /^\/sobjects\/ContentVersion\/(\w+)\/VersionData$/, (c, m) => blob(c, 'ContentVersion', m[1])],
	['GET', /^\/sobjects\/Attachment\/(\w+)\/Body$/, (c, m) => blob(c, 'Attachment', m[1])],
];
