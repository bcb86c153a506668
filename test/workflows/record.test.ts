import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { fromJson, salesforceNode, useEmulator, expectBatchedRun, errorDetails } from '../helpers/workflow';
import { acrossExpiry } from '../helpers/expiry';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;

const fieldsFromInput = { mappingMode: 'autoMapInputData', value: null };

describe('Record resource through n8n’s engine', () => {
	test('450 items are created in exactly 3 calls, output in input order with pairedItem', async () => {
		const items = Array.from({ length: 450 }, (_, i) => ({ Name: `Bulk Account ${i}` }));
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ resource: 'record', operation: 'create', sobject: { mode: 'name', value: 'Account' }, fields: fieldsFromInput })],
		});
		const out = expectBatchedRun(emu, result, 450, 'POST /composite/sobjects', 3);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(emu.store.get('Account', String(item.json.id))?.Name).toBe(`Bulk Account ${i}`);
		});
	});

	test('5 invalid items of 50 become exactly those 5 error items with continue on fail; the other 45 are created', async () => {
		const bad = new Set([3, 11, 20, 33, 49]);
		const items = Array.from({ length: 50 }, (_, i) => (bad.has(i) ? { FirstName: `No last name ${i}` } : { LastName: `Contact ${i}` }));
		const before = emu.store.all('Contact').length;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ resource: 'contact', operation: 'create', fields: fieldsFromInput }, { continueOnFail: true })],
		});
		const out = result.output('Salesforce');
		expect(out).toHaveLength(50);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (bad.has(i)) {
				expect(errorDetails(item).errorCode).toBe('REQUIRED_FIELD_MISSING');
				expect(errorDetails(item).fields).toEqual(['LastName']);
			} else {
				expect(item.json.success).toBe(true);
			}
		});
		expect(emu.store.all('Contact').length - before).toBe(45);
		expect(emu.count('POST /composite/sobjects')).toBe(1);
	});

	test('get, update, upsert by external id, get many with conditions, delete', async () => {
		const credentials = credentialData(emu);
		const created = await runWorkflow({
			credentials,
			items: [
				{ Name: "O'Brien & Sons", External_Id__c: 'EXT-1' },
				{ Name: 'Backslash \\ Corp', External_Id__c: 'EXT-2' },
			],
			nodes: [node({ resource: 'account', operation: 'create', fields: fieldsFromInput })],
		});
		const ids = created.output('Salesforce').map((i) => String(i.json.id));

		const got = await runWorkflow({
			credentials,
			items: ids.map((id) => ({ id })),
			nodes: [node({ resource: 'account', operation: 'get', recordId: fromJson(), fieldsToReturn: ['Name', 'External_Id__c'] })],
		});
		expect(got.output('Salesforce').map((i) => i.json.Name)).toEqual(["O'Brien & Sons", 'Backslash \\ Corp']);
		expect(got.output('Salesforce')[0].json.attributes).toBeUndefined();
		expect(emu.count('POST /composite/sobjects/Account')).toBe(1);

		await runWorkflow({
			credentials,
			items: [{ id: ids[0] }],
			nodes: [
				node({
					resource: 'account',
					operation: 'update',
					recordId: fromJson(),
					fields: { mappingMode: 'defineBelow', value: { Industry: 'Energy' } },
					additionalFieldsJson: '{"Phone": "555-0100"}',
				}),
			],
		});
		expect(emu.store.get('Account', ids[0])).toMatchObject({ Industry: 'Energy', Phone: '555-0100' });

		const upserted = await runWorkflow({
			credentials,
			items: [
				{ External_Id__c: 'EXT-1', Industry: 'Banking' },
				{ External_Id__c: 'EXT-3', Name: 'New Co' },
			],
			nodes: [node({ resource: 'account', operation: 'upsert', externalIdField: 'External_Id__c', fields: fieldsFromInput })],
		});
		const up = upserted.output('Salesforce');
		expect(up.map((i) => i.json.created)).toEqual([false, true]);
		expect(up[0].json.id).toBe(ids[0]);
		expect(emu.store.get('Account', ids[0])?.Industry).toBe('Banking');

		const many = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'record',
					operation: 'getMany',
					sobject: { mode: 'list', value: 'Account' },
					returnAll: true,
					fieldsToReturn: ['Id', 'Name'],
					conditions: { condition: [{ field: 'Name', operator: 'equal', value: "O'Brien & Sons" }] },
				}),
			],
		});
		expect(many.output('Salesforce').map((i) => i.json.Id)).toEqual([ids[0]]);
		expect(emu.queries.some((q: string) => q.includes("Name = 'O\\'Brien & Sons'"))).toBe(true);

		const deleted = await runWorkflow({
			credentials,
			items: ids.map((id) => ({ id })),
			nodes: [node({ resource: 'account', operation: 'delete', recordId: fromJson() })],
		});
		expect(deleted.output('Salesforce').map((i) => i.json.success)).toEqual([true, true]);
		expect(emu.store.get('Account', ids[0])).toBeUndefined();
	});

	test('a malformed id is refused before any call, naming the item and field', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ id: '001000000000001AAA' }, { id: 'not-an-id' }],
			nodes: [node({ resource: 'account', operation: 'delete', recordId: fromJson() })],
		});
		expect(result.error?.message).toMatch(/Item 1: Record ID "not-an-id" is not a valid Salesforce id/);
		expect(emu.apiCalls()).toBe(0);
	});

	test('fields that are not JSON are refused before any call', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'A' }],
			nodes: [node({ resource: 'account', operation: 'create', fields: fieldsFromInput, additionalFieldsJson: '{"Phone": ' })],
		});
		expect(result.error?.message).toMatch(/Item 0: Additional Fields \(JSON\) is not valid JSON/);
		expect(emu.apiCalls()).toBe(0);
	});

	test('a 401 mid-run is refreshed once and the write goes through', async () => {
		const credentials = credentialData(emu);
		const oldToken = (credentials.oauthTokenData as { access_token: string }).access_token;
		emu.expireAccessTokens();
		const result = await runWorkflow({
			credentials,
			items: [{ Name: 'After refresh' }],
			nodes: [node({ resource: 'account', operation: 'create', fields: fieldsFromInput })],
		});
		expect(result.error).toBeUndefined();
		expect((result.credentials!.oauthTokenData as { access_token: string }).access_token).not.toBe(oldToken);
		// The 401 (n8n sees it and refreshes; older n8n-core: after the client's repeat), the refresh grant, n8n's retry.
		expect(emu.requests.map((r) => [r.endpoint, r.status])).toEqual(acrossExpiry('POST /composite/sobjects'));
		expect(emu.store.all('Account').filter((a) => a.Name === 'After refresh')).toHaveLength(1);
	});

	test('an injected 503 is retried and the item is created once', async () => {
		emu.faults.queue({ match: '/composite/sobjects', status: 503 });
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'Retried once' }],
			nodes: [node({ resource: 'account', operation: 'create', fields: fieldsFromInput })],
		});
		expect(result.error).toBeUndefined();
		expect(emu.count('POST /composite/sobjects')).toBe(2);
		expect(emu.store.all('Account').filter((a) => a.Name === 'Retried once')).toHaveLength(1);
	});
});

describe('the records engine switches to Bulk API 2.0 above the chosen item count', () => {
	test('1,000 creates and 1,000 updates with "Use Bulk API From" 500 take one job each, results in input order', async () => {
		const credentials = credentialData(emu);
		const items = Array.from({ length: 1000 }, (_, i) => ({
			LastName: `Bulk ${i}`,
			Email: i === 7 ? 'not-an-email' : `b${i}@example.com`,
		}));
		const created = await runWorkflow({
			credentials,
			items,
			nodes: [
				node(
					{ resource: 'contact', operation: 'create', fields: fieldsFromInput, options: { bulkThreshold: 500 } },
					{ continueOnFail: true },
				),
			],
		});
		const out = created.output('Salesforce');
		expect(out).toHaveLength(1000);
		expect(emu.count('POST /composite/sobjects')).toBe(0);
		expect(emu.count('POST /jobs/ingest')).toBe(1);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (i === 7) expect(errorDetails(item).errorCode).toBe('INVALID_EMAIL_ADDRESS');
			else expect(emu.store.get('Contact', String(item.json.id))?.LastName).toBe(`Bulk ${i}`);
		});
		const calls = emu.apiCalls();
		expect(calls).toBeLessThan(12);

		emu.resetCounters();
		const ids = out.filter((_, i) => i !== 7).map((item) => String(item.json.id));
		const updated = await runWorkflow({
			credentials,
			items: ids.map((id, n) => ({ id, Title: `T${n}` })),
			nodes: [
				node({
					resource: 'contact',
					operation: 'update',
					recordId: fromJson(),
					fields: { mappingMode: 'defineBelow', value: { Title: '={{ $json.Title }}' } },
					options: { bulkThreshold: 500 },
				}),
			],
		});
		expect(updated.error).toBeUndefined();
		expect(emu.count('PATCH /composite/sobjects')).toBe(0);
		expect(emu.count('POST /jobs/ingest')).toBe(1);
		ids.forEach((id, n) => expect(emu.store.get('Contact', id)?.Title).toBe(`T${n}`));
	});
});

describe('per-record UNABLE_TO_LOCK_ROW inside a collections response', () => {
	const LOCK = { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' };
	const tagged = (tag: string) => emu.store.all('Contact').filter((c) => String(c.LastName).startsWith(tag));

	test('200 creates, 3 records locked once: only those 3 are sent again; all 200 created exactly once', async () => {
		emu.faults.queueRecords({ method: 'POST', positions: [3, 77, 199], ...LOCK });
		const items = Array.from({ length: 200 }, (_, i) => ({ LastName: `Lock once ${i}` }));
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ resource: 'contact', operation: 'create', fields: fieldsFromInput })],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out.map((o) => o.json.success)).toEqual(items.map(() => true));
		expect(emu.count('POST /composite/sobjects')).toBe(2);
		const created = tagged('Lock once ');
		expect(created).toHaveLength(200);
		expect(new Set(created.map((c) => c.LastName)).size).toBe(200);
		out.forEach((o, i) => expect(emu.store.get('Contact', String(o.json.id))?.LastName).toBe(`Lock once ${i}`));
	});

	test('a record still locked after 4 retries fails with UNABLE_TO_LOCK_ROW; the others are written once', async () => {
		// Positions are within each call: the first call locks records 1 and 2, every retry its first record (record 1).
		for (let n = 0; n < 5; n++) emu.faults.queueRecords({ method: 'PATCH', positions: n === 0 ? [1, 2] : [0], ...LOCK });
		const ids = [0, 1, 2].map((i) => emu.store.insert('Contact', { LastName: `Lock update ${i}` }));
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: ids.map((id, i) => ({ id, Title: `T${i}` })),
			nodes: [
				node(
					{
						resource: 'contact',
						operation: 'update',
						recordId: fromJson(),
						fields: { mappingMode: 'defineBelow', value: { Title: '={{ $json.Title }}' } },
					},
					{ onError: 'continueRegularOutput' },
				),
			],
		});
		const out = result.output('Salesforce');
		expect(out[0].json).toEqual({ id: ids[0], success: true, errors: [] });
		expect(errorDetails(out[1]).errorCode).toBe('UNABLE_TO_LOCK_ROW');
		expect(out[2].json).toEqual({ id: ids[2], success: true, errors: [] });
		// 1 call + 4 retries; the first retry carried records 1 and 2, the later ones record 1 alone.
		expect(emu.count('PATCH /composite/sobjects')).toBe(5);
		expect(ids.map((id) => emu.store.get('Contact', id)?.Title)).toEqual(['T0', null, 'T2']);
	});

	test('with All or None the lock rolls the whole call back, so the whole call is sent again', async () => {
		emu.faults.queueRecords({ method: 'POST', positions: [1], ...LOCK });
		const items = [0, 1, 2].map((i) => ({ LastName: `Lock all ${i}` }));
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ resource: 'contact', operation: 'create', fields: fieldsFromInput, options: { allOrNone: true } })],
		});
		expect(result.error).toBeUndefined();
		expect(emu.count('POST /composite/sobjects')).toBe(2);
		expect(
			tagged('Lock all ')
				.map((c) => c.LastName)
				.sort(),
		).toEqual(['Lock all 0', 'Lock all 1', 'Lock all 2']);
	});
});
