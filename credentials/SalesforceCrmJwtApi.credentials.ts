import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { API_VERSION_PROPERTY, loginProperties } from '../nodes/shared/credentialProperties';
import { isAllowedSalesforceUrl, loginHostExpression, loginHostOf } from '../nodes/shared/transport/org';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Seconds the signed assertion stays valid (Salesforce accepts up to a few minutes). */
const ASSERTION_LIFETIME_S = 180;

/**
 * The login host (org.ts loginHostOf) is also the JWT audience and where the token is requested. Salesforce's Help
 * page "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration" names login.salesforce.com, test.salesforce.com
 * or an Experience Cloud site URL as `aud`; the My Domain URL as audience (environment "custom") is unverified
 * against a live org: it follows n8n-io/n8n#28990 / #29016 and Salesforce CLI, which tries the My Domain URL first
 * (README).
 */

/** Accepts the PEM as pasted: real newlines, literal "\n", or one line with spaces. Never echoes the key. */
function privateKeyOf(pem: string): KeyObject {
	let text = pem.trim().replace(/\\n/g, '\n').replace(/\r/g, '');
	const oneLine = /^(-----BEGIN [A-Z ]+-----)\s*([\s\S]+?)\s*(-----END [A-Z ]+-----)$/.exec(text);
	if (oneLine && !oneLine[2].includes('\n')) {
		text = `${oneLine[1]}\n${oneLine[2].replace(/\s+/g, '\n')}\n${oneLine[3]}`;
	}
	try {
		return createPrivateKey({ key: text, format: 'pem' });
	} catch {
		throw new Error(
			'The private key could not be read: paste the whole PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----) whose certificate is uploaded to the External Client App',
		);
	}
}

const base64url = (data: Buffer | string) =>
	Buffer.from(data).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** The signed RS256 assertion: iss = consumer key, sub = username, aud = login host, exp = now + 3 min. */
function signJwtAssertion(credentials: ICredentialDataDecryptedObject, nowMs: number): string {
	const key = privateKeyOf(String(credentials.privateKey ?? ''));
	const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const claims = base64url(
		JSON.stringify({
			iss: String(credentials.clientId ?? '').trim(),
			sub: String(credentials.username ?? '').trim(),
			aud: loginHostOf(credentials),
			exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_S,
		}),
	);
	const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key);
	return `${header}.${claims}.${base64url(signature)}`;
}

export class SalesforceCrmJwtApi implements ICredentialType {
	name = 'salesforceCrmJwtApi';

	displayName = 'Salesforce CRM JWT API';

	icon: Icon = { light: 'file:../icons/salesforce.svg', dark: 'file:../icons/salesforce.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-crm/n8n-nodes-salesforce-crm#jwt-bearer-server-to-server';

	properties: INodeProperties[] = [
		...loginProperties({
			default: 'custom',
			customDescription:
				'Log in at your My Domain (https://yourcompany.my.salesforce.com), also the JWT audience: what External Client Apps expect since Spring ’26 (see the README)',
			customDomainNote: '. It is also the JWT audience.',
		}),
		{
			displayName: 'Consumer Key (Client ID)',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The consumer key of the External Client App (or Connected App) that holds the certificate',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'integration@yourcompany.com',
			required: true,
			description: 'The Salesforce username the workflow acts as; the user must be pre-authorized for the app',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The PEM private key (-----BEGIN PRIVATE KEY----- …) whose certificate is uploaded to the app. Used only to sign the login assertion.',
		},
		API_VERSION_PROPERTY,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Identity URL',
			name: 'identityUrl',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * Called by n8n when `accessToken` is empty, and again after a 401 (expired session): one JWT bearer login.
	 * n8n stores what this returns in the credential, so the token is reused until Salesforce rejects it.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const host = loginHostOf(credentials);
		const assertion = signJwtAssertion(credentials, Date.now());
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${host}/services/oauth2/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: `grant_type=${encodeURIComponent(JWT_BEARER_GRANT)}&assertion=${encodeURIComponent(assertion)}`,
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		let body: IDataObject = {};
		try {
			body = (typeof response.body === 'string' ? JSON.parse(response.body) : (response.body ?? {})) as IDataObject;
		} catch {
			body = {};
		}
		const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
		const instanceUrl = typeof body.instance_url === 'string' ? body.instance_url.replace(/\/+$/, '') : '';
		if (response.statusCode >= 400 || !accessToken) {
			const code = typeof body.error === 'string' ? body.error : `HTTP ${response.statusCode}`;
			const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
			throw new Error(
				`Salesforce refused the JWT bearer login at ${host} (${code}${description}). Check the consumer key, the username (pre-authorized for the app), that the private key matches the app's certificate, and that the environment / My Domain URL is the org's login host.`,
			);
		}
		if (!isAllowedSalesforceUrl(instanceUrl)) {
			throw new Error('Salesforce returned no https:// instance URL for the JWT bearer login');
		}
		return {
			accessToken,
			instanceUrl,
			identityUrl: typeof body.id === 'string' ? body.id : '',
		};
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
		};
	}

	// UserInfo on the login host: it answers for any token of the org, and is known before the first login.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${loginHostExpression('$credentials')} }}`,
			url: '/services/oauth2/userinfo',
			method: 'GET',
		},
	};
}
