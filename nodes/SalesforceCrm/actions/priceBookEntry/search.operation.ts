import type { IDataObject } from 'n8n-workflow';

import { searchEntries } from '../../../shared/services/pricebook';
import { stripAttributes } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { intParam, validId } from '../params';
import type { OperationModule } from '../types';

const searchShow = { show: { resource: ['priceBookEntry'], operation: ['search'] } };

/** Price Book Entry → Search: entries by product name in the standard or a chosen price book. */
export const searchPriceBookEntries: OperationModule = {
	description: [
		{
			displayName: 'Product Name',
			name: 'productName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. GenWatt',
			description: 'Text the product name contains (matched literally, case-insensitive)',
			displayOptions: searchShow,
		},
		{
			displayName: 'Price Book',
			name: 'priceBook',
			type: 'options',
			options: [
				{ name: 'Standard Price Book', value: 'standard' },
				{ name: 'By ID', value: 'id' },
			],
			default: 'standard',
			displayOptions: searchShow,
		},
		{
			displayName: 'Price Book ID',
			name: 'priceBookId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '01sXXXXXXXXXXXXXXX',
			displayOptions: { show: { ...searchShow.show, priceBook: ['id'] } },
		},
		{
			displayName: 'Active Only',
			name: 'activeOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to return only active entries',
			displayOptions: searchShow,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: searchShow,
		},
	],
	execute: perItem(async function (i, client) {
		const productName = String(this.getNodeParameter('productName', i, '')).trim();
		if (!productName) throw new SalesforceInputError('Product Name is empty', { itemIndex: i, field: 'Product Name' });
		const byId = this.getNodeParameter('priceBook', i, 'standard') === 'id';
		const pricebookId = byId ? validId(this.getNodeParameter('priceBookId', i, ''), i, 'Price Book ID') : undefined;
		const records = await searchEntries(client, {
			productName,
			pricebookId,
			activeOnly: this.getNodeParameter('activeOnly', i, true) as boolean,
			limit: intParam(this, i, 'limit', 'Limit', 50),
		});
		return records.map((r) => {
			const row = stripAttributes(r) as IDataObject;
			return {
				json: {
					pricebookEntryId: row.Id,
					productId: row.Product2Id,
					productName: (row.Product2 as IDataObject | null)?.Name ?? row.Name,
					productCode: row.ProductCode,
					unitPrice: row.UnitPrice,
					pricebookId: row.Pricebook2Id,
					pricebookName: (row.Pricebook2 as IDataObject | null)?.Name ?? null,
					isActive: row.IsActive,
				},
				pairedItem: { item: i },
			};
		});
	}),
};
