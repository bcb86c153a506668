/**
 * End-to-end, issue #18 (report and dashboard authoring, Chatter batch posting): in a real n8n 2.41 with the pack
 * installed as a community package, `n8n execute` runs one workflow: Report → Create, Run, Clone, Delete (the
 * original and the copy), then Chatter → Post Many with 600 items. The emulated org and the calls are checked.
 */

import { SalesforceEmulator } from '../emulator';
import { analyticsIds } from '../emulator/analytics';
import { N8n, nodeOutput, PACKAGE_NAME } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME, emulatorCredential } from './stack';

let emu: SalesforceEmulator;
let n8n: N8n;
let accounts: string[];

const WORKFLOW = 'sfAnalyticsAuthor01';
const NODE = `${PACKAGE_NAME}.salesforceCrm`;
const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
const POSTS = 600;

function workflow() {
	const chain: Array<[string, string, Record<string, unknown>, Record<string, unknown>?]> = [
		['Start', 'n8n-nodes-base.manualTrigger', {}],
		[
			'Create report',
			NODE,
			{
				resource: 'report',
				operation: 'create',
				reportName: 'E2E deals',
				reportType: 'Opportunity',
				reportColumns: 'OPPORTUNITY_NAME, AMOUNT',
				reportCreateOptions: { filtersJson: JSON.stringify([{ column: 'OPPORTUNITY_NAME', operator: 'startsWith', value: 'E2E ' }]) },
			},
		],
		['Run report', NODE, { resource: 'report', operation: 'run', reportId: '={{ $json.id }}', reportOptions: { cellValue: 'value' } }],
		[
			'Clone report',
			NODE,
			{ resource: 'report', operation: 'clone', reportId: "={{ $('Create report').first().json.id }}", reportName: 'E2E deals (copy)' },
			{ executeOnce: true },
		],
		['Delete original', NODE, { resource: 'report', operation: 'delete', reportId: '={{ $json.clonedFrom }}' }],
		['Delete copy', NODE, { resource: 'report', operation: 'delete', reportId: "={{ $('Clone report').first().json.id }}" }],
		[
			'Posts',
			'n8n-nodes-base.set',
			{
				mode: 'raw',
				jsonOutput: JSON.stringify({
					posts: Array.from({ length: POSTS }, (_, k) => ({ to: accounts[k % 3], text: `Report digest ${k}` })),
				}),
				options: {},
			},
		],
		['Split', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'posts', include: 'noOtherFields', options: {} }],
		[
			'Post Many',
			NODE,
			{ resource: 'chatter', operation: 'postMany', postTo: 'record', subjectRecordId: '={{ $json.to }}', message: '={{ $json.text }}' },
		],
	];
	const version: Record<string, number> = { 'n8n-nodes-base.set': 3.4 };
	return {
		id: WORKFLOW,
		name: 'Reports: create, run, clone, delete; Chatter: post many',
		nodes: chain.map(([name, type, parameters, extra], k) => ({
			id: `n${k}`,
			name,
			type,
			typeVersion: version[type] ?? 1,
			position: [k * 200, 0],
			parameters,
			...(type === NODE ? { credentials } : {}),
			...(extra ?? {}),
		})),
		connections: Object.fromEntries(
			chain.slice(0, -1).map(([name], k) => [name, { main: [[{ node: chain[k + 1][0], type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1' },
	};
}

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo' });
	accounts = ['North', 'South', 'East'].map((n) => emu.store.insert('Account', { Name: `E2E ${n}` }));
	emu.store.insert('Opportunity', {
		Name: 'E2E first',
		StageName: 'Prospecting',
		CloseDate: '2026-05-01',
		Amount: 5000,
		AccountId: accounts[0],
	});
	emu.store.insert('Opportunity', {
		Name: 'E2E second',
		StageName: 'Prospecting',
		CloseDate: '2026-06-01',
		Amount: 7000,
		AccountId: accounts[1],
	});
	n8n = await N8n.prepare();
	await n8n.importCredentials([emulatorCredential(emu)]);
	await n8n.importWorkflows([workflow()]);
}, 300_000);

afterAll(async () => {
	await emu?.close();
	await n8n?.dispose();
});

test('report create → run → clone → delete, then 600 Chatter posts in 2 batch calls', async () => {
	const seeded = Object.values(analyticsIds(emu).reports);
	emu.resetCounters();
	const { result, run } = await n8n.execute(WORKFLOW);
	expect({ code: result.code, status: run?.status }).toEqual({ code: 0, status: 'success' });

	const [created] = nodeOutput(run, 'Create report');
	expect(created).toMatchObject({
		id: expect.stringMatching(/^00O/),
		name: 'E2E deals',
		reportType: { type: 'Opportunity' },
		detailColumns: ['OPPORTUNITY_NAME', 'AMOUNT'],
	});
	expect(nodeOutput(run, 'Run report').map((row) => row.AMOUNT)).toEqual([5000, 7000]);
	const [copy] = nodeOutput(run, 'Clone report');
	expect(nodeOutput(run, 'Clone report')).toHaveLength(1);
	expect(copy).toMatchObject({
		name: 'E2E deals (copy)',
		clonedFrom: created.id,
		reportFilters: [expect.objectContaining({ operator: 'startsWith', value: 'E2E ' })],
	});
	expect(nodeOutput(run, 'Delete original')).toEqual([{ id: created.id, success: true }]);
	expect(nodeOutput(run, 'Delete copy')).toEqual([{ id: copy.id, success: true }]);
	// Both are gone from the org; the seeded reports stay.
	expect(Object.values(analyticsIds(emu).reports).sort()).toEqual([...seeded].sort());

	const posts = nodeOutput(run, 'Post Many');
	expect(posts).toHaveLength(POSTS);
	posts.forEach((post, k) =>
		expect(post).toMatchObject({
			id: expect.stringMatching(/^0D5/),
			parent: { id: accounts[k % 3] },
			body: { text: `Report digest ${k}` },
		}),
	);
	expect(new Set(posts.map((p) => p.id)).size).toBe(POSTS);

	expect({
		create: emu.count('POST /analytics/reports'),
		run: emu.count('GET /analytics/reports/{id}'),
		delete: emu.count('DELETE /analytics/reports/{id}'),
		batchPosts: emu.count('POST /chatter/feed-elements/batch'),
		singlePosts: emu.count('POST /chatter/feed-elements'),
	}).toEqual({ create: 2, run: 1, delete: 2, batchPosts: 2, singlePosts: 0 });
});
