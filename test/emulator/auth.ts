import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { JWT_BEARER_GRANT, JwtBearer } from './jwt';
import type { Resp } from './types';

interface AccessToken {
	userId: string;
	expired: boolean;
	refresh?: string;
}
interface RefreshToken {
	userId: string;
	scope: string;
	revoked: boolean;
}
interface AuthCode {
	redirectUri: string;
	challenge?: string;
	method?: string;
	scope: string;
	used: boolean;
	expires: number;
}

export interface AuthConfig {
	orgId: string;
	userId: string;
	clientId: string;
	clientSecret: string;
	url: () => string;
	/** A user of the org by id (the admin the emulator announced, or the client credentials "Run As" user). */
	user: (userId: string) => { username: string; name: string; email: string; firstName: string; lastName: string; timeZone: string };
}

/** A token request as received (for tests): the grant, the scope asked for (null: none sent), the answer's status. */
export interface TokenRequest {
	grant: string | null;
	scope: string | null;
	status: number;
}

/**
 * Scopes a client credentials token cannot carry: Salesforce drops them from the request and refuses the request
 * with invalid_grant "no valid scopes defined" when none remains (Winter '26 release: "Client Credentials Flow
 * returns an error for requests without valid scopes"; the exact wording is unverified against a live org).
 */
const NOT_FOR_CLIENT_CREDENTIALS = new Set(['refresh_token', 'offline_access', 'full']);

const b64url = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const oauthError = (error: string, error_description: string, status = 400): Resp => ({ status, body: { error, error_description } });

/**
 * OAuth 2.0 endpoints (Help, "OAuth Endpoints"; wire notes §2): authorize (consents at once), token, revoke, userinfo, identity URL.
 * Grants: authorization code (+ PKCE), refresh token, JWT bearer (jwt.ts), client credentials.
 *
 * Client credentials (Salesforce Help, "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration"): the
 * app posts grant_type=client_credentials with its consumer key and secret (form body or HTTP Basic) to the My
 * Domain token endpoint; Salesforce answers with a token issued for the app's "Run As" (integration) user:
 * { access_token, signature, scope, instance_url, id, token_type, issued_at } and no refresh_token, no expires_in
 * (the Help page's sample response). Here the emulator's host plays the My Domain host. Until a Run As user is set
 * (`runAs`, or SalesforceEmulator.enableClientCredentials) the grant is refused with invalid_grant
 * "no client credentials user enabled" (the error text is as widely reported, unverified against the Help pages).
 * Records written with such a token are created and owned by the Run As user.
 */
export class Auth {
	private readonly access = new Map<string, AccessToken>();
	private readonly refresh = new Map<string, RefreshToken>();
	private readonly codes = new Map<string, AuthCode>();

	/** JWT bearer grant: the app's key pair (`jwt.keyPair`), trusted keys, pre-authorisation (test/emulator/jwt.ts). */
	readonly jwt: JwtBearer;

	/** The client credentials flow's "Run As" user (its id); undefined: the flow is not enabled for the app. */
	runAs?: string;

	/** Every token request, oldest first. */
	readonly tokenRequests: TokenRequest[] = [];

	constructor(private readonly cfg: AuthConfig) {
		this.jwt = new JwtBearer({ clientId: cfg.clientId, url: cfg.url, username: () => cfg.user(cfg.userId).username });
	}

	/** Token string → user, or null (unknown, expired or revoked). */
	check(token: string | undefined | null): { userId: string } | null {
		if (!token) return null;
		const t = this.access.get(token);
		return t && !t.expired ? { userId: t.userId } : null;
	}
	bearer(headers: IncomingHttpHeaders): string | null {
		const m = /^(?:Bearer|OAuth)\s+(\S+)/i.exec(headers.authorization ?? '');
		return m ? m[1] : null;
	}
	/**
	 * Accepts an access token issued by an earlier emulator of the same org (ids are deterministic), so a client that
	 * stored it (an imported n8n credential) goes on working against a fresh emulator on the same port.
	 */
	accept(accessToken: string, userId = this.cfg.userId): void {
		this.access.set(accessToken, { userId, expired: false });
	}
	expireAll() {
		for (const t of this.access.values()) t.expired = true;
	}

	issue(scope = 'refresh_token api id', withRefresh = true, userId = this.cfg.userId): Record<string, string> {
		const { orgId } = this.cfg;
		const accessToken = `${orgId.slice(0, 15)}!${b64url(randomBytes(72))}`;
		let refresh: string | undefined;
		if (withRefresh) {
			refresh = `5Aep861${b64url(randomBytes(60))}`;
			this.refresh.set(refresh, { userId, scope, revoked: false });
		}
		this.access.set(accessToken, { userId, expired: false, refresh });
		return this.tokenBody(accessToken, scope, userId, refresh);
	}

	private tokenBody(accessToken: string, scope: string, userId: string, refresh?: string): Record<string, string> {
		const issuedAt = String(Date.now());
		const id = `${this.cfg.url()}/id/${this.cfg.orgId}/${userId}`;
		const signature = createHmac('sha256', this.cfg.clientSecret)
			.update(id + issuedAt)
			.digest('base64');
		const body: Record<string, string> = { access_token: accessToken };
		if (refresh) body.refresh_token = refresh;
		Object.assign(body, { signature, scope, instance_url: this.cfg.url(), id, token_type: 'Bearer', issued_at: issuedAt });
		return body;
	}

	handle(method: string, url: URL, headers: IncomingHttpHeaders, rawBody: string): Resp | null {
		const p = url.pathname.replace(/\/+$/, '');
		if (p === '/services/oauth2/authorize' && (method === 'GET' || method === 'POST')) return this.authorize(url.searchParams);
		if (p === '/services/oauth2/token' && method === 'POST') {
			const form = new URLSearchParams(rawBody);
			const resp = this.token(form, headers);
			this.tokenRequests.push({ grant: form.get('grant_type'), scope: form.get('scope'), status: resp.status });
			return resp;
		}
		if (p === '/services/oauth2/revoke' && (method === 'POST' || method === 'GET')) {
			const token = new URLSearchParams(rawBody).get('token') ?? url.searchParams.get('token') ?? '';
			return this.revoke(token);
		}
		if (p === '/services/oauth2/userinfo') return this.userinfo(headers, url);
		if (p.startsWith('/id/')) return this.identity(p, headers, url);
		return null;
	}

	private authorize(q: URLSearchParams): Resp {
		const redirect = q.get('redirect_uri');
		if (q.get('client_id') !== this.cfg.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (!redirect) return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
		const target = new URL(redirect);
		const state = q.get('state');
		if (q.get('response_type') !== 'code') {
			target.searchParams.set('error', 'unsupported_response_type');
			target.searchParams.set('error_description', 'response type not supported');
		} else {
			const code = `aPrx${b64url(randomBytes(48))}==`;
			const method = q.get('code_challenge_method') ?? (q.get('code_challenge') ? 'plain' : undefined);
			this.codes.set(code, {
				redirectUri: redirect,
				challenge: q.get('code_challenge') ?? undefined,
				method,
				scope: q.get('scope') ?? 'refresh_token api id',
				used: false,
				expires: Date.now() + 15 * 60_000,
			});
			target.searchParams.set('code', code);
		}
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, headers: { Location: target.toString() }, raw: '' };
	}

	private token(form: URLSearchParams, headers: IncomingHttpHeaders): Resp {
		let clientId = form.get('client_id');
		let secret = form.get('client_secret');
		const basic = /^Basic\s+(\S+)/i.exec(headers.authorization ?? '');
		if (basic) {
			const [id, sec] = Buffer.from(basic[1], 'base64').toString().split(':');
			clientId = clientId ?? decodeURIComponent(id);
			secret = secret ?? decodeURIComponent(sec ?? '');
		}
		const grant = form.get('grant_type');
		if (!grant) return oauthError('invalid_request', 'grant type is missing');
		if (grant === JWT_BEARER_GRANT) {
			const refused = this.jwt.verify(form.get('assertion'));
			if (refused) return refused;
			const { access_token, scope, instance_url, id, token_type } = this.issue('web api id', false);
			return { status: 200, body: { access_token, scope, instance_url, id, token_type } };
		}
		if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grant))
			return oauthError('unsupported_grant_type', 'grant type not supported');
		if (clientId !== this.cfg.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (secret !== null && secret !== this.cfg.clientSecret) return oauthError('invalid_client', 'invalid client credentials');

		if (grant === 'authorization_code') {
			const code = this.codes.get(form.get('code') ?? '');
			if (!code || code.used) return oauthError('invalid_grant', 'invalid authorization code');
			if (code.expires < Date.now()) return oauthError('invalid_grant', 'authorization code expired');
			if (form.get('redirect_uri') !== code.redirectUri)
				return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
			if (code.challenge) {
				const verifier = form.get('code_verifier') ?? '';
				const computed = code.method === 'S256' ? b64url(createHash('sha256').update(verifier).digest()) : verifier;
				if (!verifier || computed !== code.challenge) return oauthError('invalid_grant', 'invalid code verifier');
			} else if (secret === null) return oauthError('invalid_client', 'invalid client credentials');
			code.used = true;
			return { status: 200, body: this.issue(code.scope, /\b(refresh_token|offline_access)\b/.test(code.scope)) };
		}
		if (grant === 'refresh_token') {
			const rt = this.refresh.get(form.get('refresh_token') ?? '');
			if (!rt || rt.revoked) return oauthError('invalid_grant', 'expired access/refresh token');
			const accessToken = `${this.cfg.orgId.slice(0, 15)}!${b64url(randomBytes(72))}`;
			this.access.set(accessToken, { userId: rt.userId, expired: false, refresh: form.get('refresh_token')! });
			return { status: 200, body: this.tokenBody(accessToken, rt.scope, rt.userId) };
		}
		return this.clientCredentials(form, secret);
	}

	/** grant_type=client_credentials: a token for the Run As user, scopes from the request (none or empty: the app's, api). */
	private clientCredentials(form: URLSearchParams, secret: string | null): Resp {
		if (secret === null) return oauthError('invalid_client', 'invalid client credentials');
		if (!this.runAs) return oauthError('invalid_grant', 'no client credentials user enabled');
		const requested = form.get('scope');
		const scopes = (requested || 'api').split(/\s+/).filter((s) => s && !NOT_FOR_CLIENT_CREDENTIALS.has(s));
		if (!scopes.length) return oauthError('invalid_grant', 'no valid scopes defined');
		return { status: 200, body: this.issue(scopes.join(' '), false, this.runAs) };
	}

	private revoke(token: string): Resp {
		const rt = this.refresh.get(token);
		if (rt) {
			rt.revoked = true;
			for (const t of this.access.values()) if (t.refresh === token) t.expired = true;
			return { status: 200, raw: '' };
		}
		const at = this.access.get(token);
		if (at) {
			at.expired = true;
			return { status: 200, raw: '' };
		}
		return oauthError('invalid_token', 'invalid token');
	}

	private userinfo(headers: IncomingHttpHeaders, url: URL): Resp {
		const who = this.check(this.bearer(headers) ?? url.searchParams.get('oauth_token'));
		if (!who) return { status: 403, raw: 'Bad_OAuth_Token', contentType: 'text/plain' }; // body text as seen from live orgs (unverified)
		const u = this.cfg.user(who.userId);
		return {
			status: 200,
			body: {
				sub: `${this.cfg.url()}/id/${this.cfg.orgId}/${who.userId}`,
				user_id: who.userId,
				organization_id: this.cfg.orgId,
				preferred_username: u.username,
				nickname: u.firstName,
				name: u.name,
				email: u.email,
				email_verified: true,
				given_name: u.firstName,
				family_name: u.lastName,
				zoneinfo: u.timeZone,
				urls: this.urls(who.userId),
				active: true,
				user_type: 'STANDARD',
				language: 'en_US',
				locale: 'en_US',
				utcOffset: -28800000,
				updated_at: new Date(0).toISOString(),
			},
		};
	}

	private identity(p: string, headers: IncomingHttpHeaders, url: URL): Resp {
		const who = this.check(this.bearer(headers) ?? url.searchParams.get('oauth_token'));
		if (!who) return { status: 403, raw: 'Bad_OAuth_Token', contentType: 'text/plain' };
		const [, , org, user] = p.split('/');
		if (org !== this.cfg.orgId || user !== who.userId)
			return { status: 404, body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] };
		const u = this.cfg.user(user);
		const version = url.searchParams.get('version');
		const urls = this.urls(user, version === 'latest' ? '66.0' : (version ?? undefined));
		return {
			status: 200,
			body: {
				id: `${this.cfg.url()}/id/${org}/${user}`,
				asserted_user: true,
				user_id: user,
				organization_id: org,
				username: u.username,
				nick_name: u.firstName,
				display_name: u.name,
				email: u.email,
				email_verified: true,
				first_name: u.firstName,
				last_name: u.lastName,
				timezone: u.timeZone,
				active: true,
				user_type: 'STANDARD',
				language: 'en_US',
				locale: 'en_US',
				utcOffset: -28800000,
				last_modified_date: new Date(0).toISOString().replace('Z', '+0000'),
				is_app_installed: true,
				urls,
			},
		};
	}

	private urls(userId: string, version = '{version}'): Record<string, string> {
		const b = this.cfg.url();
		return {
			enterprise: `${b}/services/Soap/c/${version}/${this.cfg.orgId}`,
			metadata: `${b}/services/Soap/m/${version}/${this.cfg.orgId}`,
			partner: `${b}/services/Soap/u/${version}/${this.cfg.orgId}`,
			rest: `${b}/services/data/v${version}/`,
			sobjects: `${b}/services/data/v${version}/sobjects/`,
			search: `${b}/services/data/v${version}/search/`,
			query: `${b}/services/data/v${version}/query/`,
			recent: `${b}/services/data/v${version}/recent/`,
			tooling_soap: `${b}/services/Soap/T/${version}/${this.cfg.orgId}`,
			tooling_rest: `${b}/services/data/v${version}/tooling/`,
			profile: `${b}/${userId}`,
			feeds: `${b}/services/data/v${version}/chatter/feeds`,
			groups: `${b}/services/data/v${version}/chatter/groups`,
			users: `${b}/services/data/v${version}/chatter/users`,
			custom_domain: b,
		};
	}
}
