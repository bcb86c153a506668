import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { useEmulator } from '../helpers/workflow';

const NODE = 'n8n-nodes-salesforce-crm.salesforceCrm';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { plugins: [] });

function node(parameters: Record<string, unknown>, name = 'Salesforce') {
	return { name, type: NODE, parameters: parameters as never };
}

// Every byte value, so any text decoding on the way would show.
const bytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37) % 256));

describe('Files and attachments through n8n’s engine (binary via n8n’s helpers)', () => {
	test('upload a file linked to a record, list it, download it byte for byte', async () => {
		const account = emu.store.insert('Account', { Name: 'Files Co' });
		const uploaded = await runWorkflow({
			credentials: credentialData(emu),
			items: [
				{
					json: { recordId: account },
					binary: { data: { data: bytes.toString('base64'), mimeType: 'application/pdf', fileName: 'report.pdf' } },
				},
			],
			nodes: [node({ resource: 'file', operation: 'upload', fileRecordId: '={{ $json.recordId }}' })],
		});
		expect(uploaded.error).toBeUndefined();
		const file = uploaded.output('Salesforce')[0].json;
		expect(file).toMatchObject({ title: 'report', size: 1024, linkedEntityId: account });
		const link = emu.store.all('ContentDocumentLink').find((l) => l.LinkedEntityId === account)!;
		expect(link.ContentDocumentId).toBe(file.contentDocumentId);
		expect(emu.store.get('ContentVersion', String(file.contentVersionId))).toMatchObject({
			PathOnClient: 'report.pdf',
			FileExtension: 'pdf',
		});

		const listed = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'file', operation: 'list', fileRecordId: account })],
		});
		expect(listed.output('Salesforce').map((o) => o.json)).toEqual([
			expect.objectContaining({
				contentDocumentId: file.contentDocumentId,
				latestVersionId: file.contentVersionId,
				title: 'report',
				size: 1024,
			}),
		]);

		const downloaded = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'file', operation: 'download', fileId: String(file.contentDocumentId), binaryPropertyOutput: 'file' })],
		});
		expect(downloaded.error).toBeUndefined();
		const out = downloaded.output('Salesforce')[0];
		expect(out.binary?.file.fileName).toBe('report.pdf');
		expect(Buffer.from(out.binary!.file.data, 'base64').equals(bytes)).toBe(true);
		expect(emu.count('GET /sobjects/ContentVersion/{id}/VersionData')).toBe(1);
	});

	test('attachment create, get and download', async () => {
		const account = emu.store.insert('Account', { Name: 'Attach Co' });
		const created = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ json: {}, binary: { data: { data: bytes.toString('base64'), mimeType: 'image/png', fileName: 'logo.png' } } }],
			nodes: [node({ resource: 'attachment', operation: 'create', fileRecordId: account })],
		});
		expect(created.error).toBeUndefined();
		const id = String(created.output('Salesforce')[0].json.id);
		expect(emu.store.get('Attachment', id)).toMatchObject({
			Name: 'logo.png',
			ParentId: account,
			BodyLength: 1024,
			ContentType: 'image/png',
		});

		const got = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'attachment', operation: 'get', attachmentId: id })],
		});
		expect(got.output('Salesforce')[0].json).toMatchObject({ Id: id, Name: 'logo.png', BodyLength: 1024 });

		const downloaded = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'attachment', operation: 'download', attachmentId: id })],
		});
		const bin = downloaded.output('Salesforce')[0].binary!.data;
		expect(bin.mimeType).toBe('image/png');
		expect(Buffer.from(bin.data, 'base64').equals(bytes)).toBe(true);
	});

	test('a missing binary property fails naming the item, before any call', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ json: {} }],
			nodes: [node({ resource: 'file', operation: 'upload', fileRecordId: emu.store.insert('Account', { Name: 'x' }) })],
		});
		expect(result.error?.message).toMatch(/Item 0: The item has no binary property "data"/);
		expect(emu.apiCalls()).toBe(0);
	});
});
