import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceInputError } from '../transport/errors';
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
	if (!Array.isArray(value) || !value.length) throw new SalesforceInputError('Message Segments must be a non-empty JSON array', { itemIndex, field: 'Message Segments' });
	return value.map((raw, k) => {
		const s = raw as MessageSegment;
		if (!s || typeof s !== 'object' || !SEGMENT_TYPES.includes(String(s.type))) {
			throw new SalesforceInputError(`Segment ${k}: type must be one of ${SEGMENT_TYPES.join(', ')}`, { itemIndex, field: 'Message Segments' });
		}
		if (s.type === 'Mention') {
			if (!isSalesforceId(s.id)) throw new SalesforceInputError(`Segment ${k}: Mention needs a user id`, { itemIndex, field: 'Message Segments' });
			return { type: 'Mention', id: normalizeId(String(s.id)) };
		}
		if (s.type === 'Text' && typeof s.text !== 'string') throw new SalesforceInputError(`Segment ${k}: Text needs "text"`, { itemIndex, field: 'Message Segments' });
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
export async function pages(client: SalesforceClient, path: string, key: 'elements' | 'comments', pageSize: number, max: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let page = await client.request<IDataObject>('GET', path, { qs: { pageSize } });
	for (;;) {
		for (const e of (page[key] as IDataObject[]) ?? []) if (out.length < max) out.push(e);
		const next = page.nextPageUrl as string | null;
		if (!next || out.length >= max) return out;
		page = await client.request<IDataObject>('GET', next);
	}
}
