import type { ResourceDef } from '../types';
import { searchPriceBookEntries } from './search.operation';

/** Resource "Price Book Entry": find the price of a product in a price book. */
export const priceBookEntryResource: ResourceDef = {
	value: 'priceBookEntry',
	name: 'Price Book Entry',
	description: 'Prices of products in price books',
	operations: [
		{
			value: 'search',
			name: 'Search',
			action: 'Search price book entries',
			description:
				'Find the price book entry of a product by name, in the standard or a chosen price book; returns the pricebookEntryId that Opportunity → Add Product needs',
			module: searchPriceBookEntries,
		},
	],
};
