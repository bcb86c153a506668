/**
 * Salesforce Streaming API emulator: a CometD/Bayeux long-polling server as Salesforce runs it
 * (docs/salesforce-wire-notes.md §S1, §S2; Streaming API Developer Guide).
 *
 * Standalone: `createStreaming(opts)` returns a node:http style handler for `POST /cometd/NN.N` plus an event
 * bus (`publish`, `publishChange`) and fault controls. The emulator mounts it under '/cometd/' and feeds it the
 * store's change events (see `streamingPlugin`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Json = Record<string, any>;

export interface StreamingOptions {
	/** bearer/OAuth token check; null = not authenticated */
	authenticate: (req: IncomingMessage) => { userId: string } | null | Promise<{ userId: string } | null>;
	/** how long a /meta/connect is held (Salesforce: 110 000 ms) */
	holdMs?: number;
	/** a client not heard from this long after a reply is expired (Salesforce: 40 000 ms) */
	expiryMs?: number;
	/** retention of events on the test clock (72 h) */
	retentionMs?: number;
	/** concurrent client cap (Developer Edition: 20) */
	maxClients?: number;
	/** events per connect reply at most */
	maxBatch?: number;
	/** channels that exist besides /data/*ChangeEvent and /event/*__e (which are validated by `channelExists`) */
	channelExists?: (channel: string) => boolean;
	/** custom channels (/data/<Name>__chn) carrying an entity's changes, each with its member's filter */
	routes?: (entity: string) => Array<{ channel: string; filter?: (fields: Json, header: Json) => boolean }>;
	/** accept a replayId newer than the tip (open question §8.4; default true) */
	acceptFutureReplayId?: boolean;
}

export interface ChangeEventInput {
	entityName: string;
	changeType: string;
	recordIds: string[];
	changedFields?: string[];
	values?: Json;
	commitTimestamp?: number;
	commitUser?: string;
	transactionKey?: string;
	changeOrigin?: string;
	sequenceNumber?: number;
	/** the whole record after the change, for custom channels' member filters (Salesforce enriches filtered fields) */
	record?: Json;
}

interface StoredEvent {
	replayId: number;
	time: number;
	data: Json;
}

interface ChannelLog {
	events: StoredEvent[];
	/** highest replay id ever assigned */
	tip: number;
	/** every event with replayId <= purgedUpTo has been purged */
	purgedUpTo: number;
}

interface Session {
	clientId: string;
	cookie: string;
	userId: string;
	/** channel → replay id of the last event delivered to this client */
	subs: Map<string, number>;
	lastActivity: number;
	held?: { wake: () => void };
	handshakeDone: boolean;
}

export type StreamingFault =
	| { on: 'connect' | 'handshake' | 'subscribe'; kind: '503' }
	| { on: 'connect'; kind: 'disconnect' | 'dailyLimit' | 'unknownClient' }
	| { on: 'connect' | 'handshake' | 'subscribe'; kind: 'http500' | 'tcpDrop' };

export interface StreamingStats {
	handshakes: number;
	subscribes: number;
	connects: number;
	disconnects: number;
	delivered: number;
	errors: Record<string, number>;
}

const COOKIE = 'BAYEUX_BROWSER';
const INVALID_REPLAY = (id: unknown) =>
	`400::The replayId {${String(id)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`;

export function changeEventChannel(entity: string): string {
	return entity.endsWith('__c') ? `/data/${entity.slice(0, -3)}__ChangeEvent` : `/data/${entity}ChangeEvent`;
}

export function createStreaming(opts: StreamingOptions) {
	let holdMs = opts.holdMs ?? 110_000;
	let expiryMs = opts.expiryMs ?? 40_000;
	let retentionMs = opts.retentionMs ?? 72 * 3600_000;
	let maxClients = opts.maxClients ?? 20;
	let maxBatch = opts.maxBatch ?? 200;
	/** Changes the knobs at run time (tests shorten the 110 s hold to milliseconds). */
	function configure(o: Partial<Pick<StreamingOptions, 'holdMs' | 'expiryMs' | 'retentionMs' | 'maxClients' | 'maxBatch'>>) {
		holdMs = o.holdMs ?? holdMs;
		expiryMs = o.expiryMs ?? expiryMs;
		retentionMs = o.retentionMs ?? retentionMs;
		maxClients = o.maxClients ?? maxClients;
		maxBatch = o.maxBatch ?? maxBatch;
	}
	const logs = new Map<string, ChannelLog>();
	const sessions = new Map<string, Session>();
	const faults: StreamingFault[] = [];
	const openResponses = new Set<ServerResponse>();
	/** until this time (ms since epoch) every streaming request answers HTTP 503 with an HTML page (an outage) */
	let outageUntil = 0;
	let clockOffset = 0;
	let seq = 0;
	let closed = false;
	const stats: StreamingStats = { handshakes: 0, subscribes: 0, connects: 0, disconnects: 0, delivered: 0, errors: {} };
	/** CDC-selected entities; `null` = every entity is selected */
	let selectedEntities: Set<string> | null = null;
	const platformEvents = new Set<string>();

	const now = () => Date.now() + clockOffset;

	function log(channel: string): ChannelLog {
		let l = logs.get(channel);
		if (!l) {
			// replay ids are opaque and non-contiguous: every channel starts somewhere different
			l = { events: [], tip: 1000 + logs.size * 7919, purgedUpTo: 0 };
			l.purgedUpTo = l.tip;
			logs.set(channel, l);
		}
		return l;
	}

	function countError(e: string) {
		stats.errors[e] = (stats.errors[e] ?? 0) + 1;
	}

	function channelExists(channel: string): boolean {
		if (opts.channelExists?.(channel)) return true;
		if (channel === '/data/ChangeEvents') return true;
		if (/^\/data\/[A-Za-z0-9_]+ChangeEvent$/.test(channel)) return true;
		if (/^\/event\/[A-Za-z0-9_]+__e$/.test(channel)) return platformEvents.size === 0 || platformEvents.has(channel.slice(7));
		return logs.has(channel);
	}

	function append(channel: string, data: Json, time = now()): number {
		const l = log(channel);
		// ids increase but skip values (wire notes §S1)
		l.tip += 1 + (++seq % 3);
		const ev: StoredEvent = { replayId: l.tip, time, data: { ...data, event: { ...(data.event ?? {}), replayId: l.tip } } };
		l.events.push(ev);
		wakeAll();
		return l.tip;
	}

	function wakeAll() {
		for (const s of sessions.values()) s.held?.wake();
	}

	/** Publish a raw event `data` ({schema, payload, event?}) on a channel; returns its replay id. */
	function publish(channel: string, payload: Json, extraEvent: Json = {}): number {
		return append(channel, { schema: schemaFor(channel), payload, event: { ...extraEvent } });
	}

	function schemaFor(channel: string): string {
		return Buffer.from(channel).toString('base64url').slice(0, 22);
	}

	let commitNumber = 10_000_000;
	/** Publish a CDC event (header built per §2.2) on /data/<X>ChangeEvent and /data/ChangeEvents. */
	function publishChange(ev: ChangeEventInput): { entityChannel: number; all: number } | null {
		const routes = opts.routes?.(ev.entityName) ?? [];
		if (selectedEntities && !selectedEntities.has(ev.entityName) && !routes.length) return null;
		const header = {
			commitNumber: ++commitNumber,
			commitUser: ev.commitUser ?? '005000000000001AAA',
			sequenceNumber: ev.sequenceNumber ?? 1,
			entityName: ev.entityName,
			changeType: ev.changeType,
			changedFields: ev.changedFields ?? [],
			changeOrigin: ev.changeOrigin ?? 'com/salesforce/api/rest/66.0;client=emulator',
			transactionKey: ev.transactionKey ?? randomUUID(),
			commitTimestamp: ev.commitTimestamp ?? now(),
			recordIds: ev.recordIds,
		};
		const body: Json = {};
		if (ev.changeType === 'CREATE' || ev.changeType === 'UNDELETE') {
			for (const [k, v] of Object.entries(ev.values ?? {})) {
				if (v === null || v === undefined || k === 'IsDeleted' || k === 'SystemModstamp' || k === 'Id' || k === 'attributes') continue;
				body[k] = v;
			}
		} else if (ev.changeType === 'UPDATE') {
			for (const f of ev.changedFields ?? []) body[f] = ev.values?.[f] ?? null;
			if (ev.values?.LastModifiedDate !== undefined) body.LastModifiedDate = ev.values.LastModifiedDate;
		}
		const payload = { ...body, ChangeEventHeader: header };
		// custom channels: members' filters see the whole record and the header (Salesforce enriches filtered fields)
		for (const r of routes) if (!r.filter || r.filter({ ...(ev.record ?? {}), ...(ev.values ?? {}) }, header)) publish(r.channel, payload);
		if (selectedEntities && !selectedEntities.has(ev.entityName)) return null;
		const channel = changeEventChannel(ev.entityName);
		const a = publish(channel, payload);
		const b = publish('/data/ChangeEvents', payload);
		return { entityChannel: a, all: b };
	}

	function injectGap(entityName: string, recordIds: string[], changeType: 'GAP_CREATE' | 'GAP_UPDATE' | 'GAP_DELETE' | 'GAP_UNDELETE') {
		return publishChange({ entityName, recordIds, changeType, changedFields: [] });
	}

	function injectOverflow(entityName: string) {
		return publishChange({ entityName, recordIds: ['000000000000000AAA'], changeType: 'GAP_OVERFLOW', changedFields: [] });
	}

	/** Drop events older than the retention window (on the test clock). */
	function purge() {
		const cutoff = now() - retentionMs;
		for (const l of logs.values()) {
			while (l.events.length && l.events[0].time < cutoff) {
				const ev = l.events.shift()!;
				l.purgedUpTo = ev.replayId;
			}
		}
	}

	/** Purge everything published so far on every channel (as if 72 h had passed). */
	function purgeAll() {
		for (const l of logs.values()) {
			if (l.events.length) l.purgedUpTo = l.events[l.events.length - 1].replayId;
			l.events = [];
		}
	}

	function advanceClock(ms: number) {
		clockOffset += ms;
		purge();
	}

	/** Forget every client (server restart / Hyperforce scaling); held connects answer 403::Unknown client. */
	function dropSessions(mode: 'unknownClient' | 'tcpDrop' = 'unknownClient') {
		for (const s of sessions.values()) {
			sessions.delete(s.clientId);
			if (s.held) {
				(s as any).dropMode = mode;
				s.held.wake();
			}
		}
	}

	function setSelectedEntities(entities: string[] | null) {
		selectedEntities = entities ? new Set(entities) : null;
	}

	function definePlatformEvent(name: string) {
		platformEvents.add(name);
	}

	function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			req.on('data', (c: Buffer) => {
				size += c.length;
				if (size <= limit) chunks.push(c);
			});
			req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
			req.on('error', reject);
		});
	}

	function cookieOf(req: IncomingMessage): string | undefined {
		const h = req.headers.cookie;
		if (!h) return undefined;
		for (const part of h.split(';')) {
			const [k, ...v] = part.trim().split('=');
			if (k === COOKIE) return v.join('=');
		}
		return undefined;
	}

	function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) {
		openResponses.delete(res);
		if (res.writableEnded || res.destroyed) return;
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
		res.end(text);
	}

	function takeFault(on: string): StreamingFault | undefined {
		const i = faults.findIndex((f) => f.on === on);
		return i >= 0 ? faults.splice(i, 1)[0] : undefined;
	}

	function applyTransportFault(f: StreamingFault | undefined, res: ServerResponse): boolean {
		if (!f) return false;
		if (f.kind === 'tcpDrop') {
			res.socket?.destroy();
			return true;
		}
		if (f.kind === 'http500') {
			send(res, 500, [{ error: 'Internal Server Error' }]);
			return true;
		}
		return false;
	}

	function busy(msg: Json, clientId?: string): Json {
		countError('503');
		return {
			channel: msg.channel,
			id: msg.id,
			error: '401::Authentication invalid',
			successful: false,
			ext: { sfdc: { failureReason: '503::Server is too busy.  Please try your request again later.' } },
			...(clientId ? { clientId } : {}),
			advice: { reconnect: 'none', interval: 0 },
		};
	}

	function sessionFor(msg: Json, req: IncomingMessage): { s?: Session; error?: Json } {
		const s = sessions.get(String(msg.clientId ?? ''));
		if (s && s.lastActivity + expiryMs < Date.now() && !s.held) {
			sessions.delete(s.clientId);
		}
		const live = sessions.get(String(msg.clientId ?? ''));
		if (!live) {
			countError('403::Unknown client');
			return {
				error: {
					channel: msg.channel,
					id: msg.id,
					clientId: msg.clientId,
					error: '403::Unknown client',
					successful: false,
					advice: { interval: 0, reconnect: 'handshake' },
				},
			};
		}
		if (cookieOf(req) !== live.cookie) {
			countError('400::cookie');
			return {
				error: {
					channel: msg.channel,
					id: msg.id,
					clientId: msg.clientId,
					successful: false,
					error: `400::Client ${live.clientId} has established a session, but no ${COOKIE} cookie present`,
				},
			};
		}
		return { s: live };
	}

	async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
		openResponses.add(res);
		const m = /^\/cometd\/(\d+\.\d+)?\/?(?:\?.*)?$/.exec(req.url ?? '');
		if (!m || !m[1]) {
			send(res, 400, [{ error: "400::API version in the URI is mandatory. URI format: '/cometd/66.0'", successful: false }]);
			return;
		}
		if (Number(m[1]) < 37) {
			send(res, 400, [{ error: "400::Unsupported API version. Only API versions '37.0' and later are supported", successful: false }]);
			return;
		}
		if (req.method !== 'POST') {
			send(res, 405, [{ error: 'Method not allowed', successful: false }]);
			return;
		}
		const raw = await readBody(req, 32_768);
		if (raw === null) {
			send(res, 413, [{ error: '413::Maximum Request Size Exceeded', successful: false }]);
			return;
		}
		let msgs: Json[];
		try {
			const parsed = JSON.parse(raw);
			msgs = Array.isArray(parsed) ? parsed : [parsed];
		} catch {
			send(res, 400, [{ error: '400::Invalid JSON', successful: false }]);
			return;
		}
		if (Date.now() < outageUntil) {
			// a load balancer's answer, not Salesforce's: no Bayeux body at all
			if (msgs.some((x) => x.channel === '/meta/handshake')) stats.handshakes++;
			countError('http503');
			openResponses.delete(res);
			res.writeHead(503, { 'content-type': 'text/html' });
			res.end('<html><body>503 Service Unavailable</body></html>');
			return;
		}
		const auth = await opts.authenticate(req);
		const replies: Json[] = [];
		const setCookie: string[] = [];
		const batched = msgs.length > 1;
		for (const msg of msgs) {
			const channel = String(msg.channel ?? '');
			if (channel === '/meta/handshake') {
				if (applyTransportFault(takeFault('handshake'), res)) return;
				const f = faults.find((x) => x.on === 'handshake' && x.kind === '503');
				if (f) {
					faults.splice(faults.indexOf(f), 1);
					replies.push({ ...busy(msg), error: '403::Handshake denied' });
					continue;
				}
				stats.handshakes++;
				if (!auth) {
					countError('403::Handshake denied/401');
					replies.push({
						ext: { sfdc: { failureReason: '401::Authentication invalid' } },
						advice: { reconnect: 'none' },
						channel,
						id: msg.id,
						error: '403::Handshake denied',
						successful: false,
					});
					continue;
				}
				if (sessions.size >= maxClients) {
					countError('403::Organization concurrent user limit exceeded');
					replies.push({
						channel,
						id: msg.id,
						error: '403::Organization concurrent user limit exceeded',
						successful: false,
						advice: { reconnect: 'none' },
					});
					continue;
				}
				const cookie = cookieOf(req) ?? randomBytes(12).toString('hex');
				if (!cookieOf(req)) setCookie.push(`${COOKIE}=${cookie}; Path=/cometd/; HttpOnly`);
				const clientId = randomBytes(13)
					.toString('base64url')
					.toLowerCase()
					.replace(/[^a-z0-9]/g, 'x');
				sessions.set(clientId, { clientId, cookie, userId: auth.userId, subs: new Map(), lastActivity: Date.now(), handshakeDone: true });
				replies.push({
					ext: { replay: true, 'payload.format': true },
					minimumVersion: '1.0',
					clientId,
					supportedConnectionTypes: ['long-polling'],
					channel,
					id: msg.id,
					version: '1.0',
					successful: true,
					reestablish: false,
				});
				continue;
			}
			if (channel === '/meta/subscribe' || channel === '/meta/unsubscribe') {
				if (applyTransportFault(takeFault('subscribe'), res)) return;
				const { s, error } = sessionFor(msg, req);
				if (error) {
					replies.push(error);
					continue;
				}
				s!.lastActivity = Date.now();
				if (!auth) {
					replies.push({
						channel,
						id: msg.id,
						clientId: s!.clientId,
						error: '401::Authentication invalid',
						successful: false,
						advice: { reconnect: 'none', interval: 0 },
					});
					continue;
				}
				const sub = msg.subscription;
				const base = { clientId: s!.clientId, channel, id: msg.id, subscription: sub };
				if (typeof sub !== 'string' || !sub) {
					replies.push({ ...base, successful: false, error: '400::Channel name not specified' });
					continue;
				}
				if (!sub.startsWith('/')) {
					replies.push({ ...base, successful: false, error: "400::Channel subscriptions must start with a leading '/'" });
					continue;
				}
				if (channel === '/meta/unsubscribe') {
					s!.subs.delete(sub);
					replies.push({ ...base, successful: true });
					continue;
				}
				stats.subscribes++;
				if (!channelExists(sub)) {
					countError('400::channel');
					replies.push({ ...base, successful: false, error: `400::The channel you requested to subscribe to doesn't exist ${sub}` });
					continue;
				}
				const l = log(sub);
				const replayRaw = msg.ext?.replay?.[sub];
				const replay = replayRaw === undefined ? -1 : replayRaw;
				let cursor: number;
				if (replay === -1) cursor = l.tip;
				else if (replay === -2) cursor = l.purgedUpTo;
				else if (
					typeof replay === 'number' &&
					Number.isInteger(replay) &&
					replay >= l.purgedUpTo &&
					(replay <= l.tip || opts.acceptFutureReplayId !== false)
				)
					cursor = replay;
				else {
					countError('400::replayId');
					replies.push({ ...base, successful: false, error: INVALID_REPLAY(replay) });
					continue;
				}
				s!.subs.set(sub, cursor);
				replies.push({ ...base, successful: true });
				continue;
			}
			if (channel === '/meta/disconnect') {
				stats.disconnects++;
				const s = sessions.get(String(msg.clientId ?? ''));
				if (s) {
					sessions.delete(s.clientId);
					s.held?.wake();
				}
				replies.push({ channel, clientId: msg.clientId, id: msg.id, successful: true });
				continue;
			}
			if (channel === '/meta/connect') {
				stats.connects++;
				const fault = takeFault('connect');
				if (applyTransportFault(fault, res)) return;
				const { s, error } = sessionFor(msg, req);
				if (error) {
					replies.push(error);
					continue;
				}
				const session = s!;
				session.lastActivity = Date.now();
				if (fault?.kind === '503') {
					replies.push(busy(msg, session.clientId));
					continue;
				}
				if (fault?.kind === 'unknownClient') {
					sessions.delete(session.clientId);
					countError('403::Unknown client');
					replies.push({
						channel,
						id: msg.id,
						clientId: session.clientId,
						error: '403::Unknown client',
						successful: false,
						advice: { interval: 0, reconnect: 'handshake' },
					});
					continue;
				}
				if (fault?.kind === 'dailyLimit') {
					countError('403::daily');
					replies.push({
						channel,
						id: msg.id,
						clientId: session.clientId,
						error: '403::Organization total events daily limit exceeded',
						successful: false,
						advice: { reconnect: 'none', interval: 0 },
					});
					continue;
				}
				if (fault?.kind === 'disconnect') {
					// server-initiated disconnect (wire shape unverified, wire notes §S1): a /meta/disconnect message
					sessions.delete(session.clientId);
					replies.push({ channel: '/meta/disconnect', clientId: session.clientId, successful: true });
					replies.push({ channel, id: msg.id, clientId: session.clientId, successful: true, advice: { reconnect: 'none', interval: 0 } });
					continue;
				}
				if (!auth) {
					countError('401::Authentication invalid');
					replies.push({
						clientId: session.clientId,
						advice: { reconnect: 'none', interval: 0 },
						channel,
						id: msg.id,
						error: '401::Authentication invalid',
						successful: false,
					});
					continue;
				}
				const others = [...sessions.values()].filter((o) => o !== session && o.cookie === session.cookie && o.held);
				const connectReply = (advice: Json = { interval: 0, timeout: holdMs, reconnect: 'retry' }) => ({
					clientId: session.clientId,
					channel,
					id: msg.id,
					successful: true,
					advice,
				});
				if (others.length) {
					replies.push(...collect(session));
					replies.push(connectReply({ interval: 2000, 'multiple-clients': true, reconnect: 'retry', timeout: holdMs }));
					continue;
				}
				let events = collect(session);
				if (events.length || msg.advice || batched || holdMs <= 0) {
					replies.push(...events, connectReply());
					continue;
				}
				// hold
				const outcome = await new Promise<'events' | 'timeout' | 'dropped' | 'closed'>((resolve) => {
					let done = false;
					const finish = (o: 'events' | 'timeout' | 'dropped' | 'closed') => {
						if (done) return;
						done = true;
						clearTimeout(timer);
						session.held = undefined;
						resolve(o);
					};
					const timer = setTimeout(() => finish('timeout'), holdMs);
					session.held = {
						wake: () => {
							if (closed) finish('closed');
							else if (!sessions.has(session.clientId)) finish('dropped');
							else if (hasPending(session)) finish('events');
						},
					};
					res.on('close', () => finish('closed'));
				});
				session.lastActivity = Date.now();
				if (outcome === 'closed') {
					if (closed) res.socket?.destroy();
					return;
				}
				if (outcome === 'dropped') {
					if ((session as any).dropMode === 'tcpDrop') {
						res.socket?.destroy();
						return;
					}
					countError('403::Unknown client');
					replies.push({
						channel,
						id: msg.id,
						clientId: session.clientId,
						error: '403::Unknown client',
						successful: false,
						advice: { interval: 0, reconnect: 'handshake' },
					});
					continue;
				}
				events = collect(session);
				replies.push(...events, connectReply());
				continue;
			}
			replies.push({ channel, id: msg.id, successful: false, error: `400::Unknown channel ${channel}` });
		}
		send(res, 200, replies, setCookie.length ? { 'set-cookie': setCookie } : {});
	}

	function hasPending(s: Session): boolean {
		for (const [ch, cursor] of s.subs) {
			const l = logs.get(ch);
			if (l && l.events.length && l.events[l.events.length - 1].replayId > cursor) return true;
		}
		return false;
	}

	function collect(s: Session): Json[] {
		const out: Json[] = [];
		for (const [ch, cursor] of s.subs) {
			const l = logs.get(ch);
			if (!l) continue;
			// binary search for the first event after cursor
			let lo = 0;
			let hi = l.events.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (l.events[mid].replayId <= cursor) lo = mid + 1;
				else hi = mid;
			}
			let last = cursor;
			for (let i = lo; i < l.events.length && out.length < maxBatch; i++) {
				out.push({ data: l.events[i].data, channel: ch });
				last = l.events[i].replayId;
			}
			s.subs.set(ch, last);
			if (out.length >= maxBatch) break;
		}
		stats.delivered += out.length;
		return out;
	}

	function close() {
		closed = true;
		wakeAll();
		for (const res of openResponses) res.socket?.destroy();
		openResponses.clear();
	}

	return {
		configure,
		handler,
		publish,
		publishChange,
		injectGap,
		injectOverflow,
		purge,
		purgeAll,
		advanceClock,
		dropSessions,
		setSelectedEntities,
		definePlatformEvent,
		faults: {
			queue(f: StreamingFault) {
				faults.push(f);
			},
			/** every request answers HTTP 503 (HTML body) for `ms`, open long polls are cut */
			outage(ms: number) {
				outageUntil = Date.now() + ms;
				for (const res of openResponses) res.socket?.destroy();
				openResponses.clear();
			},
			clear() {
				faults.length = 0;
			},
			/** faults queued and not yet met */
			pending: () => faults.length,
		},
		stats,
		sessionCount: () => sessions.size,
		events: (channel: string) => (logs.get(channel)?.events ?? []).map((e) => e.data),
		tip: (channel: string) => logs.get(channel)?.tip,
		now,
		close,
	};
}

export type StreamingServer = ReturnType<typeof createStreaming>;
