/**
 * OAuth2 with the client credentials grant (issue #20) through n8n-core's real engine against the emulator: a
 * credential holding only environment, My Domain URL, grant type, consumer key and secret works on its first run
 * in every node context. n8n-core's requestOAuth2 fetches the token on the first authenticated request and stores
 * it; the client's first call (the REST version root at the My Domain host) is that request. On a 401 n8n fetches
 * a new client credentials token (there is no refresh token) and repeats the call once.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { CREDENTIAL_TYPE, HarnessCredentialsHelper, runWorkflow } from '../helpers/engine';
import { callNodeMethod } from '../helpers/methods';
import { acrossExpiry, expectCdcAcrossExpiry } from '../helpers/expiry';
import { n8nCoreAtLeast } from '../helpers/n8nVersion';
import { SALESFORCE_CRM, salesforceNode, useEmulator } from '../helpers/workflow';

const TOKEN = 'POST /services/oauth2/token';
const PROBE = 'GET /'; // the REST API's version root, /services/data/v66.0/

let emu: SalesforceEmulator;
let integrationUser: string;
useEmulator(
	(e) => {
		emu = e;
		integrationUser = emu.enableClientCredentials();
	},
	{ holdMs: 300 },
);

/** The credential as a user saves it for this grant: nothing else, no token. */
function freshCredential(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		customDomainUrl: emu.url,
		grantType: 'clientCredentials',
		clientId: emu.clientId,
		clientSecret: emu.clientSecret,
		...overrides,
	};
}

const createContacts = salesforceNode({
	resource: 'contact',
	operation: 'create',
	fields: { mappingMode: 'autoMapInputData', value: null },
});
const contacts = (tag: string, n = 3) => Array.from({ length: n }, (_, i) => ({ FirstName: tag, LastName: `Contact ${i}` }));
const log = () => emu.requests.map((r) => [r.endpoint, r.status]);
const clientCredentialsGrants = () => emu.auth.tokenRequests.filter((t) => t.grant === 'client_credentials');

describe('client credentials: a fresh credential in the action node', () => {
	test('first run: one token request, then the records, owned by the integration user; later runs reuse the token; expiry costs one failed call', async () => {
		const credentials = freshCredential();
		const grantsBefore = clientCredentialsGrants().length;
		const first = await runWorkflow({ credentials, items: contacts('First'), nodes: [createContacts] });
		expect(first.error).toBeUndefined();
		expect(log()).toEqual([
			[TOKEN, 200],
			[PROBE, 200],
			['POST /composite/sobjects', 200],
		]);
		// n8n asked for the api scope only (no refresh_token for this grant)
		expect(clientCredentialsGrants().slice(grantsBefore)).toEqual([{ grant: 'client_credentials', scope: 'api', status: 200 }]);
		const ids = first.output('Salesforce').map((i) => String(i.json.id));
		expect(ids).toHaveLength(3);
		for (const id of ids) {
			expect(emu.store.get('Contact', id)).toMatchObject({ FirstName: 'First', OwnerId: integrationUser, CreatedById: integrationUser });
		}
		// n8n stored the token response with the credential: instance URL, identity URL, no refresh token
		const stored = credentials.oauthTokenData as IDataObject;
		expect(stored).toMatchObject({ instance_url: emu.url, id: `${emu.url}/id/${emu.orgId}/${integrationUser}`, token_type: 'Bearer' });
		expect(stored.refresh_token).toBeUndefined();

		emu.resetCounters();
		const second = await runWorkflow({ credentials, items: contacts('Second'), nodes: [createContacts] });
		expect(second.error).toBeUndefined();
		expect(log()).toEqual([['POST /composite/sobjects', 200]]);

		emu.expireAccessTokens();
		emu.resetCounters();
		const expired = stored.access_token;
		const third = await runWorkflow({ credentials, items: contacts('Third'), nodes: [createContacts] });
		expect(third.error).toBeUndefined();
		// the 401, n8n fetches a new client credentials token (no refresh token) and repeats the call once
		expect(log()).toEqual(acrossExpiry('POST /composite/sobjects'));
		expect(clientCredentialsGrants().at(-1)).toMatchObject({ grant: 'client_credentials', status: 200 });
		const renewed = credentials.oauthTokenData as IDataObject;
		expect(renewed.access_token).not.toBe(expired);
		expect(renewed.instance_url).toBe(emu.url);
		expect(emu.store.all('Contact').filter((c) => c.FirstName === 'Third')).toHaveLength(3);
	});

	test('a wrong secret fails before any API call with Salesforce’s reason, and without the secret', async () => {
		const credentials = freshCredential({ clientSecret: 'not-the-secret-1234' });
		const result = await runWorkflow({ credentials, items: contacts('Never', 1), nodes: [createContacts] });
		expect(result.error?.message).toMatch(
			n8nCoreAtLeast(2, 41)
				? /Salesforce refused the client credentials token request at .*\(invalid_client: invalid client credentials\)/
				: /Client authentication failed/, // n8n ≤ 2.8 drops its errors' cause: only n8n's wording of the OAuth error is left
		);
		expect(JSON.stringify(result.error)).not.toContain('not-the-secret-1234');
		expect(log()).toEqual([[TOKEN, 400]]);
		expect(credentials.oauthTokenData).toBeUndefined();
	});

	test('an app without a Run As user: Salesforce’s invalid_grant reason is shown', async () => {
		const runAs = emu.auth.runAs;
		emu.auth.runAs = undefined;
		try {
			const result = await runWorkflow({ credentials: freshCredential(), items: contacts('Never', 1), nodes: [createContacts] });
			expect(result.error?.message).toMatch(
				n8nCoreAtLeast(2, 41) ? /\(invalid_grant: no client credentials user enabled\)/ : /authorization grant .* is invalid/,
			);
			expect(emu.apiCalls()).toBe(0);
		} finally {
			emu.auth.runAs = runAs;
		}
	});
});

describe('client credentials: a fresh credential in the other node contexts', () => {
	test('the editor’s object list (list search, load-options context): one token request, then none', async () => {
		const credentials = freshCredential();
		const helper = new HarnessCredentialsHelper({ [CREDENTIAL_TYPE]: credentials });
		const search = async () => {
			const found = (await callNodeMethod({
				nodeType: SALESFORCE_CRM,
				kind: 'listSearch',
				method: 'searchObjects',
				parameters: { resource: 'record', operation: 'get', sobject: { __rl: true, mode: 'list', value: '' } },
				path: 'parameters.sobject',
				args: ['Contact'],
				credentialsHelper: helper,
			})) as { results: Array<{ value: string }> };
			return found.results.map((r) => r.value);
		};
		expect(await search()).toContain('Contact');
		expect(emu.count(TOKEN)).toBe(1);
		expect(await search()).toContain('Contact');
		expect(emu.count(TOKEN)).toBe(1);
		expect(emu.count(PROBE)).toBe(1);
	});

	test('the CDC trigger activates on a fresh credential, and renews the token once when it expires', async () => {
		const credentials = freshCredential();
		await expectCdcAcrossExpiry(emu, credentials);
	});
});
