/**
 * The pack on n8n 2.41's queue mode: main + 2 workers + 1 webhook processor on PostgreSQL and Redis
 * (test/e2e/queue.ts), the pack installed as a community package in each process, the emulator as Salesforce.
 * `npm run test:queue`. Figures are printed as `[queue] …` lines; the README's deployment section quotes them.
 */
import { randomUUID } from 'node:crypto';

import { SalesforceEmulator } from '../../emulator';
import { QueueCluster, pgQuery, until } from '../queue';
import { accountsWorkflow, cdcWorkflow, outboundWorkflow } from './workflows';
import { emulatorCredential } from '../stack';
import { CdcDriver } from './cdc';
import { outboundRounds } from './outbound';
import { PROBE_PACKAGE, ProbeServer } from './probe';
import { allExecutions, execIdsOf, queuedRun, report, waitRegistered } from './util';

const IDS = {
	manual: 'qAccountsManual1',
	webhook: 'qAccountsHook001',
	cdc: 'qCdcAccounts0001',
	om: 'qOutboundMsg0001',
	probe: 'qDonePromise0001',
};
const HOOK = { accounts: randomUUID(), om: randomUUID() };
const ACCOUNTS = 450;

let emu: SalesforceEmulator;
let q: QueueCluster;
let probe: ProbeServer;
const say = (line: string) => process.stderr.write(`[queue] ${line}\n`);

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo', dailyApiLimit: 10_000_000 });
	probe = await ProbeServer.start();
	q = await QueueCluster.prepare({ say, workers: 2, webhookProcessors: 1, env: queueTimings(), extraPackages: [PROBE_PACKAGE] });
	await q.main.importCredentials([emulatorCredential(emu)]);
	await q.main.importWorkflows([
		accountsWorkflow(IDS.manual, 'manual', ACCOUNTS, 'one-process'),
		accountsWorkflow(IDS.webhook, 'webhook', ACCOUNTS, 'queued', HOOK.accounts),
		cdcWorkflow(IDS.cdc),
		outboundWorkflow(IDS.om, HOOK.om),
		probe.workflow(IDS.probe),
	]);
	await q.start();
	for (const line of q.describe()) say(line);
}, 420_000);

afterAll(async () => {
	await q?.stop({ keep: process.env.E2E_KEEP === '1' }).catch((e) => say(`cleanup failed: ${(e as Error).message}`));
	await emu?.close();
	await probe?.close();
});

/** Faster stall detection than n8n's defaults (lock 60 s, check every 30 s), so a killed worker's jobs fail in seconds. */
function queueTimings(): Record<string, string> {
	return { QUEUE_WORKER_LOCK_DURATION: '10000', QUEUE_WORKER_LOCK_RENEW_TIME: '2000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };
}

test('an action-node workflow runs through the queue on a worker: 450 accounts in 3 calls, as in one process', async () => {
	// one process: `n8n execute` does not enqueue (n8n 2.41 falls back to regular mode for it), same database
	let before = emu.count('POST /composite/sobjects');
	const one = await q.main.execute(IDS.manual);
	expect(one.run?.status).toBe('success');
	const oneProcessCalls = emu.count('POST /composite/sobjects') - before;
	// the queue: a production webhook on the webhook processor → Redis → a worker
	await q.main.activate(IDS.webhook);
	const url = `${q.webhooks[0].url}/webhook/accounts-${IDS.webhook}`;
	await waitRegistered(url);
	before = emu.count('POST /composite/sobjects');
	const [execution] = await queuedRun(q, IDS.webhook, url, 1);
	const queuedCalls = emu.count('POST /composite/sobjects') - before;
	report('action node', { items: ACCOUNTS, oneProcessCalls, queuedCalls });
	expect({ oneProcessCalls, queuedCalls }).toEqual({ oneProcessCalls: 3, queuedCalls: 3 });
	expect({ status: execution.status, mode: execution.mode }).toEqual({ status: 'success', mode: 'webhook' });
	// it ran on exactly one worker, and every account it wrote carries its execution id
	expect(q.startedBy().get(String(execution.id))).toHaveLength(1);
	const written = execIdsOf(
		emu.store.all('Account').map((a) => String(a.Name)),
		'queued',
	);
	expect(written.size).toBe(ACCOUNTS);
	expect(new Set([...written.values()].flat())).toEqual(new Set([String(execution.id)]));
	expect(
		execIdsOf(
			emu.store.all('Account').map((a) => String(a.Name)),
			'one-process',
		).size,
	).toBe(ACCOUNTS);
});

test('the "done" promise a trigger hands to emit() resolves on main once the worker has finished the execution', async () => {
	await q.main.activate(IDS.probe);
	const settled = await until('the probe’s done promise to settle', () => probe.reports.find((r) => r.resolved !== undefined), 120_000);
	const [execution] = await allExecutions(q, IDS.probe);
	report('done promise', { ...settled, workerCallAnsweredAt: probe.slowAnswered[0], execution: execution.id });
	expect({ resolved: settled.resolved, status: settled.status, process: settled.argv[0], pid: settled.pid }).toEqual({
		resolved: true,
		status: 'success',
		process: 'start',
		pid: q.main.pid,
	});
	// the worker's call (1.5 s) was answered before main saw the promise resolve
	expect(probe.slowAnswered).toHaveLength(1);
	expect(settled.settledAt!).toBeGreaterThanOrEqual(probe.slowAnswered[0]);
	expect(settled.settledAt! - settled.emittedAt!).toBeGreaterThanOrEqual(1500);
	expect({ status: execution.status, mode: execution.mode }).toEqual({ status: 'success', mode: 'trigger' });
	expect(q.startedBy().get(execution.id)).toHaveLength(1);
	await q.main.deactivate(IDS.probe);
});

describe('Change Data Capture: the trigger on main, its executions on the workers', () => {
	let cdc: CdcDriver;

	test('5,000 changes: each executed once, spread over both workers', async () => {
		cdc = new CdcDriver(q, emu, IDS.cdc);
		await q.main.activate(IDS.cdc);
		await cdc.connected();
		const handshakes = cdc.streaming.stats.handshakes;
		const keys = await cdc.publish('a', 5000);
		const t = await cdc.tally('a', keys);
		// one CometD session, main's, throughout: workers and the webhook processor never subscribe
		expect({ sessions: cdc.streaming.sessionCount(), handshakes: cdc.streaming.stats.handshakes - handshakes }).toEqual({
			sessions: 1,
			handshakes: 0,
		});
		report('CDC 5,000 changes, 2 workers', { ...t, eventsPerSecond: Math.round(t.changes / t.seconds) });
		expect({ lost: t.lost, duplicates: t.duplicates, failed: t.failedExecutions }).toEqual({ lost: 0, duplicates: 0, failed: 0 });
		expect(t.perWorker.worker1).toBeGreaterThan(0);
		expect(t.perWorker.worker2).toBeGreaterThan(0);
		expect(t.perWorker.worker1 + t.perWorker.worker2).toBe(5000);
	});

	test('a worker SIGKILLed during executions while changes flow', async () => {
		// each Salesforce call takes 300 ms more, so executions last long enough to be caught running; changes keep
		// flowing while the kill waits for worker1 to be inside one
		let killing: Promise<string[]> | undefined;
		let killed: string[] = [];
		const keys = await cdc.publish('k', 1500, {
			burst: 50,
			everyMs: 200,
			during: async (b) => {
				if (b === 2) {
					emu.faults.latencyMs = 300;
					killing = cdc.killDuringExecution(0);
				}
				if (b === 15) {
					killed = await killing!;
					emu.faults.latencyMs = 0;
					await q.workers[0].start();
				}
			},
		});
		// n8n's public API does not list running executions: wait until main has failed the killed ones (lock expiry)
		const statusOf = async (id: string) => (await q.main.api<{ status: string }>('GET', `/executions/${id}`)).status;
		await until(
			'the killed executions to fail',
			async () => (await Promise.all(killed.map(statusOf))).every((s) => s !== 'running' && s !== 'new'),
			90_000,
			1000,
		);
		const t = await cdc.tally('k', keys);
		const statuses = await Promise.all(killed.map(statusOf));
		report('CDC worker SIGKILL', { ...t, killedExecutions: killed.length, killedStatuses: statuses });
		// n8n fails the killed worker's jobs once their lock expires ("job stalled more than maxStalledCount": n8n 2.41
		// sets maxStalledCount 0, so no other worker re-runs them) and settles the trigger's done promise with that
		// error and no node data. The trigger (Commit Position: After the Execution Finishes) reads that as a run the
		// workflow never made and receives the delivery again from its committed position: nothing is lost; what the
		// killed execution had already written before the kill comes twice (at most its delivery, ≤ 200 changes).
		expect(statuses.every((s) => s === 'error' || s === 'crashed')).toBe(true);
		expect(t.failedExecutions).toBeGreaterThanOrEqual(killed.length);
		expect(t.lost).toBe(0);
		expect(t.duplicates).toBeLessThanOrEqual(200 * t.failedExecutions);
	});

	test('main SIGTERMed and restarted while changes flow', async () => {
		const keys = await cdc.publish('m', 1500, {
			burst: 50,
			everyMs: 200,
			during: async (b) => {
				if (b === 5) await q.main.stop(60_000);
				if (b === 8) await q.main.start();
			},
		});
		const t = await cdc.tally('m', keys);
		report('CDC main SIGTERM + restart', t);
		// main resumes from the replay id saved in PostgreSQL; a delivery whose position had not been saved yet
		// comes again (at most one delivery, ≤ 200 changes)
		expect({ lost: t.lost, failed: t.failedExecutions }).toEqual({ lost: 0, failed: 0 });
		expect(t.duplicates).toBeLessThanOrEqual(200);
	});

	test('throughput with 2 workers and with 1: CDC events/s, action-node items/s (measured, not asserted)', async () => {
		const url = `${q.webhooks[0].url}/webhook/accounts-${IDS.webhook}`;
		const runs = 8;
		const twoWorkers = await queuedRun(q, IDS.webhook, url, runs);
		await q.workers[1].stop();
		const oneWorker = await queuedRun(q, IDS.webhook, url, runs);
		const keys = await cdc.publish('o', 5000);
		const t = await cdc.tally('o', keys);
		report('CDC 5,000 changes, 1 worker', { ...t, eventsPerSecond: Math.round(t.changes / t.seconds) });
		await q.workers[1].start();
		for (const [workers, list] of [
			[2, twoWorkers],
			[1, oneWorker],
		] as const) {
			const ms = span(list);
			report(`action node, ${workers} worker(s)`, {
				runs,
				items: runs * ACCOUNTS,
				seconds: ms / 1000,
				itemsPerSecond: Math.round((runs * ACCOUNTS * 1000) / ms),
			});
			expect(list.map((e) => e.status)).toEqual(Array(runs).fill('success'));
		}
		expect({ lost: t.lost, duplicates: t.duplicates, worker2: t.perWorker.worker2 }).toEqual({ lost: 0, duplicates: 0, worker2: 0 });
	});
});

test('200 Outbound Messages posted concurrently to the webhook processor, then all redelivered', async () => {
	await q.main.activate(IDS.om);
	const url = q.webhookUrl(HOOK.om, 'salesforce-outbound-message');
	await waitRegistered(url);
	// main does not serve production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS): Salesforce must call the
	// webhook processors
	const onMain = await fetch(url.replace(q.webhooks[0].url, q.main.url), {
		method: 'POST',
		headers: { 'content-type': 'text/xml' },
		body: '<probe/>',
	});
	expect(onMain.status).toBe(404);
	const t = await outboundRounds(q, emu, IDS.om, url);
	report('Outbound Messages', t);
	// Salesforce's retries (test scale) get every notification acknowledged, in both rounds
	expect({ first: t.ackedFirstRound, redelivered: t.ackedRedelivery }).toEqual({ first: 200, redelivered: 200 });
	// each notification ran once (the node's de-duplication in the one webhook processor), on the workers
	expect({ once: t.executedOnce, lost: t.lost, duplicates: t.duplicates }).toEqual({ once: 200, lost: 0, duplicates: 0 });
	expect(t.perWorker.worker1 + t.perWorker.worker2).toBe(200);
});

test('stop drops the run’s database and deletes its Redis keys', async () => {
	const { db } = q;
	await q.stop({ keep: process.env.E2E_KEEP === '1' });
	const left = await pgQuery(q.install, 'postgres', 'SELECT datname FROM pg_database WHERE datname = $1', [db]);
	expect({ databases: left.length, redisKeys: (await q.redisKeys()).length }).toEqual({ databases: 0, redisKeys: 0 });
});

/** ms from the first execution's start to the last one's end */
function span(list: Array<{ startedAt: string; stoppedAt: string }>): number {
	const start = Math.min(...list.map((e) => Date.parse(e.startedAt)));
	const stop = Math.max(...list.map((e) => Date.parse(e.stoppedAt)));
	return stop - start;
}
