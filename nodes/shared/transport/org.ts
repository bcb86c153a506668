/**
 * Which credential a node uses, where that credential logs in, and the org it reaches: the checks the three nodes
 * and the JWT credential share. No n8n runtime values are imported here, so the credentials load it cheaply.
 */
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { SalesforceInputError } from './errors';

export const CREDENTIAL_TYPE = 'salesforceCrmOAuth2Api';
export const JWT_CREDENTIAL_TYPE = 'salesforceCrmJwtApi';

/**
 * The credential type the node uses: its `authentication` parameter ('oAuth2' by default, 'jwt'). Read from the
 * node's own parameters, so it works in every context (execute, load options, trigger, webhook, poll, hook) and
 * falls back to OAuth2 where the node has no such parameter.
 */
export function credentialTypeFor(ctx: { getNode(): INode }): string {
	const authentication = ctx.getNode().parameters?.authentication;
	return authentication === 'jwt' ? JWT_CREDENTIAL_TYPE : CREDENTIAL_TYPE;
}

/** http(s) URL check: https everywhere, plain http only on loopback (the local emulator). */
export function isAllowedSalesforceUrl(url: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol === 'https:') return true;
	return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

/**
 * The login host of the credential's environment: login / test.salesforce.com, or the My Domain URL typed in
 * (trailing slashes removed). For the JWT credential it is also the assertion's audience.
 */
export function loginHostOf(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.environment !== 'custom') {
		return credentials.environment === 'sandbox' ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
	}
	const custom = String(credentials.customDomainUrl ?? '').trim();
	if (!isAllowedSalesforceUrl(custom)) {
		throw new SalesforceInputError(
			`The credential's My Domain URL "${custom}" is not a valid https:// URL (for example https://yourcompany.my.salesforce.com)`,
			{ field: 'customDomainUrl' },
		);
	}
	return custom.replace(/\/+$/, '');
}

/** An org id as Salesforce sends it: 00D and 12 more characters, or 18 with the case-safe suffix. */
export function isOrgId(id: string): boolean {
	return /^00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(id);
}

/** The org id (00D…) in an identity URL (…/id/00D…/005…). */
export function orgIdFromIdentity(id: unknown): string | undefined {
	return /\/id\/(00D[0-9A-Za-z]{12,15})\//.exec(String(id ?? ''))?.[1];
}

/** 15-character form of a Salesforce id (org ids are compared case-sensitively on their first 15 characters). */
export function id15(id: string): string {
	return id.slice(0, 15);
}

/**
 * loginHostOf as an n8n expression over a credential's own fields (`$self` in hidden fields, `$credentials` in a
 * test request): a credential property cannot call code, so the URL is checked where it is used (loginHostOf).
 * A conditional expression: put it in parentheses inside a larger one.
 */
export function loginHostExpression(of: '$self' | '$credentials'): string {
	return `${of}.environment === 'custom' ? String(${of}.customDomainUrl || '').trim().replace(/\\/+$/, '') : ${of}.environment === 'sandbox' ? 'https://test.salesforce.com' : 'https://login.salesforce.com'`;
}
