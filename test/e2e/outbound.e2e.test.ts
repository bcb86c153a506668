/**
 * Outbound Message delivery in a real n8n 2.41 (`n8n start`, the pack installed as a community package, workflows
 * published, SOAP posted to the production webhook URL): concurrent deliveries and redeliveries run each
 * notification once, every message is acknowledged, the two Ack modes behave as the README says, forged or
 * malformed requests run nothing, and the shipped example gets a fresh webhook id from n8n.
 */

import { SalesforceEmulator } from '../emulator';
import { sendOutboundMessage, type DeliveryResult } from '../emulator/outbound';
import { delay, N8n } from './n8n';
import { emulatorCredential, example } from './stack';
import { deliverAll, OM_TYPE, omWorkflow, runsPerNotification, waitRegistered, webhookUrl, type Message } from './outbound';

let emu: SalesforceEmulator;
let n8n: N8n;
const WF = {
	atOnce: { id: 'omE2eAtOnce001', webhookId: 'a1c0ffee-0000-4000-8000-000000000001', parameters: { acknowledge: 'atOnce' } },
	afterSuccess: { id: 'omE2eAfter0001', webhookId: 'a1c0ffee-0000-4000-8000-000000000002', parameters: {} }, // the default
	overlap: { id: 'omE2eOverlap01', webhookId: 'a1c0ffee-0000-4000-8000-000000000003', parameters: { acknowledge: 'afterSuccess' } },
};
const ACK = /<(\w+:)?Ack>true<\/(\w+:)?Ack>/;
let accounts: string[];

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'none' });
	// n8n answers every request (webhooks too) with 503 "Database is not ready!" while its SQLite ping is slower than
	// DB_PING_TIMEOUT_MS; on a loaded 2-core CI machine with 50 runs saving at once it can be: give the ping time
	n8n = await N8n.prepare({ env: { DB_PING_TIMEOUT_MS: '60000' } });
	await n8n.importCredentials([emulatorCredential(emu)]);
	accounts = Array.from({ length: 100 }, (_, i) => emu.store.insert('Account', { Name: `Outbound ${i}` }));
	await n8n.importWorkflows(Object.values(WF).map(omWorkflow));
	await n8n.startWithOwner({ apiKey: true });
	for (const wf of Object.values(WF)) {
		await n8n.activate(wf.id);
		await waitRegistered(webhookUrl(n8n, wf.webhookId));
	}
}, 300_000);

afterAll(async () => {
	await n8n?.dispose();
	await emu?.close();
});

/** 25 messages of 4 notifications each, on the 100 accounts. */
const batch = (): Message[] => Array.from({ length: 25 }, (_, m) => ({ accounts: accounts.slice(m * 4, m * 4 + 4) }));
const redeliveries = (messages: Message[], first: DeliveryResult[]) =>
	messages.map((m, i) => ({ ...m, notificationIds: first[i].notificationIds }));

function expectAllAcked(results: DeliveryResult[]) {
	expect(results.map((r) => r.attempts[0].status)).toEqual(results.map(() => 200));
	expect(results.filter((r) => r.acked && ACK.test(r.attempts[0].body))).toHaveLength(results.length);
}

function expectEachRunOnce(runs: Map<string, number>, results: DeliveryResult[]) {
	const sent = [...new Set(results.flatMap((r) => r.notificationIds))];
	expect(sent).toHaveLength(100);
	expect(sent.map((id) => runs.get(id) ?? 0)).toEqual(sent.map(() => 1));
	expect([...runs.values()].reduce((a, b) => a + b, 0)).toBe(100);
}

test('Acknowledge At Once: 25 messages × 4 notifications concurrently, then all redelivered concurrently: each notification runs once, every delivery gets the Ack', async () => {
	const url = webhookUrl(n8n, WF.atOnce.webhookId);
	const messages = batch();
	const first = await deliverAll(url, emu.orgId, messages);
	expectAllAcked(first);
	await n8n.waitForExecutions(WF.atOnce.id, (list) => list.length === 25 && list.every((e) => e.finished), 120_000);
	const again = await deliverAll(url, emu.orgId, redeliveries(messages, first));
	expectAllAcked(again);
	// the Ack is sent before the run starts: a run a redelivery had started would be listed within this pause
	await delay(5_000);
	expect(await n8n.executions(WF.atOnce.id)).toHaveLength(25);
	expectEachRunOnce(await runsPerNotification(n8n, WF.atOnce.id), first);
});

test('After the Workflow Succeeds (the default): the same 25 × 4 then redelivered: each notification runs once, every delivery gets the Ack after its run', async () => {
	const url = webhookUrl(n8n, WF.afterSuccess.webhookId);
	const messages = batch();
	const first = await deliverAll(url, emu.orgId, messages);
	expectAllAcked(first);
	// the answer comes after the run: every run is stored once the senders have their Acks
	expect((await n8n.executions(WF.afterSuccess.id)).filter((e) => e.status === 'success')).toHaveLength(25);
	const again = await deliverAll(url, emu.orgId, redeliveries(messages, first));
	expectAllAcked(again);
	expect(await n8n.executions(WF.afterSuccess.id)).toHaveLength(25);
	expectEachRunOnce(await runsPerNotification(n8n, WF.afterSuccess.id), first);
});

test('After the Workflow Succeeds: each of 25 messages delivered twice at the same moment (50 concurrent): each notification runs once, all 50 acknowledged', async () => {
	const url = webhookUrl(n8n, WF.overlap.webhookId);
	const messages = batch();
	const ids = messages.map((m) => m.accounts.map((_, i) => `04l${String(messages.indexOf(m)).padStart(3, '0')}00000000${i}AAA`));
	const both = await deliverAll(
		url,
		emu.orgId,
		[...messages, ...messages].map((m, i) => ({ ...m, notificationIds: ids[i % 25] })),
	);
	expectAllAcked(both);
	expect(await n8n.executions(WF.overlap.id)).toHaveLength(25);
	expectEachRunOnce(await runsPerNotification(n8n, WF.overlap.id), both);
});

describe('Ack modes when the run fails (the Get Account node fails on a deleted account)', () => {
	const deliverOne = async (webhookId: string, account: string, notificationIds?: string[]) =>
		await sendOutboundMessage({
			url: webhookUrl(n8n, webhookId),
			orgId: emu.orgId,
			sobjectType: 'Account',
			records: [{ Id: account, Name: 'Fails first' }],
			...(notificationIds ? { notificationIds } : {}),
			maxAttempts: 1,
		});
	const statuses = async (workflowId: string, notificationId: string) => {
		const list = await n8n.executions(workflowId, { includeData: true });
		return list
			.filter((e) => e.data?.resultData?.runData?.['Outbound Message']?.[0]?.data?.main?.[0]?.[0]?.json?.notificationId === notificationId)
			.map((e) => e.status)
			.sort();
	};

	test('After the Workflow Succeeds: failed run → SOAP fault, no Ack → Salesforce retries → the retry runs it again and is acknowledged; a later redelivery does not run', async () => {
		const account = emu.store.insert('Account', { Name: 'Deleted for now' });
		emu.store.delete('Account', account);
		const failed = await deliverOne(WF.afterSuccess.webhookId, account);
		expect(failed.attempts[0].status).toBe(500);
		expect(failed.attempts[0].contentType).toMatch(/^text\/xml/);
		expect(failed.attempts[0].body).toContain('<soapenv:Fault>');
		expect(failed.acked).toBe(false);
		expect(await statuses(WF.afterSuccess.id, failed.notificationIds[0])).toEqual(['error']);
		emu.store.undelete('Account', account);
		const retry = await deliverOne(WF.afterSuccess.webhookId, account, failed.notificationIds);
		expect(retry.acked).toBe(true);
		expect(await statuses(WF.afterSuccess.id, failed.notificationIds[0])).toEqual(['error', 'success']);
		const duplicate = await deliverOne(WF.afterSuccess.webhookId, account, failed.notificationIds);
		expect(duplicate.acked).toBe(true);
		expect(await statuses(WF.afterSuccess.id, failed.notificationIds[0])).toEqual(['error', 'success']);
	});

	test('At Once: a run that fails was already acknowledged; the redelivery is acknowledged and not run (the notification is lost to the workflow)', async () => {
		const account = emu.store.insert('Account', { Name: 'Deleted' });
		emu.store.delete('Account', account);
		const delivery = await deliverOne(WF.atOnce.webhookId, account);
		expect(delivery.acked).toBe(true);
		const id = delivery.notificationIds[0];
		for (let i = 0; i < 120 && (await statuses(WF.atOnce.id, id)).length === 0; i++) await delay(500);
		expect(await statuses(WF.atOnce.id, id)).toEqual(['error']);
		const again = await deliverOne(WF.atOnce.webhookId, account, delivery.notificationIds);
		expect(again.acked).toBe(true);
		await delay(3_000);
		expect(await statuses(WF.atOnce.id, id)).toEqual(['error']);
	});
});

test('forged or malformed requests are refused (another org 403, not an Outbound Message 400, unparsable XML 422 from n8n, not XML 415) and start no execution', async () => {
	const url = webhookUrl(n8n, WF.afterSuccess.webhookId);
	const before = (await n8n.executions(WF.afterSuccess.id)).length;
	const record = [{ Id: accounts[0], Name: 'Forged' }];
	const otherOrg = await sendOutboundMessage({ url, orgId: '00D7F00000107XsUAI', sobjectType: 'Account', records: record, maxAttempts: 1 });
	expect(otherOrg.attempts[0].status).toBe(403);
	expect(otherOrg.attempts[0].body).toContain('<faultstring>Organization not allowed</faultstring>');
	// XML n8n cannot parse never reaches the node: n8n's body parser answers 422 "Failed to parse request body"
	const malformed = await sendOutboundMessage({
		url,
		orgId: emu.orgId,
		sobjectType: 'Account',
		records: [],
		rawBody: '<soapenv:Envelope><oops>',
		maxAttempts: 1,
	});
	expect(malformed.attempts[0].status).toBe(422);
	expect(malformed.acked).toBe(false);
	// well-formed XML that is not an Outbound Message: the node's SOAP fault
	const noOrg =
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><Notification><Id>04l000000000001AAA</Id></Notification></notifications></soapenv:Body></soapenv:Envelope>';
	const notOm = await sendOutboundMessage({ url, orgId: emu.orgId, sobjectType: 'Account', records: [], rawBody: noOrg, maxAttempts: 1 });
	expect(notOm.attempts[0].status).toBe(400);
	expect(notOm.attempts[0].body).toContain('<faultcode>soapenv:Client</faultcode>');
	const notSoap = await sendOutboundMessage({
		url,
		orgId: emu.orgId,
		sobjectType: 'Account',
		records: [],
		rawBody: '{}',
		contentType: 'application/json',
		maxAttempts: 1,
	});
	expect(notSoap.attempts[0].status).toBe(415);
	await delay(2_000);
	expect(await n8n.executions(WF.afterSuccess.id)).toHaveLength(before);
});

test('the shipped example has no webhook id: n8n gives each imported copy its own random one (the CLI import on first save); the editor shows the public-URL notice', async () => {
	const wf = example('sfExOutboundMsg1');
	const trigger = wf.nodes.find((n) => n.type === OM_TYPE)!;
	expect(trigger.webhookId).toBeUndefined();
	// what the editor's "Import from File" ends in: a workflow created through n8n's API
	const create = async () =>
		await n8n.api<any>('POST', '/workflows', { name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: wf.settings });
	const [a, b] = [await create(), await create()];
	const idOf = (created: any) => created.nodes.find((n: any) => n.type === OM_TYPE).webhookId as string | undefined;
	expect(idOf(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	expect(idOf(b)).not.toBe(idOf(a));
	// `n8n import:workflow` keeps the node without one (its URL would be <workflow id>/<node name>/…); the first save
	// (here through the API, as the editor's Save) gives it a random one
	await n8n.importWorkflows([{ ...wf, id: 'omExampleCli01', file: undefined }]);
	const imported = await n8n.api<any>('GET', '/workflows/omExampleCli01');
	expect(idOf(imported)).toBeUndefined();
	const saved = await n8n.api<any>('PUT', '/workflows/omExampleCli01', {
		name: wf.name,
		nodes: imported.nodes,
		connections: imported.connections,
		settings: imported.settings,
	});
	expect(idOf(saved)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	const res = await n8n.getWithCookie('/types/nodes.json');
	const types = (await res.json()) as Array<{ name: string; properties: Array<{ type: string; displayName: string }> }>;
	const notice = types.find((t) => t.name === OM_TYPE)!.properties.find((p) => p.type === 'notice')!.displayName;
	expect(notice).toMatch(/public HTTPS address/);
	expect(notice).toMatch(/not 127\.0\.0\.1 or localhost/);
});
