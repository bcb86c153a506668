import type { IDataObject } from 'n8n-workflow';

import { describeGlobal, describeObject } from '../../../shared/services/describe';
import { isApiName } from '../../../shared/services/ids';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import type { OperationModule } from '../types';

const describeShow = { show: { resource: ['object'], operation: ['describe'] } };

/** Object → Describe: fields, types, picklists, relationships of one object. */
export const describe: OperationModule = {
	description: [
		{
			displayName: 'Object',
			name: 'describeObject',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			modes: [
				{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchObjects', searchable: true } },
				{ displayName: 'By API Name', name: 'name', type: 'string', placeholder: 'e.g. Account' },
			],
			displayOptions: describeShow,
		},
	],
	execute: perItem(async function (i, client) {
		const name = String(this.getNodeParameter('describeObject', i, '', { extractValue: true }) ?? '').trim();
		if (!isApiName(name))
			throw new SalesforceInputError(`Object "${name}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Object' });
		return [{ json: (await describeObject(client, name)) as unknown as IDataObject, pairedItem: { item: i } }];
	}),
};

/** Object → List: the org's objects from global describe. */
export const list: OperationModule = {
	description: [
		{
			displayName: 'Custom Objects Only',
			name: 'customOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to list only custom objects',
			displayOptions: { show: { resource: ['object'], operation: ['list'] } },
		},
	],
	execute: perItem(async function (i, client) {
		const customOnly = this.getNodeParameter('customOnly', i, false) as boolean;
		const objects = (await describeGlobal(client)).filter((o) => !customOnly || o.custom);
		return objects.map((o) => ({
			json: {
				name: o.name,
				label: o.label,
				labelPlural: o.labelPlural,
				keyPrefix: o.keyPrefix,
				custom: o.custom,
				createable: o.createable,
				queryable: o.queryable,
			},
			pairedItem: { item: i },
		}));
	}),
};
