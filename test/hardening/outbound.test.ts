/**
 * Outbound Message endpoint under load and attack: 200 concurrent deliveries, hostile payloads, and a health
 * check afterwards. The node runs in n8n-core's real WebhookContext behind a real HTTP server
 * (test/helpers/trigger.ts); the emulator's sender posts Salesforce's SOAP notifications.
 */
import { request } from 'undici';

import type { SalesforceEmulator } from '../emulator';
import { buildNotificationsXml, sendOutboundMessage } from '../emulator/outbound';
import { credentialData } from '../helpers/engine';
import { startWebhook } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';
import { recordFigure } from './report';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { plugins: [] });

const record = (i: number) => ({ Id: `001000000000${String(i).padStart(3, '0')}AAA`, Name: `Account ${i}` });

async function post(url: string, body: string, contentType = 'text/xml; charset=utf-8') {
	const res = await request(url, { method: 'POST', body, headers: { 'content-type': contentType, soapaction: '""' } });
	return { status: res.statusCode, body: await res.body.text() };
}

test('200 concurrent deliveries: each acknowledged once and executed once', async () => {
	const w = await startWebhook({ credentials: credentialData(emu), parameters: { acknowledge: 'atOnce' } });
	try {
		const started = Date.now();
		const results = await Promise.all(
			Array.from({ length: 200 }, (_, i) =>
				sendOutboundMessage({ url: w.url, orgId: emu.orgId, sobjectType: 'Account', records: [record(i)], maxAttempts: 1 }),
			),
		);
		const ms = Date.now() - started;
		// Every delivery was answered, and the node had decided before answering: exactly 200 runs were asked for.
		expect(w.decisions).toHaveLength(200);
		expect(w.decisions.every(Boolean)).toBe(true);
		for (let i = 0; i < 1500 && w.executions.length < 200; i++) await new Promise((r) => setTimeout(r, 20));
		const acked = results.filter((r) => r.acked && r.attempts.length === 1).length;
		const executed = w.executions.flatMap((e) => e.items.map((item) => String(item.notificationId)));
		const expected = results.map((r) => r.notificationIds[0]);
		expect(acked).toBe(200);
		expect(new Set(executed).size).toBe(200);
		expect(executed).toHaveLength(200);
		expect([...executed].sort()).toEqual([...expected].sort());
		recordFigure(
			'Outbound Message',
			'200 concurrent valid deliveries',
			`${acked} acknowledged once, ${executed.length} executed (0 twice, 0 missing); ${ms} ms`,
		);
	} finally {
		await w.close();
	}
});

test('hostile and malformed payloads get a 4xx SOAP fault, run nothing, and the endpoint stays healthy', async () => {
	const w = await startWebhook({ credentials: credentialData(emu), parameters: { acknowledge: 'atOnce' } });
	try {
		const valid = (records = [record(1)]) =>
			buildNotificationsXml({
				url: w.url,
				orgId: emu.orgId,
				sobjectType: 'Account',
				records,
				notificationIds: records.map((_, i) => `04l00000000000${String(i).padStart(1, '0')}AAA`.slice(0, 18)),
				actionId: '04k000000000001AAA',
			});
		const laughs =
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>' +
			'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>' +
			emu.orgId +
			'</OrganizationId><Notification><Id>04l000000000001AAA</Id><sObject><Name>&lol2;</Name></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>';
		const noOrg = valid().replace(/<OrganizationId>[^<]*<\/OrganizationId>/, '');
		const manyRecords = Array.from({ length: 101 }, (_, i) => record(i));
		const tooMany = valid(manyRecords.slice(0, 100)).replace(
			'</notifications>',
			`<Notification><Id>04l000000000999AAA</Id><sObject xsi:type="sf:Account" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${record(100).Id}</sf:Id></sObject></Notification></notifications>`,
		);
		const tenMb = valid().replace('</notifications>', `<!-- ${'x'.repeat(10 * 1024 * 1024)} --></notifications>`);
		const cases: Array<[string, string, string?]> = [
			['billion laughs', laughs],
			['no OrganizationId', noOrg],
			['101 notifications', tooMany],
			['10 MB body', tenMb],
			['not XML', 'hello, world', 'text/plain'],
			['truncated XML', valid().slice(0, 200)],
			['empty body', ''],
		];
		const rows: string[] = [];
		for (const [name, body, type] of cases) {
			const answer = await post(w.url, body, type);
			expect(answer.status).toBeGreaterThanOrEqual(400);
			expect(answer.status).toBeLessThan(500);
			expect(answer.body).toContain('Fault');
			rows.push(`${name} → ${answer.status}`);
		}
		// All 7 were answered, and none asked n8n for a run (decided before the answer: nothing can start later).
		expect(w.decisions).toEqual(cases.map(() => false));
		expect(w.executions).toHaveLength(0);
		const after = await sendOutboundMessage({ url: w.url, orgId: emu.orgId, sobjectType: 'Account', records: [record(5)], maxAttempts: 1 });
		expect(after.acked).toBe(true);
		expect(w.decisions).toEqual([...cases.map(() => false), true]);
		for (let i = 0; i < 1500 && w.executions.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
		expect(w.executions).toHaveLength(1);
		recordFigure(
			'Outbound Message',
			'Hostile payloads',
			`${rows.join(', ')}; 0 executions; a valid delivery afterwards acknowledged and executed`,
		);
	} finally {
		await w.close();
	}
});
