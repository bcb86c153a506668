/**
 * The Salesforce CRM Trigger's polling mode (orgs without CDC), activated through n8n-core's TriggerContext with
 * its cron registered in n8n-core's ScheduledTaskManager; the test fires the registered cron itself (tick()) and
 * drives the emulator's clock, so windows, minute-truncated deletion windows and shared timestamps are exact.
 */
import { SalesforceEmulator } from '../emulator';
import { startEmu } from '../emulator/testkit';
import { credentialData, shutdownEngine } from '../helpers/engine';
import { manualTrigger, startTrigger, type RunningTrigger } from '../helpers/trigger';

const MINUTE = 60_000;
/** the org's clock: two hours behind real time, starting on a minute */
let clock = 0;
let emu: SalesforceEmulator;

const polling = (extra: Record<string, unknown> = {}) => ({
	source: 'polling',
	pollObject: 'Account',
	pollEvents: ['created', 'updated', 'deleted'],
	pollInterval: '1',
	...extra,
});

/** the keys a CDC item has (streaming/events.ts normalizeChange) */
const CDC_KEYS = [
	'source',
	'changeType',
	'object',
	'recordIds',
	'changedFields',
	'commitTimestamp',
	'commitUser',
	'transactionKey',
	'sequenceNumber',
	'changeOrigin',
	'replayId',
	'channel',
	'values',
];

const summary = (items: Array<Record<string, unknown>>) =>
	items.map((i) => `${String(i.changeType)} ${(i.recordIds as string[]).join(',')}`);
const at = (ms: number) => {
	clock = ms;
};
const advance = (ms: number) => at(clock + ms);

beforeEach(async () => {
	emu = await SalesforceEmulator.start({ seed: 'none' });
	clock = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * 60 * MINUTE;
	emu.store.now = () => new Date(clock);
});

afterEach(async () => {
	await emu.close();
});

afterAll(() => {
	shutdownEngine();
});

async function activate(parameters = polling(), staticData?: Record<string, unknown>): Promise<RunningTrigger> {
	const trigger = await startTrigger({ credentials: credentialData(emu), parameters, staticData: staticData as never });
	expect(trigger.crons).toEqual(['0 * * * * *']);
	return trigger;
}

describe('Polling trigger', () => {
	it('turns creates, updates and deletes between polls into exactly one item each, nothing doubled', async () => {
		emu.store.insert('Account', { Name: 'Before activation' });
		advance(1000);
		const trigger = await activate();
		await trigger.tick();
		expect(trigger.items()).toEqual([]); // the record from before activation is not reported

		advance(1000);
		const a = emu.store.insert('Account', { Name: 'A', Industry: 'Energy' });
		advance(1000);
		const b = emu.store.insert('Account', { Name: 'B' });
		await trigger.tick();
		expect(summary(trigger.items())).toEqual([`CREATE ${a}`, `CREATE ${b}`]);
		await trigger.tick();
		expect(trigger.items()).toHaveLength(2);

		advance(1000);
		emu.store.update('Account', a, { Industry: 'Banking' });
		await trigger.tick();
		advance(1000);
		emu.store.delete('Account', b);
		await trigger.tick();
		// the deletion API reads its window to the minute: b's deletion is reported once the org's minute is over
		expect(summary(trigger.items())).toEqual([`CREATE ${a}`, `CREATE ${b}`, `UPDATE ${a}`]);
		advance(MINUTE);
		await trigger.tick();
		await trigger.tick();
		advance(MINUTE);
		await trigger.tick();
		await trigger.stop();

		expect(trigger.errors).toEqual([]);
		const items = trigger.items();
		expect(summary(items)).toEqual([`CREATE ${a}`, `CREATE ${b}`, `UPDATE ${a}`, `DELETE ${b}`]);
		for (const item of items) {
			expect(Object.keys(item)).toEqual(expect.arrayContaining(CDC_KEYS));
			expect(item.source).toBe('polling');
			expect(item.object).toBe('Account');
			expect(Date.parse(String(item.commitTimestamp))).toBeGreaterThan(0);
		}
		expect((items[0].record as any).Name).toBe('A');
		expect((items[0].record as any).Industry).toBe('Energy');
		expect(items[0].commitUser).toBe(emu.userId);
		expect((items[2].record as any).Industry).toBe('Banking');
		expect(items[2].commitTimestamp).toBe(
			new Date(Date.parse(String(emu.store.get('Account', a)!.SystemModstamp).replace('+0000', 'Z'))).toISOString(),
		);
		expect(items[3].record).toBeNull();
		expect(items[3].values).toEqual({});
		// each change went out in the poll that found it: one execution per poll with changes
		expect(trigger.batches.map((b) => b.length)).toEqual([2, 1, 1]);
	});

	it('misses nothing when two records share a SystemModstamp at the window edge', async () => {
		emu.store.insert('Account', { Name: 'Seed' });
		advance(1000);
		const trigger = await activate();
		advance(1000);
		const a = emu.store.insert('Account', { Name: 'A' });
		await trigger.tick();
		// committed later, stamped with the same instant as A (the last record of the previous window)
		const b = emu.store.insert('Account', { Name: 'B' });
		expect(emu.store.get('Account', b)!.SystemModstamp).toBe(emu.store.get('Account', a)!.SystemModstamp);
		await trigger.tick();
		await trigger.tick();
		// an update of A at that same instant is not a new change either; a later one is
		advance(1000);
		emu.store.update('Account', a, { Name: 'A2' });
		await trigger.tick();
		await trigger.stop();
		expect(summary(trigger.items())).toEqual([`CREATE ${a}`, `CREATE ${b}`, `UPDATE ${a}`]);
		const checkpoint = (trigger.savedStaticData()['node:Trigger'] as any).polling;
		expect(checkpoint.idsAtSince).toEqual([a]);
	});

	it('caps a poll without splitting one instant, and the rest follows in the next poll', async () => {
		emu.store.insert('Account', { Name: 'Seed' });
		advance(1000);
		const trigger = await activate(polling({ pollMaxRecords: 2, pollEvents: ['created', 'updated'] }));
		advance(1000);
		const same = [1, 2, 3].map((i) => emu.store.insert('Account', { Name: `Same ${i}` }));
		advance(1000);
		const later = emu.store.insert('Account', { Name: 'Later' });
		await trigger.tick();
		expect(trigger.batches.map((b) => b.length)).toEqual([3]);
		await trigger.tick();
		await trigger.tick();
		await trigger.stop();
		expect(summary(trigger.items())).toEqual([...same, later].map((id) => `CREATE ${id}`));
	});

	it('keeps the checkpoint across a stop and restart (static data), including one saved at activation', async () => {
		emu.store.insert('Account', { Name: 'Seed' });
		advance(1000);
		// first activation: no poll emits anything before the stop
		const first = await activate();
		await first.tick();
		await first.stop();
		expect(first.items()).toEqual([]);

		advance(1000);
		const a = emu.store.insert('Account', { Name: 'While stopped' });
		const second = await activate(polling(), first.savedStaticData());
		await second.tick();
		await second.stop();
		expect(summary(second.items())).toEqual([`CREATE ${a}`]);

		advance(1000);
		emu.store.update('Account', a, { Phone: '555' });
		advance(1000);
		const c = emu.store.insert('Account', { Name: 'C' });
		advance(1000);
		emu.store.delete('Account', c);
		advance(2 * MINUTE);
		const third = await activate(polling(), second.savedStaticData());
		await third.tick();
		await third.tick();
		await third.stop();
		// C was created and deleted while stopped: polling sees only its deletion; A's create is not repeated
		expect(summary(third.items())).toEqual([`UPDATE ${a}`, `DELETE ${c}`]);
		expect([first, second, third].flatMap((t) => t.errors)).toEqual([]);
	});

	it('keeps the workflow active through a failed poll and reads the same window again', async () => {
		emu.store.insert('Account', { Name: 'Seed' });
		advance(1000);
		const trigger = await activate(polling({ pollEvents: ['created'] }));
		advance(1000);
		const a = emu.store.insert('Account', { Name: 'A' });
		emu.faults.queue({
			match: /\/query/,
			status: 400,
			body: [{ errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' }],
		});
		await trigger.tick();
		expect(trigger.items()).toEqual([]);
		// n8n 2.x records the failed poll as a failed execution (the workflow stays active); n8n 1.x only logs it
		expect(trigger.errors.map((e) => e.message)).toEqual(
			trigger.savesFailedExecutions ? [expect.stringContaining('Salesforce polling of Account failed')] : [],
		);
		await trigger.tick();
		await trigger.stop();
		expect(summary(trigger.items())).toEqual([`CREATE ${a}`]);
	});

	it('shows the latest records in a manual test run', async () => {
		const ids = ['One', 'Two', 'Three'].map((Name) => {
			advance(1000);
			return emu.store.insert('Account', { Name });
		});
		advance(1000);
		emu.store.update('Account', ids[0], { Industry: 'Energy' });
		const { data, closed } = await manualTrigger({ credentials: credentialData(emu), parameters: polling() });
		await closed;
		const items = data[0].map((i) => i.json);
		expect(summary(items)).toEqual([`UPDATE ${ids[0]}`, `CREATE ${ids[2]}`, `CREATE ${ids[1]}`]);
		expect((items[0].record as any).Industry).toBe('Energy');
	});
});

describe('Emulator replication resources', () => {
	it('answers /updated and /deleted for a minute-truncated window within the last 30 days', async () => {
		const { emu: e, call } = await startEmu({ seed: 'none' });
		try {
			const t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
			let now = t0 + 5000;
			e.store.now = () => new Date(now);
			const a = e.store.insert('Account', { Name: 'A' });
			const b = e.store.insert('Account', { Name: 'B' });
			now = t0 + MINUTE + 5000;
			e.store.delete('Account', b);
			now = t0 + 3 * MINUTE + 30_000;
			const iso = (ms: number) => new Date(ms).toISOString();
			const upd = await call('GET', `/sobjects/Account/updated/?start=${iso(t0 + 30_000)}&end=${iso(now)}`);
			expect(upd.status).toBe(200);
			expect(upd.body).toEqual({ ids: [a], latestDateCovered: iso(t0 + 3 * MINUTE).replace('Z', '+0000') });
			const del = await call(
				'GET',
				`/sobjects/Account/deleted/?start=${encodeURIComponent(iso(t0).replace('Z', '+00:00'))}&end=${iso(now + 10 * MINUTE)}`,
			);
			expect(del.status).toBe(200);
			expect(del.body.deletedRecords).toEqual([{ id: b, deletedDate: iso(t0 + MINUTE + 5000).replace('Z', '+0000') }]);
			expect(del.body.latestDateCovered).toBe(iso(t0 + 3 * MINUTE).replace('Z', '+0000')); // not after the org's time
			expect(Date.parse(del.body.earliestDateAvailable.replace('+0000', 'Z'))).toBeLessThan(now - 29 * 24 * 60 * MINUTE);
			const early = await call('GET', `/sobjects/Account/deleted/?start=${iso(now - 31 * 24 * 60 * MINUTE)}&end=${iso(now)}`);
			expect(early.status).toBe(400);
			expect(early.body[0].errorCode).toBe('INVALID_REPLICATION_DATE');
			const missing = await call('GET', '/sobjects/Account/updated/');
			expect(missing.status).toBe(400);
			// a record id route still works next to them
			expect((await call('GET', `/sobjects/Account/${a}`)).body.Name).toBe('A');
		} finally {
			await e.close();
		}
	});
});
