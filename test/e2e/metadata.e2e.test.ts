/**
 * End-to-end, issue #18 (Metadata API): in a real n8n 2.41 with the pack installed as a community package, a workflow
 * creates a custom field through Metadata → Create, grants the admin profile access to it (Metadata → Update of the
 * Profile: Salesforce hides a field created through the API until a profile grants it), then writes an account with
 * a value in it. The editor's own endpoints show the field appear in the resource mapper and the metadata types list.
 */

import { SalesforceEmulator } from '../emulator';
import { metadataOf } from '../emulator/metadataOrg';
import { N8n, nodeOutput, PACKAGE_NAME } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME, emulatorCredential } from './stack';

let emu: SalesforceEmulator;
let n8n: N8n;

const WORKFLOW = 'sfMetadataField01';
const NODE = `${PACKAGE_NAME}.salesforceCrm`;
const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
const FIELD = {
	label: 'Loyalty Tier',
	type: 'Picklist',
	valueSet: {
		restricted: true,
		valueSetDefinition: {
			value: [
				{ fullName: 'Gold', default: false },
				{ fullName: 'Silver', default: true },
			],
		},
	},
};

function workflow() {
	const node = (name: string, parameters: object, x: number, type = NODE) => ({
		id: name.replace(/\W+/g, '-').toLowerCase(),
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		...(type === NODE ? { credentials } : {}),
	});
	const names = ['Start', 'Create field', 'Grant access', 'Create account'];
	// The schema the editor stores with the mapper's values: what getCreateFields returned (options for a picklist).
	const column = (id: string, type: string, options?: string[]) => ({
		id,
		displayName: id,
		required: id === 'Name',
		defaultMatch: false,
		display: true,
		type,
		canBeUsedToMatch: false,
		removed: false,
		...(options ? { options: options.map((o) => ({ name: o, value: o })) } : {}),
	});
	return {
		id: WORKFLOW,
		name: 'Metadata: create a field, then use it',
		nodes: [
			node('Start', {}, 0, 'n8n-nodes-base.manualTrigger'),
			node(
				'Create field',
				{
					resource: 'metadata',
					operation: 'create',
					metadataType: { __rl: true, mode: 'list', value: 'CustomField', cachedResultName: 'CustomField (CustomObject)' },
					metadataFullName: 'Account.Loyalty_Tier__c',
					metadataFields: JSON.stringify(FIELD),
				},
				200,
			),
			node(
				'Grant access',
				{
					resource: 'metadata',
					operation: 'update',
					metadataType: { __rl: true, mode: 'name', value: 'Profile' },
					metadataFullName: 'Admin',
					metadataFields: JSON.stringify({ fieldPermissions: [{ field: 'Account.Loyalty_Tier__c', editable: true, readable: true }] }),
				},
				400,
			),
			node(
				'Create account',
				{
					resource: 'account',
					operation: 'create',
					fields: {
						mappingMode: 'defineBelow',
						value: { Name: 'Loyal Co', Loyalty_Tier__c: 'Gold' },
						matchingColumns: [],
						schema: [column('Name', 'string'), column('Loyalty_Tier__c', 'options', ['Gold', 'Silver'])],
					},
				},
				600,
			),
		],
		connections: Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }])),
		settings: { executionOrder: 'v1' },
	};
}

/** What the editor asks n8n for when it shows Account → Create's resource mapper. */
async function mapperFields(): Promise<Array<{ id: string; options?: Array<{ value: string }> }>> {
	const result = await n8n.rest<{ fields: Array<{ id: string; options?: Array<{ value: string }> }> }>(
		'POST',
		'/dynamic-node-parameters/resource-mapper-fields',
		{
			path: 'parameters.fields',
			methodName: 'getCreateFields',
			nodeTypeAndVersion: { name: NODE, version: 1 },
			currentNodeParameters: {
				authentication: 'oAuth2',
				resource: 'account',
				operation: 'create',
				fields: { mappingMode: 'defineBelow', value: null },
			},
			credentials,
		},
	);
	return result.fields;
}

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo' });
	n8n = await N8n.prepare();
	await n8n.importCredentials([emulatorCredential(emu)]);
	await n8n.importWorkflows([workflow()]);
	await n8n.startWithOwner();
}, 300_000);

afterAll(async () => {
	await n8n?.dispose();
	await emu?.close();
});

test('the editor lists the metadata types from describeMetadata (Metadata Type → From List)', async () => {
	const found = await n8n.rest<{ results: Array<{ name: string; value: string }> }>(
		'POST',
		'/dynamic-node-parameters/resource-locator-results',
		{
			path: 'parameters.metadataType',
			methodName: 'searchMetadataTypes',
			filter: 'Custom',
			nodeTypeAndVersion: { name: NODE, version: 1 },
			currentNodeParameters: {
				authentication: 'oAuth2',
				resource: 'metadata',
				operation: 'create',
				metadataType: { __rl: true, mode: 'list', value: '' },
			},
			credentials,
		},
	);
	expect(found.results).toEqual(
		expect.arrayContaining([
			{ name: 'CustomObject', value: 'CustomObject' },
			{ name: 'CustomField (CustomObject)', value: 'CustomField' },
		]),
	);
});

test('a field created through Metadata → Create shows up in the resource mapper and takes a value, in one run', async () => {
	expect((await mapperFields()).map((f) => f.id)).not.toContain('Loyalty_Tier__c');
	emu.resetCounters();

	const { result, run } = await n8n.execute(WORKFLOW);
	expect({ code: result.code, status: run?.status }).toEqual({ code: 0, status: 'success' });
	expect(nodeOutput(run, 'Create field')).toEqual([{ success: true, metadataType: 'CustomField', fullName: 'Account.Loyalty_Tier__c' }]);
	expect(nodeOutput(run, 'Grant access')).toEqual([{ success: true, metadataType: 'Profile', fullName: 'Admin' }]);
	const accountId = String(nodeOutput(run, 'Create account')[0]?.id);
	expect(emu.store.get('Account', accountId)).toMatchObject({ Name: 'Loyal Co', Loyalty_Tier__c: 'Gold' });
	// Two Metadata API calls (create, grant) and one sObject Collections write.
	expect({ metadata: emu.count('POST /services/Soap/m'), writes: emu.count('POST /composite/sobjects') }).toEqual({
		metadata: 2,
		writes: 1,
	});
	expect(metadataOf(emu).describedField('Account', 'Loyalty_Tier__c')).toMatchObject({
		type: 'picklist',
		restrictedPicklist: true,
		createable: true,
	});

	// The editor's resource mapper now offers the field, with its picklist values.
	const field = (await mapperFields()).find((f) => f.id === 'Loyalty_Tier__c');
	expect(field?.options?.map((o) => o.value)).toEqual(['Gold', 'Silver']);
});

test("running it again stops at Metadata → Create with Salesforce's DUPLICATE_DEVELOPER_NAME; nothing else runs", async () => {
	emu.resetCounters();
	const { result, run } = await n8n.execute(WORKFLOW);
	expect(result.code).not.toBe(0);
	expect(run?.data.resultData.error?.message).toMatch(
		/^Item 0: DUPLICATE_DEVELOPER_NAME: There is already a field named Loyalty_Tier__c on Account/,
	);
	expect({ metadata: emu.count('POST /services/Soap/m'), writes: emu.count('POST /composite/sobjects') }).toEqual({
		metadata: 1,
		writes: 0,
	});
});
