/**
 * A CometD/Bayeux long-polling client for the Salesforce Streaming API (salesforce-streaming.md §1, §1.9).
 *
 * No timers or globals: waits go through n8n-workflow's sleep helpers; HTTP goes through a transport supplied by
 * the node (n8n's httpRequestWithAuthentication), so this file stays free of n8n context types.
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

export type BayeuxMessage = IDataObject & { channel: string };

export interface BayeuxHttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface BayeuxTransport {
	/** POST a JSON array of Bayeux messages with the given Cookie header. */
	post(messages: BayeuxMessage[], cookie: string, timeoutMs: number, abortSignal: AbortSignal): Promise<BayeuxHttpResponse>;
	/** Make one plain authenticated REST call so n8n's own 401-refresh renews the OAuth token. */
	renewToken(): Promise<void>;
}

export interface StreamEvent {
	channel: string;
	replayId: number;
	data: IDataObject;
}

export interface ReplayFallbackNotice {
	channel: string;
	storedReplayId: number;
	fallback: 'allRetained' | 'newOnly';
	message: string;
}

export interface BayeuxClientOptions {
	transport: BayeuxTransport;
	channels: string[];
	/** replay position per channel: -1 new only, -2 all retained, N everything after N */
	replayFrom: Record<string, number>;
	/** what to do when the server rejects a stored replay id (expired / invalid) */
	onInvalidReplayId: 'allRetained' | 'newOnly' | 'fail';
	/** called with the events of one connect reply, in order; resolves once they are emitted and persisted */
	onEvents: (events: StreamEvent[]) => Promise<void> | void;
	onReplayFallback?: (notice: ReplayFallbackNotice) => void;
	/** long-poll hold advertised by the server (Salesforce: 110 s); HTTP timeout is set well above it */
	holdMs?: number;
	initialBackoffMs?: number;
	maxBackoffMs?: number;
	/** consecutive authentication failures tolerated (each one renews the token first) */
	maxAuthFailures?: number;
	abortSignal: AbortSignal;
}

export class BayeuxFatalError extends Error {
	constructor(
		message: string,
		readonly bayeuxError?: string,
	) {
		super(message);
		this.name = 'BayeuxFatalError';
	}
}

const INVALID_REPLAY = /^400::The replayId \{.*\} you provided was invalid/;

function failureReason(m: IDataObject): string {
	const ext = m.ext as IDataObject | undefined;
	const sfdc = ext?.sfdc as IDataObject | undefined;
	return typeof sfdc?.failureReason === 'string' ? sfdc.failureReason : '';
}

function abortError(): Error {
	const error = new Error('The operation was aborted');
	error.name = 'AbortError';
	return error;
}

/**
 * Waits `ms`, or less if the signal fires (then rejects with an AbortError). n8n-workflow's `sleep` is the only wait
 * every supported n8n exports (`sleepWithAbort` is missing from n8n 2.41's n8n-workflow), so it is raced against
 * the signal: a shutdown never waits for a backoff to run out.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted) throw abortError();
	let onAbort = () => undefined as void;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(abortError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
	if (signal.aborted) return true;
	const e = error as { name?: string; code?: string } | undefined;
	return e?.name === 'AbortError' || e?.name === 'CanceledError' || e?.code === 'ERR_CANCELED';
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits a promise and reports its outcome as a value (keeps error routing out of catch blocks). */
async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

class RetryableError extends Error {
	constructor(
		message: string,
		readonly kind: 'network' | 'busy' | 'auth' | 'handshake',
	) {
		super(message);
	}
}

export class BayeuxClient {
	private clientId: string | undefined;
	private readonly cookies = new Map<string, string>();
	private messageId = 0;
	private readonly replay: Map<string, number>;
	private backoffMs: number;
	private authFailures = 0;
	private readonly holdMs: number;
	/** counters for diagnostics and tests */
	readonly stats = { handshakes: 0, connects: 0, reconnects: 0, tokenRenewals: 0, networkErrors: 0, events: 0 };

	constructor(private readonly opts: BayeuxClientOptions) {
		this.replay = new Map(opts.channels.map((c) => [c, opts.replayFrom[c] ?? -1]));
		this.backoffMs = opts.initialBackoffMs ?? 1000;
		this.holdMs = opts.holdMs ?? 110_000;
	}

	/** The replay id to resume each channel from (last delivered event), as kept by this client. */
	get replayIds(): Record<string, number> {
		return Object.fromEntries(this.replay);
	}

	private get signal() {
		return this.opts.abortSignal;
	}

	private cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	private storeCookies(headers: Record<string, unknown>) {
		const raw = headers['set-cookie'] ?? headers['Set-Cookie'];
		const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
		for (const c of list) {
			const first = String(c).split(';')[0];
			const eq = first.indexOf('=');
			if (eq > 0) this.cookies.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
		}
	}

	private async send(messages: BayeuxMessage[], timeoutMs: number, signal = this.signal): Promise<BayeuxMessage[]> {
		const sent = await settle(this.opts.transport.post(messages, this.cookieHeader(), timeoutMs, signal));
		if (!sent.ok) {
			if (isAbort(sent.error, signal)) throw sent.error;
			throw new RetryableError(`Streaming request failed: ${(sent.error as Error).message}`, 'network');
		}
		const res: BayeuxHttpResponse = sent.value;
		this.storeCookies(res.headers ?? {});
		if (res.statusCode === 401) throw new RetryableError('HTTP 401 from the streaming endpoint', 'auth');
		if (res.statusCode >= 500) throw new RetryableError(`HTTP ${res.statusCode} from the streaming endpoint`, 'busy');
		let body = res.body;
		if (typeof body === 'string') {
			body = parseJson(body);
			if (body === undefined) throw new RetryableError(`Unexpected streaming reply (HTTP ${res.statusCode})`, 'network');
		}
		if (res.statusCode >= 400 && !Array.isArray(body)) {
			throw new BayeuxFatalError(`The streaming endpoint answered HTTP ${res.statusCode}`);
		}
		return (Array.isArray(body) ? body : [body]) as BayeuxMessage[];
	}

	private nextId(): string {
		return String(++this.messageId);
	}

	private async backoff() {
		const ms = this.backoffMs;
		this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs ?? 60_000);
		await pause(ms, this.signal);
	}

	private async handleAuthFailure(detail: string) {
		this.authFailures++;
		if (this.authFailures > (this.opts.maxAuthFailures ?? 3)) {
			throw new BayeuxFatalError(`Salesforce keeps rejecting the streaming session (${detail}). Reconnect the credential.`, detail);
		}
		this.stats.tokenRenewals++;
		const renewed = await settle(this.opts.transport.renewToken());
		if (!renewed.ok) {
			if (isAbort(renewed.error, this.signal)) throw renewed.error;
			throw new BayeuxFatalError(`Could not renew the Salesforce access token: ${(renewed.error as Error).message}`, detail);
		}
	}

	private async handshake() {
		this.clientId = undefined;
		this.stats.handshakes++;
		const replies = await this.send(
			[
				{
					channel: '/meta/handshake',
					version: '1.0',
					minimumVersion: '1.0',
					supportedConnectionTypes: ['long-polling'],
					id: this.nextId(),
					ext: { replay: true },
				},
			],
			30_000,
		);
		const reply = replies.find((m) => m.channel === '/meta/handshake');
		if (!reply) throw new RetryableError('No handshake reply', 'network');
		if (reply.successful !== true) {
			const error = String(reply.error ?? '');
			const reason = failureReason(reply);
			if (reason.startsWith('401') || error.startsWith('401')) throw new RetryableError(reason || error, 'auth');
			if (reason.startsWith('503') || reason.startsWith('403::To protect')) throw new RetryableError(reason, 'busy');
			if (error.includes('concurrent user limit')) throw new RetryableError(error, 'busy');
			throw new BayeuxFatalError(`Salesforce refused the streaming handshake: ${reason || error}`, error);
		}
		this.clientId = String(reply.clientId);
		const ext = reply.ext as IDataObject | undefined;
		if (ext?.replay !== true) {
			throw new BayeuxFatalError('This Salesforce endpoint does not support replay (needs API 37.0 or later)');
		}
	}

	private async subscribe(channel: string): Promise<void> {
		for (let attempt = 0; attempt < 3; attempt++) {
			const replayId = this.replay.get(channel) ?? -1;
			const replies = await this.send(
				[
					{
						channel: '/meta/subscribe',
						clientId: this.clientId,
						subscription: channel,
						id: this.nextId(),
						ext: { replay: { [channel]: replayId } },
					},
				],
				30_000,
			);
			const reply = replies.find((m) => m.channel === '/meta/subscribe');
			if (!reply) throw new RetryableError('No subscribe reply', 'network');
			if (reply.successful === true) return;
			const error = String(reply.error ?? '');
			if (INVALID_REPLAY.test(error) && replayId >= 0) {
				if (this.opts.onInvalidReplayId === 'fail') {
					throw new BayeuxFatalError(
						`The stored replay position ${replayId} of ${channel} has expired (events are kept 72 h). Choose a fallback in "Replay".`,
						error,
					);
				}
				const fallback = this.opts.onInvalidReplayId;
				this.replay.set(channel, fallback === 'allRetained' ? -2 : -1);
				this.opts.onReplayFallback?.({
					channel,
					storedReplayId: replayId,
					fallback,
					message:
						fallback === 'allRetained'
							? `Stored replay id ${replayId} for ${channel} was no longer valid; replayed every retained event instead (some events may have been lost or delivered again).`
							: `Stored replay id ${replayId} for ${channel} was no longer valid; subscribed to new events only (events in between were skipped).`,
				});
				continue;
			}
			if (error.startsWith('403::Unknown client') || (reply.advice as IDataObject | undefined)?.reconnect === 'handshake') {
				throw new RetryableError(error, 'handshake');
			}
			if (error.startsWith('401')) throw new RetryableError(error, 'auth');
			if (failureReason(reply).startsWith('503')) throw new RetryableError(failureReason(reply), 'busy');
			throw new BayeuxFatalError(`Could not subscribe to ${channel}: ${error}`, error);
		}
		throw new BayeuxFatalError(`Could not subscribe to ${channel}`);
	}

	private async deliver(messages: BayeuxMessage[]) {
		const events: StreamEvent[] = [];
		for (const m of messages) {
			if (m.channel.startsWith('/meta/')) continue;
			const data = m.data as IDataObject | undefined;
			const ev = data?.event as IDataObject | undefined;
			const replayId = Number(ev?.replayId);
			if (!data || !Number.isFinite(replayId)) continue;
			events.push({ channel: m.channel, replayId, data });
		}
		if (!events.length) return;
		await this.opts.onEvents(events);
		this.stats.events += events.length;
		for (const e of events) {
			const prev = this.replay.get(e.channel);
			if (prev === undefined || prev < 0 || e.replayId > prev) this.replay.set(e.channel, e.replayId);
		}
	}

	/** Runs until the abort signal fires (resolves) or a fatal error occurs (rejects with BayeuxFatalError). */
	async run(): Promise<void> {
		const state = { needHandshake: true, inConnect: false };
		while (!this.signal.aborted) {
			state.inConnect = false;
			const cycle = await settle(this.cycle(state));
			if (cycle.ok) continue;
			const error = cycle.error;
			if (isAbort(error, this.signal)) return;
			if (!(error instanceof RetryableError)) throw error;
			this.stats.reconnects++;
			state.needHandshake = true;
			if (error.kind === 'handshake') continue;
			if (error.kind === 'auth') {
				const renewed = await settle(this.handleAuthFailure(error.message));
				if (!renewed.ok) {
					if (isAbort(renewed.error, this.signal)) return;
					throw renewed.error;
				}
				continue;
			}
			if (error.kind === 'network') {
				this.stats.networkErrors++;
				// a failed long poll keeps the clientId: if the server still knows it the next connect works,
				// otherwise it answers 403::Unknown client and we handshake then
				state.needHandshake = !state.inConnect;
			}
			const waited = await settle(this.backoff());
			if (!waited.ok) {
				if (isAbort(waited.error, this.signal)) return;
				throw waited.error;
			}
		}
	}

	/** One round: (re-)handshake and subscribe when needed, then one /meta/connect. Throws RetryableError to retry. */
	private async cycle(state: { needHandshake: boolean; inConnect: boolean }): Promise<void> {
		if (state.needHandshake) {
			await this.handshake();
			for (const channel of this.opts.channels) await this.subscribe(channel);
			state.needHandshake = false;
		}
		this.stats.connects++;
		state.inConnect = true;
		const replies = await this.send(
			[{ channel: '/meta/connect', clientId: this.clientId, connectionType: 'long-polling', id: this.nextId() }],
			this.holdMs + 40_000,
		);
		state.inConnect = false;
		// events first (whatever their order on the wire), then the connect reply's advice
		await this.deliver(replies);
		const reply = replies.find((m) => m.channel === '/meta/connect');
		if (replies.some((m) => m.channel === '/meta/disconnect')) {
			// server-initiated disconnect (API ≥ 64; wire shape unverified): start over from the stored replay ids
			throw new RetryableError('Server disconnect', 'handshake');
		}
		if (!reply) throw new RetryableError('No connect reply', 'network');
		const advice = (reply.advice ?? {}) as IDataObject;
		if (reply.successful === true) {
			this.backoffMs = this.opts.initialBackoffMs ?? 1000;
			this.authFailures = 0;
			if (advice.reconnect === 'handshake' || advice.reconnect === 'none') {
				throw new RetryableError(`advice ${String(advice.reconnect)}`, 'handshake');
			}
			const interval = Number(advice.interval ?? 0);
			if (interval > 0) await pause(interval, this.signal);
			return;
		}
		const error = String(reply.error ?? '');
		const reason = failureReason(reply);
		if (reason.startsWith('503')) throw new RetryableError(reason, 'busy');
		if (error.startsWith('401') || reason.startsWith('401')) throw new RetryableError(error, 'auth');
		if (error.startsWith('403::Unknown client') || advice.reconnect === 'handshake') {
			throw new RetryableError(error, 'handshake');
		}
		if (error.includes('daily limit')) {
			throw new BayeuxFatalError(`Salesforce stopped event delivery: ${error}`, error);
		}
		throw new RetryableError(error || 'connect failed', 'busy');
	}

	/** Best-effort /meta/disconnect (call after aborting run()). */
	async disconnect(timeoutMs = 5000): Promise<void> {
		if (!this.clientId) return;
		const clientId = this.clientId;
		this.clientId = undefined;
		// best effort: the server expires the client after 40 s anyway
		await settle(this.send([{ channel: '/meta/disconnect', clientId, id: this.nextId() }], timeoutMs, new AbortController().signal));
	}
}
