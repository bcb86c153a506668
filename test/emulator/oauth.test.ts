import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { SalesforceEmulator } from './server';
import { to18 } from './ids';

const b64url = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('emulator OAuth and ids', () => {
	let emu: SalesforceEmulator;
	beforeAll(async () => {
		emu = await SalesforceEmulator.start({ plugins: [] });
	});
	afterAll(() => emu.close());

	const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
		request(`${emu.url}/services/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(body).toString(),
		}).then(async (r) => ({ status: r.statusCode, body: (await r.body.json()) as any }));

	test('checksum vectors (wire notes §3)', () => {
		expect(to18('a0RE000000IJmcN')).toBe('a0RE000000IJmcNMAT');
		expect(to18('001M000000qfPyS')).toBe('001M000000qfPySIAU');
		expect(to18('aBcDEfgHIJKLMNO')).toBe('aBcDEfgHIJKLMNO025');
		expect(emu.orgId).toMatch(/^00D\w{15}$/);
		expect(emu.userId).toBe(to18(emu.userId.slice(0, 15)));
	});

	test('authorization code + PKCE S256 → tokens; refresh; revoke; expiry', async () => {
		const verifier = b64url(randomBytes(32));
		const challenge = b64url(createHash('sha256').update(verifier).digest());
		const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
		const auth = await request(
			`${emu.url}/services/oauth2/authorize?` +
				new URLSearchParams({
					response_type: 'code',
					client_id: 'test-client-id',
					redirect_uri: redirect,
					scope: 'api refresh_token',
					state: 'xyz',
					code_challenge: challenge,
					code_challenge_method: 'S256',
				}),
		);
		expect(auth.statusCode).toBe(302);
		const loc = new URL(String(auth.headers.location));
		expect(loc.origin + loc.pathname).toBe(redirect);
		expect(loc.searchParams.get('state')).toBe('xyz');
		const code = loc.searchParams.get('code')!;

		const wrong = await form({
			grant_type: 'authorization_code',
			code,
			client_id: 'test-client-id',
			client_secret: 'test-client-secret',
			redirect_uri: redirect,
			code_verifier: 'nope',
		});
		expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } });

		const basic = 'Basic ' + Buffer.from('test-client-id:test-client-secret').toString('base64');
		const ok = await form(
			{ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier },
			{ authorization: basic },
		);
		expect(ok.status).toBe(200);
		expect(Object.keys(ok.body).sort()).toEqual([
			'access_token',
			'id',
			'instance_url',
			'issued_at',
			'refresh_token',
			'scope',
			'signature',
			'token_type',
		]);
		expect(ok.body.expires_in).toBeUndefined();
		expect(ok.body.access_token.startsWith(emu.orgId.slice(0, 15) + '!')).toBe(true);
		expect(ok.body.instance_url).toBe(emu.url);
		expect(ok.body.token_type).toBe('Bearer');
		expect(ok.body.issued_at).toMatch(/^\d{13}$/);

		const reused = await form({
			grant_type: 'authorization_code',
			code,
			client_id: 'test-client-id',
			client_secret: 'test-client-secret',
			redirect_uri: redirect,
			code_verifier: verifier,
		});
		expect(reused.body.error).toBe('invalid_grant');

		const me = await request(`${emu.url}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${ok.body.access_token}` } });
		const info = (await me.body.json()) as any;
		expect(info.user_id).toBe(emu.userId);
		expect(info.organization_id).toBe(emu.orgId);
		const id = await request(ok.body.id, { headers: { authorization: `Bearer ${ok.body.access_token}` } });
		expect(((await id.body.json()) as any).urls.rest).toBe(`${emu.url}/services/data/v{version}/`);

		emu.expireAccessTokens();
		const expired = await request(`${emu.url}/services/data/v66.0/limits`, {
			headers: { authorization: `Bearer ${ok.body.access_token}` },
		});
		expect(expired.statusCode).toBe(401);
		expect(await expired.body.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);

		const refreshed = await form({
			grant_type: 'refresh_token',
			refresh_token: ok.body.refresh_token,
			client_id: 'test-client-id',
			client_secret: 'test-client-secret',
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).toBeUndefined();
		expect(refreshed.body.instance_url).toBe(emu.url);
		const again = await request(`${emu.url}/services/data/v66.0/limits`, {
			headers: { authorization: `Bearer ${refreshed.body.access_token}` },
		});
		expect(again.statusCode).toBe(200);
		await again.body.dump();

		const rev = await request(`${emu.url}/services/oauth2/revoke`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `token=${encodeURIComponent(ok.body.refresh_token)}`,
		});
		expect(rev.statusCode).toBe(200);
		await rev.body.dump();
		const dead = await form({ grant_type: 'refresh_token', refresh_token: ok.body.refresh_token, client_id: 'test-client-id' });
		expect(dead).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } });
	});

	test('client credentials: refused until a Run As user is set, then tokens act as that integration user', async () => {
		const cc = (extra: Record<string, string> = {}) =>
			form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'test-client-secret', ...extra });
		expect(await cc()).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'no client credentials user enabled' } });

		const runAs = emu.enableClientCredentials();
		expect(runAs).not.toBe(emu.userId);
		const ok = await cc();
		expect(ok.status).toBe(200);
		// the Help page's sample response: no refresh_token, no expires_in
		expect(Object.keys(ok.body).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
		expect(ok.body).toMatchObject({ instance_url: emu.url, id: `${emu.url}/id/${emu.orgId}/${runAs}`, token_type: 'Bearer', scope: 'api' });
		const basic = 'Basic ' + Buffer.from('test-client-id:test-client-secret').toString('base64');
		expect((await form({ grant_type: 'client_credentials' }, { authorization: basic })).status).toBe(200);

		// scopes a client credentials token cannot carry are dropped; none left is refused
		expect((await cc({ scope: 'api refresh_token' })).body.scope).toBe('api');
		expect((await cc({ scope: 'refresh_token offline_access' })).body).toEqual({
			error: 'invalid_grant',
			error_description: 'no valid scopes defined',
		});

		// the token acts as the Run As user: UserInfo names it, records are created and owned by it
		const bearer = { authorization: `Bearer ${ok.body.access_token}` };
		const info = (await (await request(`${emu.url}/services/oauth2/userinfo`, { headers: bearer })).body.json()) as any;
		expect(info).toMatchObject({ user_id: runAs, preferred_username: 'integration@emulator.example.com' });
		const created = await request(`${emu.url}/services/data/v66.0/sobjects/Account`, {
			method: 'POST',
			headers: { ...bearer, 'content-type': 'application/json' },
			body: JSON.stringify({ Name: 'Made by the integration' }),
		});
		const { id } = (await created.body.json()) as { id: string };
		expect(emu.store.get('Account', id)).toMatchObject({ OwnerId: runAs, CreatedById: runAs, LastModifiedById: runAs });

		emu.expireAccessTokens();
		const expired = await request(`${emu.url}/services/data/v66.0/`, { headers: bearer });
		expect(expired.statusCode).toBe(401);
		await expired.body.dump();
		expect(emu.auth.tokenRequests.filter((t) => t.grant === 'client_credentials').map((t) => t.status)).toEqual([400, 200, 200, 200, 400]);
	});

	test('client errors', async () => {
		const badSecret = await form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'x' });
		expect(badSecret.body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
		const badClient = await form({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'x' });
		expect(badClient.body.error).toBe('invalid_client_id');
		expect((await form({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
	});
});
