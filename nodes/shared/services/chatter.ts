import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { parseErrorBody, SalesforceInputError } from '../transport/errors';
import { failedCall, type RecordResult } from './records';
import { isSalesforceId, normalizeId } from './ids';

/** Chatter through Connect REST (/chatter/…). Ids are validated by the callers; 'me' is the running user. */
export interface MessageSegment extends IDataObject {
	type: string;
}

const SEGMENT_TYPES = ['Text', 'Mention', 'MarkupBegin', 'MarkupEnd', 'Link', 'Hashtag'];

/** Plain text, then one Mention segment per user id (each after a space), as Connect REST's message segments. */
export function textSegments(text: string, mentionIds: string[]): MessageSegment[] {
	const segments: MessageSegment[] = [];
	if (text) segments.push({ type: 'Text', text });
	for (const id of mentionIds) {
		if (segments.length) segments.push({ type: 'Text', text: ' ' });
		segments.push({ type: 'Mention', id });
	}
	return segments;
}

/** Checks rich segments given as JSON: known types, the field each needs, mention ids well-formed. */
export function checkSegments(value: unknown, itemIndex?: number): MessageSegment[] {
	if (!Array.isArray(value) || !value.length)
		throw new SalesforceInputError('Message Segments must be a non-empty JSON array', { itemIndex, field: 'Message Segments' });
	return value.map((raw, k) => {
		const s = raw as MessageSegment;
		if (!s || typeof s !== 'object' || !SEGMENT_TYPES.includes(String(s.type))) {
			throw new SalesforceInputError(`Segment ${k}: type must be one of ${SEGMENT_TYPES.join(', ')}`, {
				itemIndex,
				field: 'Message Segments',
			});
		}
		if (s.type === 'Mention') {
			if (!isSalesforceId(s.id))
				throw new SalesforceInputError(`Segment ${k}: Mention needs a user id`, { itemIndex, field: 'Message Segments' });
			return { type: 'Mention', id: normalizeId(String(s.id)) };
		}
		if (s.type === 'Text' && typeof s.text !== 'string')
			throw new SalesforceInputError(`Segment ${k}: Text needs "text"`, { itemIndex, field: 'Message Segments' });
		return s;
	});
}

export async function postFeedItem(client: SalesforceClient, subjectId: string, segments: MessageSegment[]): Promise<IDataObject> {
	return await client.request<IDataObject>('POST', '/chatter/feed-elements', {
		body: { body: { messageSegments: segments }, feedElementType: 'FeedItem', subjectId },
		retry: 'never',
	});
}

export async function getFeedElement(client: SalesforceClient, id: string): Promise<IDataObject> {
	return await client.request<IDataObject>('GET', `/chatter/feed-elements/${id}`);
}

export async function deleteFeedElement(client: SalesforceClient, id: string): Promise<void> {
	await client.request('DELETE', `/chatter/feed-elements/${id}`);
}

export async function postComment(client: SalesforceClient, feedElementId: string, segments: MessageSegment[]): Promise<IDataObject> {
	return await client.request<IDataObject>('POST', `/chatter/feed-elements/${feedElementId}/capabilities/comments/items`, {
		body: { body: { messageSegments: segments } },
		retry: 'never',
	});
}

/** Follows next-page URLs of a Connect REST page (`elements` or `comments`) up to `max` entries. */
export async function pages(
	client: SalesforceClient,
	path: string,
	key: 'elements' | 'comments',
	pageSize: number,
	max: number,
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let page = await client.request<IDataObject>('GET', path, { qs: { ...qs, pageSize } });
	for (;;) {
		for (const e of (page[key] as IDataObject[]) ?? []) if (out.length < max) out.push(e);
		const next = page.nextPageUrl as string | null;
		if (!next || out.length >= max) return out;
		page = await client.request<IDataObject>('GET', next);
	}
}

/**
 * Connect REST's batch post takes at most 500 feed item inputs per call ("Feed Elements, Batch Post",
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_feed_element_batch_post.htm).
 */
export const BATCH_POST_LIMIT = 500;

/** A record result (id = the new post's id) with the Feed Item Salesforce returned. */
export interface BatchPostResult extends RecordResult {
	post?: IDataObject;
}

/**
 * Posts feed items 500 per call through POST /chatter/feed-elements/batch ({inputs: [{richInput: Feed Item Input}]}).
 * Salesforce answers Batch Results {hasErrors, results: [{statusCode, result}]} in input order; a failed input's
 * result is a list of {errorCode, message}. A call that fails as a whole fails its own inputs; earlier calls stay posted.
 */
export async function postFeedItems(
	client: SalesforceClient,
	inputs: Array<{ subjectId: string; segments: MessageSegment[] }>,
): Promise<BatchPostResult[]> {
	const out: BatchPostResult[] = [];
	for (let start = 0; start < inputs.length; start += BATCH_POST_LIMIT) {
		const chunk = inputs.slice(start, start + BATCH_POST_LIMIT);
		const body = {
			inputs: chunk.map((p) => ({
				richInput: { body: { messageSegments: p.segments }, feedElementType: 'FeedItem', subjectId: p.subjectId },
			})),
		};
		let res: { results?: Array<{ statusCode?: number; result?: unknown }> } | undefined;
		try {
			res = await client.request('POST', '/chatter/feed-elements/batch', { body, retry: 'never' });
		} catch (error) {
			out.push(...failedCall(error, chunk.length));
			continue;
		}
		chunk.forEach((_, n) => {
			const item = res?.results?.[n];
			const status = Number(item?.statusCode ?? 0);
			if (item && status >= 200 && status < 300 && item.result && typeof item.result === 'object' && !Array.isArray(item.result)) {
				const post = item.result as IDataObject;
				out.push({ success: true, id: String(post.id ?? ''), post, errors: [] });
				return;
			}
			const errors = Array.isArray(item?.result)
				? parseErrorBody(status, item.result)
				: [{ errorCode: 'NO_RESULT', message: `No result for this post (status ${status || 'none'})` }];
			out.push({ success: false, errors });
		});
	}
	return out;
}
