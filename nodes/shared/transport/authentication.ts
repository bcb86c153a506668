import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { assertSupportedN8n } from '../n8nRuntime';
import { CREDENTIAL_TYPE, JWT_CREDENTIAL_TYPE } from './org';

// Every node of the pack imports this module before its own code runs: an n8n too old for the pack refuses it at
// start-up with a clear message (see n8nRuntime.ts) instead of failing later at run time.
assertSupportedN8n();

/**
 * The "Authentication" choice every node of the pack offers, and the credential each choice uses. The client
 * (org.ts credentialTypeFor) reads the same parameter to pick the credential type.
 */
export const authenticationCredentials: INodeCredentialDescription[] = [
	{ name: CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
	{ name: JWT_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: ['jwt'] } } },
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'OAuth2', value: 'oAuth2', description: 'Salesforce CRM OAuth2 API credential (PKCE or client credentials)' },
		{ name: 'JWT Bearer', value: 'jwt', description: 'Salesforce CRM JWT API credential (server-to-server, signed with a private key)' },
	],
	default: 'oAuth2',
};
