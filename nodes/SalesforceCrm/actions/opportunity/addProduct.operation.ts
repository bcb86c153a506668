import type { IDataObject } from 'n8n-workflow';

import { readPricebooks } from '../../../shared/services/pricebook';
import { createRecords, updateRecords } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, rejectItem, writeResults } from '../common';
import { BATCH_OPTIONS, recordIdParam, validId, writeOptions } from '../params';
import type { OperationModule } from '../types';
import { recordLocator } from '../record/fields';

const addShow = { show: { resource: ['opportunity'], operation: ['addProduct'] } };

/** Opportunity → Add Product: one OpportunityLineItem per item, price books checked first, 200 per call. */
export const addProduct: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		recordLocator(['addProduct'], ['opportunity'], 'opportunityId', 'Opportunity'),
		{
			displayName: 'Price Book Entry ID',
			name: 'pricebookEntryId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '01uXXXXXXXXXXXXXXX',
			description: "The product in the opportunity's price book (Price Book Entry → Search returns it)",
			displayOptions: addShow,
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1,
			required: true,
			displayOptions: addShow,
		},
		{
			displayName: 'Unit Price',
			name: 'unitPrice',
			type: 'number',
			default: 0,
			description: "Sales price per unit; 0 or empty uses the entry's list price",
			displayOptions: addShow,
		},
		{
			displayName: 'Line Options',
			name: 'lineOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: addShow,
			options: [
				{ displayName: 'Date', name: 'serviceDate', type: 'dateTime', default: '', description: 'Service date of the line' },
				{ displayName: 'Description', name: 'description', type: 'string', default: '' },
				{ displayName: 'Discount (%)', name: 'discount', type: 'number', typeOptions: { minValue: 0, maxValue: 100 }, default: 0 },
				{
					displayName: 'Set Price Book When Missing',
					name: 'setPricebook',
					type: 'boolean',
					default: false,
					description: "Whether an opportunity without a price book gets the entry's price book; otherwise such an item fails",
				},
			],
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => {
			const quantity = Number(this.getNodeParameter('quantity', i, 1));
			if (!Number.isFinite(quantity) || quantity <= 0)
				throw new SalesforceInputError(`Quantity "${quantity}" must be a number above 0`, { itemIndex: i, field: 'Quantity' });
			const unitPrice = Number(this.getNodeParameter('unitPrice', i, 0) || 0);
			if (!Number.isFinite(unitPrice) || unitPrice < 0)
				throw new SalesforceInputError('Unit Price must be 0 or more', { itemIndex: i, field: 'Unit Price' });
			const options = this.getNodeParameter('lineOptions', i, {}) as IDataObject;
			const fields: IDataObject = { Quantity: quantity };
			if (options.description) fields.Description = String(options.description);
			if (options.discount) fields.Discount = Number(options.discount);
			if (options.serviceDate) {
				const text = String(options.serviceDate);
				if (!/^\d{4}-\d{2}-\d{2}/.test(text))
					throw new SalesforceInputError(`Date "${text}" is not a date (YYYY-MM-DD)`, { itemIndex: i, field: 'Date' });
				fields.ServiceDate = text.slice(0, 10);
			}
			return {
				opportunityId: recordIdParam(this, i, 'opportunityId', 'Opportunity'),
				entryId: validId(this.getNodeParameter('pricebookEntryId', i, ''), i, 'Price Book Entry ID'),
				unitPrice,
				setPricebook: Boolean(options.setPricebook),
				fields,
			};
		});
		const valid = prepared.filter((p) => p.input).map((p) => p.input!);
		const { opportunities, entries } = await readPricebooks(
			client,
			valid.map((v) => v.opportunityId),
			valid.map((v) => v.entryId),
		);
		const setBooks = new Map<string, string>();
		for (const p of prepared) {
			if (!p.input) continue;
			const opp = opportunities.get(p.input.opportunityId);
			const entry = entries.get(p.input.entryId);
			if (!opp) {
				rejectItem(this, p, 'INVALID_INPUT', `Opportunity ${p.input.opportunityId} was not found`, 'Opportunity');
				continue;
			}
			if (!entry) {
				rejectItem(this, p, 'INVALID_INPUT', `Price book entry ${p.input.entryId} was not found`, 'Price Book Entry ID');
				continue;
			}
			if (!entry.IsActive) {
				rejectItem(
					this,
					p,
					'INVALID_INPUT',
					`Price book entry ${p.input.entryId} (${String(entry.Name)}) is inactive`,
					'Price Book Entry ID',
				);
				continue;
			}
			const book = (opp.Pricebook2Id as string | null) ?? setBooks.get(p.input.opportunityId);
			if (!book && !p.input.setPricebook) {
				rejectItem(
					this,
					p,
					'INVALID_INPUT',
					`Opportunity ${p.input.opportunityId} (${String(opp.Name)}) has no price book: set its Pricebook2Id with Opportunity → Update, or turn on "Set Price Book When Missing"`,
					'Opportunity',
				);
				continue;
			}
			if (book && book !== entry.Pricebook2Id) {
				rejectItem(
					this,
					p,
					'INVALID_INPUT',
					`Price book entry ${p.input.entryId} (${String(entry.Name)}) belongs to price book ${String(entry.Pricebook2Id)}, but opportunity ${p.input.opportunityId} uses price book ${book}: search the entry in that price book`,
					'Price Book Entry ID',
				);
				continue;
			}
			if (!book) setBooks.set(p.input.opportunityId, String(entry.Pricebook2Id));
			p.input.fields.OpportunityId = p.input.opportunityId;
			p.input.fields.PricebookEntryId = p.input.entryId;
			p.input.fields.UnitPrice = p.input.unitPrice || Number(entry.UnitPrice);
		}
		if (setBooks.size) {
			const updates = [...setBooks].map(([id, book]) => ({ object: 'Opportunity', id, fields: { Pricebook2Id: book } as IDataObject }));
			const results = await updateRecords(client, updates, writeOptions(this));
			// An opportunity whose price book could not be set fails its own items; the others go on.
			updates.forEach((update, n) => {
				if (results[n]?.success) return;
				const why = (results[n]?.errors ?? []).map((e) => `${e.errorCode}: ${e.message}`).join('; ');
				for (const p of prepared) {
					if (p.input?.opportunityId === update.id)
						rejectItem(this, p, 'PRICEBOOK_NOT_SET', `Setting the price book of opportunity ${update.id} failed: ${why}`, 'Opportunity');
				}
			});
		}
		const inputs = prepared.filter((p) => p.input).map((p) => ({ object: 'OpportunityLineItem', fields: p.input!.fields }));
		const results = await createRecords(client, inputs, writeOptions(this));
		return writeResults(this, prepared, results, (r, i) => {
			const input = prepared[i].input!;
			return {
				id: r.id,
				success: true,
				opportunityId: input.opportunityId,
				pricebookEntryId: input.entryId,
				quantity: input.fields.Quantity,
				unitPrice: input.fields.UnitPrice,
			};
		});
	},
};
