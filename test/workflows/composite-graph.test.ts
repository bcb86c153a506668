/**
 * Composite → Graph and Create Account With Contacts and Opportunity through n8n's engine against the emulator's
 * /composite/graph: graphs of all items packed into as few calls as the limits allow (75 graphs, 500 nodes), each
 * graph all or none, and the calls per item measured against the Composite → Execute path (25 sub-requests a call).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

const GRAPH = 'POST /composite/graph';
const run = async (items: IDataObject[], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	await runWorkflow({ credentials: credentialData(emu), items, nodes: [salesforceNode({ resource: 'composite', ...parameters }, extra)] });

/** A customer as an item: the account, `contacts` contacts and an opportunity. */
function customer(n: number, contacts = 2, bad = false): IDataObject {
	return {
		account: { Name: `Graph Co ${n}`, Industry: 'Energy' },
		contacts: Array.from({ length: contacts }, (_, k) => ({
			LastName: `Person ${n}-${k}`,
			...(bad && k === 1 ? { Email: 'not-an-email' } : {}),
		})),
		opportunity: { Name: `Deal ${n}`, StageName: 'Prospecting', CloseDate: '2026-12-31' },
	};
}

const accountNamed = (name: string) => emu.store.all('Account').find((a) => a.Name === name);

describe('Create Account With Contacts and Opportunity (one graph per item)', () => {
	test('150 customers (4 records each) in 2 calls; every account with its contacts and opportunity', async () => {
		const items = Array.from({ length: 150 }, (_, n) => customer(n));
		const result = await run(items, { operation: 'createAccountGraph' });
		expect(result.error).toBeUndefined();
		expect(emu.count(GRAPH)).toBe(2);
		expect(emu.apiCalls()).toBe(2);
		const out = result.output('Salesforce');
		expect(out).toHaveLength(150);
		out.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			const { accountId, contactIds, opportunityId } = item.json as { accountId: string; contactIds: string[]; opportunityId: string };
			expect(emu.store.get('Account', accountId)?.Name).toBe(`Graph Co ${n}`);
			expect(contactIds.map((id) => emu.store.get('Contact', id))).toEqual([
				expect.objectContaining({ LastName: `Person ${n}-0`, AccountId: accountId }),
				expect.objectContaining({ LastName: `Person ${n}-1`, AccountId: accountId }),
			]);
			expect(emu.store.get('Opportunity', opportunityId)).toMatchObject({ Name: `Deal ${n}`, AccountId: accountId });
		});
	});

	test('calls per item against Composite → Execute (the figures in the README)', async () => {
		const measure = async (contacts: number) => {
			const items = Array.from({ length: 150 }, (_, n) => customer(1000 + n, contacts));
			emu.resetCounters();
			expect((await run(items, { operation: 'createAccountGraph' })).error).toBeUndefined();
			const graph = emu.apiCalls();
			// Execute, one customer per call: all or none per customer, as the graph is.
			const requests = (c: IDataObject, p: string) => [
				{ method: 'POST', url: '/sobjects/Account', referenceId: `${p}a`, body: c.account },
				...(c.contacts as IDataObject[]).map((x, k) => ({
					method: 'POST',
					url: '/sobjects/Contact',
					referenceId: `${p}c${k}`,
					body: { ...x, AccountId: `@{${p}a.id}` },
				})),
				{
					method: 'POST',
					url: '/sobjects/Opportunity',
					referenceId: `${p}o`,
					body: { ...(c.opportunity as IDataObject), AccountId: `@{${p}a.id}` },
				},
			];
			emu.resetCounters();
			const perItem = await run(
				items.map((c) => ({ requests: requests(c, 'x') })),
				{ operation: 'execute', compositeRequests: '={{ JSON.stringify($json.requests) }}', compositeAllOrNone: true },
			);
			expect(perItem.error).toBeUndefined();
			const execute = emu.apiCalls();
			// Execute packed: as many customers as fit in 25 sub-requests, all or none across them.
			const per = Math.floor(25 / (contacts + 2));
			const packed = Array.from({ length: Math.ceil(items.length / per) }, (_, b) => ({
				requests: items.slice(b * per, b * per + per).flatMap((c, k) => requests(c, `k${k}`)),
			}));
			emu.resetCounters();
			expect(
				(await run(packed, { operation: 'execute', compositeRequests: '={{ JSON.stringify($json.requests) }}', compositeAllOrNone: true }))
					.error,
			).toBeUndefined();
			return { graph, execute, executePacked: emu.apiCalls() };
		};
		expect(await measure(2)).toEqual({ graph: 2, execute: 150, executePacked: 25 });
		expect(await measure(10)).toEqual({ graph: 4, execute: 150, executePacked: 75 });
	});

	test('each customer all or none: a bad contact leaves nothing of its customer; the others are written', async () => {
		const items = [customer(2001), customer(2002, 2, true), customer(2003)];
		const result = await run(items, { operation: 'createAccountGraph' }, { continueOnFail: true });
		const out = result.output('Salesforce');
		expect(emu.count(GRAPH)).toBe(1);
		expect(errorDetails(out[1])).toMatchObject({
			errorCode: 'INVALID_EMAIL_ADDRESS',
			message: expect.stringMatching(/^Graph item1, contact1: /),
		});
		expect(accountNamed('Graph Co 2002')).toBeUndefined();
		expect(emu.store.all('Contact').some((c) => c.LastName === 'Person 2002-0')).toBe(false);
		expect(accountNamed('Graph Co 2001')).toBeDefined();
		expect(accountNamed('Graph Co 2003')).toBeDefined();

		const stopped = await run([customer(2004), customer(2005, 2, true)], { operation: 'createAccountGraph' });
		expect(stopped.error?.message).toMatch(/^Item 1: INVALID_EMAIL_ADDRESS: Graph item1, contact1:/);
		expect(stopped.error?.description).toMatch(
			/1 other item\(s\) were written before the run stopped: item 0 \(accountId 001\w+, opportunityId 006\w+\)/,
		);
	});

	test('more than 14 failed graphs in a call: Salesforce halts the rest, the node sends them again', async () => {
		const items = Array.from({ length: 30 }, (_, n) => customer(3000 + n, 2, n < 20));
		const result = await run(items, { operation: 'createAccountGraph' }, { continueOnFail: true });
		expect(emu.count(GRAPH)).toBe(2);
		const out = result.output('Salesforce');
		expect(out.filter((o) => errorDetails(o).errorCode === 'INVALID_EMAIL_ADDRESS')).toHaveLength(20);
		expect(out.slice(20).every((o) => o.json.success === true)).toBe(true);
		expect(emu.store.all('Account').filter((a) => /^Graph Co 30\d\d$/.test(String(a.Name)))).toHaveLength(10);
	});

	test('bad input is refused before any call', async () => {
		for (const [item, error] of [
			[{ account: { 'Name; DROP': 'x' } }, /^Item 0: Account Fields \(JSON\): field "Name; DROP" is not a valid Salesforce API name/],
			[{ account: 'Acme' }, /^Item 0: Account Fields \(JSON\) is not valid JSON|^Item 0: Account Fields \(JSON\) must be a JSON object/],
			[{ account: { Name: 'x' }, contacts: [{ LastName: 'ok' }, 'Doe'] }, /^Item 0: Contacts \(JSON\) entry 1 must be a JSON object/],
			[
				{ account: { Name: 'x' }, contacts: Array.from({ length: 500 }, () => ({ LastName: 'x' })) },
				/^Item 0: At most 499 contacts fit in one graph; got 500/,
			],
		] as Array<[IDataObject, RegExp]>) {
			const result = await run([item], { operation: 'createAccountGraph' });
			expect(result.error?.message).toMatch(error);
		}
		expect(emu.apiCalls()).toBe(0);
	});
});

describe('Composite → Graph', () => {
	const graph = (graphId: string, name: string, lastName = 'Doe') => ({
		graphId,
		compositeRequest: [
			{ method: 'POST', url: '/sobjects/Account', referenceId: 'acc', body: { Name: name } },
			{ method: 'POST', url: '/sobjects/Contact', referenceId: 'con', body: { LastName: lastName, AccountId: '@{acc.id}' } },
			{ method: 'GET', url: '/sobjects/Contact/@{con.id}', referenceId: 'read' },
		],
	});

	test('the graphs of all items in one call; one output per graph; a failed graph written not at all', async () => {
		const items = [
			{ graphs: [graph('a', 'G One'), graph('b', 'G Two')] },
			{ graphs: graph('c', 'G Three', '') },
			{ graphs: [graph('a', 'G Four')] },
		];
		const result = await run(items, { operation: 'graph', compositeGraphs: '={{ $json.graphs }}' }, { continueOnFail: true });
		expect(emu.count(GRAPH)).toBe(1);
		const out = result.output('Salesforce');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({
			graphId: 'a',
			success: true,
			ids: { acc: expect.stringMatching(/^001/), con: expect.stringMatching(/^003/) },
		});
		expect((out[0].json.results as IDataObject[])[2]).toMatchObject({
			referenceId: 'read',
			httpStatusCode: 200,
			body: { LastName: 'Doe' },
		});
		expect(errorDetails(out[2])).toMatchObject({
			errorCode: 'REQUIRED_FIELD_MISSING',
			message: expect.stringMatching(/^Graph c, con: Required fields are missing/),
		});
		expect(accountNamed('G Three')).toBeUndefined();
		expect(accountNamed('G Four')).toBeDefined();
	});

	test('bad graphs are refused before any call', async () => {
		const cases: Array<[unknown, RegExp]> = [
			[
				[{ graphId: 'q', compositeRequest: [{ method: 'GET', url: '/query?q=SELECT+Id+FROM+Account', referenceId: 'q' }] }],
				/^Item 0: Graph q, node 0: GET \/services\/data\/v66\.0\/query\?q=SELECT\+Id\+FROM\+Account cannot be a graph node/,
			],
			[
				[
					{
						graphId: 'r',
						compositeRequest: [{ method: 'POST', url: '/sobjects/Contact', referenceId: 'c', body: { AccountId: '@{acc.id}' } }],
					},
				],
				/^Item 0: Graph r, node 0: @\{acc…\} is not an earlier node of this graph/,
			],
			[[graph('same', 'x'), graph('same', 'y')], /^Item 0: graphId "same" is used twice/],
			[[{ graphId: 'bad.id', compositeRequest: [] }], /^Item 0: graphId "bad\.id" must start with a letter or digit/],
			[
				[
					{
						graphId: 'big',
						compositeRequest: Array.from({ length: 501 }, (_, n) => ({
							method: 'POST',
							url: '/sobjects/Account',
							referenceId: `a${n}`,
							body: { Name: 'x' },
						})),
					},
				],
				/^Item 0: Graph big takes at most 500 sub-requests; got 501/,
			],
			[
				[{ graphId: 'evil', compositeRequest: [{ method: 'POST', url: 'https://evil.example.com/x', referenceId: 'a' }] }],
				/^Item 0: Graph evil, node 0: give the url as a path/,
			],
		];
		for (const [graphs, error] of cases) {
			const result = await run([{}], { operation: 'graph', compositeGraphs: JSON.stringify(graphs) });
			expect(result.error?.message).toMatch(error);
		}
		expect(emu.apiCalls()).toBe(0);
	});
});
