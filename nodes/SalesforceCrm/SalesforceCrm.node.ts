import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildProperties, buildSubtitle } from './actions/properties';
import { searchMetadataTypes } from './actions/metadata/methods';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';
import { authenticationCredentials, authenticationProperty } from '../shared/transport/authentication';

/**
 * Salesforce CRM. Resources and operations: actions/registry.ts lists the resources, one folder each
 * (actions/<resource>/<resource>.resource.ts names the file of every operation); the HTTP client:
 * nodes/shared/transport/client.ts; batching, SOQL and the other Salesforce logic: nodes/shared/services/.
 */
/**
 * The Docs link of the node panel. n8n 2.41 appends `?utm_source=…` to the codex primaryDocumentation URL, which
 * after a `#anchor` lands inside the anchor; a documentationUrl starting with http is used as it is.
 */
const DOCS_URL = 'https://github.com/n8n-nodes-salesforce-crm/n8n-nodes-salesforce-crm#the-salesforce-crm-node';

export class SalesforceCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce CRM',
		name: 'salesforceCrm',
		icon: { light: 'file:../../icons/salesforce.svg', dark: 'file:../../icons/salesforce.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildSubtitle(),
		documentationUrl: DOCS_URL,
		description:
			'Work with Salesforce records in batches (any object, custom ones too), SOQL and SOSL, lead conversion and opportunity closing',
		defaults: { name: 'Salesforce CRM' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: authenticationCredentials,
		properties: [authenticationProperty, ...buildProperties()],
	};

	methods = {
		loadOptions: {
			getFields: loadOptions.getFields,
			getFilterableFields: loadOptions.getFilterableFields,
			getExternalIdFields: loadOptions.getExternalIdFields,
			getConvertedStatuses: loadOptions.getConvertedStatuses,
			getCampaignMemberStatuses: loadOptions.getCampaignMemberStatuses,
		},
		listSearch: { searchObjects: listSearch.searchObjects, searchRecords: listSearch.searchRecords, searchMetadataTypes },
		resourceMapping: {
			getCreateFields: resourceMapping.getCreateFields,
			getUpdateFields: resourceMapping.getUpdateFields,
			getUpsertFields: resourceMapping.getUpsertFields,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
