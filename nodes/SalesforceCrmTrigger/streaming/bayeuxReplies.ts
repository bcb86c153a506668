/**
 * How the Bayeux client reads the server's meta replies (handshake, subscribe, connect) and event messages, and
 * keeps the session cookies: pure functions the client (BayeuxClient.ts) calls, so the client holds only the
 * session's state and its loop. A failed reply becomes a RetryableError (what to do first) or a BayeuxFatalError
 * (a condition the user must fix).
 */
import type { IDataObject } from 'n8n-workflow';

import { BayeuxFatalError, failureReason, INVALID_REPLAY, RetryableError, type BayeuxMessage, type StreamEvent } from './bayeuxProtocol';

/** The cookies the streaming endpoint sets (its load balancer pins a session with them). */
export class CookieJar {
	private readonly cookies = new Map<string, string>();

	header(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	store(headers: Record<string, unknown>) {
		const raw = headers['set-cookie'] ?? headers['Set-Cookie'];
		const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
		for (const c of list) {
			const first = String(c).split(';')[0];
			const eq = first.indexOf('=');
			if (eq > 0) this.cookies.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
		}
	}
}

/** Throws for a handshake reply that is missing or failed. */
export function checkHandshake(reply: BayeuxMessage | undefined): asserts reply is BayeuxMessage {
	if (!reply) throw new RetryableError('No handshake reply', 'network');
	if (reply.successful === true) return;
	const error = String(reply.error ?? '');
	const reason = failureReason(reply);
	if (reason.startsWith('401') || error.startsWith('401')) throw new RetryableError(reason || error, 'auth');
	if (reason.startsWith('403::Organization') || /not enabled|permission/i.test(`${reason} ${error}`)) {
		throw new BayeuxFatalError(
			`Salesforce refused the streaming handshake: ${reason || error}. The user needs the "API Enabled" and "Streaming API" permissions.`,
			error,
		);
	}
	// 503 (server busy), 403::To protect…, concurrent client limit, anything else: wait and try again
	throw new RetryableError(reason || error || 'handshake refused', 'busy');
}

/**
 * Reads a subscribe reply: 'subscribed', or 'replayExpired' when the server rejects the stored replay id (the
 * caller falls back and subscribes again); throws for anything else.
 */
export function subscribeOutcome(reply: BayeuxMessage | undefined, channel: string, replayId: number): 'subscribed' | 'replayExpired' {
	if (!reply) throw new RetryableError('No subscribe reply', 'network');
	if (reply.successful === true) return 'subscribed';
	const error = String(reply.error ?? '');
	if (INVALID_REPLAY.test(error) && replayId >= 0) return 'replayExpired';
	const advice = reply.advice as IDataObject | undefined;
	if (error.startsWith('403::Unknown client') || advice?.reconnect === 'handshake') {
		throw new RetryableError(error, 'handshake');
	}
	if (error.startsWith('401')) throw new RetryableError(error, 'auth');
	const reason = failureReason(reply);
	if (reason.startsWith('503') || error.startsWith('503')) throw new RetryableError(reason || error, 'busy');
	throw new BayeuxFatalError(
		`Could not subscribe to ${channel}: ${error || reason}. Check that the channel exists (the object is selected for Change Data Capture, or the Platform Event is deployed) and that the user may read it.`,
		error,
	);
}

/** What to tell the user when a stored replay id was rejected and the client fell back. */
export function replayFallbackMessage(channel: string, replayId: number, fallback: 'allRetained' | 'newOnly'): string {
	return fallback === 'allRetained'
		? `Stored replay id ${replayId} for ${channel} was no longer valid; replayed every retained event instead (some events may have been lost or delivered again).`
		: `Stored replay id ${replayId} for ${channel} was no longer valid; subscribed to new events only (events in between were skipped).`;
}

/** Throws the error for a connect reply that did not succeed (advice already read by the caller). */
export function connectFailure(reply: BayeuxMessage, advice: IDataObject): never {
	const error = String(reply.error ?? '');
	const reason = failureReason(reply);
	if (error.startsWith('401') || reason.startsWith('401')) throw new RetryableError(error, 'auth');
	if (error.startsWith('403::Unknown client') || advice.reconnect === 'handshake' || advice.reconnect === 'none') {
		throw new RetryableError(error || `advice reconnect=${String(advice.reconnect)}`, 'handshake');
	}
	if (error.includes('daily limit') || reason.includes('daily limit')) {
		throw new BayeuxFatalError(
			`Salesforce stopped event delivery: ${error || reason}. The org's daily event delivery allocation is used up; it resets after 24 hours.`,
			error,
		);
	}
	throw new RetryableError(reason || error || 'connect failed', 'busy');
}

/** The events among the messages of one reply (meta messages and events without a replay id are left out). */
export function eventsIn(messages: BayeuxMessage[]): StreamEvent[] {
	const events: StreamEvent[] = [];
	for (const m of messages) {
		if (m.channel.startsWith('/meta/')) continue;
		const data = m.data as IDataObject | undefined;
		const ev = data?.event as IDataObject | undefined;
		const replayId = Number(ev?.replayId);
		if (!data || !Number.isFinite(replayId)) continue;
		events.push({ channel: m.channel, replayId, data });
	}
	return events;
}
