/**
 * A CometD/Bayeux long-polling client for the Salesforce Streaming API (salesforce-streaming.md §1, §1.9).
 *
 * No timers or globals: waits go through n8n-workflow's sleep (wait.ts); HTTP goes through a transport supplied by
 * the node (n8n's httpRequestWithAuthentication), so this file stays free of n8n context types.
 *
 * Never hammers the server: every reconnect and re-handshake waits an exponential backoff with jitter (1 s doubling
 * to 60 s, reset by a successful /meta/connect); `advice.interval`, `advice.timeout` and `advice.reconnect` are
 * honoured (`none`: stop, and only re-handshake after a backoff). Transient trouble (network errors, 5xx, 4xx
 * without a Salesforce error body, 403::Unknown client, server disconnects, expired tokens) is retried forever;
 * only conditions a user must fix end `run()` with a BayeuxFatalError.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	BayeuxFatalError,
	readReply,
	RetryableError,
	type BayeuxClientOptions,
	type BayeuxHttpResponse,
	type BayeuxMessage,
} from './bayeuxProtocol';
import { checkHandshake, connectFailure, CookieJar, eventsIn, replayFallbackMessage, subscribeOutcome } from './bayeuxReplies';
import { Backoff, isAbort, pause, settle } from './wait';

export class BayeuxClient {
	private clientId: string | undefined;
	private readonly cookies = new CookieJar();
	private messageId = 0;
	private readonly replay: Map<string, number>;
	private readonly backoff: Backoff;
	private authFailures = 0;
	private holdMs: number;
	/** counters for diagnostics and tests */
	readonly stats = {
		handshakes: 0,
		connects: 0,
		reconnects: 0,
		tokenRenewals: 0,
		networkErrors: 0,
		events: 0,
		redeliveries: 0,
		/** total time spent in backoff waits, ms */
		backoffMs: 0,
		lastError: '',
	};

	constructor(private readonly opts: BayeuxClientOptions) {
		this.replay = new Map(opts.channels.map((c) => [c, opts.replayFrom[c] ?? -1]));
		this.backoff = new Backoff(opts.initialBackoffMs ?? 1000, opts.maxBackoffMs ?? 60_000, opts.random);
		this.holdMs = opts.holdMs ?? 110_000;
	}

	/** The replay id to resume each channel from (last delivered event), as kept by this client. */
	get replayIds(): Record<string, number> {
		return Object.fromEntries(this.replay);
	}

	private get signal() {
		return this.opts.abortSignal;
	}

	private async send(messages: BayeuxMessage[], timeoutMs: number, signal = this.signal): Promise<BayeuxMessage[]> {
		const sent = await settle(this.opts.transport.post(messages, this.cookies.header(), timeoutMs, signal));
		if (!sent.ok) {
			if (isAbort(sent.error, signal)) throw sent.error;
			throw new RetryableError(`Streaming request failed: ${(sent.error as Error).message}`, 'network');
		}
		const res: BayeuxHttpResponse = sent.value;
		this.cookies.store(res.headers ?? {});
		return readReply(res);
	}

	private nextId(): string {
		return String(++this.messageId);
	}

	private async wait() {
		const ms = this.backoff.next();
		this.stats.backoffMs += ms;
		await pause(ms, this.signal);
	}

	private async handleAuthFailure(detail: string) {
		this.authFailures++;
		if (this.authFailures > (this.opts.maxAuthFailures ?? 3)) {
			throw new BayeuxFatalError(
				`Salesforce keeps rejecting the streaming session (${detail}) even with a renewed token. Reconnect the Salesforce credential.`,
				detail,
			);
		}
		this.stats.tokenRenewals++;
		const renewed = await settle(this.opts.transport.renewToken());
		if (!renewed.ok) {
			if (isAbort(renewed.error, this.signal)) throw renewed.error;
			const message = (renewed.error as Error).message;
			// a refused refresh token is for the user; a network failure while renewing is waited out
			if (/invalid_grant|expired|revoked|inactive|401|403/i.test(message)) {
				throw new BayeuxFatalError(`Could not renew the Salesforce access token: ${message}. Reconnect the Salesforce credential.`, detail);
			}
			throw new RetryableError(`Token renewal failed: ${message}`, 'network');
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
		checkHandshake(reply);
		this.clientId = String(reply.clientId);
		this.readAdvice(reply.advice as IDataObject | undefined);
		const ext = reply.ext as IDataObject | undefined;
		if (ext?.replay !== true) {
			throw new BayeuxFatalError('This Salesforce endpoint does not support replay (needs API 37.0 or later)');
		}
	}

	private readAdvice(advice: IDataObject | undefined) {
		const timeout = Number(advice?.timeout);
		if (Number.isFinite(timeout) && timeout > 0) this.holdMs = Math.min(timeout, 300_000);
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
			if (subscribeOutcome(reply, channel, replayId) === 'subscribed') return;
			this.fallBack(channel, replayId, String(reply?.error ?? ''));
		}
		throw new BayeuxFatalError(`Could not subscribe to ${channel}`);
	}

	private fallBack(channel: string, replayId: number, error: string) {
		if (this.opts.onInvalidReplayId === 'fail') {
			throw new BayeuxFatalError(
				`The stored replay position ${replayId} of ${channel} has expired (events are kept 72 h). Choose a fallback in "If the Stored Position Has Expired".`,
				error,
			);
		}
		const fallback = this.opts.onInvalidReplayId;
		this.replay.set(channel, fallback === 'allRetained' ? -2 : -1);
		this.opts.onReplayFallback?.({
			channel,
			storedReplayId: replayId,
			fallback,
			message: replayFallbackMessage(channel, replayId, fallback),
		});
	}

	private async deliver(messages: BayeuxMessage[]) {
		const events = eventsIn(messages);
		if (!events.length) return;
		const handled = await settle(Promise.resolve(this.opts.onEvents(events)));
		if (!handled.ok) {
			if (isAbort(handled.error, this.signal)) throw handled.error;
			// the consumer could not take the events (nothing committed): receive them again after a backoff
			throw new RetryableError(`Delivery failed: ${(handled.error as Error).message}`, 'handshake');
		}
		this.stats.events += events.length;
		for (const e of events) {
			const prev = this.replay.get(e.channel);
			if (prev === undefined || prev < 0 || e.replayId > prev) this.replay.set(e.channel, e.replayId);
		}
		const outcome = handled.value;
		if (outcome && outcome.redeliverFrom) {
			for (const [channel, id] of Object.entries(outcome.redeliverFrom)) this.replay.set(channel, id);
			this.stats.redeliveries++;
			throw new RetryableError(outcome.reason, 'redeliver');
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
			this.stats.lastError = error.message;
			state.needHandshake = true;
			if (error.kind === 'auth') {
				const renewed = await settle(this.handleAuthFailure(error.message));
				if (!renewed.ok && !(renewed.error instanceof RetryableError)) {
					if (isAbort(renewed.error, this.signal)) return;
					throw renewed.error;
				}
			}
			if (error.kind === 'network') {
				this.stats.networkErrors++;
				// a failed long poll keeps the clientId: if the server still knows it the next connect works,
				// otherwise it answers 403::Unknown client and we handshake then
				state.needHandshake = !state.inConnect;
			}
			const waited = await settle(this.wait());
			if (!waited.ok) return;
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
		this.readAdvice(advice);
		if (reply.successful === true) {
			this.backoff.reset();
			this.authFailures = 0;
			// 'none': the server wants no reconnect now; 'handshake': a new session. Both wait a backoff first.
			if (advice.reconnect === 'handshake' || advice.reconnect === 'none') {
				throw new RetryableError(`advice reconnect=${String(advice.reconnect)}`, 'handshake');
			}
			const interval = Number(advice.interval ?? 0);
			if (interval > 0) await pause(Math.min(interval, 300_000), this.signal);
			return;
		}
		connectFailure(reply, advice);
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
