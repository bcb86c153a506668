/**
 * Metadata → Describe Types, List, and custom objects through n8n's engine: the type list the editor offers
 * (describeMetadata, listSearch), a custom object created, written to, renamed and deleted, listMetadata queries
 * packed three a call, and the types the emulator keeps as given (RemoteSiteSetting, PermissionSet).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { CREDENTIAL_TYPE, HarnessCredentialsHelper, credentialData, runWorkflow } from '../helpers/engine';
import { callNodeMethod } from '../helpers/methods';
import { SALESFORCE_CRM, errorDetails, salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

const SOAP = 'POST /services/Soap/m';
const type = (value: string) => ({ __rl: true, mode: 'name', value });
const metadataNode = (operation: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
	salesforceNode({ resource: 'metadata', operation, ...parameters }, extra);
const run = async (items: IDataObject[], node: ReturnType<typeof metadataNode>) =>
	await runWorkflow({ credentials: credentialData(emu), items, nodes: [node] });

const PROJECT = {
	label: 'Project',
	pluralLabel: 'Projects',
	nameField: { label: 'Project Name', type: 'Text' },
	deploymentStatus: 'Deployed',
	sharingModel: 'ReadWrite',
	fields: [{ fullName: 'Code__c', label: 'Code', type: 'Text', length: 12, required: true, externalId: true }],
};

test('Describe Types: one describeMetadata call for three items; child types come with their parent', async () => {
	const result = await run([{}, {}, {}], metadataNode('describeTypes'));
	expect(emu.count(SOAP)).toBe(1);
	const types = result
		.output('Salesforce')
		.filter((o) => o.pairedItem && (o.pairedItem as { item: number }).item === 0)
		.map((o) => o.json);
	expect(types).toEqual(
		expect.arrayContaining([
			expect.objectContaining({
				xmlName: 'CustomObject',
				directoryName: 'objects',
				suffix: 'object',
				childXmlNames: expect.arrayContaining(['CustomField', 'ValidationRule']),
			}),
			expect.objectContaining({ xmlName: 'CustomField', parent: 'CustomObject' }),
			expect.objectContaining({ xmlName: 'Report', inFolder: true }),
		]),
	);
	expect(result.output('Salesforce')).toHaveLength(types.length * 3);
});

test('the Metadata Type list of the editor comes from describeMetadata and filters by name', async () => {
	const credentialsHelper = new HarnessCredentialsHelper({ [CREDENTIAL_TYPE]: credentialData(emu) });
	const found = (await callNodeMethod({
		nodeType: SALESFORCE_CRM,
		kind: 'listSearch',
		method: 'searchMetadataTypes',
		parameters: { resource: 'metadata', operation: 'create' },
		path: 'parameters.metadataType',
		args: ['field'],
		credentialsHelper,
	})) as { results: Array<{ name: string; value: string }> };
	expect(found.results).toEqual([
		{ name: 'CustomField (CustomObject)', value: 'CustomField' },
		{ name: 'FieldSet (CustomObject)', value: 'FieldSet' },
	]);
});

test('a custom object: created with its fields, written through the data API, read, renamed with its records, deleted', async () => {
	const created = await run(
		[{}],
		metadataNode('create', { metadataType: type('CustomObject'), metadataFullName: 'Project__c', metadataFields: JSON.stringify(PROJECT) }),
	);
	expect(created.output('Salesforce')[0].json).toEqual({ success: true, metadataType: 'CustomObject', fullName: 'Project__c' });
	// In the org: REST describe knows it, and a record can be written (Code__c is required: visible at once).
	const record = await runWorkflow({
		credentials: credentialData(emu),
		items: [{ Name: 'Apollo', Code__c: 'AP-1' }],
		nodes: [
			salesforceNode({
				resource: 'record',
				operation: 'create',
				sobject: { __rl: true, mode: 'name', value: 'Project__c' },
				fields: { mappingMode: 'autoMapInputData', value: null },
			}),
		],
	});
	expect(record.error).toBeUndefined();
	const id = String(record.output('Salesforce')[0].json.id);
	expect(emu.store.get('Project__c', id)).toMatchObject({ Name: 'Apollo', Code__c: 'AP-1' });

	emu.resetCounters();
	const read = await run([{}], metadataNode('read', { metadataType: type('CustomObject'), metadataFullName: 'Project__c' }));
	expect(read.output('Salesforce')[0].json.metadata).toMatchObject({
		fullName: 'Project__c',
		label: 'Project',
		pluralLabel: 'Projects',
		nameField: { label: 'Project Name', type: 'Text' },
		fields: { fullName: 'Project__c.Code__c', label: 'Code', type: 'Text', required: true },
	});

	const renamed = await run(
		[{}],
		metadataNode('rename', { metadataType: type('CustomObject'), metadataFullName: 'Project__c', metadataNewFullName: 'Program__c' }),
	);
	expect(renamed.output('Salesforce')[0].json.fullName).toBe('Program__c');
	expect(emu.store.get('Program__c', id)).toMatchObject({ Name: 'Apollo', Code__c: 'AP-1' });
	expect(emu.store.query('SELECT Code__c FROM Program__c')).toEqual([expect.objectContaining({ Code__c: 'AP-1' })]);

	const deleted = await run([{}], metadataNode('delete', { metadataType: type('CustomObject'), metadataFullName: 'Program__c' }));
	expect(deleted.output('Salesforce')[0].json).toMatchObject({ success: true, deleted: true });
	expect(emu.schema.get('Program__c')).toBeUndefined();
	expect(emu.count(SOAP)).toBe(3);
	// A standard object cannot be deleted.
	const standard = await run(
		[{}],
		metadataNode('delete', { metadataType: type('CustomObject'), metadataFullName: 'Account' }, { continueOnFail: true }),
	);
	expect(errorDetails(standard.output('Salesforce')[0]).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
	expect(emu.schema.get('Account')).toBeDefined();
});

test('List: queries of all items three a call, the same query sent once; folder queries; an unknown type fails its items', async () => {
	const site = { url: 'https://api.example.com', isActive: true, disableProtocolSecurity: false };
	const sites = await run(
		['Api_One', 'Api_Two'].map((fullName) => ({ fullName })),
		metadataNode('create', {
			metadataType: type('RemoteSiteSetting'),
			metadataFullName: '={{ $json.fullName }}',
			metadataFields: JSON.stringify(site),
		}),
	);
	expect(sites.error).toBeUndefined();
	await run(
		[{ fullName: 'Sales/Pipeline' }, { fullName: 'unfiled$public/Other' }],
		metadataNode('create', {
			metadataType: type('Report'),
			metadataFullName: '={{ $json.fullName }}',
			metadataFields: '{"name": "Report", "format": "Tabular"}',
		}),
	);
	emu.resetCounters();

	const queries = [
		{ type: 'RemoteSiteSetting' },
		{ type: 'CustomObject' },
		{ type: 'RemoteSiteSetting' },
		{ type: 'Report', folder: 'Sales' },
		{ type: 'Profile' },
	];
	const result = await run(
		queries,
		metadataNode('list', {
			metadataType: { __rl: true, mode: 'name', value: '={{ $json.type }}' },
			metadataFolder: '={{ $json.folder ?? "" }}',
		}),
	);
	expect(emu.count(SOAP)).toBe(2); // 4 distinct queries: 3 + 1
	const byItem = (i: number) =>
		result
			.output('Salesforce')
			.filter((o) => (o.pairedItem as { item: number }).item === i)
			.map((o) => o.json.fullName);
	expect(byItem(0)).toEqual(['Api_One', 'Api_Two']);
	expect(byItem(2)).toEqual(['Api_One', 'Api_Two']);
	expect(byItem(1)).toEqual(expect.arrayContaining(['Account', 'Invoice__c']));
	expect(byItem(3)).toEqual(['Sales/Pipeline']);
	expect(byItem(4)).toEqual(['Admin']);
	expect(result.output('Salesforce')[0].json).toMatchObject({
		type: 'RemoteSiteSetting',
		fileName: 'remoteSiteSettings/Api_One.remoteSite',
		manageableState: 'unmanaged',
		id: expect.stringMatching(/^0rp/),
	});

	const unknown = await run([{}], metadataNode('list', { metadataType: type('NoSuchType') }, { continueOnFail: true }));
	expect(errorDetails(unknown.output('Salesforce')[0])).toMatchObject({ errorCode: 'INVALID_TYPE' });
});

test('Update of a PermissionSet merges its permission lists; Update of another type replaces it', async () => {
	await run(
		[{}],
		metadataNode('upsert', {
			metadataType: type('PermissionSet'),
			metadataFullName: 'Support',
			metadataFields: JSON.stringify({ label: 'Support', fieldPermissions: { field: 'Case.Subject', readable: true, editable: false } }),
		}),
	);
	await run(
		[{}],
		metadataNode('update', {
			metadataType: type('PermissionSet'),
			metadataFullName: 'Support',
			metadataFields: JSON.stringify({ label: 'Support', fieldPermissions: { field: 'Case.Origin', readable: true, editable: true } }),
		}),
	);
	const read = await run([{}], metadataNode('read', { metadataType: type('PermissionSet'), metadataFullName: 'Support' }));
	expect(read.output('Salesforce')[0].json.metadata).toEqual({
		fullName: 'Support',
		label: 'Support',
		fieldPermissions: [
			{ field: 'Case.Subject', readable: true, editable: false },
			{ field: 'Case.Origin', readable: true, editable: true },
		],
	});
	await run(
		[{}],
		metadataNode('update', {
			metadataType: type('RemoteSiteSetting'),
			metadataFullName: 'Api_One',
			metadataFields: '{"url": "https://new.example.com"}',
		}),
	);
	const site = await run([{}], metadataNode('read', { metadataType: type('RemoteSiteSetting'), metadataFullName: 'Api_One' }));
	expect(site.output('Salesforce')[0].json.metadata).toEqual({ fullName: 'Api_One', url: 'https://new.example.com' });
});
