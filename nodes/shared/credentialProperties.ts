/**
 * The credential fields the OAuth2 and JWT credentials both have: where to log in (environment, My Domain URL) and
 * the API version. Each credential orders the environments and describes My Domain its own way.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const PRODUCTION_ENVIRONMENT: INodePropertyOptions = {
	name: 'Production',
	value: 'production',
	description: 'Log in at login.salesforce.com (production and Developer Edition orgs)',
};

export const SANDBOX_ENVIRONMENT: INodePropertyOptions = {
	name: 'Sandbox',
	value: 'sandbox',
	description: 'Log in at test.salesforce.com',
};

export function customEnvironment(description: string): INodePropertyOptions {
	return { name: 'My Domain / Custom Login URL', value: 'custom', description };
}

export function environmentProperty(options: INodePropertyOptions[], defaultValue: string): INodeProperties {
	return { displayName: 'Environment', name: 'environment', type: 'options', options, default: defaultValue };
}

/** The My Domain URL field, shown for the "custom" environment; `more` is appended to its description. */
export function customDomainUrlProperty(more = ''): INodeProperties {
	return {
		displayName: 'My Domain URL',
		name: 'customDomainUrl',
		type: 'string',
		default: '',
		placeholder: 'https://yourcompany.my.salesforce.com',
		description: `The https:// address of your My Domain login (Setup → My Domain), or of a sandbox My Domain such as https://yourcompany--uat.sandbox.my.salesforce.com${more}`,
		displayOptions: { show: { environment: ['custom'] } },
		required: true,
	};
}

export const API_VERSION_PROPERTY: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'string',
	default: '66.0',
	placeholder: '66.0',
	description: 'Salesforce REST API version, written as NN.N. 66.0 (Spring ’26) is accepted by every production org.',
};
