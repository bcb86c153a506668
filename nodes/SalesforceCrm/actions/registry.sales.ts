import type { OperationDef, ResourceDef } from './registry';
import * as products from './sales/products';

/** Resources and extra operations for everyday sales and service operations (products, price books, Chatter, Knowledge, queues, dashboards, Tooling), merged into registry.ts. */
export const salesResources: ResourceDef[] = [
	{
		value: 'priceBookEntry',
		name: 'Price Book Entry',
		operations: [
			{
				value: 'search',
				name: 'Search',
				action: 'Search price book entries',
				description: 'Find the price book entry of a product by name, in the standard or a chosen price book; returns the pricebookEntryId that Opportunity → Add Product needs',
				module: products.searchPriceBookEntries,
			},
		],
	},
];

/** Extra operations for existing object resources, by resource value (e.g. opportunity → Add Product). */
export const salesExtraOperations: Record<string, OperationDef[]> = {
	opportunity: [
		{
			value: 'addProduct',
			name: 'Add Product',
			action: 'Add a product to an opportunity',
			description: 'Add a product line (quantity and unit price) from a price book entry of the opportunity\'s price book',
			module: products.addProduct,
		},
		{
			value: 'removeProduct',
			name: 'Remove Product',
			action: 'Remove a product from an opportunity',
			description: 'Delete an opportunity product line, by line item ID or by product. Destructive.',
			module: products.removeProduct,
		},
	],
};
