import type { IDataObject } from 'n8n-workflow';

// The emulator first: its REST module loads the route files (analytics.ts imports from rest.ts).
import '../emulator';
import type { SalesforceEmulator } from '../emulator';
import { analyticsIds } from '../emulator/analytics';
import { runNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
let ids: ReturnType<typeof analyticsIds>;
useEmulator((started) => (emu = started), { plugins: [] });
beforeAll(() => (ids = analyticsIds(emu)));

type Params = Record<string, unknown>;
const run = (parameters: Params, { items, continueOnFail }: { continueOnFail?: boolean; items?: IDataObject[] } = {}) =>
	runNode(emu, parameters, items, { continueOnFail });

describe('Reports and dashboards through n8n’s engine (Analytics REST API on the emulator)', () => {
	let acme: string;
	let wonka: string;
	let acmeDeal: string;
	let wonkaDeal: string;
	beforeAll(() => {
		acme = emu.store.insert('Account', { Name: 'Acme Analytics' });
		wonka = emu.store.insert('Account', { Name: 'Wonka Analytics' });
		acmeDeal = emu.store.insert('Opportunity', {
			Name: 'Acme big deal',
			StageName: 'Prospecting',
			CloseDate: '2026-03-01',
			Amount: 120000,
			AccountId: acme,
		});
		wonkaDeal = emu.store.insert('Opportunity', {
			Name: 'Wonka small deal',
			StageName: 'Closed Won',
			CloseDate: '2026-02-01',
			Amount: 5000,
			AccountId: wonka,
		});
	});

	test('Report → List returns the reports with their ids', async () => {
		const result = await run({ resource: 'report', operation: 'list' });
		expect(result.error).toBeUndefined();
		const reports = result.output('Salesforce').map((o) => o.json);
		expect(reports).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: ids.reports.Opportunity_Pipeline, name: 'Opportunity Pipeline', type: 'Report' }),
			]),
		);
		expect(emu.count('GET /analytics/reports')).toBe(1);
	});

	test('Report → Run: one item per row keyed by the detail columns, labels by default, records created now included', async () => {
		const result = await run({ resource: 'report', operation: 'run', reportId: ids.reports.Opportunity_Pipeline });
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce').map((o) => o.json)).toEqual([
			{
				OPPORTUNITY_NAME: 'Wonka small deal',
				ACCOUNT_NAME: 'Wonka Analytics',
				STAGE_NAME: 'Closed Won',
				AMOUNT: '$5,000.00',
				CLOSE_DATE: '2/1/2026',
			},
			{
				OPPORTUNITY_NAME: 'Acme big deal',
				ACCOUNT_NAME: 'Acme Analytics',
				STAGE_NAME: 'Prospecting',
				AMOUNT: '$120,000.00',
				CLOSE_DATE: '3/1/2026',
			},
		]);
		expect(emu.count('GET /analytics/reports/{id}')).toBe(1);

		// A record created afterwards shows up in the next run; raw values and label keys on request.
		const opp = emu.store.insert('Opportunity', {
			Name: 'Late deal',
			StageName: 'Qualification',
			CloseDate: '2026-12-01',
			Amount: 777,
			AccountId: acme,
		});
		const raw = await run({
			resource: 'report',
			operation: 'run',
			reportId: ids.reports.Opportunity_Pipeline,
			reportOptions: { cellValue: 'value', keys: 'label' },
		});
		expect(raw.error).toBeUndefined();
		const rows = raw.output('Salesforce').map((o) => o.json);
		expect(rows).toHaveLength(3);
		expect(rows[2]).toEqual({
			'Opportunity Name': opp,
			'Account Name': acme,
			Stage: 'Qualification',
			Amount: 777,
			'Close Date': '2026-12-01',
		});
		emu.store.delete('Opportunity', opp);
	});

	test('Report → Run with filter overrides and filter logic (POSTed reportMetadata)', async () => {
		const filters = [
			{ column: 'AMOUNT', operator: 'greaterThan', value: '10000' },
			{ column: 'ACCOUNT_NAME', operator: 'startsWith', value: 'Wonka' },
		];
		const result = await run({
			resource: 'report',
			operation: 'run',
			reportId: ids.reports.Opportunity_Pipeline,
			reportOptions: { filtersJson: JSON.stringify(filters), booleanFilter: '1 OR 2', cellValue: 'value' },
		});
		expect(result.error).toBeUndefined();
		// Raw values: the name column's value is the record id. Wonka matches filter 2, Acme filter 1.
		expect(result.output('Salesforce').map((o) => o.json.OPPORTUNITY_NAME)).toEqual([wonkaDeal, acmeDeal]);
		expect(emu.count('POST /analytics/reports/{id}')).toBe(1);

		const only = await run({
			resource: 'report',
			operation: 'run',
			reportId: ids.reports.Opportunity_Pipeline,
			reportOptions: { filtersJson: JSON.stringify(filters) },
		});
		expect(only.output('Salesforce').map((o) => o.json.OPPORTUNITY_NAME)).toEqual([]);
	});

	test('Report → Run of a summary report: rows carry their grouping; whole response on request', async () => {
		const rows = await run({ resource: 'report', operation: 'run', reportId: ids.reports.Opportunities_by_Stage });
		expect(rows.error).toBeUndefined();
		expect(rows.output('Salesforce').map((o) => o.json)).toEqual([
			{
				STAGE_NAME: 'Closed Won',
				OPPORTUNITY_NAME: 'Wonka small deal',
				ACCOUNT_NAME: 'Wonka Analytics',
				AMOUNT: '$5,000.00',
				CLOSE_DATE: '2/1/2026',
			},
			{
				STAGE_NAME: 'Prospecting',
				OPPORTUNITY_NAME: 'Acme big deal',
				ACCOUNT_NAME: 'Acme Analytics',
				AMOUNT: '$120,000.00',
				CLOSE_DATE: '3/1/2026',
			},
		]);
		const whole = await run({
			resource: 'report',
			operation: 'run',
			reportId: ids.reports.Opportunities_by_Stage,
			reportOptions: { output: 'raw' },
		});
		const [item] = whole.output('Salesforce');
		expect(item.json).toMatchObject({
			reportMetadata: { reportFormat: 'SUMMARY', id: ids.reports.Opportunities_by_Stage },
			factMap: { 'T!T': { aggregates: [{ value: 125000 }, { value: 2 }] } },
		});
	});

	test('Report → Describe returns the metadata', async () => {
		const result = await run({ resource: 'report', operation: 'describe', reportId: ids.reports.Open_Leads });
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toMatchObject({
			reportMetadata: { name: 'Open Leads', reportFilters: [expect.objectContaining({ column: 'STATUS', operator: 'notEqual' })] },
		});
	});

	test('ids are checked before any call; a bad filter from Salesforce becomes an error item', async () => {
		const bad = await run({ resource: 'report', operation: 'run', reportId: acme });
		expect(bad.error?.message).toMatch(/not a report ID \(report IDs start with 00O\)/);
		const badDash = await run({ resource: 'dashboard', operation: 'get', dashboardId: 'nope' });
		expect(badDash.error?.message).toMatch(/Dashboard ID "nope" is not a valid Salesforce id/);
		expect(emu.apiCalls()).toBe(0);

		emu.store.insert('Lead', { LastName: 'Solo', Company: 'Lone Co', Status: 'Open - Not Contacted' });
		const items = await run(
			{
				resource: 'report',
				operation: 'run',
				reportId: '={{ $json.id }}',
				reportOptions: { filtersJson: '={{ JSON.stringify($json.filters) }}' },
			},
			{
				continueOnFail: true,
				items: [
					{ id: ids.reports.Open_Leads, filters: [{ column: 'NO_SUCH_COLUMN', operator: 'equals', value: 'x' }] },
					{ id: ids.reports.Open_Leads, filters: [{ column: 'COMPANY', operator: 'equals', value: 'Lone Co' }] },
				],
			},
		);
		expect(items.error).toBeUndefined();
		const out = items.output('Salesforce');
		expect(out[0].json).toMatchObject({ error: { errorCode: 'BAD_REQUEST' }, message: expect.stringContaining('NO_SUCH_COLUMN') });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out.slice(1)).toEqual([{ json: expect.objectContaining({ FULL_NAME: 'Solo', COMPANY: 'Lone Co' }), pairedItem: { item: 1 } }]);
	});

	test('Dashboard → List, Get (one item per component), Get Metadata and Refresh', async () => {
		const dashboardId = ids.dashboards.Sales_Overview;
		const listed = await run({ resource: 'dashboard', operation: 'list' });
		expect(listed.output('Salesforce').map((o) => o.json)).toEqual([expect.objectContaining({ id: dashboardId, name: 'Sales Overview' })]);

		const got = await run({ resource: 'dashboard', operation: 'get', dashboardId });
		expect(got.error).toBeUndefined();
		const components = got.output('Salesforce').map((o) => o.json);
		expect(components).toHaveLength(3);
		expect(components[0]).toMatchObject({
			dashboardId,
			dashboardName: 'Sales Overview',
			componentId: expect.stringMatching(/^01a/),
			title: 'Pipeline by Stage',
			reportId: ids.reports.Opportunities_by_Stage,
			visualizationType: 'Bar',
			dataStatus: 'DATA',
			refreshStatus: 'IDLE',
			aggregates: { 's!AMOUNT': 125000, RowCount: 2 },
			groupings: [
				{ label: 'Closed Won', value: 'Closed Won', aggregates: { 's!AMOUNT': 5000, RowCount: 1 } },
				{ label: 'Prospecting', value: 'Prospecting', aggregates: { 's!AMOUNT': 120000, RowCount: 1 } },
			],
		});
		expect(components[1]).toMatchObject({ title: 'Total Pipeline', visualizationType: 'Metric', aggregates: { 's!AMOUNT': 125000 } });

		const meta = await run({ resource: 'dashboard', operation: 'getMetadata', dashboardId });
		expect(meta.output('Salesforce')[0].json).toMatchObject({ id: dashboardId, name: 'Sales Overview', components: expect.any(Array) });

		const refreshed = await run({ resource: 'dashboard', operation: 'refresh', dashboardId });
		expect(refreshed.error).toBeUndefined();
		expect(refreshed.output('Salesforce')[0].json).toEqual({
			id: dashboardId,
			statusUrl: expect.stringMatching(new RegExp(`/analytics/dashboards/${dashboardId}/status$`)),
		});
		expect(emu.count('PUT /analytics/dashboards/{id}')).toBe(1);

		const whole = await run({ resource: 'dashboard', operation: 'get', dashboardId, dashboardOptions: { output: 'raw' } });
		expect(whole.output('Salesforce')[0].json).toMatchObject({ componentData: expect.any(Array), dashboardMetadata: { id: dashboardId } });
	});
});
