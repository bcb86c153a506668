import { createPublicKey, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Resp } from './types';

/**
 * OAuth 2.0 JWT bearer grant (Help, "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration"; wire notes §2): `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWS RS256>`.
 * The app's certificate is a key pair generated on first use (`keyPair`, PEM strings: sign with `privateKey`);
 * further public keys / certificates can be trusted with `trust()`. Checks: RS256 signature by a trusted key,
 * iss = the consumer key, aud ∈ {login, test, the emulator's own URL (My Domain: a guess shared with the pack, not in
 * Salesforce's Help page for this flow; see the README's JWT section)}, exp in the future and at most
 * 5 minutes ahead, sub = the org user's username, the user pre-authorised (see `unapprove`).
 */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface JwtConfig {
	clientId: string;
	/** The emulator URL: plays the My Domain host, so it is an accepted audience. */
	url: () => string;
	/** Username of the org user tokens are issued for. */
	username: () => string;
}

export interface JwtKeyPair {
	privateKey: string;
	publicKey: string;
}

const MAX_LIFETIME_S = 5 * 60;
const invalidGrant = (error_description: string): Resp => ({ status: 400, body: { error: 'invalid_grant', error_description } });

function b64urlJson(part: string): Record<string, unknown> | null {
	try {
		const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

export class JwtBearer {
	private pair?: JwtKeyPair;
	private readonly trusted: KeyObject[] = [];
	private readonly unapproved = new Set<string>();
	/** Every assertion received (decoded claims), newest last: lets tests look at iss/sub/aud/exp. */
	readonly assertions: Array<Record<string, unknown>> = [];

	constructor(private readonly cfg: JwtConfig) {}

	/** The app's key pair (generated on first access; its public key is trusted). */
	get keyPair(): JwtKeyPair {
		if (!this.pair) {
			const { privateKey, publicKey } = generateKeyPairSync('rsa', {
				modulusLength: 2048,
				privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
				publicKeyEncoding: { type: 'spki', format: 'pem' },
			});
			this.pair = { privateKey, publicKey };
			this.trusted.push(createPublicKey(publicKey));
		}
		return this.pair;
	}

	/** Trusts another public key or X.509 certificate (PEM), as uploading a certificate to the app does. */
	trust(pem: string): void {
		this.trusted.push(createPublicKey(pem));
	}

	/** The user has not been pre-authorised for the app: logins as them fail with "user hasn't approved this consumer". */
	unapprove(username: string): void {
		this.unapproved.add(username);
	}

	approve(username: string): void {
		this.unapproved.delete(username);
	}

	audiences(): string[] {
		return ['https://login.salesforce.com', 'https://test.salesforce.com', this.cfg.url()];
	}

	/** Checks the assertion; null when it is good (the caller issues the token), else the error response. */
	verify(assertion: string | null, nowMs = Date.now()): Resp | null {
		void this.keyPair; // the app always has its certificate
		const parts = (assertion ?? '').split('.');
		if (parts.length !== 3) return invalidGrant('invalid assertion');
		const header = b64urlJson(parts[0]);
		const claims = b64urlJson(parts[1]);
		if (!header || !claims || header.alg !== 'RS256') return invalidGrant('invalid assertion');
		this.assertions.push(claims);
		if (claims.iss !== this.cfg.clientId) {
			return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } };
		}
		const signature = Buffer.from(parts[2], 'base64url');
		const signed = `${parts[0]}.${parts[1]}`;
		const good = this.trusted.some((key) => createVerify('RSA-SHA256').update(signed).verify(key, signature));
		if (!good) return invalidGrant('invalid assertion');
		const aud = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) => String(a ?? '').replace(/\/+$/, ''));
		if (!aud.some((a) => this.audiences().includes(a))) return invalidGrant('audience is invalid');
		const exp = Number(claims.exp);
		const now = Math.floor(nowMs / 1000);
		if (!Number.isFinite(exp) || exp <= now) return invalidGrant('expired authorization code');
		if (exp > now + MAX_LIFETIME_S) return invalidGrant('invalid assertion');
		const sub = String(claims.sub ?? '');
		if (sub !== this.cfg.username()) return invalidGrant('invalid user ID');
		if (this.unapproved.has(sub)) return invalidGrant("user hasn't approved this consumer");
		return null;
	}
}
