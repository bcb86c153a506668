import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { API_VERSION_PROPERTY, loginProperties } from '../nodes/shared/credentialProperties';
import { loginHostExpression } from '../nodes/shared/transport/org';

/**
 * Login host for the chosen environment, as an n8n expression over the credential's own fields: production and
 * sandbox use Salesforce's shared login hosts; "My Domain / custom" uses the URL the user typed. The URL itself is
 * validated where it is used (nodes/shared/transport/org.ts loginHostOf), because a credential property cannot
 * carry a validator.
 */
const LOGIN_HOST = `(${loginHostExpression('$self')})`;

export class SalesforceCrmOAuth2Api implements ICredentialType {
	name = 'salesforceCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Salesforce CRM OAuth2 API';

	icon: Icon = { light: 'file:../icons/salesforce.svg', dark: 'file:../icons/salesforce.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-crm/n8n-nodes-salesforce-crm#credentials';

	properties: INodeProperties[] = [
		...loginProperties({
			default: 'production',
			customDescription: 'Log in at your My Domain (https://yourcompany.my.salesforce.com) or an Experience Cloud site',
		}),
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code with PKCE',
					value: 'pkce',
					description: 'A user logs in to Salesforce and approves access (recommended)',
				},
				{
					name: 'Client Credentials (My Domain Only)',
					value: 'clientCredentials',
					description:
						'Server-to-server: the External Client App runs as its configured "Run As" user. Salesforce accepts this grant only on the My Domain host.',
				},
			],
			default: 'pkce',
		},
		{
			displayName: 'Client credentials work only with a My Domain login URL: choose "My Domain / Custom Login URL" above',
			name: 'clientCredentialsNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { grantType: ['clientCredentials'], environment: ['production', 'sandbox'] } },
		},
		API_VERSION_PROPERTY,
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${LOGIN_HOST} + '/services/oauth2/authorize' }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${LOGIN_HOST} + '/services/oauth2/token' }}`,
		},
		{
			// Client credentials: API access only. Salesforce issues no refresh token for this grant (and drops
			// refresh_token / offline_access / full from such a request since Winter '26). The other grants ask for
			// API access and a refresh token.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: "={{ $self.grantType === 'clientCredentials' ? 'api' : 'api refresh_token' }}",
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	/**
	 * Proves the credential works. Authorization code / PKCE: UserInfo on the org's own instance (the URL Salesforce
	 * returned at "Connect"). Client credentials: the REST API's version root on the My Domain host; when the
	 * credential holds no token yet n8n fetches one first (and stores it), and an expired one answers 401, which
	 * makes n8n fetch a new one. So a wrong key, secret, URL or app setup fails the test.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.grantType === 'clientCredentials' ? (${loginHostExpression('$credentials')}) : $credentials.oauthTokenData.instance_url }}`,
			url: "={{ $credentials.grantType === 'clientCredentials' ? '/services/data/v' + String($credentials.apiVersion || '66.0').trim().replace(/^v/i, '') + '/' : '/services/oauth2/userinfo' }}",
			method: 'GET',
		},
	};
}
