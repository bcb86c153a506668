import type { OperationDef, ResourceDef } from './registry';
import * as people from './sales/people';
import * as products from './sales/products';

/** Resources and extra operations for everyday sales and service operations (products, price books, Chatter, Knowledge, queues, dashboards, Tooling), merged into registry.ts. */
export const salesResources: ResourceDef[] = [
	{
		value: 'queue',
		name: 'Queue',
		operations: [
			{
				value: 'list',
				name: 'List',
				action: 'List queues',
				description: 'List the queues (Group of type Queue) and the objects each takes; to assign a case or lead to a queue, put the queue ID in OwnerId with Case/Lead → Update',
				module: people.listQueues,
			},
		],
	},
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
	user: [
		{ value: 'search', name: 'Search', action: 'Search users', description: 'Find active users whose name or email contains the text (e.g. to pick an owner or an @mention)', module: people.searchUsers },
	],
	campaign: [
		{ value: 'getMemberStatuses', name: 'Get Member Statuses', action: 'Get the member statuses of a campaign', description: "List the campaign's member status values (e.g. Sent, Responded) to use in Add to Campaign", module: people.getMemberStatuses },
		{ value: 'removeMember', name: 'Remove Member', action: 'Remove a member from a campaign', description: 'Take a contact or lead off a campaign (deletes its campaign member). Destructive.', module: people.removeMember },
	],
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
