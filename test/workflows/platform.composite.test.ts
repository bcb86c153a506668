// The emulator first: its REST module loads the route files (platform.ts imports from rest.ts).
import '../emulator';
import type { SalesforceEmulator } from '../emulator';
import { platformEventsOf } from '../emulator/platform';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, useEmulator } from '../helpers/workflow';

const NODE = 'n8n-nodes-salesforce-crm.salesforceCrm';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { plugins: [] });

function node(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { name: 'Salesforce', type: NODE, parameters: parameters as never, ...extra };
}

describe('Composite through n8n’s engine', () => {
	test('Execute: an account and its contact with @{ref} in one call; all-or-none rolls back on failure', async () => {
		const requests = [
			{ method: 'POST', url: '/sobjects/Account', referenceId: 'acc', body: { Name: 'Composite Co' } },
			{ method: 'POST', url: 'sobjects/Contact', referenceId: 'con', body: { LastName: 'Ref', AccountId: '@{acc.id}' } },
			{ method: 'GET', url: "/query?q=SELECT+Id+FROM+Contact+WHERE+AccountId='@{acc.id}'", referenceId: 'q' },
		];
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'composite', operation: 'execute', compositeRequests: JSON.stringify(requests) })],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce').map((o) => o.json);
		expect(out.map((o) => o.httpStatusCode)).toEqual([201, 201, 200]);
		const accountId = (out[0].body as { id: string }).id;
		const contactId = (out[1].body as { id: string }).id;
		expect(emu.store.get('Contact', contactId)?.AccountId).toBe(accountId);
		expect((out[2].body as { totalSize: number }).totalSize).toBe(1);
		expect(emu.apiCalls()).toBe(1);

		const before = emu.store.all('Account').length;
		const failing = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [
				node({
					resource: 'composite',
					operation: 'execute',
					compositeAllOrNone: true,
					compositeRequests: JSON.stringify([
						{ method: 'POST', url: '/sobjects/Account', referenceId: 'acc', body: { Name: 'Rolled back' } },
						{ method: 'POST', url: '/sobjects/Contact', referenceId: 'bad', body: { FirstName: 'No last name', AccountId: '@{acc.id}' } },
					]),
				}),
			],
		});
		expect(failing.error?.message).toMatch(/REQUIRED_FIELD_MISSING: bad: Required fields are missing/);
		expect(emu.store.all('Account').length).toBe(before);
	});

	test('Execute: invalid sub-requests are refused before any call', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [
				node({
					resource: 'composite',
					operation: 'execute',
					compositeRequests: '[{"method":"POST","url":"/sobjects/Account","referenceId":"1bad"}]',
				}),
			],
		});
		expect(result.error?.message).toMatch(/referenceId "1bad"/);
		expect(emu.apiCalls()).toBe(0);
	});

	test('Tree: account with two contacts in one call; a bad child rolls back everything', async () => {
		const records = [
			{
				attributes: { type: 'Account', referenceId: 'acc1' },
				Name: 'Tree Co',
				Contacts: {
					records: [
						{ attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'One' },
						{ attributes: { type: 'Contact', referenceId: 'c2' }, LastName: 'Two' },
					],
				},
			},
		];
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'composite', operation: 'tree', treeObject: 'Account', treeRecords: JSON.stringify(records) })],
		});
		expect(result.error).toBeUndefined();
		const { ids } = result.output('Salesforce')[0].json as { ids: Record<string, string> };
		expect(emu.store.get('Account', ids.acc1)?.Name).toBe('Tree Co');
		expect(emu.store.get('Contact', ids.c2)?.AccountId).toBe(ids.acc1);
		expect(emu.count('POST /composite/tree/Account')).toBe(1);

		const before = emu.store.all('Account').length;
		const bad = JSON.parse(
			JSON.stringify(records).replace('"LastName":"Two"', '"Email":"not-an-email","LastName":"Two"').replace(/acc1/g, 'acc9'),
		);
		const failing = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ resource: 'composite', operation: 'tree', treeObject: 'Account', treeRecords: JSON.stringify(bad) })],
		});
		expect(failing.error?.message).toMatch(/INVALID_EMAIL_ADDRESS: c2:/);
		expect(emu.store.all('Account').length).toBe(before);
	});
});

describe('Platform Event → Publish through n8n’s engine', () => {
	test('60 events in 3 calls, EventUuid per item (OPERATION_ENQUEUED is success), a bad item as error item', async () => {
		const state = platformEventsOf(emu.api);
		state.published.length = 0;
		const items = Array.from({ length: 60 }, (_, i) =>
			i === 7 ? { 'Bad Field!': 1 } : i === 30 ? { 'Also Bad': 1 } : { Order_Number__c: `O-${i}`, Amount__c: i },
		);
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ resource: 'platformEvent', operation: 'publish', eventName: 'Order_Shipped__e' }, { continueOnFail: true })],
		});
		const out = result.output('Salesforce');
		expect(out).toHaveLength(60);
		expect(errorDetails(out[7]).errorCode).toBe('INVALID_INPUT');
		expect(errorDetails(out[30]).errorCode).toBe('INVALID_INPUT');
		expect(emu.count('POST /composite')).toBe(3);
		expect(state.published).toHaveLength(58);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (i === 7 || i === 30) return;
			const ev = state.published.find((p) => p.uuid === item.json.eventUuid)!;
			expect(ev.fields).toEqual({ Order_Number__c: `O-${i}`, Amount__c: i });
			expect(item.json).toMatchObject({ success: true, event: 'Order_Shipped__e' });
		});
	});

	test('an unknown event fails every item with NOT_FOUND', async () => {
		platformEventsOf(emu.api).unknown.add('Missing__e');
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ A__c: 1 }],
			nodes: [node({ resource: 'platformEvent', operation: 'publish', eventName: 'Missing__e' })],
		});
		expect(result.error?.message).toMatch(/NOT_FOUND/);
	});
});
