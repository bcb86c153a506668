import { normalizeId } from './ids';
import { type ApiCtx, jsonObject, notFound, ok, type Route } from './rest';
import type { RestApi } from './rest';
import { sfDateTime } from './store';
import { SfError } from './types';

/**
 * Chatter through Connect REST (connect_resources_feed_element*.htm), a subset in the documented shapes; fields
 * not listed here are left out and the exact set Salesforce returns is guessed:
 *   POST   /chatter/feed-elements                 { body: { messageSegments }, feedElementType: 'FeedItem', subjectId } → 201 Feed Item
 *   GET    /chatter/feed-elements/{id}            Feed Item;  DELETE → 204
 *   POST   /chatter/feed-elements/{id}/capabilities/comments/items   { body: { messageSegments } } → 201 Comment
 *   GET    /chatter/feed-elements/{id}/capabilities/comments/items   Comment Page { comments, currentPageToken, nextPageToken, nextPageUrl, total }
 *   GET    /chatter/feeds/news/me/feed-elements | /feeds/user-profile/{userId|me}/feed-elements | /feeds/record/{id}/feed-elements
 *          Feed Element Page { elements, currentPageUrl, nextPageToken, nextPageUrl, updatesToken }; pageSize (1–100, default 25), pageParam
 *          q= searches the feed (connect_resources_feed_element.htm): every term a whole word of the post
 *          or its comments, a trailing * a prefix; at least 2 characters besides wildcards
 *   GET    /chatter/feed-elements?q=             the same search across every feed
 *   POST   /chatter/feed-elements/batch          { inputs: [{ richInput: Feed Item Input }] } (≤ 500) → 200 Batch Results
 *          { hasErrors, results: [{ statusCode, result: Feed Item | [errors] }] } (connect_resources_feed_element_batch_post.htm)
 * Segments in: Text { text }, Mention { id } (a user), MarkupBegin/MarkupEnd { markupType }, Link { url }, Hashtag { tag }.
 */
interface Segment {
	type: string;
	text?: string;
	id?: string;
	markupType?: string;
	url?: string;
	tag?: string;
}
interface Post {
	id: string;
	parentId: string;
	actorId: string;
	created: number;
	segments: Segment[];
	comments: Comment[];
}
interface Comment {
	id: string;
	userId: string;
	created: number;
	segments: Segment[];
}

const state = new WeakMap<RestApi, { posts: Map<string, Post>; seq: number }>();
function chatterOf(c: ApiCtx) {
	let s = state.get(c.api);
	if (!s) state.set(c.api, (s = { posts: new Map(), seq: 0 }));
	return s;
}

const MARKUP = new Set([
	'Bold',
	'Code',
	'Italic',
	'Paragraph',
	'Strikethrough',
	'Underline',
	'ListItem',
	'OrderedList',
	'UnorderedList',
	'Hyperlink',
]);

function userName(c: ApiCtx, id: string): string {
	return String(c.store.get('User', id)?.Name ?? id);
}

/** Validates message segments and returns them with mentions resolved (errors as Connect REST answers them; wording guessed). */
function readSegments(c: ApiCtx, body: unknown): Segment[] {
	const segs = (body as { messageSegments?: unknown } | undefined)?.messageSegments;
	if (!Array.isArray(segs) || !segs.length)
		throw new SfError('INVALID_INPUT', 'The body of a feed item must have at least one message segment');
	return segs.map((raw: Segment) => {
		switch (raw?.type) {
			case 'Text':
				if (typeof raw.text !== 'string') throw new SfError('INVALID_INPUT', 'A Text segment needs text');
				return { type: 'Text', text: raw.text };
			case 'Mention': {
				const id = normalizeId(String(raw.id ?? ''));
				if (!id || !c.store.get('User', id))
					throw new SfError('INVALID_ID_FIELD', `Mention id ${String(raw.id)} is not a user`, undefined, 400);
				return { type: 'Mention', id };
			}
			case 'MarkupBegin':
			case 'MarkupEnd':
				if (!MARKUP.has(String(raw.markupType))) throw new SfError('INVALID_INPUT', `Unknown markupType ${String(raw.markupType)}`);
				return { type: raw.type, markupType: raw.markupType, ...(raw.url ? { url: raw.url } : {}) };
			case 'Link':
				return { type: 'Link', url: String(raw.url ?? '') };
			case 'Hashtag':
				return { type: 'Hashtag', tag: String(raw.tag ?? '') };
			default:
				throw new SfError('INVALID_INPUT', `Unknown message segment type ${String(raw?.type)}`);
		}
	});
}

function bodyJson(c: ApiCtx, segments: Segment[]) {
	const out = segments.map((s) => {
		if (s.type === 'Mention')
			return { type: 'Mention', text: `@${userName(c, s.id!)}`, name: userName(c, s.id!), record: { id: s.id, type: 'User' } };
		if (s.type === 'Link') return { type: 'Link', text: s.url, url: s.url };
		if (s.type === 'Hashtag') return { type: 'Hashtag', text: `#${s.tag}`, tag: s.tag };
		if (s.type === 'MarkupBegin' || s.type === 'MarkupEnd')
			return {
				type: s.type,
				text: '',
				markupType: s.markupType,
				htmlTag: s.markupType === 'Paragraph' ? 'p' : s.markupType?.toLowerCase(),
			};
		return { type: 'Text', text: s.text };
	});
	const rich = segments.some((s) => s.type === 'MarkupBegin');
	return { isRichText: rich, messageSegments: out, text: out.map((s) => s.text).join('') };
}

function commentJson(c: ApiCtx, post: Post, cm: Comment) {
	return {
		id: cm.id,
		type: 'TextComment',
		body: bodyJson(c, cm.segments),
		createdDate: sfDateTime(new Date(cm.created)),
		feedElement: { id: post.id, url: `/services/data/v${c.version}/chatter/feed-elements/${post.id}` },
		parent: { id: post.parentId },
		user: { id: cm.userId, name: userName(c, cm.userId), type: 'User' },
		url: `/services/data/v${c.version}/chatter/comments/${cm.id}`,
	};
}

function postJson(c: ApiCtx, p: Post) {
	const parent = c.store.raw(p.parentId);
	return {
		id: p.id,
		feedElementType: 'FeedItem',
		type: 'TextPost',
		actor: { id: p.actorId, name: userName(c, p.actorId), type: 'User' },
		body: bodyJson(c, p.segments),
		capabilities: { comments: { page: { comments: p.comments.slice(0, 3).map((cm) => commentJson(c, p, cm)), total: p.comments.length } } },
		createdDate: sfDateTime(new Date(p.created)),
		parent: {
			id: p.parentId,
			type: parent?.type ?? null,
			name: parent ? String(parent.fields.Name ?? parent.fields.Subject ?? parent.fields.CaseNumber ?? '') : null,
		},
		url: `/services/data/v${c.version}/chatter/feed-elements/${p.id}`,
	};
}

function findPost(c: ApiCtx, id: string): Post {
	const p = chatterOf(c).posts.get(normalizeId(id) ?? id);
	if (!p) throw notFound();
	return p;
}

function pageSizeOf(c: ApiCtx): number {
	const raw = c.query.get('pageSize');
	const n = raw === null ? 25 : Number(raw);
	if (!Number.isInteger(n) || n < 1 || n > 100) throw new SfError('INVALID_INPUT', 'pageSize must be between 1 and 100'); // wording guessed
	return n;
}

/** Pages a list newest first; the page token is the offset (opaque to clients). */
function page<T>(c: ApiCtx, base: string, all: T[]) {
	const size = pageSizeOf(c);
	const start = Number(c.query.get('pageParam') ?? 0) || 0;
	const items = all.slice(start, start + size);
	const next = start + size < all.length ? String(start + size) : null;
	const q = c.query.get('q');
	return {
		items,
		current: String(start),
		next,
		nextUrl: next
			? `/services/data/v${c.version}${base}?pageParam=${next}&pageSize=${size}${q === null ? '' : `&q=${encodeURIComponent(q)}`}`
			: null,
	};
}

/** The q= filter of a feed search (null: no search). Terms must all match a word; `term*` matches a word's start. */
function searchOf(c: ApiCtx): ((p: Post) => boolean) | null {
	const q = c.query.get('q');
	if (q === null) return null;
	if (q.replace(/[*?\s]/g, '').length < 2)
		throw new SfError('INVALID_SEARCH', 'Search term must have at least 2 characters besides wildcards'); // wording guessed
	const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
	const words = (segs: Segment[]) =>
		segs
			.map((x) => x.text ?? '')
			.join(' ')
			.toLowerCase()
			.split(/[^\p{L}\p{N}]+/u);
	return (p) => {
		const all = [...words(p.segments), ...p.comments.flatMap((cm) => words(cm.segments))];
		return terms.every((t) => (t.endsWith('*') ? all.some((w) => w.startsWith(t.replace(/\*+$/, ''))) : all.includes(t)));
	};
}

function feed(c: ApiCtx, base: string, filter: (p: Post) => boolean) {
	const search = searchOf(c);
	const posts = [...chatterOf(c).posts.values()]
		.filter((p) => filter(p) && (!search || search(p)))
		.sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
	const pg = page(c, base, posts);
	return ok({
		currentPageToken: pg.current,
		currentPageUrl: `/services/data/v${c.version}${base}?pageParam=${pg.current}`,
		elements: pg.items.map((p) => postJson(c, p)),
		nextPageToken: pg.next,
		nextPageUrl: pg.nextUrl,
		updatesToken: String(Date.now()),
	});
}

const subjectOf = (c: ApiCtx, id: string) => (id === 'me' ? c.userId : normalizeId(id));

/** One Feed Item Input posted (single post or one input of a batch); errors as Connect REST answers them. */
function createPost(c: ApiCtx, body: Record<string, unknown>): Post {
	if (body.feedElementType !== 'FeedItem') throw new SfError('INVALID_INPUT', 'feedElementType must be FeedItem');
	const subject = subjectOf(c, String(body.subjectId ?? ''));
	const target = subject ? c.store.raw(subject) : undefined;
	if (!subject || !target || target.deleted) throw new SfError('INVALID_ID_FIELD', `Invalid subjectId ${String(body.subjectId)}`); // wording guessed
	const segments = readSegments(c, body.body);
	const s = chatterOf(c);
	const post: Post = {
		id: c.store.ids.next('0D5'),
		parentId: subject,
		actorId: c.userId,
		created: c.store.now().getTime() + s.seq++,
		segments,
		comments: [],
	};
	s.posts.set(post.id, post);
	return post;
}

export const chatterRoutes: Route[] = [
	['POST', /^\/chatter\/feed-elements$/, (c) => ok(postJson(c, createPost(c, jsonObject(c.body))), 201)],
	[
		'POST',
		/^\/chatter\/feed-elements\/batch$/,
		(c) => {
			const inputs = jsonObject(c.body).inputs;
			if (!Array.isArray(inputs) || !inputs.length) throw new SfError('INVALID_INPUT', 'inputs must be a non-empty array'); // wording guessed
			if (inputs.length > 500) throw new SfError('INVALID_INPUT', 'A batch can have at most 500 inputs'); // limit documented, wording guessed
			const results = inputs.map((input: { richInput?: Record<string, unknown> }) => {
				try {
					return { statusCode: 201, result: postJson(c, createPost(c, input?.richInput ?? {})) };
				} catch (error) {
					if (!(error instanceof SfError)) throw error;
					return { statusCode: error.status, result: [error.toRest()] };
				}
			});
			return ok({ hasErrors: results.some((r) => r.statusCode >= 400), results });
		},
	],
	[
		'GET',
		/^\/chatter\/feed-elements$/,
		(c) => {
			if (c.query.get('q') === null) throw new SfError('MISSING_ARGUMENT', 'Missing required parameter q'); // wording guessed
			return feed(c, '/chatter/feed-elements', () => true);
		},
	],
	['GET', /^\/chatter\/feed-elements\/(\w+)$/, (c, m) => ok(postJson(c, findPost(c, m[1])))],
	[
		'DELETE',
		/^\/chatter\/feed-elements\/(\w+)$/,
		(c, m) => {
			const post = findPost(c, m[1]);
			chatterOf(c).posts.delete(post.id);
			return { status: 204 };
		},
	],
	[
		'POST',
		/^\/chatter\/feed-elements\/(\w+)\/capabilities\/comments\/items$/,
		(c, m) => {
			const post = findPost(c, m[1]);
			const body = jsonObject(c.body);
			const cm: Comment = {
				id: c.store.ids.next('0D7'),
				userId: c.userId,
				created: c.store.now().getTime() + chatterOf(c).seq++,
				segments: readSegments(c, body.body),
			};
			post.comments.push(cm);
			return ok(commentJson(c, post, cm), 201);
		},
	],
	[
		'GET',
		/^\/chatter\/feed-elements\/(\w+)\/capabilities\/comments\/items$/,
		(c, m) => {
			const post = findPost(c, m[1]);
			const base = `/chatter/feed-elements/${post.id}/capabilities/comments/items`;
			const pg = page(c, base, post.comments);
			return ok({
				comments: pg.items.map((cm) => commentJson(c, post, cm)),
				currentPageToken: pg.current,
				currentPageUrl: `/services/data/v${c.version}${base}`,
				nextPageToken: pg.next,
				nextPageUrl: pg.nextUrl,
				total: post.comments.length,
			});
		},
	],
	[
		'GET',
		/^\/chatter\/feeds\/news\/(me|\w+)\/feed-elements$/,
		(c, m) => {
			// News feed guessed as: posts on, by, or mentioning the user, and posts on records the user owns
			const me = subjectOf(c, m[1])!;
			return feed(
				c,
				`/chatter/feeds/news/${m[1]}/feed-elements`,
				(p) =>
					p.parentId === me || p.actorId === me || p.segments.some((s) => s.id === me) || c.store.raw(p.parentId)?.fields.OwnerId === me,
			);
		},
	],
	[
		'GET',
		/^\/chatter\/feeds\/user-profile\/(me|\w+)\/feed-elements$/,
		(c, m) => {
			const user = subjectOf(c, m[1]);
			if (!user || !c.store.get('User', user)) throw notFound();
			return feed(c, `/chatter/feeds/user-profile/${m[1]}/feed-elements`, (p) => p.parentId === user || p.actorId === user);
		},
	],
	[
		'GET',
		/^\/chatter\/feeds\/record\/(\w+)\/feed-elements$/,
		(c, m) => {
			const id = normalizeId(m[1]);
			const rec = id ? c.store.raw(id) : undefined;
			if (!rec || rec.deleted) throw notFound();
			return feed(c, `/chatter/feeds/record/${m[1]}/feed-elements`, (p) => p.parentId === id);
		},
	],
];
