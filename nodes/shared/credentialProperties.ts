/**
 * The credential fields the OAuth2 and JWT credentials both have: where to log in (environment, My Domain URL) and
 * the API version. Each credential orders the environments and describes My Domain its own way.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

const PRODUCTION: INodePropertyOptions = {
	name: 'Production',
	value: 'production',
	description: 'Log in at login.salesforce.com (production and Developer Edition orgs)',
};

const SANDBOX: INodePropertyOptions = {
	name: 'Sandbox',
	value: 'sandbox',
	description: 'Log in at test.salesforce.com',
};

export interface LoginChoice {
	/** 'custom' lists My Domain first and chooses it by default; 'production' lists it last. */
	default: 'custom' | 'production';
	/** The description of the My Domain environment. */
	customDescription: string;
	/** Appended to the My Domain URL field's description. */
	customDomainNote?: string;
}

/** The Environment choice and the My Domain URL field (shown for the "custom" environment). */
export function loginProperties(choice: LoginChoice): INodeProperties[] {
	const custom: INodePropertyOptions = { name: 'My Domain / Custom Login URL', value: 'custom', description: choice.customDescription };
	const customFirst = choice.default === 'custom';
	const defaultEnvironment = choice.default;
	return [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: customFirst ? [custom, PRODUCTION, SANDBOX] : [PRODUCTION, SANDBOX, custom],
			default: defaultEnvironment,
		},
		{
			displayName: 'My Domain URL',
			name: 'customDomainUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourcompany.my.salesforce.com',
			description: `The https:// address of your My Domain login (Setup → My Domain), or of a sandbox My Domain such as https://yourcompany--uat.sandbox.my.salesforce.com${choice.customDomainNote ?? ''}`,
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
	];
}

export const API_VERSION_PROPERTY: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'string',
	default: '66.0',
	placeholder: '66.0',
	description: 'Salesforce REST API version, written as NN.N. 66.0 (Spring ’26) is accepted by every production org.',
};
