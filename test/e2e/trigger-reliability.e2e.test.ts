/**
 * Trigger reliability in a real n8n 2.41 (`n8n start`, the pack installed as a community package, workflows
 * published) against the emulator's CometD endpoint. Every event is posted by the workflow to a small HTTP sink in
 * this test (triggerRig.ts), which counts what n8n ran: lost = published − distinct received, duplicates = received
 * − distinct. n8n is stopped with SIGTERM, killed with SIGKILL and the streaming endpoint is broken on purpose.
 * Every figure the README states is asserted here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SalesforceEmulator } from '../emulator';
import { streamingOf, toolingOf } from '../emulator/streamingPlugin';
import { delay, N8n } from './n8n';
import { emulatorCredential } from './stack';
import { cdcWorkflow, errorWorkflow, seeded, Sink } from './triggerRig';

const CDC = 'trRelCdcAcct01';
const ENABLE = 'trRelEnableCt1';
const ERRORS = 'trRelErrorWf01';
const SEED = Number(process.env.E2E_SEED ?? 20261207);
const random = seeded(SEED);

let emu: SalesforceEmulator;
let n8n: N8n;
const sink = new Sink();
const logFile = path.join(os.tmpdir(), `n8n-trigger-reliability-${process.pid}.log`);
const streaming = () => streamingOf(emu);
/** replay ids of Account change events the emulator published */
const published = () => streaming().events('/data/AccountChangeEvent').map((e) => Number(e.event.replayId));

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n.tail(30)}`);
		await delay(200);
	}
}

async function restart() {
	sink.epoch++;
	await n8n.start();
}

function insertAccounts(n: number, tag: string) {
	for (let i = 0; i < n; i++) emu.store.insert('Account', { Name: `${tag} ${i}` });
}

/** waits until the sink holds every published Account event, then a quiet second for late duplicates */
async function allDelivered(timeoutMs = 240_000) {
	const want = published();
	await waitFor(`${want.length} events at the sink`, () => sink.count('/event').distinct.size >= want.length, timeoutMs);
	await delay(1500);
	const { distinct, duplicates } = sink.count('/event');
	return { published: want.length, lost: want.filter((id) => !distinct.has(id)).length, duplicates };
}

beforeAll(async () => {
	process.stderr.write(`[trigger-reliability] seed ${SEED} (E2E_SEED=${SEED} repeats this run); n8n log ${logFile}\n`);
	await sink.start();
	emu = await SalesforceEmulator.start({ seed: 'none' });
	streaming().configure({ holdMs: 5000 });
	n8n = await N8n.prepare({ logFile });
	await n8n.importCredentials([emulatorCredential(emu)]);
	await n8n.importWorkflows([
		errorWorkflow(ERRORS, sink.url),
		cdcWorkflow(CDC, 'Account', sink.url, '/event', {}, ERRORS),
		cdcWorkflow(ENABLE, 'Contact', sink.url, '/enable', { enableCdc: true }, ERRORS),
	]);
	await restart();
	await n8n.setupOwner();
	await n8n.createApiKey();
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await emu?.close();
	await sink.close();
	if (n8n && process.env.E2E_KEEP !== '1') fs.rmSync(n8n.userFolder, { recursive: true, force: true });
});

test('SIGTERM and restart, twice, with 5,000 changes made while n8n is stopped: 0 lost, 0 duplicates', async () => {
	const subscribes = streaming().stats.subscribes;
	await n8n.activate(CDC);
	await waitFor('the trigger to subscribe', () => streaming().stats.subscribes > subscribes);
	insertAccounts(10, 'Warm-up');
	await waitFor('the warm-up events', () => sink.count('/event').distinct.size >= 10);
	for (let round = 1; round <= 2; round++) {
		await n8n.stop();
		insertAccounts(5000, `Stopped ${round}`);
		await restart();
		const r = await allDelivered();
		process.stderr.write(`[trigger-reliability] SIGTERM round ${round}: ${JSON.stringify(r)}\n`);
		expect(r).toEqual({ published: 10 + 5000 * round, lost: 0, duplicates: 0 });
	}
}, 600_000);
