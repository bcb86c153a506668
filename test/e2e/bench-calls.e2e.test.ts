/**
 * The API call counts the README's benchmark table states, asserted in the real n8n 2.41 with the same jobs and
 * workflows `npm run bench` runs (test/bench): our node batches (create, update, upsert, delete 200 records a call;
 * get 2,000 ids a call after one describe; a SOQL page 2,000 rows), n8n's built-in Salesforce node makes one call per
 * item. Call counts are deterministic, so they are asserted; times are only measured (npm run bench).
 */

import { expectedCalls, job, type JobId } from '../bench/jobs';
import { importRuns, openSession, runPlanned, type RunSpec, type Session } from '../bench/session';

let session: Session;

const lanes = (side: 'ours' | 'builtin', n: number, ids: JobId[]) =>
	ids.map((id) => ({ job: job(id), side, n, suffix: ` ${id}`, noFloor: true }));

const OURS_1000: RunSpec = { workflowId: 'benchCallsOurs01', lanes: lanes('ours', 1000, ['create', 'update', 'upsert', 'get', 'delete']) };
// The query lane runs first (lanes run top to bottom), so it reads the 10,000 contacts prepared for it, not the created ones.
const OURS_10000: RunSpec = { workflowId: 'benchCallsOurs02', lanes: lanes('ours', 10_000, ['query', 'create']) };
const BUILTIN_100: RunSpec = {
	workflowId: 'benchCallsBltn01',
	lanes: lanes('builtin', 100, ['create', 'update', 'upsert', 'get', 'delete']),
};

beforeAll(async () => {
	session = await openSession(0);
	await importRuns(session, [OURS_1000, OURS_10000, BUILTIN_100]);
}, 300_000);

afterAll(async () => {
	await session?.n8n.dispose();
});

function outputs(result: Awaited<ReturnType<typeof runPlanned>>['result'], spec: RunSpec): Record<string, number> {
	return Object.fromEntries(spec.lanes.map((l) => [l.job.id, result.nodes[`Salesforce${l.suffix}`]?.items ?? 0]));
}

test('our node, N = 1,000: create 5 calls, update 5, upsert 5, get 2 (describe + one retrieve), delete 5; nothing else', async () => {
	const { result, endpoints, problems } = await runPlanned(session, OURS_1000);
	expect(problems).toEqual([]);
	expect(outputs(result, OURS_1000)).toEqual({ create: 1000, update: 1000, upsert: 1000, get: 1000, delete: 1000 });
	expect(endpoints).toEqual({
		'POST /composite/sobjects': 5,
		'PATCH /composite/sobjects': 5,
		'PATCH /composite/sobjects/Contact/External_Id__c': 5,
		'GET /sobjects/Contact/describe': 1,
		'POST /composite/sobjects/Contact': 1,
		'DELETE /composite/sobjects': 5,
	});
	// the formula the bench and the README use
	expect((['create', 'update', 'upsert', 'get', 'delete'] as const).map((id) => expectedCalls(id, 1000))).toEqual([5, 5, 5, 2, 5]);
}, 600_000);

test('our node, N = 10,000: SOQL return-all reads 5 pages of 2,000 rows; create makes 50 calls', async () => {
	const { result, endpoints, problems } = await runPlanned(session, OURS_10000);
	expect(problems).toEqual([]);
	expect(outputs(result, OURS_10000)).toEqual({ query: 10_000, create: 10_000 });
	expect(endpoints).toEqual({ 'GET /query': 1, 'GET /query/{locator}': 4, 'POST /composite/sobjects': 50 });
	expect([expectedCalls('query', 10_000), expectedCalls('create', 10_000), expectedCalls('query', 100_000)]).toEqual([5, 50, 50]);
}, 600_000);

test("n8n's built-in Salesforce node, N = 100: one call per item for create, update, upsert, get and delete", async () => {
	const { result, endpoints, calls, problems } = await runPlanned(session, BUILTIN_100);
	expect(problems).toEqual([]);
	expect(outputs(result, BUILTIN_100)).toEqual({ create: 100, update: 100, upsert: 100, get: 100, delete: 100 });
	const byMethod: Record<string, number> = {};
	for (const [endpoint, count] of Object.entries(endpoints)) {
		const [method, path] = endpoint.split(' ');
		const key = `${method} ${path.split('/').slice(0, 3).join('/')}`;
		byMethod[key] = (byMethod[key] ?? 0) + count;
	}
	// create POST, update and upsert PATCH (by id / by external id), get GET, delete DELETE: 100 each
	expect(byMethod).toEqual({
		'POST /sobjects/contact': 100,
		'PATCH /sobjects/contact': 200,
		'GET /sobjects/contact': 100,
		'DELETE /sobjects/contact': 100,
	});
	expect(calls).toBe(500);
}, 600_000);
