import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkSegments,
	deleteFeedElement,
	getFeedElement,
	type MessageSegment,
	pages,
	postComment,
	postFeedItem,
	textSegments,
} from '../../../shared/services/chatter';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { intParam, validId } from '../params';
import type { OperationModule } from '../types';

const show = (operation: string[], extra: IDataObject = {}) => ({ show: { resource: ['chatter'], operation, ...extra } });

const messageProps: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: 'Plain text, optionally @mentioning users' },
			{
				name: 'Rich Segments (JSON)',
				value: 'rich',
				description: 'Connect REST message segments: Text, Mention, MarkupBegin/MarkupEnd, Link, Hashtag',
			},
		],
		default: 'text',
		displayOptions: show(['post', 'postMany', 'comment']),
	},
	{
		displayName: 'Text',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: show(['post', 'postMany', 'comment'], { messageType: ['text'] }),
	},
	{
		displayName: 'Mention User IDs',
		name: 'mentionIds',
		type: 'string',
		default: '',
		placeholder: '005XXXXXXXXXXXXXXX, 005YYYYYYYYYYYYYYY',
		description: 'Users to @mention after the text, comma-separated (User → Search finds them)',
		displayOptions: show(['post', 'postMany', 'comment'], { messageType: ['text'] }),
	},
	{
		displayName: 'Message Segments',
		name: 'messageSegments',
		type: 'json',
		default: '[{"type": "Text", "text": "Hello "}, {"type": "Mention", "id": "005XXXXXXXXXXXXXXX"}]',
		displayOptions: show(['post', 'postMany', 'comment'], { messageType: ['rich'] }),
	},
];

export function segmentsParam(ctx: IExecuteFunctions, i: number): MessageSegment[] {
	if (ctx.getNodeParameter('messageType', i, 'text') === 'rich') {
		const raw = ctx.getNodeParameter('messageSegments', i, '[]') as unknown;
		let value = raw;
		let parseError = '';
		if (typeof raw === 'string') {
			try {
				value = JSON.parse(raw);
			} catch (error) {
				parseError = (error as Error).message;
			}
		}
		if (parseError)
			throw new SalesforceInputError(`Message Segments is not valid JSON: ${parseError}`, { itemIndex: i, field: 'Message Segments' });
		return checkSegments(value, i);
	}
	const text = String(ctx.getNodeParameter('message', i, '') ?? '');
	const mentions = String(ctx.getNodeParameter('mentionIds', i, '') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((id) => validId(id, i, 'Mention User IDs'));
	if (!text.trim() && !mentions.length) throw new SalesforceInputError('Text is empty', { itemIndex: i, field: 'Text' });
	return textSegments(text, mentions);
}

/** Where a post goes: 'me', a user id or a record id (checked). */
export function subjectParam(ctx: IExecuteFunctions, i: number): string {
	const to = ctx.getNodeParameter('postTo', i, 'record') as string;
	if (to === 'me') return 'me';
	if (to === 'user') return validId(ctx.getNodeParameter('subjectUserId', i, ''), i, 'User ID');
	return validId(ctx.getNodeParameter('subjectRecordId', i, ''), i, 'Record ID');
}

const feedElementId = (ctx: IExecuteFunctions, i: number) => validId(ctx.getNodeParameter('feedElementId', i, ''), i, 'Post ID');

export const post: OperationModule = {
	description: [
		{
			displayName: 'Post To',
			name: 'postTo',
			type: 'options',
			options: [
				{ name: 'Me', value: 'me', description: 'My own feed' },
				{ name: 'Record', value: 'record', description: "A record's feed (account, case, opportunity…)" },
				{ name: 'User', value: 'user', description: "A user's feed" },
			],
			default: 'record',
			displayOptions: show(['post', 'postMany']),
		},
		{
			displayName: 'Record ID',
			name: 'subjectRecordId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '001XXXXXXXXXXXXXXX',
			displayOptions: show(['post', 'postMany'], { postTo: ['record'] }),
		},
		{
			displayName: 'User ID',
			name: 'subjectUserId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '005XXXXXXXXXXXXXXX',
			displayOptions: show(['post', 'postMany'], { postTo: ['user'] }),
		},
		...messageProps,
	],
	execute: perItem(async function (i, client) {
		return [{ json: await postFeedItem(client, subjectParam(this, i), segmentsParam(this, i)), pairedItem: { item: i } }];
	}, 'write'),
};

const postIdProp: INodeProperties = {
	displayName: 'Post ID',
	name: 'feedElementId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '0D5XXXXXXXXXXXXXXX',
	description: 'The feed element (post) ID',
	displayOptions: show(['getPost', 'deletePost', 'comment', 'listComments']),
};

export const getPost: OperationModule = {
	description: [postIdProp],
	execute: perItem(async function (i, client) {
		return [{ json: await getFeedElement(client, feedElementId(this, i)), pairedItem: { item: i } }];
	}),
};

export const deletePost: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = feedElementId(this, i);
		await deleteFeedElement(client, id);
		return [{ json: { id, success: true }, pairedItem: { item: i } }];
	}, 'write'),
};

export const comment: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = feedElementId(this, i);
		return [{ json: await postComment(client, id, segmentsParam(this, i)), pairedItem: { item: i } }];
	}, 'write'),
};

export const listProps = (operation: string): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show([operation]),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show([operation], { returnAll: [false] }),
	},
];

export function maxOf(ctx: IExecuteFunctions, i: number): number {
	return ctx.getNodeParameter('returnAll', i, false) ? Infinity : intParam(ctx, i, 'limit', 'Limit', 50);
}

export const listComments: OperationModule = {
	description: listProps('listComments'),
	execute: perItem(async function (i, client) {
		const id = feedElementId(this, i);
		const max = maxOf(this, i);
		const comments = await pages(client, `/chatter/feed-elements/${id}/capabilities/comments/items`, 'comments', Math.min(100, max), max);
		return comments.map((json) => ({ json, pairedItem: { item: i } }));
	}),
};

export const listFeed: OperationModule = {
	description: [
		{
			displayName: 'Feed',
			name: 'feedOf',
			type: 'options',
			options: [
				{ name: 'My News Feed', value: 'news' },
				{ name: 'Record', value: 'record', description: "A record's feed" },
				{ name: 'User', value: 'user', description: "A user's profile feed" },
			],
			default: 'record',
			displayOptions: show(['listFeed']),
		},
		{
			displayName: 'Record ID',
			name: 'feedRecordId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '001XXXXXXXXXXXXXXX',
			displayOptions: show(['listFeed'], { feedOf: ['record'] }),
		},
		{
			displayName: 'User ID',
			name: 'feedUserId',
			type: 'string',
			default: 'me',
			required: true,
			description: 'A user ID, or "me"',
			displayOptions: show(['listFeed'], { feedOf: ['user'] }),
		},
		...listProps('listFeed'),
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 25,
			description: 'Posts per call (1–100); pages are followed until the limit',
			displayOptions: show(['listFeed']),
		},
	],
	execute: perItem(async function (i, client) {
		const of = this.getNodeParameter('feedOf', i, 'record') as string;
		let path = '/chatter/feeds/news/me/feed-elements';
		if (of === 'record')
			path = `/chatter/feeds/record/${validId(this.getNodeParameter('feedRecordId', i, ''), i, 'Record ID')}/feed-elements`;
		if (of === 'user') {
			const raw = String(this.getNodeParameter('feedUserId', i, 'me') ?? '').trim();
			path = `/chatter/feeds/user-profile/${raw === 'me' ? 'me' : validId(raw, i, 'User ID')}/feed-elements`;
		}
		const max = maxOf(this, i);
		const pageSize = intParam(this, i, 'pageSize', 'Page Size', 25, 1, 100);
		const elements = await pages(client, path, 'elements', pageSize, max);
		return elements.map((json) => ({ json, pairedItem: { item: i } }));
	}),
};
