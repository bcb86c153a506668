import type { IDataObject } from 'n8n-workflow';

import { queryAll } from '../../../shared/services/query';
import { deleteRecords } from '../../../shared/services/records';
import { soqlString } from '../../../shared/services/soql';
import { prepareItems, rejectItem, writeResults } from '../common';
import { BATCH_OPTIONS, recordIdParam, validId, writeOptions } from '../params';
import type { OperationModule } from '../types';
import { recordLocator } from '../record/fields';

const removeShow = { show: { resource: ['opportunity'], operation: ['removeProduct'] } };

/** Opportunity → Remove Product: by line item id, or every line of a product on an opportunity; 200 per call. */
export const removeProduct: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{
			displayName: 'Remove By',
			name: 'removeBy',
			type: 'options',
			options: [
				{ name: 'Line Item ID', value: 'lineItem' },
				{ name: 'Opportunity and Product', value: 'product' },
			],
			default: 'lineItem',
			displayOptions: removeShow,
		},
		{
			displayName: 'Line Item ID',
			name: 'lineItemId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00kXXXXXXXXXXXXXXX',
			description: 'The OpportunityLineItem ID (Add Product returns it)',
			displayOptions: { show: { ...removeShow.show, removeBy: ['lineItem'] } },
		},
		{
			...recordLocator(['removeProduct'], ['opportunity'], 'opportunityId', 'Opportunity'),
			displayOptions: { show: { ...removeShow.show, removeBy: ['product'] } },
		},
		{
			displayName: 'Product ID',
			name: 'productId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '01tXXXXXXXXXXXXXXX',
			description: 'Every line of this product (Product2 ID) on the opportunity is removed',
			displayOptions: { show: { ...removeShow.show, removeBy: ['product'] } },
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => {
			if (this.getNodeParameter('removeBy', i, 'lineItem') === 'lineItem') {
				return { ids: [validId(this.getNodeParameter('lineItemId', i, ''), i, 'Line Item ID')] } as {
					ids: string[];
					opportunityId?: string;
					productId?: string;
				};
			}
			return {
				ids: [] as string[],
				opportunityId: recordIdParam(this, i, 'opportunityId', 'Opportunity'),
				productId: validId(this.getNodeParameter('productId', i, ''), i, 'Product ID'),
			};
		});
		const byProduct = prepared.filter((p) => p.input?.productId);
		if (byProduct.length) {
			// One query for every (opportunity, product) pair; ids are validated, and quoted like any value.
			const opps = [...new Set(byProduct.map((p) => p.input!.opportunityId!))];
			const rows: IDataObject[] = [];
			for (let k = 0; k < opps.length; k += 200) {
				const chunk = opps.slice(k, k + 200);
				const soql = `SELECT Id, OpportunityId, Product2Id FROM OpportunityLineItem WHERE OpportunityId IN (${chunk.map(soqlString).join(', ')})`;
				rows.push(...(await queryAll(client, soql)).records);
			}
			for (const p of byProduct) {
				p.input!.ids = rows
					.filter((r) => r.OpportunityId === p.input!.opportunityId && r.Product2Id === p.input!.productId)
					.map((r) => String(r.Id));
				if (!p.input!.ids.length)
					rejectItem(
						this,
						p,
						'INVALID_INPUT',
						`Opportunity ${p.input!.opportunityId} has no line of product ${p.input!.productId}`,
						'Product ID',
					);
			}
		}
		// One delete result per line; an item succeeds when all of its lines were removed.
		const ids = prepared.filter((p) => p.input).flatMap((p) => p.input!.ids);
		const lineResults = await deleteRecords(client, ids, writeOptions(this));
		let k = 0;
		const results = prepared
			.filter((p) => p.input)
			.map((p) => {
				const mine = lineResults.slice(k, (k += p.input!.ids.length));
				const failed = mine.find((r) => !r.success);
				return failed ?? { ...mine[0], success: true, errors: [] };
			});
		return writeResults(this, prepared, results, (r, i) => {
			const input = prepared[i].input!;
			return { success: true, removedLineItemIds: input.ids, ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}) };
		});
	},
};
