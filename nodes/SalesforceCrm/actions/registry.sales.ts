import { plural } from './words';
import type { OperationDef, ResourceDef } from './registry';
import * as chatter from './chatter/chatter';
import * as chatterBatch from './chatter/chatterBatch';
import * as chatterSearch from './chatter/chatterSearch';
import * as knowledge from './knowledge/knowledge';
import * as people from './user/people';
import * as products from './opportunity/products';
import * as replication from './record/replication';
import * as tooling from './tooling/tooling';
import { labelOf, OBJECT_RESOURCES } from './record/objects';

/** Resources and extra operations for everyday sales and service operations (products, price books, Chatter, Knowledge, queues, dashboards, Tooling), merged into registry.ts. */
export const salesResources: ResourceDef[] = [
	{
		value: 'knowledge',
		name: 'Knowledge',
		operations: [
			{ value: 'getArticle', name: 'Get Article', action: 'Get a knowledge article', description: 'Get the published version of a knowledge article in a language', module: knowledge.get },
			{ value: 'search', name: 'Search', action: 'Search knowledge articles', description: 'Find published knowledge articles by keywords in a language (to answer a customer)', module: knowledge.search },
		],
	},
	{
		value: 'chatter',
		name: 'Chatter',
		operations: [
			{ value: 'comment', name: 'Comment', action: 'Comment on a Chatter post', description: 'Add a comment to a Chatter post (text with @mentions, or rich segments)', module: chatter.comment },
			{ value: 'deletePost', name: 'Delete Post', action: 'Delete a Chatter post', description: 'Delete a Chatter post and its comments. Destructive.', module: chatter.deletePost },
			{ value: 'getPost', name: 'Get Post', action: 'Get a Chatter post', description: 'Get a Chatter post with its body, author and first comments', module: chatter.getPost },
			{ value: 'listComments', name: 'List Comments', action: 'List the comments of a Chatter post', description: 'List the comments of a Chatter post, oldest first', module: chatter.listComments },
			{ value: 'listFeed', name: 'List Feed', action: 'List a Chatter feed', description: "List the posts of a record's feed, a user's feed or my news feed, newest first (paged)", module: chatter.listFeed },
			{ value: 'post', name: 'Post', action: 'Post to Chatter', description: 'Post to a record, a user or my own feed; plain text with @mentions by user ID, or rich segments', module: chatter.post },
			{ value: 'postMany', name: 'Post Many', action: 'Post many Chatter posts', description: 'Post every input item to its feed, 500 posts per call (Connect REST batch post); results per item', module: chatterBatch.postMany },
			{ value: 'searchPosts', name: 'Search Posts', action: 'Search Chatter posts', description: 'Find posts by text across all feeds or in one feed (a record, a user, my news feed)', module: chatterSearch.searchPosts },
		],
	},
	{
		value: 'tooling',
		name: 'Tooling',
		operations: [
			{ value: 'create', name: 'Create', action: 'Create a Tooling record', description: 'Create metadata through the Tooling API (e.g. an ApexClass or a CustomField)', module: tooling.create },
			{ value: 'delete', name: 'Delete', action: 'Delete a Tooling record', description: 'Delete metadata through the Tooling API. Destructive.', module: tooling.remove },
			{ value: 'describe', name: 'Describe', action: 'Describe a Tooling object', description: 'Get the fields of a Tooling API object', module: tooling.describe },
			{ value: 'get', name: 'Get', action: 'Get a Tooling record', description: 'Get one Tooling API record by ID', module: tooling.get },
			{ value: 'query', name: 'Query', action: 'Run a Tooling query', description: 'Run a Tooling API SOQL query (ApexClass, ApexTrigger, CustomField, FlowDefinition…)', module: tooling.query },
			{ value: 'update', name: 'Update', action: 'Update a Tooling record', description: 'Update metadata through the Tooling API', module: tooling.update },
		],
	},
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

/** Object-specific extra operations (e.g. opportunity → Add Product). */
const replicationOperations = (label: string): OperationDef[] => [
	{ value: 'getDeleted', name: 'Get Deleted', action: `Get deleted ${plural(label)}`, description: `List the IDs of ${plural(label)} deleted in a time window (last 30 days), with when`, module: replication.getDeleted },
	{ value: 'getUpdated', name: 'Get Updated', action: `Get updated ${plural(label)}`, description: `List the IDs of ${plural(label)} created or changed in a time window (last 30 days)`, module: replication.getUpdated },
];

const objectExtras: Record<string, OperationDef[]> = {
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

/** Extra operations for existing object resources, by resource value: Get Updated / Get Deleted everywhere, plus the above. */
export const salesExtraOperations: Record<string, OperationDef[]> = Object.fromEntries(
	OBJECT_RESOURCES.map((r) => [r.value, [...replicationOperations(labelOf(r)), ...(objectExtras[r.value] ?? [])]]),
);
