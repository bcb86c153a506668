/**
 * End-to-end: the built pack inside a real n8n 2.41 (its own process, user folder, SQLite database and free
 * ports) against the Salesforce emulator's demo org. Everything goes through n8n itself: its CLI for imports,
 * exports and manual runs, its public API for activation and executions, its production webhook for
 * Outbound Messages, and the pack's CometD client for Change Data Capture.
 */

import { streamingOf } from '../emulator/streamingPlugin';
import { sendOutboundMessage } from '../emulator/outbound';
import { delay, nodeOutput, PACKAGE_NAME } from './n8n';
import { CREDENTIAL_ID, outboundWebhookUrl, startStack, type Stack } from './stack';

const LEAD_INTAKE = 'sfExLeadIntake01';
const SOQL_REPORT = 'sfExSoqlReport01';
const CDC_CLOSED_WON = 'sfExCdcClosedWon';
const OUTBOUND = 'sfExOutboundMsg1';

let stack: Stack;

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stack?.n8n.tail(40)}`);
		await delay(250);
	}
}

beforeAll(async () => {
	stack = await startStack({ say: (line) => process.stderr.write(`[e2e] ${line}\n`) });
	await stack.n8n.createApiKey();
}, 300_000);

afterAll(async () => {
	await stack?.stop();
	await stack?.n8n.dispose(); // the temporary user folder (SQLite database, copied pack)
});

test('n8n loads the pack: export:nodes lists the nodes, the editor serves the credential type', async () => {
	const nodes = await stack.n8n.exportNodes();
	const names = nodes.map((n) => n.name);
	expect(names).toEqual(
		expect.arrayContaining([
			`${PACKAGE_NAME}.salesforceCrm`,
			`${PACKAGE_NAME}.salesforceCrmTrigger`,
			`${PACKAGE_NAME}.salesforceCrmOutboundMessageTrigger`,
		]),
	);
	for (const name of ['salesforceCrm', 'salesforceCrmTrigger', 'salesforceCrmOutboundMessageTrigger']) {
		const node = nodes.find((n) => n.name === `${PACKAGE_NAME}.${name}`)!;
		expect(node.credentials?.map((c) => c.name)).toContain('salesforceCrmOAuth2Api');
	}
	// the editor's credential-type catalogue (what the "Create credential" dialog lists)
	const res = await stack.n8n.getWithCookie('/types/credentials.json');
	expect(res.status).toBe(200);
	const types = (await res.json()) as Array<{ name: string; extends?: string[]; displayName: string }>;
	const cred = types.find((t) => t.name === 'salesforceCrmOAuth2Api');
	expect(cred).toMatchObject({ displayName: 'Salesforce CRM OAuth2 API', extends: ['oAuth2Api'] });
});

test('the imported credential is stored encrypted and decrypts to the emulator token', async () => {
	const encrypted = await stack.n8n.exportCredential(CREDENTIAL_ID);
	expect(typeof encrypted[0].data).toBe('string');
	const list = await stack.n8n.exportCredentialDecrypted(CREDENTIAL_ID);
	expect(encrypted[0].data).not.toContain(list[0].data.oauthTokenData.access_token);
	expect(list).toHaveLength(1);
	expect(list[0]).toMatchObject({ id: CREDENTIAL_ID, type: 'salesforceCrmOAuth2Api' });
	expect(list[0].data.oauthTokenData.instance_url).toBe(stack.emu.url);
	expect(list[0].data.customDomainUrl).toBe(stack.emu.url);
});

test('"Reconnect" runs the real OAuth authorization-code flow (PKCE) through n8n against the emulator', async () => {
	const before = (await stack.n8n.exportCredentialDecrypted(CREDENTIAL_ID))[0].data.oauthTokenData;
	// what the editor's "Reconnect" button asks for: the authorize URL with n8n's state and PKCE challenge
	const authUrl = await stack.n8n.rest<string>('GET', `/oauth2-credential/auth?id=${CREDENTIAL_ID}`);
	const auth = new URL(authUrl);
	expect(`${auth.origin}${auth.pathname}`).toBe(`${stack.emu.url}/services/oauth2/authorize`);
	expect(Object.fromEntries(auth.searchParams)).toMatchObject({
		client_id: stack.emu.clientId,
		response_type: 'code',
		code_challenge_method: 'S256',
		scope: 'api refresh_token',
	});
	// the emulator consents at once and redirects the browser to n8n's callback with a code
	const consent = await fetch(authUrl, { redirect: 'manual' });
	expect(consent.status).toBe(302);
	const callback = new URL(consent.headers.get('location')!);
	expect(callback.pathname).toBe('/rest/oauth2-credential/callback');
	expect(callback.searchParams.get('code')).toBeTruthy();
	// n8n exchanges the code (with the PKCE verifier) at the emulator's token endpoint and saves the token
	const done = await stack.n8n.getWithCookie(`${callback.pathname}${callback.search}`);
	expect(await done.text()).toContain('Connection successful');
	const after = (await stack.n8n.exportCredentialDecrypted(CREDENTIAL_ID))[0].data.oauthTokenData;
	expect(after.access_token).toBeTruthy();
	expect(after.access_token).not.toBe(before.access_token);
	expect(after.refresh_token).toBeTruthy();
	expect(after.instance_url).toBe(stack.emu.url);
	const tokenCalls = stack.emu.requests.filter((r) => r.path.startsWith('/services/oauth2/token'));
	expect(tokenCalls.map((r) => r.status)).toEqual([200]);
});

test('example "lead intake → convert → log call" runs with `n8n execute` and lands in the org', async () => {
	const { store } = stack.emu;
	const { result, run } = await stack.n8n.execute(LEAD_INTAKE);
	expect({ code: result.code, finished: run?.finished ?? false, status: run?.status }).toEqual({
		code: 0,
		finished: true,
		status: 'success',
	});
	const runData = run.data.resultData.runData;
	const created = runData['Create lead'][0].data.main[0][0].json;
	const converted = runData['Convert lead'][0].data.main[0][0].json;
	const logged = runData['Log intro call'][0].data.main[0][0].json;

	const lead = store.get('Lead', created.id)!;
	expect(lead).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper', Company: 'Cobol Works', IsConverted: true });
	expect(converted).toMatchObject({ leadId: created.id, success: true });
	expect(store.get('Account', converted.accountId)).toMatchObject({ Name: 'Cobol Works' });
	expect(store.get('Contact', converted.contactId)).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper' });
	expect(store.get('Opportunity', converted.opportunityId)).toMatchObject({ Name: 'Cobol Works - first order' });
	expect(store.get('Task', logged.id)).toMatchObject({
		Subject: 'Intro call with Grace Hopper',
		WhoId: converted.contactId,
		WhatId: converted.opportunityId,
		TaskSubtype: 'Call',
		Status: 'Completed',
	});

	// n8n saved the execution: the public API returns it
	const executions = await stack.n8n.executions(LEAD_INTAKE);
	expect(executions.map((e) => e.status)).toContain('success');
});

test('example "SOQL pipeline report" returns the org\'s open pipeline by stage (after n8n refreshes an expired token)', async () => {
	// every access token issued so far now answers 401 INVALID_SESSION_ID: n8n must refresh and retry
	stack.emu.expireAccessTokens();
	const tokenCallsBefore = stack.emu.requests.filter((r) => r.path.startsWith('/services/oauth2/token')).length;
	const failedBefore = stack.emu.requests.filter((r) => r.status === 401).length;
	const { result, run } = await stack.n8n.execute(SOQL_REPORT);
	expect(result.code).toBe(0);
	expect(run?.status).toBe('success');
	const lines = run.data.resultData.runData['Report line'][0].data.main[0].map((i: any) => i.json);

	const expected = new Map<string, { deals: number; total: number }>();
	for (const opp of stack.emu.store.all('Opportunity')) {
		if (['Closed Won', 'Closed Lost'].includes(String(opp.StageName))) continue;
		const e = expected.get(String(opp.StageName)) ?? { deals: 0, total: 0 };
		e.deals += 1;
		e.total += Number(opp.Amount ?? 0);
		expected.set(String(opp.StageName), e);
	}
	expect(lines.length).toBe(expected.size);
	for (const line of lines) {
		expect(expected.get(line.stage)).toEqual({ deals: line.deals, total: line.total });
		expect(line.line).toBe(`${line.stage}: ${line.deals} open deal(s), ${line.total} total`);
	}
	expect(lines.map((l: any) => l.stage)).toEqual([...expected.keys()].sort());

	const tokenCalls = stack.emu.requests.filter((r) => r.path.startsWith('/services/oauth2/token'));
	expect(tokenCalls.slice(tokenCallsBefore).map((r) => r.status)).toEqual([200]);
	// one failed call per expiry: n8n sees the first 401, refreshes, repeats the call
	expect(stack.emu.requests.filter((r) => r.status === 401)).toHaveLength(failedBefore + 1);
	// the refreshed token was saved (encrypted) in n8n's database, instance_url kept
	const saved = (await stack.n8n.exportCredentialDecrypted(CREDENTIAL_ID))[0].data.oauthTokenData;
	expect(saved.instance_url).toBe(stack.emu.url);
	const check = await fetch(`${stack.emu.url}/services/data/v66.0/limits`, { headers: { authorization: `Bearer ${saved.access_token}` } });
	expect(check.status).toBe(200);
});

describe('Change Data Capture trigger, activated in n8n', () => {
	const streaming = () => streamingOf(stack.emu);

	test('activation opens a CometD session; a stage change to Closed Won runs the workflow', async () => {
		expect(streaming().sessionCount()).toBe(0);
		const activated = await stack.n8n.activate(CDC_CLOSED_WON);
		expect(activated.active).toBe(true);
		await waitFor('a CometD session with a subscription', () => streaming().sessionCount() > 0);
		// let the subscription settle on its /meta/connect before changing data
		await waitFor('the trigger to hold a connect', () => streaming().stats.connects > 0);

		const { store } = stack.emu;
		const opp = store.all('Opportunity').find((o) => o.StageName === 'Negotiation/Review')!;
		expect(opp).toBeDefined();

		// a change to another field: filtered by "Only When These Fields Change" inside the trigger → no execution
		store.update('Opportunity', String(opp.Id), { Description: 'Legal review done' });
		// a stage change that is not Closed Won: an execution that the Filter node stops
		store.update('Opportunity', String(opp.Id), { StageName: 'Proposal/Price Quote' });
		await stack.n8n.waitForExecutions(CDC_CLOSED_WON, (list) => list.length >= 1 && list.every((e) => e.finished));
		// Closed Won: an execution that creates the follow-up task
		store.update('Opportunity', String(opp.Id), { StageName: 'Closed Won' });
		const executions = await stack.n8n.waitForExecutions(CDC_CLOSED_WON, (list) => list.length >= 2 && list.every((e) => e.finished));
		expect(executions).toHaveLength(2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(executions.map((e) => e.mode)).toEqual(['trigger', 'trigger']);

		// newest first
		const [won, notWon] = executions;
		const wonEvent = nodeOutput(won, 'Opportunity stage changed')[0];
		expect(wonEvent).toMatchObject({
			source: 'changeDataCapture',
			changeType: 'UPDATE',
			object: 'Opportunity',
			recordIds: [opp.Id],
			values: { StageName: 'Closed Won' },
			record: { Id: opp.Id, Name: opp.Name, StageName: 'Closed Won' },
		});
		expect(wonEvent.changedFields).toEqual(expect.arrayContaining(['StageName']));
		expect(nodeOutput(notWon, 'Opportunity stage changed')[0]).toMatchObject({ values: { StageName: 'Proposal/Price Quote' } });
		expect(nodeOutput(notWon, 'Closed won?')).toEqual([]);

		const taskId = nodeOutput(won, 'Notify the owner')[0].id;
		expect(stack.emu.store.get('Task', taskId)).toMatchObject({
			Subject: `Closed won: ${opp.Name} (${opp.Amount}) - send the welcome pack`,
			WhatId: opp.Id,
			Priority: 'High',
			Status: 'Not Started',
		});
		const tasksForOpp = stack.emu.store.all('Task').filter((t) => t.WhatId === opp.Id);
		expect(tasksForOpp).toHaveLength(1);
	});

	test('deactivation saves the position with one run of no items and closes the CometD session', async () => {
		await stack.n8n.deactivate(CDC_CLOSED_WON);
		await waitFor('the CometD session to end', () => streaming().sessionCount() === 0, 30_000);
		expect(streaming().stats.disconnects).toBeGreaterThanOrEqual(1);
		// the position committed after the last run (Closed Won) is saved by one emit of no items at close (n8n saves
		// a trigger's static data only at emit): n8n lists it as a run whose trigger output is empty and in which no
		// other node ran. n8n writes that execution asynchronously, so wait for it rather than race it.
		const withCheckpoint = await stack.n8n.waitForExecutions(
			CDC_CLOSED_WON,
			(list) => list.length >= 3 && list.every((e) => e.finished),
			15_000,
		);
		expect(withCheckpoint).toHaveLength(3);
		const [checkpoint] = withCheckpoint; // newest first
		expect(checkpoint.status).toBe('success');
		expect(nodeOutput(checkpoint, 'Opportunity stage changed')).toEqual([]);
		expect(Object.keys(checkpoint.data.resultData.runData)).toEqual(['Opportunity stage changed']);
		// changes after deactivation start nothing: the change event is delivered to no one (no CometD session is
		// left to carry it), so no execution can come of it, now or later
		const before = withCheckpoint.length;
		const delivered = streaming().stats.delivered;
		const opp = stack.emu.store.all('Opportunity').find((o) => o.StageName === 'Prospecting')!;
		stack.emu.store.update('Opportunity', String(opp.Id), { StageName: 'Closed Won' });
		expect(streaming().sessionCount()).toBe(0);
		expect(streaming().stats.delivered).toBe(delivered);
		expect((await stack.n8n.executions(CDC_CLOSED_WON)).length).toBe(before);
	});
});

test('Outbound Message posted to the production webhook URL is acknowledged and runs the workflow', async () => {
	await stack.n8n.activate(OUTBOUND);
	// the example ships no webhook id: n8n's import gave it a random one
	const url = (await outboundWebhookUrl(stack.n8n, OUTBOUND))!;
	expect(url).toMatch(/\/webhook\/[0-9a-f-]{36}\/salesforce-outbound-message$/);
	// n8n 2.41 publishes asynchronously (an outbox): wait until the production URL is registered. A body that is
	// not a SOAP envelope gets the node's SOAP fault (400) and starts no execution.
	await waitFor('the production webhook to be registered', async () => {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<probe/>' });
		return res.status !== 404;
	});

	const lead = stack.emu.store.all('Lead').find((l) => l.Company === 'Ice Town')!;
	// one notification of the lead (a fresh notification id unless given), delivered once
	const deliver = async (notificationIds?: string[]) =>
		await sendOutboundMessage({
			url,
			orgId: stack.emu.orgId,
			sobjectType: 'Lead',
			records: [{ Id: String(lead.Id), Company: String(lead.Company), Email: String(lead.Email) }],
			...(notificationIds ? { notificationIds } : {}),
			maxAttempts: 1,
		});
	const delivery = await deliver();
	expect(delivery.attempts).toHaveLength(1);
	expect(delivery.attempts[0].status).toBe(200);
	expect(delivery.attempts[0].contentType).toMatch(/xml/);
	expect(delivery.attempts[0].body).toMatch(/<(\w+:)?Ack>true<\/(\w+:)?Ack>/);
	expect(delivery.acked).toBe(true);

	const [execution] = await stack.n8n.waitForExecutions(OUTBOUND, (list) => list.length === 1 && list[0].finished);
	expect(execution.status).toBe('success');
	expect(execution.mode).toBe('webhook');
	expect(nodeOutput(execution, 'Salesforce Outbound Message')[0]).toMatchObject({
		source: 'outboundMessage',
		notificationId: delivery.notificationIds[0],
		object: 'Lead',
		recordId: lead.Id,
		organizationId: stack.emu.orgId,
	});
	const taskId = nodeOutput(execution, 'Follow-up task')[0].id;
	expect(stack.emu.store.get('Task', taskId)).toMatchObject({
		Subject: 'Outbound Message: follow up on Lead Ice Town',
		WhoId: lead.Id,
	});

	// Salesforce resends the same notification when it did not see the Ack: acknowledged again, no second run
	const again = await deliver(delivery.notificationIds);
	expect(again.acked).toBe(true);
	// A fresh notification sent after the redelivery was answered: n8n handles a webhook that starts a run before
	// it handles the next request, so once the fresh one's run is finished, a run started by the redelivery would
	// be listed too. Expected: the first delivery's run and the fresh one's, nothing else.
	const fresh = await deliver();
	expect(fresh.acked).toBe(true);
	const runs = await stack.n8n.waitForExecutions(OUTBOUND, (list) => list.length >= 2 && list.every((e) => e.finished));
	const notified = runs.map((e) => nodeOutput(e, 'Salesforce Outbound Message')[0]?.notificationId).sort();
	expect(notified).toEqual([delivery.notificationIds[0], fresh.notificationIds[0]].sort());
	await stack.n8n.deactivate(OUTBOUND);
});
