import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';
import { metadataCall, type Session } from './metadata';
import { child, children, escapeXml } from './xml';

/** The Metadata API's describeMetadata: the org's metadata types, cached per client (Metadata API Developer Guide). */

export interface MetadataTypeInfo {
	xmlName: string;
	directoryName?: string;
	suffix?: string;
	inFolder: boolean;
	metaFile: boolean;
	childXmlNames: string[];
	/** For child types (CustomField…): the type they belong to (CustomObject). */
	parent?: string;
}

export interface DescribeMetadata {
	types: MetadataTypeInfo[];
	organizationNamespace: string;
	partialSaveAllowed: boolean;
	testRequired: boolean;
}

const describeCache = new WeakMap<SalesforceClient, Promise<DescribeMetadata>>();

/** describeMetadata (DescribeMetadataResult), once per client, i.e. per execution or editor request. */
export async function describeMetadata(client: SalesforceClient, session: Session): Promise<DescribeMetadata> {
	let pending = describeCache.get(client);
	if (!pending) {
		pending = metadataCall(client, session, 'describeMetadata', `<urn:asOfVersion>${escapeXml(client.apiVersion)}</urn:asOfVersion>`, {
			read: true,
		}).then(([result]) => {
			if (!result)
				throw new SalesforceApiError(500, [{ errorCode: 'NO_RESULT', message: 'Salesforce returned no DescribeMetadataResult' }]);
			const types = children(result, 'metadataObjects').map((o): MetadataTypeInfo => ({
				xmlName: child(o, 'xmlName')?.text ?? '',
				directoryName: child(o, 'directoryName')?.text || undefined,
				suffix: child(o, 'suffix')?.text || undefined,
				inFolder: child(o, 'inFolder')?.text === 'true',
				metaFile: child(o, 'metaFile')?.text === 'true',
				childXmlNames: children(o, 'childXmlNames')
					.map((c) => c.text)
					.filter(Boolean),
			}));
			return {
				types: types.filter((t) => t.xmlName),
				organizationNamespace: child(result, 'organizationNamespace')?.text ?? '',
				partialSaveAllowed: child(result, 'partialSaveAllowed')?.text === 'true',
				testRequired: child(result, 'testRequired')?.text === 'true',
			};
		});
		describeCache.set(client, pending);
		pending.catch(() => describeCache.delete(client));
	}
	return await pending;
}

/** Every type a CRUD call takes: the top-level types and their child types (CustomField under CustomObject…). */
export function allMetadataTypes(described: DescribeMetadata): MetadataTypeInfo[] {
	const out = new Map<string, MetadataTypeInfo>();
	for (const t of described.types) out.set(t.xmlName, t);
	for (const t of described.types) {
		for (const name of t.childXmlNames) {
			if (!out.has(name)) out.set(name, { xmlName: name, inFolder: false, metaFile: false, childXmlNames: [], parent: t.xmlName });
		}
	}
	return [...out.values()].sort((a, b) => a.xmlName.localeCompare(b.xmlName));
}
