import { allMetadataTypes, describeMetadata } from '../../../shared/services/metadataDescribe';
import { perItem } from '../common';
import type { OperationModule } from '../types';
import { sessionOf } from './fields';

/**
 * Metadata → Describe Types: the metadata types of the org (describeMetadata), one item per type, child types
 * (CustomField, ValidationRule… under CustomObject) included with their parent. One call per execution.
 */
export const describeTypes: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const described = await describeMetadata(client, sessionOf(client));
		return allMetadataTypes(described).map((t) => ({
			json: {
				xmlName: t.xmlName,
				...(t.parent ? { parent: t.parent } : {}),
				childXmlNames: t.childXmlNames,
				directoryName: t.directoryName ?? null,
				suffix: t.suffix ?? null,
				inFolder: t.inFolder,
				metaFile: t.metaFile,
			},
			pairedItem: { item: i },
		}));
	}),
};
