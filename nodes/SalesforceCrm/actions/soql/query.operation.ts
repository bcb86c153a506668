import type { IDataObject } from 'n8n-workflow';

import { queryPages } from '../../../shared/services/query';
import { stripAttributes } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem, pushRows } from '../common';
import { countOption, intParam, selectParam } from '../params';
import type { OperationModule } from '../types';
import { toolRowCap } from '../tool';

const soqlShow = { show: { resource: ['soql'], operation: ['query'] } };

/** SOQL → Query: raw SOQL, pages followed (return all) or a limit; one item per record, or one with all. */
export const soqlQuery: OperationModule = {
	description: [
		{
			displayName: 'SOQL Query',
			name: 'soql',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'SELECT Id, Name, Account.Name FROM Contact WHERE CreatedDate = LAST_N_DAYS:7',
			description:
				'The SOQL statement. Values from expressions are inserted as written: quote and escape them, or use a Get Many operation, which escapes for you.',
			displayOptions: soqlShow,
		},
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: true,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: soqlShow,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...soqlShow.show, returnAll: [false] } },
		},
		{
			displayName: 'Query Options',
			name: 'soqlOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: soqlShow,
			options: [
				{
					displayName: 'Include Deleted and Archived',
					name: 'includeDeleted',
					type: 'boolean',
					default: false,
					description: 'Whether to use queryAll (recycle bin and archived activities too)',
				},
				{
					displayName: 'Output',
					name: 'output',
					type: 'options',
					options: [
						{ name: 'One Item per Record', value: 'records' },
						{ name: 'One Item With All Records', value: 'single' },
					],
					default: 'records',
				},
				{
					displayName: 'Page Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 200, maxValue: 2000 },
					default: 2000,
					description: 'Records per page Salesforce returns (200–2000)',
				},
			],
		},
	],
	execute: perItem(async function (i, client) {
		const soql = selectParam(this, i, 'soql', 'SOQL Query');
		const returnAll = this.getNodeParameter('returnAll', i, true) as boolean;
		const max = Math.min(returnAll ? Infinity : intParam(this, i, 'limit', 'Limit', 50), toolRowCap(this));
		const options = this.getNodeParameter('soqlOptions', i, {}) as IDataObject;
		const pageSize = options.batchSize === undefined ? undefined : countOption(options.batchSize, 'Page Size', 2000, 200);
		if (pageSize !== undefined && pageSize > 2000)
			throw new SalesforceInputError(`Page Size "${pageSize}" must be a whole number from 200 to 2000`, {
				itemIndex: i,
				field: 'Page Size',
			});
		const records: IDataObject[] = [];
		let totalSize = 0;
		for await (const page of queryPages(client, soql, { includeDeleted: Boolean(options.includeDeleted), batchSize: pageSize })) {
			totalSize = page.totalSize;
			for (const r of page.records) if (records.length < max) records.push(stripAttributes(r) as IDataObject);
			if (records.length >= max) break;
		}
		if (options.output === 'single') return [{ json: { totalSize, records }, pairedItem: { item: i } }];
		// COUNT() returns the count in totalSize and no rows.
		if (!records.length && /^\s*select\s+count\(\s*\)/i.test(soql)) return [{ json: { totalSize }, pairedItem: { item: i } }];
		return pushRows([], records, i);
	}),
};
