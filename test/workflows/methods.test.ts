/**
 * The node's listSearch / loadOptions / resourceMapping methods, called the way n8n's editor calls them:
 * n8n's DynamicNodeParametersService builds a one-node temporary Workflow, puts the form's current parameters on
 * additionalData.currentNodeParameters and runs the method with n8n-core's real LoadOptionsContext (its
 * httpRequestWithAuthentication signs with the credential through the harness credentials helper).
 */
import type { INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { CREDENTIAL_TYPE, HarnessCredentialsHelper, credentialData } from '../helpers/engine';
import { callNodeMethod, type MethodKind } from '../helpers/methods';
import { useEmulator } from '../helpers/workflow';

const NODE = 'n8n-nodes-salesforce-crm.salesforceCrm';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

/** Calls a method of the node as the editor does, with the form's current parameters. */
async function callMethod(
	kind: MethodKind,
	method: string,
	parameters: INodeParameters,
	path: string,
	...args: unknown[]
): Promise<unknown> {
	const credentialsHelper = new HarnessCredentialsHelper({ [CREDENTIAL_TYPE]: credentialData(emu) });
	return await callNodeMethod({ nodeType: NODE, kind, method, parameters, path, args, credentialsHelper });
}

describe('listSearch', () => {
	test('searchRecords finds records of the current object by name, server-side, escaped', async () => {
		const hit = emu.store.insert('Account', { Name: "Sam's 100% Widgets" });
		emu.store.insert('Account', { Name: 'Sams 100 Widgets' });
		const q0 = emu.queries.length;
		const result = (await callMethod(
			'listSearch',
			'searchRecords',
			{ resource: 'account', operation: 'get' },
			'recordId',
			"Sam's 100%",
		)) as {
			results: Array<{ name: string; value: string; url: string }>;
		};
		expect(result.results).toEqual([{ name: "Sam's 100% Widgets", value: hit, url: `${emu.url}/lightning/r/Account/${hit}/view` }]);
		expect(emu.queries.slice(q0).some((q) => q.includes(String.raw`Name LIKE '%Sam\'s 100\%%'`))).toBe(true);
	});

	test('searchRecords for the Record resource uses its Object parameter; Case is named by CaseNumber', async () => {
		const id = emu.store.insert('Case', { Subject: 'Printer' });
		const number = String(emu.store.get('Case', id)?.CaseNumber);
		const result = (await callMethod(
			'listSearch',
			'searchRecords',
			{ resource: 'record', operation: 'get', sobject: { mode: 'list', value: 'Case' } },
			'recordId',
			number,
		)) as {
			results: Array<{ name: string; value: string }>;
		};
		expect(result.results).toEqual([expect.objectContaining({ name: `${number} — Printer · New`, value: id })]);
	});

	test('the lead list leaves converted leads out and shows company and status; the opportunity list shows the stage', async () => {
		const open = emu.store.insert('Lead', { LastName: 'Zed Open', Company: 'Zed Co', Status: 'Open - Not Contacted' });
		const converted = emu.store.insert(
			'Lead',
			{ LastName: 'Zed Converted', Company: 'Zed Co', Status: 'Closed - Converted', IsConverted: true },
			{ system: true },
		);
		const leads = (await callMethod('listSearch', 'searchRecords', { resource: 'lead', operation: 'convert' }, 'leadId', 'Zed')) as {
			results: Array<{ name: string; value: string }>;
		};
		expect(leads.results.map((r) => r.value)).toEqual([open]);
		expect(leads.results[0].name).toBe('Zed Open — Zed Co · Open - Not Contacted');
		expect(leads.results.map((r) => r.value)).not.toContain(converted);
		const opp = emu.store.insert('Opportunity', { Name: 'Zed deal', StageName: 'Prospecting', CloseDate: '2026-12-31' });
		const opps = (await callMethod(
			'listSearch',
			'searchRecords',
			{ resource: 'opportunity', operation: 'close' },
			'opportunityId',
			'Zed',
		)) as { results: Array<{ name: string; value: string }> };
		expect(opps.results).toEqual([expect.objectContaining({ name: 'Zed deal — Prospecting · 2026-12-31', value: opp })]);
	});
});

describe('loadOptions', () => {
	test('getFields lists the current object’s fields; getExternalIdFields only the external ids', async () => {
		const fields = (await callMethod(
			'loadOptions',
			'getFields',
			{ resource: 'account', operation: 'getMany' },
			'fieldsToReturn',
		)) as Array<{ value: string }>;
		expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['Id', 'Name', 'Industry', 'External_Id__c']));
		const ext = (await callMethod(
			'loadOptions',
			'getExternalIdFields',
			{ resource: 'account', operation: 'upsert' },
			'externalIdField',
		)) as Array<{ value: string }>;
		expect(ext.map((f) => f.value)).toContain('External_Id__c');
		expect(ext.map((f) => f.value)).not.toContain('Name');
		expect(ext.map((f) => f.value)).not.toContain('Id');
	});

	test('getConvertedStatuses lists the LeadStatus values marked converted, after the empty default naming the first', async () => {
		const statuses = (await callMethod(
			'loadOptions',
			'getConvertedStatuses',
			{ resource: 'lead', operation: 'convert' },
			'convertedStatus',
		)) as Array<{ name: string; value: string }>;
		expect(statuses.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'Default (Closed - Converted)', value: '' },
			{ name: 'Closed - Converted', value: 'Closed - Converted' },
		]);
	});

	test('getCampaignMemberStatuses lists the chosen campaign’s statuses, default first', async () => {
		const campaignId = emu.store.insert('Campaign', { Name: 'Spring launch' });
		emu.store.insert('CampaignMemberStatus', { CampaignId: campaignId, Label: 'Responded', HasResponded: true, SortOrder: 2 });
		emu.store.insert('CampaignMemberStatus', { CampaignId: campaignId, Label: 'Sent', IsDefault: true, SortOrder: 1 });
		const statuses = (await callMethod(
			'loadOptions',
			'getCampaignMemberStatuses',
			{ resource: 'contact', operation: 'addToCampaign', campaignId },
			'memberStatus',
		)) as Array<{ name: string; value: string }>;
		expect(statuses[0]).toEqual({ name: 'Sent (default)', value: 'Sent' });
		const labels = emu.store
			.all('CampaignMemberStatus')
			.filter((s) => s.CampaignId === campaignId)
			.map((s) => s.Label);
		expect(statuses.map((s) => s.value).sort()).toEqual([...labels].sort());
		expect(
			await callMethod(
				'loadOptions',
				'getCampaignMemberStatuses',
				{ resource: 'contact', operation: 'addToCampaign', campaignId: 'nope' },
				'memberStatus',
			),
		).toEqual([]);
	});
});

describe('resourceMapping', () => {
	test('getCreateFields marks the fields required on create', async () => {
		const { fields } = (await callMethod(
			'resourceMapping',
			'getCreateFields',
			{ resource: 'opportunity', operation: 'create' },
			'fields',
		)) as {
			fields: Array<{ id: string; required: boolean; type: string; removed?: boolean; options?: unknown[] }>;
		};
		const required = fields
			.filter((f) => f.required)
			.map((f) => f.id)
			.sort();
		expect(required).toEqual(['CloseDate', 'Name', 'StageName']);
		expect(fields.find((f) => f.id === 'StageName')).toMatchObject({ type: 'options', removed: false });
		expect(fields.some((f) => f.id === 'IsWon' || f.id === 'Id')).toBe(false);

		const contact = (await callMethod('resourceMapping', 'getCreateFields', { resource: 'contact', operation: 'create' }, 'fields')) as {
			fields: Array<{ id: string; required: boolean }>;
		};
		expect(contact.fields.filter((f) => f.required).map((f) => f.id)).toEqual(['LastName']);
	});
});
