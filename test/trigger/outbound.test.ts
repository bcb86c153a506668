/**
 * The Outbound Message Trigger behind a real HTTP server, called through n8n-core's WebhookContext; the
 * emulator's sender POSTs Salesforce's SOAP notifications and retries until it gets an Ack.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { sendOutboundMessage } from '../emulator/outbound';
import { credentialData, registerNodeType } from '../helpers/engine';
import { testNodeDescription } from '../helpers/nodes/description';
import { startWebhook, type RunningWebhook } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

/** Waits (up to 10 s) until `check` holds, for runs that finish after the Ack was sent; then a short settle. */
async function eventually(check: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
	await new Promise((r) => setTimeout(r, 100));
}

const opp = (i: number) => ({
	Id: `0067F000003pmd${String(i).padStart(2, '0')}QAQ`,
	Name: `Deal ${i} & Co <x>`,
	Amount: 1000 * i,
	StageName: 'Prospecting',
});

/** A downstream test node whose first run fails (a flaky step in the user's workflow); later runs pass items on. */
let failuresLeft = 0;
class FlakyStep implements INodeType {
	description = testNodeDescription('Flaky Step', 'flakyStep', 'Fails while failuresLeft > 0');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (failuresLeft > 0) {
			failuresLeft--;
			throw new Error('downstream system unavailable');
		}
		return [this.getInputData().map((item, i) => ({ ...item, pairedItem: { item: i } }))];
	}
}

async function withWebhook(
	parameters: INodeParameters,
	fn: (w: RunningWebhook) => Promise<void>,
	downstream?: Array<{ name: string; type: string }>,
) {
	const w = await startWebhook({ credentials: credentialData(emu), parameters, downstream });
	try {
		await fn(w);
	} finally {
		await w.close();
	}
}

describe('Outbound Message Trigger', () => {
	it('acknowledges a valid message once, with a SOAP Ack, and emits one item per notification', async () => {
		await withWebhook({ acknowledge: 'atOnce' }, async (w) => {
			const result = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Opportunity',
				records: [opp(1), opp(2), opp(3)],
			});
			expect(result.acked).toBe(true);
			expect(result.attempts).toHaveLength(1);
			expect(result.attempts[0].contentType).toMatch(/^text\/xml/);
			expect(result.attempts[0].body).toContain('<out:Ack>true</out:Ack>');
			await eventually(() => w.executions.length >= 1);
			expect(w.executions).toHaveLength(1);
			expect(w.executions[0].error).toBeUndefined();
			const items = w.executions[0].items;
			expect(items.map((i) => i.notificationId)).toEqual(result.notificationIds);
			expect(items[0]).toMatchObject({ object: 'Opportunity', recordId: opp(1).Id, organizationId: emu.orgId, sessionIdSent: false });
			expect((items[0].record as any).Name).toBe('Deal 1 & Co <x>');
			// Salesforce redelivers the same notifications (at-least-once): acknowledged, not run again
			const again = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Opportunity',
				records: [opp(1), opp(2), opp(3)],
				notificationIds: result.notificationIds,
			});
			expect(again.acked).toBe(true);
			// The node decided before it answered: the first delivery ran the workflow, the redelivery did not.
			expect(w.decisions).toEqual([true, false]);
			expect(w.executions).toHaveLength(1);
		});
	});

	it('refuses another org with 403, an external entity, malformed XML and an oversized body, running nothing', async () => {
		await withWebhook({ acknowledge: 'atOnce', options: { maxBodyKb: 8 } }, async (w) => {
			const other = await sendOutboundMessage({
				url: w.url,
				orgId: '00D7F00000107XsUAI',
				sobjectType: 'Opportunity',
				records: [opp(1)],
				maxAttempts: 2,
			});
			expect(other.acked).toBe(false);
			expect(other.attempts.map((a) => a.status)).toEqual([403, 403]);
			expect(other.attempts[0].body).toContain('<faultstring>Organization not allowed</faultstring>');

			const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${emu.orgId}</OrganizationId><Notification><Id>04l000000000001AAA</Id><sObject><sf:Name xmlns:sf="urn:x">&x;</sf:Name></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>`;
			const entity = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records: [],
				rawBody: xxe,
				maxAttempts: 1,
			});
			expect(entity.attempts[0].status).toBe(400);
			expect(entity.attempts[0].body).toContain('soapenv:Fault');
			expect(entity.attempts[0].body).toContain('DOCTYPE');

			const malformed = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records: [],
				rawBody: '<soapenv:Envelope><oops>',
				maxAttempts: 1,
			});
			expect(malformed.attempts[0].status).toBe(400);
			expect(malformed.attempts[0].body).toContain('<faultcode>soapenv:Client</faultcode>');

			const big = Array.from({ length: 100 }, (_, i) => ({ ...opp(i), Description: 'x'.repeat(200) }));
			const oversized = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Opportunity',
				records: big,
				maxAttempts: 1,
			});
			expect(oversized.attempts[0].status).toBe(413);

			const notSoap = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records: [],
				rawBody: '{"a":1}',
				contentType: 'application/json',
				maxAttempts: 1,
			});
			expect(notSoap.attempts[0].status).toBe(415);

			// Every one of the 6 requests was answered and none asked n8n for a run.
			expect(w.decisions).toEqual([false, false, false, false, false, false]);
			expect(w.executions).toHaveLength(0);
		});
	});

	it('never puts a session id Salesforce sent into execution data', async () => {
		await withWebhook({ acknowledge: 'atOnce' }, async (w) => {
			const secret = `${emu.orgId}!AQ4AQFakeSessionTokenThatMustNotLeak`;
			const result = await sendOutboundMessage({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Opportunity',
				records: [opp(9)],
				sessionId: secret,
			});
			expect(result.acked).toBe(true);
			await eventually(() => w.executions.length >= 1);
			expect(w.executions[0].items[0].sessionIdSent).toBe(true);
			expect(JSON.stringify(w.executions)).not.toContain(secret);
		});
	});

	it('accepts an allow-listed org and splits 100 notifications into 100 items', async () => {
		await withWebhook({ acknowledge: 'atOnce', options: { allowedOrgIds: '00D7F00000107XsUAI' } }, async (w) => {
			const records = Array.from({ length: 100 }, (_, i) => opp(i));
			const result = await sendOutboundMessage({ url: w.url, orgId: '00D7F00000107XsUAI', sobjectType: 'Opportunity', records });
			expect(result.acked).toBe(true);
			await eventually(() => w.executions.length >= 1);
			expect(w.executions[0].items).toHaveLength(100);
		});
	});

	it('"after the workflow succeeds": a failed run is not acknowledged, Salesforce retries, the retry is acknowledged', async () => {
		registerNodeType('test.flakyStep', new FlakyStep());
		failuresLeft = 1;
		await withWebhook(
			{ acknowledge: 'afterSuccess' },
			async (w) => {
				const result = await sendOutboundMessage({
					url: w.url,
					orgId: emu.orgId,
					sobjectType: 'Opportunity',
					records: [opp(7)],
					firstRetryMs: 20,
				});
				expect(result.acked).toBe(true);
				expect(result.attempts.map((a) => a.status)).toEqual([500, 200]);
				// the failed run's answer is a SOAP fault (no Ack), whatever n8n wrote
				expect(result.attempts[0].contentType).toMatch(/^text\/xml/);
				expect(result.attempts[0].body).toContain('<faultcode>soapenv:Server</faultcode>');
				expect(result.attempts[1].contentType).toMatch(/^text\/xml/);
				expect(result.attempts[1].body).toContain('<out:Ack>true</out:Ack>');
				expect(w.executions.map((e) => e.error)).toEqual(['downstream system unavailable', undefined]);
				expect(w.executions[1].items[0].notificationId).toBe(result.notificationIds[0]);
			},
			[{ name: 'Flaky Step', type: 'test.flakyStep' }],
		);
	});
});
