import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { SalesforceApiError, SalesforceInputError } from './errors';
import { credentialTypeFor, isAllowedSalesforceUrl, JWT_CREDENTIAL_TYPE, loginHostOf, orgIdFromIdentity } from './org';

/** The part of an n8n function context the client needs (execute, load-options, trigger, webhook, poll, hook). */
export interface SalesforceContext {
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	getNode(): INode;
	helpers: {
		httpRequestWithAuthentication(this: SalesforceContext, credentialsType: string, requestOptions: IHttpRequestOptions): Promise<unknown>;
	};
}

/** The org a credential reaches: where its REST API lives, the API version used, the org id when known. */
export interface OrgSettings {
	credentialType: string;
	instanceUrl: string;
	apiVersion: string;
	orgId?: string;
	/** The identity URL (…/id/00D…/005…) from the token response, when Salesforce sent one. */
	identityUrl?: string;
}

const API_VERSION = /^\d{2,3}\.\d$/;

function apiVersionOf(credentials: ICredentialDataDecryptedObject, override?: string): string {
	const apiVersion = String(override || credentials.apiVersion || '66.0')
		.trim()
		.replace(/^v/i, '');
	if (!API_VERSION.test(apiVersion)) {
		throw new SalesforceInputError(`API version "${apiVersion}" is not valid: write it as NN.N, for example 66.0`, {
			field: 'apiVersion',
		});
	}
	return apiVersion;
}

/**
 * The URL of the one call that makes n8n log in, for a credential that has not logged in yet; undefined when it
 * has. n8n logs in on the first authenticated request itself:
 * - JWT: an empty `accessToken` (expirable) makes n8n run the credential's preAuthentication (the JWT bearer
 *   login) and store its token, instance URL and identity URL. UserInfo answers on every login host.
 * - OAuth2 with the client credentials grant: no token data makes n8n-core's requestOAuth2 fetch a token
 *   (grant_type=client_credentials at the Access Token URL) and store the whole response, instance_url included,
 *   with the credential. The call is the REST API's version root on the My Domain host (the only host that grant
 *   works on, and the org's instance): it needs a valid token and answers 401 for an expired one, so n8n renews a
 *   stale token there too (UserInfo answers 403 Bad_OAuth_Token, which n8n does not renew on).
 * Authorization code / PKCE credentials get their token from the "Connect" button; nothing to do here.
 */
function firstLoginUrl(credentials: ICredentialDataDecryptedObject, jwt: boolean, loginHost: string, apiVersion: string) {
	if (jwt) return credentials.accessToken && credentials.instanceUrl ? undefined : `${loginHost}/services/oauth2/userinfo`;
	const token = (credentials.oauthTokenData ?? {}) as IDataObject;
	if (credentials.grantType !== 'clientCredentials' || token.instance_url) return undefined;
	return `${loginHost}/services/data/v${apiVersion}/`;
}

/** Salesforce's OAuth error ({ error, error_description }) somewhere in the cause chain of n8n's error. */
function oauthErrorIn(error: unknown): { error: string; error_description?: string } | undefined {
	let current = error as { body?: { error?: unknown; error_description?: unknown }; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		if (typeof current.body?.error === 'string') {
			const description = current.body.error_description;
			return { error: current.body.error, ...(typeof description === 'string' ? { error_description: description } : {}) };
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** The error to report for a failed first login: Salesforce's reason for a refused client credentials request. */
function loginFailure(error: unknown, jwt: boolean, loginHost: string): unknown {
	const refused = jwt ? undefined : oauthErrorIn(error);
	if (!refused) return error;
	const description = refused.error_description ? `: ${refused.error_description}` : '';
	return new SalesforceApiError(400, [
		{
			errorCode: refused.error,
			message: `Salesforce refused the client credentials token request at ${loginHost}/services/oauth2/token (${refused.error}${description}). Check the consumer key and secret, that the External Client App enables the client credentials flow with a "Run As" user, and that the My Domain URL is the org's.`,
		},
	]);
}

/**
 * Reads the org settings from the credential, logging in first (one call, see firstLoginUrl) when the credential
 * has never logged in; later runs read what n8n stored and make no extra call.
 */
export async function resolveOrg(ctx: SalesforceContext, apiVersionOverride?: string): Promise<OrgSettings> {
	const credentialType = credentialTypeFor(ctx);
	const jwt = credentialType === JWT_CREDENTIAL_TYPE;
	let credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType);
	const loginHost = loginHostOf(credentials);
	const apiVersion = apiVersionOf(credentials, apiVersionOverride);
	const url = firstLoginUrl(credentials, jwt, loginHost, apiVersion);
	if (url) {
		const failure = await ctx.helpers.httpRequestWithAuthentication
			.call(ctx, credentialType, { method: 'GET', url, json: true, timeout: 60_000 })
			.then(
				() => undefined,
				(error: unknown) => error,
			);
		if (failure !== undefined) throw loginFailure(failure, jwt, loginHost);
		credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType);
	}
	const token = (credentials.oauthTokenData ?? {}) as IDataObject;
	const instanceUrl = String((jwt ? credentials.instanceUrl : token.instance_url) ?? '').replace(/\/+$/, '');
	const field = jwt ? 'instanceUrl' : 'oauthTokenData.instance_url';
	if (!instanceUrl) {
		throw new SalesforceInputError(
			jwt
				? 'The Salesforce JWT credential has no instance URL: the JWT login did not return one'
				: credentials.grantType === 'clientCredentials'
					? 'The Salesforce credential has no instance URL: Salesforce returned none with the client credentials token'
					: 'The Salesforce credential has no instance URL: reconnect it (open the credential and click "Reconnect") so Salesforce returns one',
			{ field },
		);
	}
	if (!isAllowedSalesforceUrl(instanceUrl)) {
		throw new SalesforceInputError(`The instance URL "${instanceUrl}" returned at login is not an https:// URL: reconnect the credential`, {
			field,
		});
	}
	const identityUrl = String((jwt ? credentials.identityUrl : token.id) ?? '') || undefined;
	return { credentialType, instanceUrl, apiVersion, orgId: orgIdFromIdentity(identityUrl), identityUrl };
}
