import type { INodeProperties } from 'n8n-workflow';

import { OBJECT_RESOURCE_VALUES } from './objects';

/** displayOptions for a property of one or more generic operations on every record-like resource. */
export function showFor(operation: string[], resources: string[] = OBJECT_RESOURCE_VALUES) {
	return { show: { resource: resources, operation } };
}

/** The object of the Record resource: picked from the org's list (searchable) or typed as an API name. */
export function objectLocator(operation: string[]): INodeProperties {
	return {
		displayName: 'Object',
		name: 'sobject',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Salesforce object (standard or custom, e.g. Account or Invoice__c)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchObjects', searchable: true },
			},
			{
				displayName: 'By API Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Invoice__c',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z][A-Za-z0-9_]*$', errorMessage: 'Not a valid API name' },
					},
				],
			},
		],
		displayOptions: showFor(operation, ['record']),
	};
}

/** A record id: from a searchable list, from a Salesforce record URL, or typed (15/18 characters). */
export function recordLocator(operation: string[], resources?: string[], name = 'recordId', displayName = 'Record'): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchRecords', searchable: true, searchFilterRequired: false },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://yourcompany.lightning.force.com/lightning/r/Account/001.../view',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^https?://.*[a-zA-Z0-9]{15,18}.*$',
							errorMessage: 'Not a Salesforce record URL',
						},
					},
				],
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: '001XXXXXXXXXXXXXXX',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$', errorMessage: 'Not a 15 or 18 character Salesforce ID' },
					},
				],
			},
		],
		displayOptions: showFor(operation, resources),
	};
}

export function fieldsMapper(operation: string, method: string, mode: 'add' | 'update' | 'upsert'): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['sobject.value', 'resource', 'externalIdField'],
			resourceMapper: {
				resourceMapperMethod: method,
				mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: showFor([operation]),
	};
}

export function additionalFieldsJson(operation: string[]): INodeProperties {
	return {
		displayName: 'Additional Fields (JSON)',
		name: 'additionalFieldsJson',
		type: 'json',
		default: '{}',
		description:
			'Any other fields to write, as a JSON object of API names and values (custom fields too), e.g. {"Rating__c": "Hot"}. Merged over the fields above.',
		displayOptions: showFor(operation),
	};
}
