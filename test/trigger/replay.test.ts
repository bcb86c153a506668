/**
 * Replay positions, Platform Events, gap/overflow events and enabling CDC, through n8n-core's TriggerContext.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { streamingOf, toolingOf } from '../emulator/streamingPlugin';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator } from '../helpers/workflow';
import { accountChanges, untilSubscribed } from '../helpers/streaming';
import { startTrigger } from '../helpers/trigger';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { holdMs: 250 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CH = '/data/AccountChangeEvent';

const params = (extra: INodeParameters = {}) => accountChanges(['create', 'update', 'delete', 'undelete'], extra);
const subscribed = (before: number) => untilSubscribed(emu, before, 100);

describe('replay', () => {
	it('resumes after a stop from the saved replay id, and replays all retained with "all"', async () => {
		let s = streamingOf(emu).stats.subscribes;
		const first = await startTrigger({ credentials: credentialData(emu), parameters: params() });
		await subscribed(s);
		emu.store.insert('Account', { Name: 'R1' });
		await first.waitForItems(1);
		await first.stop();
		const saved = first.savedStaticData();
		emu.store.insert('Account', { Name: 'R2' });
		emu.store.insert('Account', { Name: 'R3' });
		s = streamingOf(emu).stats.subscribes;
		const second = await startTrigger({ credentials: credentialData(emu), parameters: params(), staticData: saved });
		const items = await second.waitForItems(2);
		await second.stop();
		expect(items.map((i) => (i.values as IDataObject).Name)).toEqual(['R2', 'R3']);

		const all = await startTrigger({ credentials: credentialData(emu), parameters: params({ replay: 'all' }), staticData: saved });
		const every = await all.waitForItems(3);
		await all.stop();
		expect(every.map((i) => (i.values as IDataObject).Name).slice(0, 3)).toEqual(['R1', 'R2', 'R3']);
	});

	it('an expired stored replay id falls back as chosen and says so in the next item', async () => {
		const stale = { 'node:Trigger': { replay: { [CH]: streamingOf(emu).tip(CH)! } } };
		emu.store.insert('Account', { Name: 'Lost' });
		streamingOf(emu).purgeAll(); // 72 h later: everything published so far is gone
		emu.store.insert('Account', { Name: 'Kept' });

		const catchUp = await startTrigger({
			credentials: credentialData(emu),
			parameters: params({ expiredFallback: 'allRetained' }),
			staticData: stale,
		});
		const items = await catchUp.waitForItems(1);
		await catchUp.stop();
		expect((items[0].values as IDataObject).Name).toBe('Kept');
		expect(String(items[0].replayNotice)).toMatch(/no longer valid; replayed every retained event/);

		const s = streamingOf(emu).stats.subscribes;
		const newOnly = await startTrigger({
			credentials: credentialData(emu),
			parameters: params({ expiredFallback: 'newOnly' }),
			staticData: stale,
		});
		await subscribed(s + 1);
		emu.store.insert('Account', { Name: 'After' });
		const next = await newOnly.waitForItems(1);
		await newOnly.stop();
		expect(next.map((i) => (i.values as IDataObject).Name)).toEqual(['After']);
		expect(String(next[0].replayNotice)).toMatch(/subscribed to new events only/);

		const failing = await startTrigger({
			credentials: credentialData(emu),
			parameters: params({ expiredFallback: 'fail' }),
			staticData: stale,
		});
		for (let i = 0; i < 100 && !failing.errors.length; i++) await sleep(20);
		await failing.stop();
		expect(failing.errors[0]?.message).toMatch(/has expired/);
	});
});

describe('platform events', () => {
	it('publishes by REST and delivers on /event/<Name>__e', async () => {
		streamingOf(emu).definePlatformEvent('Low_Ink__e');
		const s = streamingOf(emu).stats.subscribes;
		const trigger = await startTrigger({
			credentials: credentialData(emu),
			parameters: { source: 'platformEvent', eventName: 'Low_Ink__e' },
		});
		await subscribed(s);
		const token = (credentialData(emu).oauthTokenData as IDataObject).access_token;
		const res = await fetch(`${emu.url}/services/data/v66.0/sobjects/Low_Ink__e/`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ Printer_Model__c: 'XZO-5' }),
		});
		expect(res.status).toBe(201);
		const body = (await res.json()) as any;
		expect(body.errors[0].statusCode).toBe('OPERATION_ENQUEUED');
		const items = await trigger.waitForItems(1);
		await trigger.stop();
		expect(items[0]).toMatchObject({ source: 'platformEvent', eventType: 'Low_Ink__e', eventUuid: body.errors[0].message });
		expect((items[0].values as IDataObject).Printer_Model__c).toBe('XZO-5');
	});
});

describe('gap and overflow events', () => {
	it('fetches the records a gap event names and flags an overflow as a resync', async () => {
		const s = streamingOf(emu).stats.subscribes;
		const trigger = await startTrigger({ credentials: credentialData(emu), parameters: params() });
		await subscribed(s);
		const id = emu.store.insert('Account', { Name: 'Gappy', Industry: 'Energy' });
		streamingOf(emu).injectGap('Account', [id], 'GAP_UPDATE');
		streamingOf(emu).injectOverflow('Account');
		const items = await trigger.waitForItems(3);
		await trigger.stop();
		expect(items[1]).toMatchObject({ changeType: 'UPDATE', gap: true, originalChangeType: 'GAP_UPDATE' });
		expect((items[1].record as IDataObject).Industry).toBe('Energy');
		expect(items[2]).toMatchObject({ changeType: 'GAP_OVERFLOW', resyncRequired: true, object: 'Account' });
	});
});

describe('enable CDC on activation', () => {
	it('selects the objects through Tooling on activation and keeps them when the trigger closes; the action node lists and removes them', async () => {
		const tooling = toolingOf(emu);
		const s = streamingOf(emu).stats.subscribes;
		const trigger = await startTrigger({
			credentials: credentialData(emu),
			parameters: params({ objects: ['Account', 'Contact'], enableCdc: true }),
		});
		await subscribed(s);
		expect(
			tooling
				.members()
				.map((m) => m.SelectedEntity)
				.sort(),
		).toEqual(['AccountChangeEvent', 'ContactChangeEvent']);
		await trigger.stop();
		// closeFunction runs on every n8n shutdown: the selection must survive it
		expect(
			tooling
				.members()
				.map((m) => m.SelectedEntity)
				.sort(),
		).toEqual(['AccountChangeEvent', 'ContactChangeEvent']);

		const listed = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [salesforceNode({ resource: 'changeDataCapture', operation: 'listSelection' })],
		});
		expect(listed.error).toBeUndefined();
		expect(
			listed
				.output('Salesforce')
				.map((o) => o.json.object)
				.sort(),
		).toEqual(['Account', 'Contact']);

		const bad = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [salesforceNode({ resource: 'changeDataCapture', operation: 'removeSelection', cdcObjects: "Account, Contact'--" })],
		});
		expect(bad.error?.message).toMatch(/"Contact'--" in "Objects" is not an object API name/);
		expect(tooling.members()).toHaveLength(2); // checked before any call

		const removed = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [salesforceNode({ resource: 'changeDataCapture', operation: 'removeSelection', cdcObjects: 'Account, Contact, Lead' })],
		});
		expect(removed.error).toBeUndefined();
		expect(removed.output('Salesforce').map((o) => [o.json.object, o.json.removed])).toEqual([
			['Account', true],
			['Contact', true],
			['Lead', false],
		]);
		expect(tooling.members()).toEqual([]);
	});

	it('fails activation with a clear error when the entity allowance is used up', async () => {
		const tooling = toolingOf(emu);
		tooling.configure({ maxEntities: 1 });
		await expect(
			startTrigger({ credentials: credentialData(emu), parameters: params({ objects: ['Account', 'Contact'], enableCdc: true }) }),
		).rejects.toThrow(/LIMIT_EXCEEDED/);
		expect(tooling.members()).toEqual([]); // the slot taken for Account was given back
		tooling.configure({ maxEntities: 5 });
	});
});
