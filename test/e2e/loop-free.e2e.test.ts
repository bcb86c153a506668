/**
 * Loop-free CDC triggers in a real n8n 2.41 (`n8n start`, the pack installed as a community package, workflows
 * activated through n8n's public API) against the emulator: a workflow "Account updated → Salesforce CRM: update
 * that Account" triggers itself through its own write unless "Ignore Changes Made By" drops the pack's writes.
 * The external change is made in the emulator as another user with another change origin, as a person's edit.
 */

import { CALL_OPTIONS_CLIENT } from '../../nodes/shared/transport/client';
import { SalesforceEmulator } from '../emulator';
import { streamingOf, toolingOf } from '../emulator/streamingPlugin';
import { delay, N8n, nodeOutput, PACKAGE_NAME } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME, emulatorCredential } from './stack';

const LOOPING = 'loopFreeOff0001';
const GUARDED = 'loopFreeOn00001';
const CHANNEL = 'loopFreeChan001';
const EXTERNAL_ORIGIN = 'com/salesforce/api/soap/66.0;client=SfdcInternalAPI/';

let emu: SalesforceEmulator;
let n8n: N8n;
let otherUser: string;
const streaming = () => streamingOf(emu);

/** CDC trigger on Account updates → Salesforce CRM Update of the same Account (a field the trigger reacts to). */
function writeBackWorkflow(id: string, trigger: Record<string, unknown>) {
	const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
	return {
		id,
		name: `Loop-free ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Trigger: { main: [[{ node: 'Write back', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: `${id}-t`,
				name: 'Trigger',
				type: `${PACKAGE_NAME}.salesforceCrmTrigger`,
				typeVersion: 1,
				position: [0, 0],
				credentials,
				parameters: { source: 'changeDataCapture', scope: 'selected', objects: ['Account'], changeTypes: ['update'], ...trigger },
			},
			{
				id: `${id}-w`,
				name: 'Write back',
				type: `${PACKAGE_NAME}.salesforceCrm`,
				typeVersion: 1,
				position: [220, 0],
				credentials,
				parameters: {
					resource: 'account',
					operation: 'update',
					recordId: { __rl: true, mode: 'id', value: '={{ $json.recordIds[0] }}' },
					fields: {
						mappingMode: 'defineBelow',
						value: { Description: '=Checked by n8n at {{ $now.toMillis() }}' },
						matchingColumns: [],
						schema: [
							{
								id: 'Description',
								displayName: 'Description',
								required: false,
								defaultMatch: false,
								display: true,
								type: 'string',
								canBeUsedToMatch: false,
							},
						],
					},
				},
			},
		],
	};
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n.tail(30)}`);
		await delay(250);
	}
}

async function activate(id: string) {
	const subscribes = streaming().stats.subscribes;
	const connects = streaming().stats.connects;
	expect((await n8n.activate(id)).active).toBe(true);
	await waitFor('a CometD subscription', async () => streaming().stats.subscribes > subscribes);
	await waitFor('the trigger to hold a connect', async () => streaming().stats.connects > connects);
}

const finished = (list: any[]) => list.every((e) => e.finished || e.status === 'error');

/** A person's edit: another user, another origin than the pack's. */
function externalEdit(id: string, name: string) {
	emu.store.update('Account', id, { Name: name }, { userId: otherUser, changeOrigin: EXTERNAL_ORIGIN });
}

const packEvents = () =>
	streaming()
		.events('/data/AccountChangeEvent')
		.filter((e) => String(e.payload.ChangeEventHeader.changeOrigin).includes(`client=${CALL_OPTIONS_CLIENT}`)).length;

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'none' });
	streaming().configure({ holdMs: 5000 });
	otherUser = emu.store.insert(
		'User',
		{ Username: 'person@example.com', LastName: 'Person', Alias: 'pers', Email: 'person@example.com' },
		{ system: true },
	);
	n8n = await N8n.prepare();
	await n8n.importCredentials([emulatorCredential(emu)]);
	toolingOf(emu).channels.define('Deals__chn', 'Deals');
	const member = {
		FullName: 'Deals_chn_AccountChangeEvent',
		Metadata: { eventChannel: 'Deals__chn', selectedEntity: 'AccountChangeEvent' },
	};
	expect(toolingOf(emu).handle('POST', '/sobjects/PlatformEventChannelMember', new URLSearchParams(), JSON.stringify(member)).status).toBe(
		201,
	);
	const channelWorkflow = writeBackWorkflow(CHANNEL, {
		scope: 'channel',
		channelName: 'Deals__chn',
		changeTypes: ['create'],
		channelFilters: { filter: [{ object: 'Account', expression: "Industry = 'Banking'" }] },
	});
	channelWorkflow.nodes[1] = {
		id: `${CHANNEL}-n`,
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [220, 0],
		parameters: {},
	} as never;
	channelWorkflow.connections = { Trigger: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } };
	await n8n.importWorkflows([
		writeBackWorkflow(LOOPING, {}),
		writeBackWorkflow(GUARDED, { ignoreChanges: ['packWrites'] }),
		channelWorkflow,
	]);
	await n8n.startWithOwner({ apiKey: true });
}, 300_000);

afterAll(async () => {
	await n8n?.dispose();
	await emu?.close();
});

/** how long the unguarded workflow took to run 3 times after one external edit (measured in the first test) */
let threeRunsMs = 0;

test('without the option, the write-back workflow triggers itself: one external edit → a loop (≥ 3 executions)', async () => {
	const id = emu.store.insert('Account', { Name: 'Loop Co' });
	await activate(LOOPING);
	const started = Date.now();
	externalEdit(id, 'Loop Co (edited)');
	const runs = await n8n.waitForExecutions(LOOPING, (list) => list.length >= 3, 120_000);
	threeRunsMs = Date.now() - started;
	expect(runs.length).toBeGreaterThanOrEqual(3);
	await n8n.deactivate(LOOPING);
	await waitFor('the CometD session to end', async () => streaming().sessionCount() === 0, 60_000);
	await waitFor('the last run to end', async () => finished(await n8n.executions(LOOPING, { includeData: false })), 60_000);
	const all = await n8n.executions(LOOPING);
	// the runs after the first were started by the workflow's own writes
	const origins = all.map((e) => nodeOutput(e, 'Trigger')[0]?.changeOrigin);
	expect(origins.filter((o) => o === `client=${CALL_OPTIONS_CLIENT}`).length).toBeGreaterThanOrEqual(2);
	expect(origins).toContain(EXTERNAL_ORIGIN);
	process.stderr.write(`[loop-free] without the option: ${all.length} executions from 1 external edit; 3 runs after ${threeRunsMs} ms\n`);
});

test('with "This Pack\'s Writes", one external edit → exactly 1 execution; the pack\'s own write is ignored and counted on the next item', async () => {
	expect(threeRunsMs).toBeGreaterThan(0);
	const id = emu.store.insert('Account', { Name: 'Calm Co' });
	await activate(GUARDED);
	const packBefore = packEvents();
	externalEdit(id, 'Calm Co (edited)');
	await n8n.waitForExecutions(GUARDED, (list) => list.length >= 1 && finished(list), 120_000);
	// the run wrote back, and Salesforce published that write's change event (the one that loops above)
	await waitFor('the write-back change event', async () => packEvents() > packBefore);
	expect(String(emu.store.get('Account', id)?.Description)).toMatch(/^Checked by n8n at \d+$/);
	// wait 3 × as long as the unguarded loop took for 3 runs (at least 15 s): a loop would have shown ≥ 3 runs
	const waitMs = Math.max(15_000, 3 * threeRunsMs);
	await delay(waitMs);
	const runs = await n8n.executions(GUARDED);
	expect(runs).toHaveLength(1);
	expect(runs[0].status).toBe('success');
	expect(nodeOutput(runs[0], 'Trigger')[0]).toMatchObject({
		changeType: 'UPDATE',
		recordIds: [id],
		commitUser: otherUser,
		changeOrigin: EXTERNAL_ORIGIN,
	});
	expect(nodeOutput(runs[0], 'Trigger')[0].ignoredSinceLastItem).toBeUndefined();

	// the next external edit: a second run, whose item counts the write-back change ignored in between
	externalEdit(id, 'Calm Co (edited twice)');
	const two = await n8n.waitForExecutions(GUARDED, (list) => list.length >= 2 && finished(list), 120_000);
	await delay(Math.max(5_000, threeRunsMs));
	expect(await n8n.executions(GUARDED, { includeData: false })).toHaveLength(2);
	const newest = nodeOutput(two[0], 'Trigger')[0];
	expect(newest).toMatchObject({ commitUser: otherUser, values: { Name: 'Calm Co (edited twice)' } });
	expect(newest.ignoredSinceLastItem).toBe(1);
	await n8n.deactivate(GUARDED);
	await waitFor('the CometD session to end', async () => streaming().sessionCount() === 0, 60_000);
	process.stderr.write(`[loop-free] with This Pack's Writes: 1 execution per external edit after waiting ${waitMs} ms\n`);
});

test('a custom channel (/data/Deals__chn) with a member filter set on activation: only the matching member change runs the workflow', async () => {
	await activate(CHANNEL);
	const member = toolingOf(emu)
		.members()
		.find((m) => m.EventChannel === 'Deals__chn');
	expect(member?.FilterExpression).toBe("Industry = 'Banking'");
	emu.store.insert('Account', { Name: 'Power Co', Industry: 'Energy' }); // filtered out by the member filter
	emu.store.insert('Lead', { LastName: 'Lee', Company: 'Lee Ltd' }); // not a member of the channel
	const bank = emu.store.insert('Account', { Name: 'Bank Co', Industry: 'Banking' });
	await n8n.waitForExecutions(CHANNEL, (list) => list.length >= 1 && finished(list), 120_000);
	await delay(3000);
	const runs = await n8n.executions(CHANNEL);
	expect(runs).toHaveLength(1);
	expect(nodeOutput(runs[0], 'Trigger')).toHaveLength(1);
	expect(nodeOutput(runs[0], 'Trigger')[0]).toMatchObject({
		channel: '/data/Deals__chn',
		object: 'Account',
		changeType: 'CREATE',
		recordIds: [bank],
	});
	await n8n.deactivate(CHANNEL);
});
