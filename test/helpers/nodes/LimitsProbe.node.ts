import {
	NodeApiError,
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

/**
 * A test-only node that does what the pack's transport does at its core: read `instance_url` from the
 * Salesforce credential and call the org through n8n's `httpRequestWithAuthentication` (so n8n-core signs the
 * request with the OAuth2 bearer token and refreshes it on a 401). One request per input item.
 */
export class LimitsProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Limits Probe (test)',
		name: 'limitsProbe',
		group: ['transform'],
		version: 1,
		description: 'GETs a path on the Salesforce instance for each item',
		defaults: { name: 'Limits Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salesforceCrmOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '/services/data/v66.0/limits',
				description: 'Path on the instance (expressions allowed)',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('salesforceCrmOAuth2Api');
		const instanceUrl = (credentials.oauthTokenData as IDataObject | undefined)?.instance_url as string | undefined;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const path = this.getNodeParameter('path', i) as string;
			try {
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'salesforceCrmOAuth2Api', {
					method: 'GET',
					url: `${instanceUrl}${path}`,
					json: true,
				})) as IDataObject;
				out.push({ json: { ...body, input: items[i].json }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [out];
	}
}
