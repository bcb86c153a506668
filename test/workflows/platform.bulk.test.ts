import { bulkOf } from '../emulator/bulkState';
import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, useEmulator } from '../helpers/workflow';

const NODE = 'n8n-nodes-salesforce-crm.salesforceCrm';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { plugins: [] });
beforeEach(() => {
	bulkOf(emu.api).pollsBeforeDone = 0;
	bulkOf(emu.api).queryPageSize = 2000;
});

function node(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { name: 'Salesforce', type: NODE, parameters: { resource: 'bulk', ...parameters } as never, ...extra };
}
const object = (value: string) => ({ mode: 'name', value });

/** create job, upload, close, one poll, three result files */
const INGEST_CALLS = 7;

describe('Bulk API 2.0 ingest through n8n’s engine', () => {
	test('insert: CSV quoting, nulls, dates; results per item in input order; failed rows as error items', async () => {
		const items = [
			{ Name: 'Plain Co', NumberOfEmployees: 12 },
			{ Name: 'Comma, Quote " and\nnewline', Description: 'line1\r\nline2, "quoted"' },
			{ Name: '', Description: 'no name → REQUIRED_FIELD_MISSING' },
			{ Name: 'Dated', AnnualRevenue: 1234.5, Description: null },
			{ Name: 'Unicode ✓ Ünïcödé', AccountSource: 'Web' },
		];
		const before = emu.store.all('Account').length;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ operation: 'insert', bulkObject: object('Account') }, { continueOnFail: true })],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out).toHaveLength(5);
		out.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(errorDetails(out[2]).errorCode).toBe('REQUIRED_FIELD_MISSING');
		expect(errorDetails(out[2]).fields).toEqual(['Name']);
		for (const i of [0, 1, 3, 4]) {
			expect(out[i].json.success).toBe(true);
			const rec = emu.store.get('Account', String(out[i].json.id))!;
			expect(rec.Name).toBe(items[i].Name);
		}
		expect(emu.store.get('Account', String(out[1].json.id))!.Description).toBe('line1\r\nline2, "quoted"');
		expect(emu.store.get('Account', String(out[0].json.id))!.NumberOfEmployees).toBe(12);
		expect(emu.store.get('Account', String(out[3].json.id))!.AnnualRevenue).toBe(1234.5);
		expect(emu.store.all('Account').length - before).toBe(4);
		expect(emu.count('POST /jobs/ingest')).toBe(1);
		expect(emu.count('PUT /jobs/ingest/{id}/batches')).toBe(1);
		expect(emu.apiCalls()).toBe(INGEST_CALLS);
	});

	test('without continue on fail, a failed row stops the run naming the item and what was written', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'ok 1' }, { Name: 'ok 2' }, { Description: 'no name' }],
			nodes: [node({ operation: 'insert', bulkObject: object('Account') })],
		});
		expect(result.error?.message).toMatch(/Item 2: REQUIRED_FIELD_MISSING/);
		expect(result.error?.description).toMatch(/2 other item\(s\) were written/);
	});

	test('update: null clears a field (#N/A), missing fields are kept, date-times with offsets are converted', async () => {
		const a = emu.store.insert('Contact', { LastName: 'Keep', Title: 'CEO', Email: 'keep@example.com' });
		const b = emu.store.insert('Contact', { LastName: 'Clear', Title: 'CTO', Email: 'clear@example.com' });
		const inv = emu.store.insert('Invoice__c', { Name: 'INV', Amount__c: 10 });
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [
				{ Id: a, Department: 'Sales' },
				{ Id: b.slice(0, 15), Title: null },
			],
			nodes: [node({ operation: 'update', bulkObject: object('Contact') })],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out.map((o) => o.json.id)).toEqual([a, b]);
		expect(emu.store.get('Contact', a)).toMatchObject({ Title: 'CEO', Department: 'Sales', Email: 'keep@example.com' });
		expect(emu.store.get('Contact', b)).toMatchObject({ Title: null, Email: 'clear@example.com' });

		const dated = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Id: inv, Due_Date__c: '2026-03-01', Paid__c: true }],
			nodes: [node({ operation: 'update', bulkObject: object('Invoice__c') })],
		});
		expect(dated.error).toBeUndefined();
		expect(emu.store.get('Invoice__c', inv)).toMatchObject({ Due_Date__c: '2026-03-01', Paid__c: true });
	});

	test('upsert of 50,000 rows: a constant 7 calls, one result per item in input order, created flags right', async () => {
		// 10,000 exist already (updated), 40,000 are new (created).
		for (let i = 0; i < 10_000; i++) emu.store.insert('Invoice__c', { Name: `Old ${i}`, External_Id__c: `INV-${i}`, Amount__c: 1 });
		emu.resetCounters();
		const items = Array.from({ length: 50_000 }, (_, n) => {
			// shuffled so that result order (unordered in Salesforce) cannot line up by accident
			const i = (n * 7919) % 50_000;
			return { External_Id__c: `INV-${i}`, Name: `Invoice ${i}`, Amount__c: i, Status__c: i % 2 ? 'Sent' : 'Paid' };
		});
		const started = Date.now();
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items,
			nodes: [node({ operation: 'upsert', bulkObject: object('Invoice__c'), bulkExternalIdField: 'External_Id__c' })],
		});
		const ms = Date.now() - started;
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out).toHaveLength(50_000);
		expect(emu.apiCalls()).toBe(INGEST_CALLS);
		expect(emu.count('PUT /jobs/ingest/{id}/batches')).toBe(1);
		const byExt = new Map(
			emu.store
				.all('Invoice__c')
				.filter((r) => r.External_Id__c)
				.map((r) => [String(r.External_Id__c), r]),
		);
		let created = 0;
		const wrong: string[] = [];
		out.forEach((item, n) => {
			const i = (n * 7919) % 50_000;
			const rec = byExt.get(`INV-${i}`)!;
			const paired = item.pairedItem as { item: number };
			if (paired.item !== n || item.json.id !== rec.Id || item.json.created !== i >= 10_000 || rec.Amount__c !== i) wrong.push(`item ${n}`);
			if (item.json.created) created++;
		});
		expect(wrong).toEqual([]);
		expect(created).toBe(40_000);
		expect(byExt.size).toBe(50_000);
		console.log(`bulk upsert 50,000 rows: ${emu.apiCalls()} API calls, ${ms} ms`);
	}, 180_000);

	test('the job is polled with backoff until done', async () => {
		bulkOf(emu.api).pollsBeforeDone = 2;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'Polled' }],
			nodes: [node({ operation: 'insert', bulkObject: object('Account') })],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json.success).toBe(true);
		expect(emu.count('GET /jobs/ingest/{id}')).toBe(3);
	});

	test('return the job id at once, then Get Job and Get Results; delete by id', async () => {
		const ids = [emu.store.insert('Account', { Name: 'Del 1' }), emu.store.insert('Account', { Name: 'Del 2' })];
		const started = await runWorkflow({
			credentials: credentialData(emu),
			items: [...ids.map((Id) => ({ Id })), { Id: '001000000000000AAA' }],
			nodes: [node({ operation: 'delete', bulkObject: object('Account'), bulkWait: false })],
		});
		expect(started.error).toBeUndefined();
		const [job] = started.output('Salesforce');
		expect(started.output('Salesforce')).toHaveLength(1);
		expect(job.json).toMatchObject({ state: 'UploadComplete', object: 'Account', operation: 'delete', numberRecords: 3 });
		expect(job.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emu.count('GET /jobs/ingest/{id}')).toBe(0);

		const got = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ jobId: job.json.jobId }],
			nodes: [node({ operation: 'getJob', bulkJobType: 'ingest', bulkJobId: '={{ $json.jobId }}' })],
		});
		expect(got.output('Salesforce')[0].json).toMatchObject({
			id: job.json.jobId,
			state: 'JobComplete',
			numberRecordsProcessed: 3,
			numberRecordsFailed: 1,
			jobType: 'V2Ingest',
		});
		for (const id of ids) expect(emu.store.get('Account', id)).toBeUndefined();

		const results = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ jobId: job.json.jobId }],
			nodes: [node({ operation: 'getResults', bulkJobType: 'ingest', bulkJobId: '={{ $json.jobId }}', bulkResultType: 'all' })],
		});
		const rows = results.output('Salesforce').map((r) => r.json);
		expect(
			rows
				.filter((r) => r.result === 'success')
				.map((r) => r.id)
				.sort(),
		).toEqual([...ids].sort());
		const failed = rows.find((r) => r.result === 'failed')!;
		expect(failed.errorCode).toBe('NOT_FOUND');
		expect(failed.record).toEqual({ Id: '001000000000000AAA' });
	});

	test('bad input is refused per item before any call; a job that fails as a whole reports every item', async () => {
		const bad = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'x', 'Bad Field': 1 }],
			nodes: [node({ operation: 'insert', bulkObject: object('Account') })],
		});
		expect(bad.error?.message).toMatch(/Item 0: Field "Bad Field" is not a valid/);
		expect(emu.apiCalls()).toBe(0);

		bulkOf(emu.api).failNextJob = 'InvalidBatch : Field name not found : Foo__c';
		const failed = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ Name: 'a' }, { Name: 'b' }],
			nodes: [node({ operation: 'insert', bulkObject: object('Account') }, { continueOnFail: true })],
		});
		const out = failed.output('Salesforce');
		expect(out.map((o) => errorDetails(o).errorCode)).toEqual(['UNPROCESSED', 'UNPROCESSED']);
		expect(String(out[0].json.message)).toMatch(/Field name not found/);
	});
});

describe('Bulk API 2.0 query through n8n’s engine', () => {
	test('2,500 rows streamed in pages by Sforce-Locator into items, parent fields nested', async () => {
		const acct = emu.store.insert('Account', { Name: 'Query Parent' });
		for (let i = 0; i < 2500; i++)
			emu.store.insert('Contact', {
				LastName: `Q${String(i).padStart(4, '0')}`,
				Department: 'BulkQ',
				AccountId: acct,
				Title: i % 2 ? null : 'Has "title", yes',
			});
		emu.resetCounters();
		bulkOf(emu.api).queryPageSize = 1000;
		bulkOf(emu.api).pollsBeforeDone = 1;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [
				node({
					operation: 'query',
					bulkSoql: "SELECT Id, LastName, Title, Account.Name FROM Contact WHERE Department = 'BulkQ' ORDER BY LastName",
				}),
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out).toHaveLength(2500);
		expect(out[0].json).toMatchObject({ LastName: 'Q0000', Title: 'Has "title", yes', Account: { Name: 'Query Parent' } });
		expect(out[1].json.Title).toBeNull();
		expect(emu.count('GET /jobs/query/{id}/results')).toBe(3);
		expect(emu.count('POST /jobs/query')).toBe(1);
		expect(emu.count('GET /jobs/query/{id}')).toBe(2);

		const limited = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [
				node({
					operation: 'query',
					bulkSoql: "SELECT Id FROM Contact WHERE Department = 'BulkQ'",
					bulkQueryOptions: { limit: 1500, maxRecords: 1000 },
				}),
			],
		});
		expect(limited.output('Salesforce')).toHaveLength(1500);
	});

	test('an invalid query fails naming the item', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [node({ operation: 'query', bulkSoql: 'SELECT Nope__c FROM Account' })],
		});
		expect(result.error?.message).toMatch(/Nope__c/);
	});
});
