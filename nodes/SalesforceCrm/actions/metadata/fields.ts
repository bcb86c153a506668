import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isMetadataTypeName } from '../../../shared/services/metadataXml';
import type { Session } from '../../../shared/services/metadata';
import type { SalesforceClient } from '../../../shared/transport/client';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { booleanOption } from '../params';

/** The parameters the Metadata operations share, and their readers (checked before any call). */

export const show = (...operation: string[]) => ({ show: { resource: ['metadata'], operation } });

export const metadataTypeLocator = (...operation: string[]): INodeProperties => ({
	displayName: 'Metadata Type',
	name: 'metadataType',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The metadata type (its xmlName), e.g. CustomField, CustomObject, Flow, PermissionSet, Profile',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchMetadataTypes', searchable: true } },
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. CustomField' },
	],
	displayOptions: show(...operation),
});

export const fullNameField = (...operation: string[]): INodeProperties => ({
	displayName: 'Full Name',
	name: 'metadataFullName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Account.Tier__c',
	description:
		"The component's full name: an API name (Invoice__c), Object.Name for fields and other children of an object (Account.Tier__c), Folder/Name for components in folders",
	displayOptions: show(...operation),
});

export function metadataTypeParam(ctx: IExecuteFunctions, i: number): string {
	const type = String(ctx.getNodeParameter('metadataType', i, '', { extractValue: true }) ?? '').trim();
	if (!type)
		throw new SalesforceInputError('Metadata Type is empty: choose one such as CustomField or CustomObject', {
			itemIndex: i,
			field: 'Metadata Type',
		});
	if (!isMetadataTypeName(type)) {
		throw new SalesforceInputError(`Metadata Type "${type}" is not a metadata type name (e.g. CustomField, CustomObject, Flow)`, {
			itemIndex: i,
			field: 'Metadata Type',
		});
	}
	return type;
}

export function textParam(ctx: IExecuteFunctions, i: number, name: string): string {
	return String(ctx.getNodeParameter(name, i, '') ?? '').trim();
}

/** Option "All or None": the AllOrNoneHeader of create, update, upsert and delete. */
export function allOrNoneOption(ctx: IExecuteFunctions): boolean {
	return booleanOption((ctx.getNodeParameter('options', 0, {}) as IDataObject).allOrNone, 'All or None');
}

/** The SOAP session id: the credential's current access token, read again after a renewal. */
export function sessionOf(client: SalesforceClient): Session {
	return async () => await client.accessToken();
}
