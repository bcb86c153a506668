/**
 * The Salesforce CRM Trigger (Change Data Capture) activated through n8n-core's TriggerContext against the
 * emulator's CometD endpoint: writes in the org become items.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { credentialData } from '../helpers/engine';
import { accountChanges } from '../helpers/streaming';
import { startTrigger, manualTrigger } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { holdMs: 300 });

const cdc = (extra: INodeParameters = {}) => accountChanges(['create', 'update', 'delete', 'undelete'], extra);

/** Waits until a subscribe beyond `before` (the count taken before starting the trigger) has reached the server. */
async function waitForSubscribe(before: number) {
	const s = streamingOf(emu);
	for (let i = 0; i < 1500 && s.stats.subscribes <= before; i++) await new Promise((r) => setTimeout(r, 20));
	if (s.stats.subscribes <= before) throw new Error('the trigger never subscribed');
}

describe('CDC trigger', () => {
	it('turns create, update, delete and undelete into items with the change header', async () => {
		const before = streamingOf(emu).stats.subscribes;
		const trigger = await startTrigger({ credentials: credentialData(emu), parameters: cdc() });
		for (let i = 0; i < 1500 && streamingOf(emu).stats.subscribes === before; i++) await new Promise((r) => setTimeout(r, 20));
		const id = emu.store.insert('Account', { Name: 'Acme', Industry: 'Energy' });
		emu.store.update('Account', id, { Industry: 'Banking' });
		emu.store.delete('Account', id);
		emu.store.undelete('Account', id);
		const items = await trigger.waitForItems(4);
		await trigger.stop();
		expect(trigger.errors).toEqual([]);
		expect(items.map((i) => i.changeType)).toEqual(['CREATE', 'UPDATE', 'DELETE', 'UNDELETE']);
		for (const item of items) {
			expect(item.object).toBe('Account');
			expect(item.recordIds).toEqual([id]);
			expect(item.channel).toBe('/data/AccountChangeEvent');
			expect(typeof item.replayId).toBe('number');
			expect(typeof item.transactionKey).toBe('string');
			expect(item.commitUser).toBe(emu.userId);
			expect(Date.parse(String(item.commitTimestamp))).toBeGreaterThan(0);
		}
		expect((items[0].values as any).Name).toBe('Acme');
		expect(items[1].changedFields).toContain('Industry');
		expect((items[1].values as any).Industry).toBe('Banking');
		expect(items[2].values).toEqual({});
		// the replay position is saved with the emit
		expect((trigger.savedStaticData()['node:Trigger'] as any).replay['/data/AccountChangeEvent']).toBe(items[3].replayId);
		// and the session ended with /meta/disconnect
		expect(streamingOf(emu).stats.disconnects).toBeGreaterThan(0);
	});

	it('filters by change type and watched fields, and fetches the full records in one batched read', async () => {
		const subscribed = streamingOf(emu).stats.subscribes;
		const trigger = await startTrigger({
			credentials: credentialData(emu),
			parameters: cdc({ changeTypes: ['update'], onlyFields: 'Industry', includeFullRecord: true }),
		});
		await waitForSubscribe(subscribed);
		await new Promise((r) => setTimeout(r, 200));
		// Counters start before the changes, so every read their delivery causes is counted.
		emu.resetCounters();
		const a = emu.store.insert('Account', { Name: 'A' });
		const b = emu.store.insert('Account', { Name: 'B' });
		emu.store.update('Account', a, { Name: 'A2' });
		emu.store.update('Account', a, { Industry: 'Energy' });
		emu.store.update('Account', b, { Industry: 'Retail' });
		const items = await trigger.waitForItems(2);
		await trigger.stop();
		expect(items.map((i) => i.recordIds)).toEqual([[a], [b]]);
		expect((items[0].record as any).Industry).toBe('Energy');
		expect((items[1].record as any).Name).toBe('B');
		// The five changes arrive in one delivery; both records are read in one call, by id.
		expect(emu.requests.filter((r) => r.endpoint === 'POST /composite/sobjects/Account')).toHaveLength(1);
	});

	it('runs in manual test mode and disconnects cleanly', async () => {
		const subscribed = streamingOf(emu).stats.subscribes;
		const pending = manualTrigger({ credentials: credentialData(emu), parameters: cdc() });
		await waitForSubscribe(subscribed);
		await new Promise((r) => setTimeout(r, 100));
		const sessionsBefore = streamingOf(emu).sessionCount();
		emu.store.insert('Account', { Name: 'Manual' });
		const { data, closed } = await pending;
		await closed;
		expect(data[0][0].json.changeType).toBe('CREATE');
		expect(sessionsBefore).toBeGreaterThan(0);
		expect(streamingOf(emu).sessionCount()).toBe(0);
	});

	it('a field deleted in Salesforce after the describe: the full-record read describes again instead of failing', async () => {
		const subscribed = streamingOf(emu).stats.subscribes;
		const def = emu.schema.get('Account')!;
		const field = { ...def.fields.find((f) => f.name === 'Industry')! };
		const trigger = await startTrigger({
			credentials: credentialData(emu),
			parameters: cdc({ changeTypes: ['create'], includeFullRecord: true }),
		});
		await waitForSubscribe(subscribed);
		emu.store.insert('Account', { Name: 'Before', Industry: 'Energy' });
		await trigger.waitForItems(1);
		// the field is deleted in the org: the cached describe still names it
		def.fields = def.fields.filter((f) => f.name !== 'Industry');
		def.byLower.delete('industry');
		try {
			emu.store.insert('Account', { Name: 'After' });
			const items = await trigger.waitForItems(2);
			expect((items[0].record as any).Industry).toBe('Energy');
			expect(items[1].recordError).toBeUndefined();
			expect((items[1].record as any).Name).toBe('After');
			expect(items[1].record).not.toHaveProperty('Industry');
		} finally {
			await trigger.stop();
			def.fields.push(field);
			def.byLower.set('industry', field as never);
		}
	});
});
