/**
 * JWT bearer credential (salesforceCrmJwtApi, issue #8) through n8n's real engine against the emulator over HTTP:
 * the node's `authentication: 'jwt'` picks the credential, the credential's preAuthentication does the RS256 login,
 * n8n caches the token in the expirable hidden property and logs in again only after a 401.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { HarnessCredentialsHelper, runWorkflow } from '../helpers/engine';
import { callNodeMethod } from '../helpers/methods';
import { acrossExpiry, expectCdcAcrossExpiry } from '../helpers/expiry';
import { useEmulator } from '../helpers/workflow';

const NODE = 'n8n-nodes-salesforce-crm.salesforceCrm';
const JWT = 'salesforceCrmJwtApi';
const TOKEN = 'POST /services/oauth2/token';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { holdMs: 300 });

/** The JWT credential as the user fills it in: no token yet. */
function jwtCredentials(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		customDomainUrl: emu.url,
		clientId: emu.clientId,
		username: String(emu.store.get('User', emu.userId)?.Username),
		privateKey: emu.auth.jwt.keyPair.privateKey,
		apiVersion: '66.0',
		...overrides,
	};
}

async function run(credentials: ICredentialDataDecryptedObject, parameters: IDataObject, items?: IDataObject[]) {
	return await runWorkflow({
		otherCredentials: { [JWT]: credentials },
		items,
		nodes: [{ name: 'Salesforce', type: NODE, parameters: { authentication: 'jwt', ...parameters } as never }],
	});
}

const createAccount = {
	resource: 'record',
	operation: 'create',
	sobject: { mode: 'name', value: 'Account' },
	fields: { mappingMode: 'autoMapInputData', value: null },
};

describe('JWT bearer credential', () => {
	test('creates a record: one JWT login with iss/sub/aud/exp as Salesforce requires, token and instance URL cached', async () => {
		const credentials = jwtCredentials();
		const result = await run(credentials, createAccount, [{ Name: 'JWT One' }, { Name: 'JWT Two' }]);
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out.map((i) => emu.store.get('Account', String(i.json.id))?.Name)).toEqual(['JWT One', 'JWT Two']);
		expect(emu.count(TOKEN)).toBe(1);
		const claims = emu.auth.jwt.assertions.at(-1)!;
		expect(claims).toMatchObject({ iss: emu.clientId, sub: credentials.username, aud: emu.url });
		const now = Math.floor(Date.now() / 1000);
		expect(Number(claims.exp)).toBeGreaterThan(now);
		expect(Number(claims.exp)).toBeLessThanOrEqual(now + 180);
		// persisted by n8n's preAuthentication into the stored credential
		expect(credentials.accessToken).toEqual(expect.stringMatching(/^00D\w+!/));
		expect(credentials.instanceUrl).toBe(emu.url);
		expect(credentials.identityUrl).toContain(`/id/${emu.orgId}/`);
	});

	test('the token is minted once for many calls and many runs; after expiry exactly one new login and the call succeeds', async () => {
		const credentials = jwtCredentials();
		for (let i = 0; i < 3; i++) {
			const result = await run(credentials, createAccount, [{ Name: `Run ${i} A` }, { Name: `Run ${i} B` }]);
			expect(result.error).toBeUndefined();
			const got = await run(credentials, {
				resource: 'record',
				operation: 'get',
				sobject: { mode: 'name', value: 'Account' },
				recordId: { mode: 'id', value: String(result.output('Salesforce')[0].json.id) },
			});
			expect(got.error).toBeUndefined();
			expect(got.output('Salesforce')[0].json.Name).toBe(`Run ${i} A`);
		}
		expect(emu.apiCalls()).toBeGreaterThanOrEqual(6);
		expect(emu.count(TOKEN)).toBe(1);
		const firstToken = credentials.accessToken;

		emu.expireAccessTokens();
		emu.resetCounters();
		const after = await run(credentials, createAccount, [{ Name: 'After expiry' }]);
		expect(after.error).toBeUndefined();
		expect(emu.store.get('Account', String(after.output('Salesforce')[0].json.id))?.Name).toBe('After expiry');
		// the 401 (n8n sees it: preAuthentication, a new JWT login), n8n's retry; one failed call on n8n 2.41
		expect(emu.requests.map((r) => [r.endpoint, r.status])).toEqual(acrossExpiry('POST /composite/sobjects'));
		expect(credentials.accessToken).not.toBe(firstToken);
		expect(emu.store.all('Account').filter((a) => a.Name === 'After expiry')).toHaveLength(1);

		// and the new token is reused again
		emu.resetCounters();
		expect((await run(credentials, createAccount, [{ Name: 'Reused' }])).error).toBeUndefined();
		expect(emu.count(TOKEN)).toBe(0);
	});

	test('lead convert (SOAP session id) works with JWT, also after the session expired', async () => {
		const credentials = jwtCredentials();
		const convert = (id: string) =>
			run(credentials, {
				resource: 'lead',
				operation: 'convert',
				leadId: { mode: 'id', value: id },
				convertedStatus: 'Closed - Converted',
			});
		const lead = (n: number) => emu.store.insert('Lead', { FirstName: 'Jay', LastName: `Jwt ${n}`, Company: `Jwt Co ${n}` });

		const first = lead(1);
		const result = await convert(first);
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toMatchObject({ leadId: first, success: true });
		expect(emu.store.get('Lead', first)?.IsConverted).toBe(true);

		emu.expireAccessTokens();
		emu.resetCounters();
		const second = lead(2);
		const again = await convert(second);
		expect(again.error).toBeUndefined();
		expect(emu.store.get('Lead', second)?.IsConverted).toBe(true);
		expect(emu.count(TOKEN)).toBe(1);
	});

	test('a wrong audience gives a clear error naming the cause, without the key or any token', async () => {
		const credentials = jwtCredentials({ environment: 'custom', customDomainUrl: emu.url.replace('127.0.0.1', 'localhost') });
		const result = await run(credentials, createAccount, [{ Name: 'Never' }]);
		const text = errorText(result.error);
		expect(text).toMatch(/audience is invalid/);
		expect(text).toMatch(/JWT bearer login/);
		expectNoSecrets(text, credentials);
		expect(credentials.accessToken ?? '').toBe('');
		expect(emu.apiCalls()).toBe(0);
	});

	test('a key that does not match the app certificate gives "invalid assertion", without the key', async () => {
		const { privateKey } = generateKeyPairSync('rsa', {
			modulusLength: 2048,
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
			publicKeyEncoding: { type: 'spki', format: 'pem' },
		});
		const credentials = jwtCredentials({ privateKey });
		const result = await run(credentials, createAccount, [{ Name: 'Never' }]);
		const text = errorText(result.error);
		expect(text).toMatch(/invalid assertion/);
		expectNoSecrets(text, credentials);
	});

	test('a key that is not a PEM private key is reported as such; an unapproved user as Salesforce says', async () => {
		const garbage = jwtCredentials({ privateKey: '-----BEGIN PRIVATE KEY-----\nnot really a key\n-----END PRIVATE KEY-----' });
		const bad = errorText((await run(garbage, createAccount, [{ Name: 'Never' }])).error);
		expect(bad).toMatch(/private key could not be read/);
		expectNoSecrets(bad, garbage);

		const stranger = jwtCredentials({ username: 'someone.else@example.com' });
		expect(errorText((await run(stranger, createAccount, [{ Name: 'Never' }])).error)).toMatch(/invalid user ID/);

		const username = String(emu.store.get('User', emu.userId)?.Username);
		emu.auth.jwt.unapprove(username);
		try {
			const result = await run(jwtCredentials(), createAccount, [{ Name: 'Never' }]);
			expect(result.error?.message).toMatch(/JWT bearer login .*invalid_grant: user hasn't approved this consumer/);
		} finally {
			emu.auth.jwt.approve(username);
		}
		expect(emu.apiCalls()).toBe(0);
	});

	test('the OAuth2 choice still is the default (no authentication parameter → salesforceCrmOAuth2Api)', async () => {
		const result = await runWorkflow({
			otherCredentials: { [JWT]: jwtCredentials() },
			nodes: [{ name: 'Salesforce', type: NODE, parameters: createAccount as never }],
			items: [{ Name: 'No OAuth2' }],
		});
		expect(errorText(result.error)).toMatch(/salesforceCrmOAuth2Api|credential/i);
		expect(emu.count(TOKEN)).toBe(0);
	});
});

describe('JWT in the other node contexts', () => {
	test('the editor’s list search (load-options context) logs in with JWT and reuses the token', async () => {
		const hit = emu.store.insert('Account', { Name: 'Listed Through JWT' });
		const credentials = jwtCredentials();
		const helper = new HarnessCredentialsHelper({ [JWT]: credentials });
		const search = async () =>
			(await callNodeMethod({
				nodeType: NODE,
				kind: 'listSearch',
				method: 'searchRecords',
				parameters: { authentication: 'jwt', resource: 'record', operation: 'get', sobject: { mode: 'name', value: 'Account' } },
				path: 'parameters.recordId',
				args: ['Listed Through'],
				credentialsHelper: helper,
				credentialType: JWT,
			})) as { results: Array<{ value: string }> };
		expect((await search()).results.map((r) => r.value)).toEqual([hit]);
		expect((await search()).results.map((r) => r.value)).toEqual([hit]);
		expect(emu.count(TOKEN)).toBe(1);
		expect(helper.preAuthentications).toEqual([JWT]);
	});

	test('the CDC trigger streams with the JWT credential and logs in again once when the session expires', async () => {
		const credentials = jwtCredentials();
		await expectCdcAcrossExpiry(emu, credentials, { authentication: 'jwt' });
	});
});

function errorText(error: { message: string; description?: string | null; raw: unknown } | undefined): string {
	expect(error).toBeDefined();
	const raw = error!.raw as { messages?: string[]; cause?: { message?: string } };
	return [error!.message, error!.description ?? '', ...(raw?.messages ?? []), raw?.cause?.message ?? ''].join(' | ');
}

function expectNoSecrets(text: string, credentials: ICredentialDataDecryptedObject) {
	for (const line of String(credentials.privateKey).split('\n')) {
		if (!line.startsWith('-----') && line.length >= 16) expect(text).not.toContain(line.slice(0, 16));
	}
	expect(text).not.toMatch(/00D\w{12,15}!/); // no access token
	expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/); // no assertion
}
