import type { INodeProperties } from 'n8n-workflow';

import { pages } from '../../../shared/services/chatter';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { checkedPerItem } from '../common';
import { enumParam, validId } from '../params';
import type { OperationModule } from '../types';
import { listProps, maxOf } from './chatter';

/**
 * Chatter → Search Posts: Connect REST's feed search, `q` on the feed elements resource — across every feed the
 * user can see (GET /chatter/feed-elements?q=, "Feed Elements, Post and Search",
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_feed_element.htm) or within one
 * feed (GET /chatter/feeds/{news/me | record/{id} | user-profile/{id}}/feed-elements?q=). Salesforce wants at least
 * two characters besides wildcards (*). Pages are followed up to the limit.
 */
const show = (extra: Record<string, unknown> = {}) => ({ show: { resource: ['chatter'], operation: ['searchPosts'], ...extra } });

const props: INodeProperties[] = [
	{
		displayName: 'Search Text',
		name: 'chatterSearch',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'renewal',
		description: 'Words to find in posts and comments (at least 2 characters; * as a trailing wildcard)',
		displayOptions: show(),
	},
	{
		displayName: 'Search In',
		name: 'searchIn',
		type: 'options',
		options: [
			{ name: 'All Feeds', value: 'all', description: 'Every post the user can see' },
			{ name: 'My News Feed', value: 'news' },
			{ name: 'Record', value: 'record', description: "A record's feed" },
			{ name: 'User', value: 'user', description: "A user's profile feed" },
		],
		default: 'all',
		displayOptions: show(),
	},
	{
		displayName: 'Record ID',
		name: 'searchRecordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '001XXXXXXXXXXXXXXX',
		displayOptions: show({ searchIn: ['record'] }),
	},
	{
		displayName: 'User ID',
		name: 'searchUserId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '005XXXXXXXXXXXXXXX',
		displayOptions: show({ searchIn: ['user'] }),
	},
	...listProps('searchPosts'),
];

export const searchPosts: OperationModule = {
	description: props,
	execute: checkedPerItem(
		function (i) {
			const q = String(this.getNodeParameter('chatterSearch', i, '') ?? '').trim();
			if (q.replace(/[*?]/g, '').length < 2)
				throw new SalesforceInputError(`Search Text "${q}" needs at least 2 characters besides wildcards`, {
					itemIndex: i,
					field: 'Search Text',
				});
			if (q.length > 1000)
				throw new SalesforceInputError(`Search Text is ${q.length} characters long; at most 1,000`, { itemIndex: i, field: 'Search Text' });
			const scope = enumParam(this, i, 'searchIn', ['all', 'news', 'record', 'user'] as const, 'Search In', 'all');
			let path = '/chatter/feed-elements';
			if (scope === 'news') path = '/chatter/feeds/news/me/feed-elements';
			if (scope === 'record')
				path = `/chatter/feeds/record/${validId(this.getNodeParameter('searchRecordId', i, ''), i, 'Record ID')}/feed-elements`;
			if (scope === 'user')
				path = `/chatter/feeds/user-profile/${validId(this.getNodeParameter('searchUserId', i, ''), i, 'User ID')}/feed-elements`;
			return { path, q, max: maxOf(this, i) };
		},
		async function (i, { path, q, max }, client) {
			// q travels in the query string, encoded by n8n's request helper.
			const elements = await pages(client, path, 'elements', Math.min(100, max), max, { q });
			return elements.map((json) => ({ json, pairedItem: { item: i } }));
		},
	),
};
