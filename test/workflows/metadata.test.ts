/**
 * Metadata → Create / Update / Create or Update / Read / Delete / Rename through n8n's engine against the emulator's
 * Metadata API (SOAP /services/Soap/m): what lands in the org's schema, SOAP calls counted (10 components a call),
 * results per item in input order, and bad input refused before any call.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { metadataOf } from '../emulator/metadataOrg';
import { CREDENTIAL_TYPE, HarnessCredentialsHelper, credentialData, runWorkflow } from '../helpers/engine';
import { callNodeMethod } from '../helpers/methods';
import { SALESFORCE_CRM, errorDetails, salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

const SOAP = 'POST /services/Soap/m';
const type = (value: string) => ({ __rl: true, mode: 'name', value });

function metadataNode(operation: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
	return salesforceNode({ resource: 'metadata', operation, ...parameters }, extra);
}

async function run(items: IDataObject[], node: ReturnType<typeof metadataNode>) {
	return await runWorkflow({ credentials: credentialData(emu), items, nodes: [node] });
}

/** The resource mapper's field list for Account → Create, as the editor asks for it. */
async function mapperFields(object = 'Account'): Promise<Array<{ id: string; required: boolean }>> {
	const credentialsHelper = new HarnessCredentialsHelper({ [CREDENTIAL_TYPE]: credentialData(emu) });
	const parameters: INodeParameters = { resource: 'record', operation: 'create', sobject: { __rl: true, mode: 'name', value: object } };
	const result = (await callNodeMethod({
		nodeType: SALESFORCE_CRM,
		kind: 'resourceMapping',
		method: 'getCreateFields',
		parameters,
		path: 'parameters.fields',
		credentialsHelper,
	})) as {
		fields: Array<{ id: string; required: boolean }>;
	};
	return result.fields;
}

const field = (fullName: string, fields: Record<string, unknown>) => ({ fullName, fields: JSON.stringify(fields) });
const perItem = { metadataType: type('CustomField'), metadataFullName: '={{ $json.fullName }}', metadataFields: '={{ $json.fields }}' };

describe('Metadata → Create: a custom field shows up in the resource mapper once a profile grants it', () => {
	test('created (1 SOAP call), hidden by field-level security, granted through Profile → Update, then in the mapper and writable', async () => {
		const created = await run(
			[{}],
			metadataNode('create', {
				metadataType: type('CustomField'),
				metadataFullName: 'Account.Tier__c',
				metadataFields: '{"label": "Tier", "type": "Text", "length": 40}',
			}),
		);
		expect(created.error).toBeUndefined();
		expect(created.output('Salesforce').map((i) => i.json)).toEqual([
			{ success: true, metadataType: 'CustomField', fullName: 'Account.Tier__c' },
		]);
		expect(emu.count(SOAP)).toBe(1);
		// Salesforce gives no profile access to a field created through the API: not in describe yet.
		expect((await mapperFields()).map((f) => f.id)).not.toContain('Tier__c');

		emu.resetCounters();
		const granted = await run(
			[{}],
			metadataNode('update', {
				metadataType: type('Profile'),
				metadataFullName: 'Admin',
				metadataFields: JSON.stringify({ fieldPermissions: [{ field: 'Account.Tier__c', editable: true, readable: true }] }),
			}),
		);
		expect(granted.error).toBeUndefined();
		expect(emu.count(SOAP)).toBe(1);
		expect((await mapperFields()).find((f) => f.id === 'Tier__c')).toMatchObject({ id: 'Tier__c', required: false });

		const record = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}],
			nodes: [
				salesforceNode({
					resource: 'account',
					operation: 'create',
					fields: { mappingMode: 'defineBelow', value: { Name: 'Tiered Co', Tier__c: 'Gold' } },
				}),
			],
		});
		expect(record.error).toBeUndefined();
		expect(emu.store.get('Account', String(record.output('Salesforce')[0].json.id))).toMatchObject({ Name: 'Tiered Co', Tier__c: 'Gold' });
	});

	test('a required field shows up at once (field-level security cannot hide it), marked required', async () => {
		const created = await run(
			[{}],
			metadataNode('create', {
				metadataType: type('CustomField'),
				metadataFullName: 'Contact.Badge__c',
				metadataFields: '{"label": "Badge", "type": "Text", "length": 10, "required": true}',
			}),
		);
		expect(created.error).toBeUndefined();
		expect((await mapperFields('Contact')).find((f) => f.id === 'Badge__c')).toMatchObject({ required: true });
	});

	test("25 fields in 3 calls (10 a call), results in input order with pairedItem; Salesforce's error codes on the failed items", async () => {
		const items = Array.from({ length: 25 }, (_, i) =>
			i === 4
				? field('Account.Bad_Type__c', { label: 'Bad', type: 'Texty' })
				: i === 17
					? field('Account.Tier__c', { label: 'Again', type: 'Text', length: 5 })
					: field(`Account.Batch_${i}__c`, { label: `Batch ${i}`, type: 'Number', precision: 10, scale: 2 }),
		);
		const result = await run(items, metadataNode('create', perItem, { continueOnFail: true }));
		const out = result.output('Salesforce');
		expect(emu.count(SOAP)).toBe(3);
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(errorDetails(out[4])).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['type'] });
		expect(errorDetails(out[17]).errorCode).toBe('DUPLICATE_DEVELOPER_NAME');
		expect(out[24].json).toEqual({ success: true, metadataType: 'CustomField', fullName: 'Account.Batch_24__c' });
		expect(metadataOf(emu).field('Account.Batch_0__c')).toMatchObject({
			hidden: true,
			def: { type: 'double', precision: 10, scale: 2, label: 'Batch 0' },
		});
		expect(metadataOf(emu).field('Account.Bad_Type__c')).toBeUndefined();
	});

	test('without "Continue" the run stops at the first failed item naming it and Salesforce\'s code', async () => {
		const result = await run(
			[field('Account.Ok_One__c', { label: 'Ok', type: 'Date' }), field('Account.No_Label__c', { type: 'Date' })],
			metadataNode('create', perItem),
		);
		expect(result.error?.message).toMatch(/^Item 1: FIELD_INTEGRITY_EXCEPTION: Must specify a non-empty label/);
		expect(result.error?.description).toMatch(/1 other item\(s\) were written before the run stopped: item 0/);
	});

	test('All or None: one bad component rolls back the others of its call', async () => {
		const result = await run(
			[field('Account.Rolled_A__c', { label: 'A', type: 'Date' }), field('Account.Rolled_B__c', { label: 'B', type: 'Checkbox' })],
			metadataNode('create', { ...perItem, options: { allOrNone: true } }, { continueOnFail: true }),
		);
		const codes = result.output('Salesforce').map((o) => errorDetails(o).errorCode);
		expect(codes).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'FIELD_INTEGRITY_EXCEPTION']);
		expect(metadataOf(emu).field('Account.Rolled_A__c')).toBeUndefined();
	});
});

describe('Metadata → Read, Create or Update, Update, Rename, Delete', () => {
	test("Read: 12 names in 2 calls; the component's fields as JSON; a missing one is NOT_FOUND on its item", async () => {
		const names = ['Account.Tier__c', ...Array.from({ length: 10 }, (_, i) => `Account.Batch_${i}__c`), 'Account.Missing__c'];
		const result = await run(
			names.map((fullName) => ({ fullName })),
			metadataNode('read', { metadataType: type('CustomField'), metadataFullName: '={{ $json.fullName }}' }, { continueOnFail: true }),
		);
		const out = result.output('Salesforce');
		expect(emu.count(SOAP)).toBe(2);
		expect(out[0].json).toEqual({
			metadataType: 'CustomField',
			fullName: 'Account.Tier__c',
			metadata: { fullName: 'Account.Tier__c', label: 'Tier', type: 'Text', length: '40' },
		});
		expect(out[3].json.fullName).toBe('Account.Batch_2__c');
		expect(errorDetails(out[11])).toMatchObject({ errorCode: 'NOT_FOUND', message: 'No CustomField named Account.Missing__c in the org' });
		// A field the org already had is read from its describe.
		const seeded = await run([{}], metadataNode('read', { metadataType: type('CustomField'), metadataFullName: 'Invoice__c.Status__c' }));
		expect(seeded.output('Salesforce')[0].json.metadata).toMatchObject({
			type: 'Picklist',
			valueSet: {
				restricted: true,
				valueSetDefinition: { value: expect.arrayContaining([{ fullName: 'Paid', default: false, label: 'Paid' }]) },
			},
		});
	});

	test('Create or Update: created true for a new component, false for an existing one; Update changes the describe', async () => {
		const upserted = await run(
			[
				field('Account.Tier__c', { label: 'Customer Tier', type: 'Text', length: 80 }),
				field('Account.Region__c', {
					label: 'Region',
					type: 'Picklist',
					valueSet: { valueSetDefinition: { value: [{ fullName: 'EMEA', default: true }, { fullName: 'APAC' }] } },
				}),
			],
			metadataNode('upsert', perItem),
		);
		expect(upserted.output('Salesforce').map((o) => [o.json.fullName, o.json.created])).toEqual([
			['Account.Tier__c', false],
			['Account.Region__c', true],
		]);
		expect(emu.count(SOAP)).toBe(1);
		expect(metadataOf(emu).describedField('Account', 'Tier__c')).toMatchObject({ label: 'Customer Tier', length: 80, createable: true });

		const updated = await run([field('Account.Tier__c', { label: 'Tier', type: 'Text', length: 60 })], metadataNode('update', perItem));
		expect(updated.error).toBeUndefined();
		expect(metadataOf(emu).describedField('Account', 'Tier__c')).toMatchObject({ label: 'Tier', length: 60 });
	});

	test('Rename: the field and its values move to the new name', async () => {
		const id = emu.store.insert('Account', { Name: 'Renamed Co', Tier__c: 'Silver' });
		const result = await run(
			[{}],
			metadataNode('rename', {
				metadataType: type('CustomField'),
				metadataFullName: 'Account.Tier__c',
				metadataNewFullName: 'Account.Segment__c',
			}),
		);
		expect(result.output('Salesforce')[0].json).toEqual({
			success: true,
			metadataType: 'CustomField',
			oldFullName: 'Account.Tier__c',
			fullName: 'Account.Segment__c',
		});
		expect(emu.store.get('Account', id)).toMatchObject({ Segment__c: 'Silver' });
		expect(metadataOf(emu).describedField('Account', 'Tier__c')).toBeUndefined();
	});

	test('Delete: 12 fields in 2 calls; gone from the schema; a missing one fails on its item', async () => {
		const names = ['Account.Segment__c', ...Array.from({ length: 10 }, (_, i) => `Account.Batch_${i}__c`), 'Account.Never__c'];
		const result = await run(
			names.map((fullName) => ({ fullName })),
			metadataNode('delete', { metadataType: type('CustomField'), metadataFullName: '={{ $json.fullName }}' }, { continueOnFail: true }),
		);
		const out = result.output('Salesforce');
		expect(emu.count(SOAP)).toBe(2);
		expect(out[0].json).toEqual({ success: true, metadataType: 'CustomField', fullName: 'Account.Segment__c', deleted: true });
		expect(errorDetails(out[11]).errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
		expect(metadataOf(emu).field('Account.Segment__c')).toBeUndefined();
		expect(metadataOf(emu).field('Account.Batch_3__c')).toBeUndefined();
	});
});

describe('bad input is refused before any call', () => {
	test.each([
		[
			'a type with a space',
			{ metadataType: type('Custom Field'), metadataFullName: 'Account.X__c' },
			/^Item 0: Metadata Type "Custom Field" is not a metadata type name/,
		],
		[
			'XML in the full name',
			{ metadataType: type('CustomField'), metadataFullName: 'Account.X__c</urn:fullName><urn:x>' },
			/^Item 0: Full Name "Account\.X__c<\/urn:fullName><urn:x>" is not a metadata full name/,
		],
		[
			'a field full name without its object',
			{ metadataType: type('CustomField'), metadataFullName: 'Tier__c' },
			/^Item 0: Full Name "Tier__c" is not <Object>\.<Name>/,
		],
		[
			'an element name that is not a Metadata API field',
			{ metadataType: type('CustomField'), metadataFullName: 'Account.X__c', metadataFields: '{"label": "X", "type\\"><x": "Text"}' },
			/^Item 0: Component field "type"><x" is not a Metadata API field name/,
		],
		[
			'fullName in the JSON differing from Full Name',
			{ metadataType: type('CustomField'), metadataFullName: 'Account.X__c', metadataFields: '{"fullName": "Account.Y__c"}' },
			/^Item 0: "fullName" in Component Fields \("Account\.Y__c"\) differs from Full Name "Account\.X__c"/,
		],
		[
			'fields that are not JSON',
			{ metadataType: type('CustomField'), metadataFullName: 'Account.X__c', metadataFields: '{label: X}' },
			/^Item 0: Component Fields \(JSON\) is not valid JSON/,
		],
	])('%s', async (_name, parameters, error) => {
		const result = await run([{}], metadataNode('create', parameters));
		expect(result.error?.message).toMatch(error);
		expect(emu.apiCalls()).toBe(0);
	});

	test('Rename to a bad name, Read of an unnamed component, List of a bad folder, a bad second item of Update / Create or Update / Delete: refused, 0 calls', async () => {
		const rename = await run(
			[{}],
			metadataNode('rename', {
				metadataType: type('CustomObject'),
				metadataFullName: 'Invoice__c',
				metadataNewFullName: 'Invoice__c; DROP',
			}),
		);
		expect(rename.error?.message).toMatch(/^Item 0: New Full Name "Invoice__c; DROP" is not a metadata full name/);
		const read = await run([{}], metadataNode('read', { metadataType: type('CustomObject'), metadataFullName: '={{ "" }}' }));
		expect(read.error?.message).toMatch(/^Item 0: Full Name "" is empty/);
		const list = await run([{}], metadataNode('list', { metadataType: type('Report'), metadataFolder: '../x<y>' }));
		expect(list.error?.message).toMatch(/^Item 0: Folder "\.\.\/x<y>" is not a metadata full name/);
		for (const operation of ['update', 'upsert', 'delete']) {
			const result = await run(
				[{}, {}],
				metadataNode(operation, {
					metadataType: type('CustomObject'),
					metadataFullName: '={{ $itemIndex ? "Bad<Name" : "Invoice__c" }}',
					metadataFields: '{"label": "x"}',
				}),
			);
			expect(result.error?.message).toMatch(/^Item 1: Full Name "Bad<Name" is not a metadata full name/);
		}
		expect(emu.apiCalls()).toBe(0);
	});
});
