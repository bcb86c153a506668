/**
 * End-to-end, issue #20: the client credentials grant in a real n8n 2.41 (pack installed as a community package)
 * against the emulator, whose External Client App runs as an integration ("Run As") user. Every credential here is
 * imported fresh, holding only what a user types for this grant: environment, My Domain URL, grant type, consumer
 * key and secret. No token, no "Connect". Each node context gets its own credential, so every first use is a
 * first use; token requests are counted at the emulator's token endpoint.
 */

import { SalesforceEmulator } from '../emulator';
import type { TokenRequest } from '../emulator/auth';
import { sendOutboundMessage } from '../emulator/outbound';
import { streamingOf } from '../emulator/streamingPlugin';
import { delay, N8n, nodeOutput, PACKAGE_NAME } from './n8n';

const TYPE = 'salesforceCrmOAuth2Api';
const CRED = {
	action: 'ccActionCred0001',
	trigger: 'ccTriggerCred001',
	editor: 'ccEditorCred0001',
	outbound: 'ccOutboundCred01',
	test: 'ccTestButtonCred',
};
const WF = { create: 'ccCreateContacts', cdc: 'ccCdcContacts001', outbound: 'ccOutboundMsg001' };
const OUTBOUND_WEBHOOK = '3c9b6a10-2f0e-4d8c-9a51-0c1c1e2e3f40';

let emu: SalesforceEmulator;
let n8n: N8n;
let integrationUser: string;

const credentialRef = (key: keyof typeof CRED) => ({ [TYPE]: { id: CRED[key], name: `Client credentials (${key})` } });

/** What the user fills in for this grant, and nothing else. */
const freshData = () => ({
	environment: 'custom',
	customDomainUrl: emu.url,
	grantType: 'clientCredentials',
	clientId: emu.clientId,
	clientSecret: emu.clientSecret,
});

/** Token requests since `from` (an index into the emulator's log). */
const tokensSince = (from: number): TokenRequest[] => emu.auth.tokenRequests.slice(from);
const mark = () => emu.auth.tokenRequests.length;

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n?.tail(40)}`);
		await delay(250);
	}
}

function workflows() {
	const node = (name: string, type: string, parameters: object, x: number, extra: object = {}) => ({
		id: `cc-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		...extra,
	});
	const chain = (...names: string[]) =>
		Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
	const contacts = [1, 2, 3].map((i) => ({ FirstName: 'Cici', LastName: `Credentials ${i}`, Email: `cici${i}@example.com` }));
	return [
		{
			id: WF.create,
			name: 'Client credentials: create contacts',
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
				node('Contacts', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ contacts }), options: {} }, 200, {
					typeVersion: 3.4,
				}),
				node('One per contact', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'contacts', options: {} }, 400),
				node(
					'Create contacts',
					`${PACKAGE_NAME}.salesforceCrm`,
					{
						resource: 'contact',
						operation: 'create',
						fields: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
					},
					600,
					{ credentials: credentialRef('action') },
				),
			],
			connections: chain('Start', 'Contacts', 'One per contact', 'Create contacts'),
			settings: { executionOrder: 'v1' },
		},
		{
			id: WF.cdc,
			name: 'Client credentials: new contacts (CDC)',
			nodes: [
				node(
					'New contact',
					`${PACKAGE_NAME}.salesforceCrmTrigger`,
					{
						source: 'changeDataCapture',
						scope: 'selected',
						objects: ['Contact'],
						changeTypes: ['create'],
						includeFullRecord: true,
						replay: 'new',
					},
					0,
					{ credentials: credentialRef('trigger') },
				),
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{
			id: WF.outbound,
			name: 'Client credentials: Outbound Message → task',
			nodes: [
				node('Outbound Message', `${PACKAGE_NAME}.salesforceCrmOutboundMessageTrigger`, { acknowledge: 'atOnce', options: {} }, 0, {
					webhookId: OUTBOUND_WEBHOOK,
					credentials: credentialRef('outbound'),
				}),
				node(
					'Follow-up task',
					`${PACKAGE_NAME}.salesforceCrm`,
					{
						resource: 'task',
						operation: 'create',
						fields: {
							mappingMode: 'defineBelow',
							value: { Subject: '=Follow up on {{ $json.recordId }}', WhoId: '={{ $json.recordId }}' },
							matchingColumns: [],
							schema: [],
						},
					},
					200,
					{ credentials: credentialRef('outbound') },
				),
			],
			connections: chain('Outbound Message', 'Follow-up task'),
			settings: { executionOrder: 'v1' },
		},
	];
}

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo' });
	integrationUser = emu.enableClientCredentials();
	streamingOf(emu).configure({ holdMs: 1000 });
	n8n = await N8n.prepare();
	await n8n.importCredentials(
		(Object.keys(CRED) as Array<keyof typeof CRED>).map((key) => ({
			id: CRED[key],
			name: `Client credentials (${key})`,
			type: TYPE,
			data: freshData(),
		})),
	);
	await n8n.importWorkflows(workflows());
	await n8n.startWithOwner({ apiKey: true });
}, 300_000);

afterAll(async () => {
	await n8n?.dispose();
	await emu?.close();
});

const CLIENT_CREDENTIALS_TOKEN: TokenRequest = { grant: 'client_credentials', scope: 'api', status: 200 };

test('action node: the first run fetches one token, creates the contacts as the integration user; the next run fetches none; after expiry one renewal', async () => {
	let from = mark();
	const first = await n8n.execute(WF.create);
	expect({ code: first.result.code, status: first.run?.status }).toEqual({ code: 0, status: 'success' });
	// one token request, asking for the api scope only (Salesforce issues no refresh token for this grant)
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
	const created = first.run.data.resultData.runData['Create contacts'][0].data.main[0].map((i: any) => i.json);
	expect(created).toHaveLength(3);
	for (const [i, item] of created.entries()) {
		expect(emu.store.get('Contact', item.id)).toMatchObject({
			LastName: `Credentials ${i + 1}`,
			OwnerId: integrationUser,
			CreatedById: integrationUser,
		});
	}
	// n8n stored the token response with the credential (encrypted): instance URL, no refresh token
	const stored = (await n8n.exportCredentialDecrypted(CRED.action))[0].data.oauthTokenData;
	expect(stored).toMatchObject({ instance_url: emu.url, id: `${emu.url}/id/${emu.orgId}/${integrationUser}` });
	expect(stored.refresh_token).toBeUndefined();

	from = mark();
	const second = await n8n.execute(WF.create);
	expect(second.run?.status).toBe('success');
	expect(tokensSince(from)).toEqual([]);

	emu.expireAccessTokens();
	from = mark();
	const failedBefore = emu.requests.filter((r) => r.status === 401).length;
	const third = await n8n.execute(WF.create);
	expect(third.run?.status).toBe('success');
	// n8n fetched a new client credentials token on the 401 and repeated the call: one failed call per expiry
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
	expect(emu.requests.filter((r) => r.status === 401)).toHaveLength(failedBefore + 1);
	const renewed = (await n8n.exportCredentialDecrypted(CRED.action))[0].data.oauthTokenData;
	expect(renewed.access_token).not.toBe(stored.access_token);
	expect(renewed.instance_url).toBe(emu.url);
	expect(emu.store.all('Contact').filter((c) => c.FirstName === 'Cici')).toHaveLength(9);
});

test('CDC trigger activated on a fresh credential: one token request, events flow; after expiry one renewal and events still flow', async () => {
	const streaming = streamingOf(emu);
	const from = mark();
	const subscribes = streaming.stats.subscribes;
	await n8n.activate(WF.cdc);
	await waitFor('the trigger to subscribe', () => streaming.stats.subscribes > subscribes);
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);

	const one = emu.store.insert('Contact', { FirstName: 'Streamed', LastName: 'One' });
	const [firstRun] = await n8n.waitForExecutions(WF.cdc, (list) => list.length === 1 && list[0].finished);
	expect(nodeOutput(firstRun, 'New contact')[0]).toMatchObject({ recordIds: [one], record: { Id: one, OwnerId: expect.any(String) } });
	expect(tokensSince(from)).toHaveLength(1);

	emu.expireAccessTokens();
	const renewedFrom = mark();
	const handshakes = streaming.stats.handshakes;
	await waitFor('the trigger to renew its session', () => streaming.stats.handshakes > handshakes && streaming.sessionCount() > 0);
	const two = emu.store.insert('Contact', { FirstName: 'Streamed', LastName: 'Two' });
	const runs = await n8n.waitForExecutions(WF.cdc, (list) => list.length === 2 && list.every((e) => e.finished));
	expect(runs.map((e) => e.status)).toEqual(['success', 'success']);
	expect(nodeOutput(runs[0], 'New contact')[0]).toMatchObject({ recordIds: [two] });
	expect(tokensSince(renewedFrom)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
	await n8n.deactivate(WF.cdc);
});

test("the editor's object list and CDC object options on a fresh credential: one token request, then none; after expiry one renewal", async () => {
	// what the editor posts (n8n 2.41 DynamicNodeParametersController); it sends the form's values with every
	// default filled in, authentication: 'oAuth2' among them
	const objectList = () =>
		n8n.rest<{ results: Array<{ value: string }> }>('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.sobject',
			methodName: 'searchObjects',
			filter: 'Contact',
			nodeTypeAndVersion: { name: `${PACKAGE_NAME}.salesforceCrm`, version: 1 },
			currentNodeParameters: {
				authentication: 'oAuth2',
				resource: 'record',
				operation: 'get',
				sobject: { __rl: true, mode: 'list', value: '' },
			},
			credentials: credentialRef('editor'),
		});
	const cdcObjects = () =>
		n8n.rest<Array<{ value: string }>>('POST', '/dynamic-node-parameters/options', {
			path: 'parameters.objects',
			methodName: 'getCdcObjects',
			nodeTypeAndVersion: { name: `${PACKAGE_NAME}.salesforceCrmTrigger`, version: 1 },
			currentNodeParameters: {
				authentication: 'oAuth2',
				source: 'changeDataCapture',
				scope: 'selected',
				objects: [],
				changeTypes: ['create'],
			},
			credentials: credentialRef('editor'),
		});
	let from = mark();
	expect((await objectList()).results.map((r) => r.value)).toContain('Contact');
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
	from = mark();
	expect((await objectList()).results.map((r) => r.value)).toContain('Contact');
	expect((await cdcObjects()).map((o) => o.value)).toContain('Contact');
	expect(tokensSince(from)).toEqual([]);

	emu.expireAccessTokens();
	from = mark();
	expect((await objectList()).results.map((r) => r.value)).toContain('Contact');
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
});

test('Outbound Message Trigger on a fresh credential: the org check logs in once, the task is created as the integration user', async () => {
	await n8n.activate(WF.outbound);
	const url = `${n8n.url}/webhook/${OUTBOUND_WEBHOOK}/salesforce-outbound-message`;
	await waitFor('the production webhook to be registered', async () => {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<probe/>' });
		return res.status !== 404;
	});
	const from = mark();
	const lead = emu.store.all('Lead')[0];
	const delivery = await sendOutboundMessage({
		url,
		orgId: emu.orgId,
		sobjectType: 'Lead',
		records: [{ Id: String(lead.Id), Company: String(lead.Company) }],
		maxAttempts: 1,
	});
	expect(delivery.acked).toBe(true);
	const [execution] = await n8n.waitForExecutions(WF.outbound, (list) => list.length === 1 && list[0].finished);
	expect(execution.status).toBe('success');
	const task = emu.store.get('Task', nodeOutput(execution, 'Follow-up task')[0].id);
	expect(task).toMatchObject({ WhoId: lead.Id, OwnerId: integrationUser, CreatedById: integrationUser });
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);
	await n8n.deactivate(WF.outbound);
});

test("the credential's Test button: OK on a fresh credential (one token request), OK again after expiry, an error for a wrong secret", async () => {
	const testCredential = (data: object) =>
		n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id: CRED.test, name: 'Client credentials (test)', type: TYPE, data },
		});
	let from = mark();
	expect(await testCredential(freshData())).toMatchObject({ status: 'OK' });
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);

	emu.expireAccessTokens();
	from = mark();
	expect(await testCredential(freshData())).toMatchObject({ status: 'OK' });
	expect(tokensSince(from)).toEqual([CLIENT_CREDENTIALS_TOKEN]);

	emu.expireAccessTokens();
	from = mark();
	const wrong = await testCredential({ ...freshData(), clientSecret: 'not-the-secret-5678' });
	expect(wrong.status).toBe('Error');
	expect(wrong.message).not.toContain('not-the-secret-5678');
	expect(tokensSince(from)).toEqual([{ grant: 'client_credentials', scope: 'api', status: 400 }]);
});
