import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { allMetadataTypes, describeMetadata } from '../../../shared/services/metadataDescribe';
import { SalesforceClient } from '../../../shared/transport/client';
import { sessionOf } from './fields';

/** The Metadata Type list: the org's types from describeMetadata, child types (CustomField…) with their parent. */
export async function searchMetadataTypes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await SalesforceClient.create(this);
	const needle = (filter ?? '').toLowerCase();
	const types = allMetadataTypes(await describeMetadata(client, sessionOf(client)));
	return {
		results: types
			.filter((t) => !needle || t.xmlName.toLowerCase().includes(needle))
			.map((t) => ({ name: t.parent ? `${t.xmlName} (${t.parent})` : t.xmlName, value: t.xmlName })),
	};
}
