/**
 * Commit Position through n8n-core's TriggerContext with the harness's n8n-like persistence (static data saved at
 * emit only; the done promise settled when the run ends; crash() = SIGKILL): what each mode delivers after a crash,
 * after a graceful stop, and with a run that keeps failing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { credentialData } from '../helpers/engine';
import { accountChanges, startSubscribed } from '../helpers/streaming';
import type { TriggerRunOptions } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { holdMs: 250 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const params = (extra: INodeParameters = {}) => accountChanges(['create'], extra);
const start = (options: Omit<TriggerRunOptions, 'credentials'>) =>
	startSubscribed(emu, { credentials: credentialData(emu), ...options }, 200);

const names = (items: IDataObject[]) => items.map((i) => (i.values as IDataObject).Name as string);

async function until(what: string, probe: () => boolean, ms = 20_000) {
	const deadline = Date.now() + ms;
	while (!probe()) {
		if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
		await sleep(20);
	}
}

describe('Commit Position', () => {
	it('After the Execution Finishes: a crash during a run delivers that run again (0 lost); a graceful stop repeats nothing', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const first = await start({ parameters: params(), onRun: async (items) => (names(items).includes('B1') ? await gate : undefined) });
		emu.store.insert('Account', { Name: 'A1' });
		await first.waitForItems(1);
		await until('A1 committed', () => first.inFlight() === 0);
		emu.store.insert('Account', { Name: 'B1' });
		await first.waitForItems(2);
		expect(first.inFlight()).toBe(1); // B1's run has not finished
		await first.crash();
		release();
		// restart from what n8n saved: B1 comes again, A1 does not
		const second = await start({ parameters: params(), staticData: first.savedStaticData() });
		const again = await second.waitForItems(1);
		expect(names(again)).toEqual(['B1']);
		expect(again[0].replayId).toBe(first.items()[1].replayId);
		expect(typeof again[0].transactionKey).toBe('string');
		await until('B1 committed', () => second.inFlight() === 0);
		// graceful stop (SIGTERM, deactivation): the last position is saved on close → nothing again
		await second.stop();
		emu.store.insert('Account', { Name: 'C1' });
		const third = await start({ parameters: params(), staticData: second.savedStaticData() });
		expect(names(await third.waitForItems(1))).toEqual(['C1']);
		await sleep(500);
		await third.stop();
		expect(names(third.items())).toEqual(['C1']);
	});

	it('On Receipt: at most once, a crash loses the run in flight', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const first = await start({ parameters: params({ commitPosition: 'onReceipt' }), onRun: async () => await gate });
		emu.store.insert('Account', { Name: 'R1' });
		await first.waitForItems(1);
		emu.store.insert('Account', { Name: 'R2' });
		await first.waitForItems(2);
		await first.crash();
		release();
		emu.store.insert('Account', { Name: 'R3' });
		const second = await start({ parameters: params({ commitPosition: 'onReceipt' }), staticData: first.savedStaticData() });
		await second.waitForItems(1);
		await sleep(500);
		await second.stop();
		// R2 was saved as received when it was emitted: after the crash it does not come again
		expect(names(second.items())).toEqual(['R3']);
	});

	it('After It Succeeds: a failing delivery comes again from the last committed position, then is skipped after 3 attempts and reported', async () => {
		const runs: string[][] = [];
		const trigger = await start({
			parameters: params({ commitPosition: 'afterSuccess', maxAttempts: 3 }),
			onRun: (items) => {
				runs.push(names(items));
				if (names(items).includes('Poison')) throw new Error('the workflow failed on Poison');
			},
		});
		emu.store.insert('Account', { Name: 'Good 1' });
		await trigger.waitForItems(1);
		await until('Good 1 committed', () => trigger.inFlight() === 0);
		emu.store.insert('Account', { Name: 'Poison' });
		// attempt 1, then (after a backoff of 0.5–1 s, then 1–2 s) attempts 2 and 3
		await trigger.waitForItems(4, 30_000);
		emu.store.insert('Account', { Name: 'Good 2' });
		const items = await trigger.waitForItems(5, 30_000);
		await trigger.stop();
		expect(runs.slice(0, 4)).toEqual([['Good 1'], ['Poison'], ['Poison'], ['Poison']]);
		const next = items[4];
		expect((next.values as IDataObject).Name).toBe('Good 2');
		expect(next.skippedAfterFailures).toEqual([
			expect.objectContaining({
				channel: '/data/AccountChangeEvent',
				fromReplayId: items[1].replayId,
				events: 1,
				attempts: 3,
				lastError: 'execution error',
			}),
		]);
		expect(trigger.errors).toEqual([]);
		// what it keeps is small: the positions, no failing delivery left, the report handed out
		const state = trigger.workflow.staticData['node:Trigger'] as IDataObject;
		expect(state.failing).toBeUndefined();
		expect(state.skipped).toEqual([]);
		expect(JSON.stringify(state).length).toBeLessThan(300);
	}, 60_000);
});
