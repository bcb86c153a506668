import type { IDataObject } from 'n8n-workflow';

// The emulator first: its REST module loads the route files (analytics.ts imports from rest.ts).
import '../emulator';
import type { SalesforceEmulator } from '../emulator';
import { analyticsIds } from '../emulator/analytics';
import { errorDetails, runNode, useEmulator } from '../helpers/workflow';

/** Report and dashboard authoring through n8n's engine against the emulator's Analytics REST API. */
let emu: SalesforceEmulator;
let ids: ReturnType<typeof analyticsIds>;
useEmulator((started) => (emu = started), { plugins: [] });
beforeAll(() => {
	ids = analyticsIds(emu);
	const acme = emu.store.insert('Account', { Name: 'Acme Authoring' });
	emu.store.insert('Opportunity', { Name: 'Big one', StageName: 'Prospecting', CloseDate: '2026-03-01', Amount: 90000, AccountId: acme });
	emu.store.insert('Opportunity', { Name: 'Small one', StageName: 'Closed Won', CloseDate: '2026-02-01', Amount: 900, AccountId: acme });
	emu.store.insert('Opportunity', { Name: 'Mid one', StageName: 'Prospecting', CloseDate: '2026-04-01', Amount: 20000, AccountId: acme });
});

type Params = Record<string, unknown>;
const run = (parameters: Params, { items, continueOnFail }: { continueOnFail?: boolean; items?: IDataObject[] } = {}) =>
	runNode(emu, parameters, items, { continueOnFail });
const rows = async (reportId: string) => {
	const result = await run({ resource: 'report', operation: 'run', reportId, reportOptions: { cellValue: 'value' } });
	expect(result.error).toBeUndefined();
	return result.output('Salesforce').map((o) => o.json);
};
const bigDeals = JSON.stringify([{ column: 'AMOUNT', operator: 'greaterThan', value: '10000' }]);

describe('Report → Create, Clone, Update, Delete', () => {
	let created: string;

	test('Create: one POST per item; the report is stored with its type, columns and filters, and runs', async () => {
		const result = await run(
			{
				resource: 'report',
				operation: 'create',
				reportName: '={{ $json.name }}',
				reportType: 'Opportunity',
				reportColumns: 'OPPORTUNITY_NAME, AMOUNT',
				reportCreateOptions: { filtersJson: bigDeals },
			},
			{ items: [{ name: 'Big deals' }, { name: 'Big deals too' }] },
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json).toMatchObject({
			id: expect.stringMatching(/^00O/),
			name: 'Big deals',
			reportType: { type: 'Opportunity' },
			reportFormat: 'TABULAR',
			detailColumns: ['OPPORTUNITY_NAME', 'AMOUNT'],
			reportFilters: [expect.objectContaining({ column: 'AMOUNT', operator: 'greaterThan', value: '10000' })],
		});
		expect(emu.count('POST /analytics/reports')).toBe(2);
		expect(emu.apiCalls()).toBe(2);
		created = String(out[0].json.id);
		expect(await rows(created)).toEqual([
			{ OPPORTUNITY_NAME: expect.stringMatching(/^006/), AMOUNT: 90000 },
			{ OPPORTUNITY_NAME: expect.stringMatching(/^006/), AMOUNT: 20000 },
		]);
	});

	test('Create with Group By Column makes a summary report whose rows carry their group', async () => {
		const result = await run({
			resource: 'report',
			operation: 'create',
			reportName: 'By stage',
			reportType: 'Opportunity',
			reportColumns: 'AMOUNT',
			reportCreateOptions: { groupBy: 'STAGE_NAME' },
		});
		expect(result.output('Salesforce')[0].json).toMatchObject({
			reportFormat: 'SUMMARY',
			groupingsDown: [expect.objectContaining({ name: 'STAGE_NAME' })],
		});
		expect(await rows(String(result.output('Salesforce')[0].json.id))).toEqual([
			{ STAGE_NAME: 'Closed Won', AMOUNT: 900 },
			{ STAGE_NAME: 'Prospecting', AMOUNT: 90000 },
			{ STAGE_NAME: 'Prospecting', AMOUNT: 20000 },
		]);
	});

	test('Clone: POST ?cloneId= copies columns and filters under the new name', async () => {
		const result = await run({ resource: 'report', operation: 'clone', reportId: created, reportName: 'Big deals (copy)' });
		expect(result.error).toBeUndefined();
		const copy = result.output('Salesforce')[0].json;
		expect(copy).toMatchObject({
			name: 'Big deals (copy)',
			clonedFrom: created,
			detailColumns: ['OPPORTUNITY_NAME', 'AMOUNT'],
			reportFilters: [expect.objectContaining({ column: 'AMOUNT' })],
		});
		expect(copy.id).not.toBe(created);
		expect(emu.requests.filter((r) => r.apiCall).map((r) => r.path)).toEqual([
			expect.stringMatching(new RegExp(`/analytics/reports\\?cloneId=${created}$`)),
		]);
		expect(await rows(String(copy.id))).toHaveLength(2);
	});

	test('Update: PATCH saves name, columns and filters; the next run shows them', async () => {
		const result = await run({
			resource: 'report',
			operation: 'update',
			reportId: created,
			reportUpdateFields: {
				name: 'Small deals',
				columns: 'AMOUNT, STAGE_NAME',
				filtersJson: JSON.stringify([{ column: 'AMOUNT', operator: 'lessThan', value: '1000' }]),
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toMatchObject({
			id: created,
			name: 'Small deals',
			detailColumns: ['AMOUNT', 'STAGE_NAME'],
		});
		expect(emu.count('PATCH /analytics/reports/{id}')).toBe(1);
		expect(await rows(created)).toEqual([{ AMOUNT: 900, STAGE_NAME: 'Closed Won' }]);
	});

	test('Salesforce refusing a column comes back per item with its errorCode (continue on fail)', async () => {
		const result = await run(
			{ resource: 'report', operation: 'update', reportId: created, reportUpdateFields: { columns: '={{ $json.col }}' } },
			{ continueOnFail: true, items: [{ col: 'NO_SUCH_COLUMN' }, { col: 'OPPORTUNITY_NAME' }] },
		);
		const out = result.output('Salesforce');
		expect(errorDetails(out[0])).toMatchObject({ errorCode: 'BAD_REQUEST', message: expect.stringContaining('NO_SUCH_COLUMN') });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json).toMatchObject({ detailColumns: ['OPPORTUNITY_NAME'] });
		const stopped = await run({
			resource: 'report',
			operation: 'create',
			reportName: 'X',
			reportType: 'NoSuchType',
			reportColumns: 'AMOUNT',
		});
		expect(stopped.error?.message).toMatch(/^Item 0: BAD_REQUEST: The report type NoSuchType is invalid/);
	});

	test('Delete: DELETE per item; the report is gone (NOT_FOUND afterwards)', async () => {
		const result = await run({ resource: 'report', operation: 'delete', reportId: created });
		expect(result.output('Salesforce')[0].json).toEqual({ id: created, success: true });
		expect(emu.count('DELETE /analytics/reports/{id}')).toBe(1);
		const gone = await run({ resource: 'report', operation: 'run', reportId: created }, { continueOnFail: true });
		expect(errorDetails(gone.output('Salesforce')[0]).errorCode).toBe('NOT_FOUND');
	});

	test.each([
		[
			'a report type that is not an API name',
			{ reportType: 'Opportunity; DROP' },
			/^Item 1: Report Type "Opportunity; DROP" is not a report type API name/,
		],
		[
			'a column that is not an API name',
			{ reportColumns: 'AMOUNT, Name) FROM User--' },
			/^Item 1: Column "Name\) FROM User--" is not a column API name/,
		],
		[
			'an unknown filter operator',
			{ reportCreateOptions: { filtersJson: '[{"column": "AMOUNT", "operator": "like", "value": "1"}]' } },
			/^Item 1: Filter 1: operator "like" is not one of equals, notEqual/,
		],
		['a name over 40 characters', { reportName: 'x'.repeat(41) }, /^Item 1: Report Name is 41 characters long; Salesforce allows 40/],
		[
			'a folder id of another kind',
			{ reportCreateOptions: { folderId: '001000000000001' } },
			/^Item 1: Folder ID "001000000000001" is not a folder ID/,
		],
	])('Create refuses %s in the second item before any call', async (_title, bad, error) => {
		const good = { reportName: 'Fine', reportType: 'Opportunity', reportColumns: 'AMOUNT' };
		const parameters: Params = { resource: 'report', operation: 'create' };
		for (const key of ['reportName', 'reportType', 'reportColumns']) parameters[key] = `={{ $json.${key} }}`;
		// An option holds its bad value on the second item only.
		const options = ((bad as Params).reportCreateOptions ?? {}) as Params;
		parameters.reportCreateOptions = Object.fromEntries(
			Object.entries(options).map(([k, v]) => [k, `={{ $itemIndex === 1 ? ${JSON.stringify(v)} : '' }}`]),
		);
		const result = await run(parameters, { items: [good, { ...good, ...bad }] });
		expect(result.error?.message).toMatch(error);
		expect(emu.apiCalls()).toBe(0);
	});

	test('Clone, Update and Delete check ids and fields before any call', async () => {
		expect((await run({ resource: 'report', operation: 'delete', reportId: '../dashboards' })).error?.message).toMatch(
			/^Item 0: Report ID "..\/dashboards" is not a valid Salesforce id/,
		);
		expect(
			(await run({ resource: 'report', operation: 'clone', reportId: ids.dashboards.Sales_Overview, reportName: 'x' })).error?.message,
		).toMatch(/is not a report ID/);
		expect(
			(await run({ resource: 'report', operation: 'update', reportId: ids.reports.Open_Leads, reportUpdateFields: {} })).error?.message,
		).toMatch(/^Item 0: Update Fields is empty/);
		expect(emu.apiCalls()).toBe(0);
	});
});

describe('Dashboard → Clone and Update', () => {
	test('Clone: POST ?cloneId= with the folder; the copy has its own id and the same components', async () => {
		const source = ids.dashboards.Sales_Overview;
		const result = await run({ resource: 'dashboard', operation: 'clone', dashboardId: source, dashboardFolderId: '00l000000000001' });
		expect(result.error).toBeUndefined();
		const copy = result.output('Salesforce')[0].json;
		expect(copy).toMatchObject({
			id: expect.stringMatching(/^01Z/),
			name: 'Sales Overview',
			folderId: '00l000000000001',
			clonedFrom: source,
			components: expect.any(Array),
		});
		expect(copy.id).not.toBe(source);
		expect(emu.requests.filter((r) => r.apiCall).map((r) => r.path)).toEqual([
			expect.stringMatching(new RegExp(`/analytics/dashboards\\?cloneId=${source}$`)),
		]);
		const listed = await run({ resource: 'dashboard', operation: 'list' });
		expect(listed.output('Salesforce').map((o) => o.json.id)).toEqual([source, copy.id]);
	});

	test('Update: PATCH saves the name and filters; Get Metadata shows them', async () => {
		const dashboardId = ids.dashboards.Sales_Overview;
		const filters = [
			{
				name: 'Stage',
				options: [
					{ operation: 'equals', value: 'Prospecting' },
					{ operation: 'notEqual', value: 'Closed Won' },
				],
			},
		];
		const result = await run({
			resource: 'dashboard',
			operation: 'update',
			dashboardId,
			dashboardUpdateFields: { name: 'Sales Overview 2027', filtersJson: JSON.stringify(filters) },
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toMatchObject({
			id: dashboardId,
			name: 'Sales Overview 2027',
			filters: [
				{
					name: 'Stage',
					options: [
						expect.objectContaining({ id: expect.stringMatching(/^0IC/), operation: 'equals', value: 'Prospecting' }),
						expect.objectContaining({ operation: 'notEqual' }),
					],
				},
			],
		});
		expect(emu.count('PATCH /analytics/dashboards/{id}')).toBe(1);
		const meta = await run({ resource: 'dashboard', operation: 'getMetadata', dashboardId });
		expect(meta.output('Salesforce')[0].json).toMatchObject({
			name: 'Sales Overview 2027',
			filters: [expect.objectContaining({ name: 'Stage' })],
		});
	});

	test('bad input is refused before any call: operation not whitelisted, filter without options, empty update, bad id', async () => {
		const dashboardId = ids.dashboards.Sales_Overview;
		const update = (fields: Params) => run({ resource: 'dashboard', operation: 'update', dashboardId, dashboardUpdateFields: fields });
		expect(
			(await update({ filtersJson: '[{"name": "Stage", "options": [{"operation": "matches", "value": "x"}]}]' })).error?.message,
		).toMatch(/^Item 0: Filter 1, option 1: operator "matches" is not one of/);
		expect((await update({ filtersJson: '[{"name": "Stage"}]' })).error?.message).toMatch(
			/^Item 0: Filter 1 needs a "name" and a non-empty "options" array/,
		);
		expect((await update({})).error?.message).toMatch(/^Item 0: Update Fields is empty/);
		expect((await run({ resource: 'dashboard', operation: 'clone', dashboardId: "01Z' OR 1=1" })).error?.message).toMatch(
			/^Item 0: Dashboard ID/,
		);
		expect(emu.apiCalls()).toBe(0);
	});
});
