/**
 * Outbound Message de-duplication under concurrent deliveries, in the engine harness that loads and saves the
 * workflow's static data per request as n8n does (test/helpers/trigger.ts): first the race the harness shows with a
 * static-data-only window, then the node's per-process window in both Ack modes, a failed run while its
 * redelivery waits, and a process that only has the saved static data (a restart).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { sendOutboundMessage, type DeliveryResult } from '../emulator/outbound';
import { credentialData, registerNodeType } from '../helpers/engine';
import { testNodeDescription } from '../helpers/nodes/description';
import { startWebhook, type RunningWebhook, type WebhookServerOptions } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator(
	(started) => {
		emu = started;
		registerNodeType('test.staticDataDedupe', new StaticDataDedupe());
		registerNodeType('test.slowStep', new SlowStep());
	},
	{ plugins: [] },
);

/** Holds each request until `size` requests are in webhook() (deliveries that overlap in time), then lets all go. */
const barrier = { size: 1, waiting: [] as Array<() => void> };
async function overlap(): Promise<void> {
	await new Promise<void>((resolve) => {
		barrier.waiting.push(resolve);
		if (barrier.waiting.length >= barrier.size) for (const go of barrier.waiting.splice(0)) go();
	});
}

/** The de-duplication the node had before: a `seen` map in workflow static data, read, changed and written back. */
class StaticDataDedupe implements INodeType {
	description = testNodeDescription('Static Data Dedupe', 'staticDataDedupe', 'Drops notification ids already in static data', {
		group: ['trigger'],
		inputs: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'salesforce-outbound-message' }],
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		await overlap();
		const xml = (this.getRequestObject() as unknown as { rawBody: Buffer }).rawBody.toString('utf8');
		const ids = [...xml.matchAll(/<Notification><Id>(\w+)<\/Id>/g)].map((m) => m[1]);
		const data = this.getWorkflowStaticData('node');
		const seen = { ...((data.seen ?? {}) as IDataObject) };
		const fresh = ids.filter((id) => seen[id] === undefined);
		for (const id of fresh) seen[id] = Date.now();
		data.seen = seen;
		const res = this.getResponseObject();
		res.writeHead(200, { 'content-type': 'text/xml' });
		res.end('<Envelope><Body><notificationsResponse><Ack>true</Ack></notificationsResponse></Body></Envelope>');
		return fresh.length
			? { noWebhookResponse: true, workflowData: [fresh.map((notificationId) => ({ json: { notificationId } }))] }
			: { noWebhookResponse: true };
	}
}

/** Takes 200 ms (a slow downstream system); fails while an item's record id is in `failFor`. */
const failFor = new Set<string>();
class SlowStep implements INodeType {
	description = testNodeDescription('Slow Step', 'slowStep', 'Waits, then passes items on');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await new Promise((r) => setTimeout(r, 200));
		const items = this.getInputData();
		if (items.some((i) => failFor.has(String(i.json.recordId)))) throw new Error('downstream system unavailable');
		return [items.map((item, i) => ({ ...item, pairedItem: { item: i } }))];
	}
}

const account = (i: number) => ({ Id: `001000000000${String(i).padStart(3, '0')}AAA`, Name: `Account ${i}` });
/** 25 messages × 4 notifications (or `count` × `per`). */
const batch = (count = 25, per = 4) => Array.from({ length: count }, (_, m) => Array.from({ length: per }, (_, j) => account(m * per + j)));

async function deliverAll(
	w: RunningWebhook,
	messages: Array<Array<{ Id: string; Name: string }>>,
	ids?: string[][],
): Promise<DeliveryResult[]> {
	return await Promise.all(
		messages.map((records, i) =>
			sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records,
				maxAttempts: 1,
				...(ids ? { notificationIds: ids[i] } : {}),
			}),
		),
	);
}

async function settle(w: RunningWebhook, runs: number): Promise<void> {
	for (let i = 0; i < 500 && w.executions.length < runs; i++) await new Promise((r) => setTimeout(r, 20));
	await new Promise((r) => setTimeout(r, 300));
}

const runsOf = (w: RunningWebhook) => {
	const runs = new Map<string, number>();
	for (const e of w.executions)
		for (const item of e.items) runs.set(String(item.notificationId), (runs.get(String(item.notificationId)) ?? 0) + 1);
	return runs;
};

async function withWebhook(options: Partial<WebhookServerOptions>, fn: (w: RunningWebhook) => Promise<void>) {
	const w = await startWebhook({ credentials: credentialData(emu), parameters: {}, ...options });
	try {
		await fn(w);
	} finally {
		await w.close();
	}
}

test("the harness shows the race: with a static-data-only window, concurrent deliveries erase each other's entries and redeliveries run again", async () => {
	await withWebhook({ type: 'test.staticDataDedupe', typeVersion: 1, workflowId: 'race' }, async (w) => {
		barrier.size = 10;
		const messages = batch(10, 1);
		const first = await deliverAll(w, messages);
		// every request saved its own copy of the static data: the last save wins
		await new Promise((r) => setTimeout(r, 200)); // the last save
		expect(Object.keys((w.savedStaticData()['node:Trigger'] as IDataObject).seen as IDataObject)).toHaveLength(1);
		await deliverAll(
			w,
			messages,
			first.map((r) => r.notificationIds),
		);
		// the node decides before it answers: a `true` is a redelivery that started a run
		const ranAgain = w.decisions.slice(10).filter(Boolean).length;
		// each request saved only its own entry: 9 of the 10 redeliveries ran again (as issue #12 saw in n8n 2.41)
		expect(ranAgain).toBe(9);
	});
});

describe.each([['atOnce'], ['afterSuccess']])('Acknowledge %s', (acknowledge) => {
	test('25 messages × 4 notifications concurrently, then all redelivered concurrently: each runs once, all acknowledged', async () => {
		await withWebhook({ parameters: { acknowledge }, workflowId: `batch-${acknowledge}` }, async (w) => {
			const messages = batch();
			const first = await deliverAll(w, messages);
			await settle(w, 25);
			const again = await deliverAll(
				w,
				messages,
				first.map((r) => r.notificationIds),
			);
			await settle(w, 25);
			expect([...first, ...again].every((r) => r.acked && r.attempts.length === 1)).toBe(true);
			expect(w.decisions.filter(Boolean)).toHaveLength(25);
			const runs = runsOf(w);
			expect(runs.size).toBe(100);
			expect([...runs.values()].every((n) => n === 1)).toBe(true);
		});
	});
});

test('after success: both copies of 25 messages at the same moment, a slow run: each notification runs once, all 50 acknowledged', async () => {
	await withWebhook(
		{ parameters: { acknowledge: 'afterSuccess' }, workflowId: 'overlap', downstream: [{ name: 'Slow Step', type: 'test.slowStep' }] },
		async (w) => {
			const messages = batch();
			const ids = messages.map((records, m) => records.map((_, j) => `04l${String(m).padStart(3, '0')}00000000${j}AAA`));
			const both = await deliverAll(w, [...messages, ...messages], [...ids, ...ids]);
			expect(both.every((r) => r.acked)).toBe(true);
			expect(w.executions).toHaveLength(25);
			expect([...runsOf(w).values()]).toEqual(Array.from({ length: 100 }, () => 1));
		},
	);
});

test('after success: a redelivery that arrives while the first run fails waits for it, then runs the notification itself and is acknowledged', async () => {
	await withWebhook(
		{ parameters: { acknowledge: 'afterSuccess' }, workflowId: 'fail-wait', downstream: [{ name: 'Slow Step', type: 'test.slowStep' }] },
		async (w) => {
			const records = [account(900)];
			failFor.add(records[0].Id);
			const notificationIds = ['04l900000000000AAA'];
			const first = sendOutboundMessage({ url: w.url, orgId: emu.orgId, sobjectType: 'Account', records, notificationIds, maxAttempts: 1 });
			await new Promise((r) => setTimeout(r, 50)); // the first run is under way
			const second = sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records,
				notificationIds,
				maxAttempts: 1,
			});
			const failed = await first;
			failFor.delete(records[0].Id);
			const retried = await second;
			expect(failed.attempts[0].status).toBe(500);
			expect(failed.attempts[0].body).toContain('<soapenv:Fault>');
			expect(retried.acked).toBe(true);
			expect(w.executions.map((e) => e.error)).toEqual(['downstream system unavailable', undefined]);
			const third = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records,
				notificationIds,
				maxAttempts: 1,
			});
			expect(third.acked).toBe(true);
			expect(w.executions).toHaveLength(2);
		},
	);
});

test('a process that only has the saved static data (n8n restarted) still drops the newest notifications it ran', async () => {
	let saved: IDataObject = {};
	const first: DeliveryResult[] = [];
	await withWebhook({ parameters: { acknowledge: 'atOnce' }, workflowId: 'before-restart' }, async (w) => {
		for (const records of batch(5, 2))
			first.push(await sendOutboundMessage({ url: w.url, orgId: emu.orgId, sobjectType: 'Account', records, maxAttempts: 1 }));
		await settle(w, 5);
		saved = w.savedStaticData();
	});
	expect(Object.keys((saved['node:Trigger'] as IDataObject).seen as IDataObject)).toHaveLength(10);
	await withWebhook({ parameters: { acknowledge: 'atOnce' }, workflowId: 'after-restart', staticData: saved }, async (w) => {
		const again = await deliverAll(
			w,
			batch(5, 2),
			first.map((r) => r.notificationIds),
		);
		expect(again.every((r) => r.acked)).toBe(true);
		expect(w.decisions).toEqual([false, false, false, false, false]);
	});
});
