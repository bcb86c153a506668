/**
 * The Bayeux client's types and errors, and how an HTTP answer of the streaming endpoint is read: a Bayeux reply,
 * a condition to retry (RetryableError, with what to do first), or one a user must fix (BayeuxFatalError).
 */
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

/** What the consumer answers for a delivery: nothing (keep going) or the positions to receive again from. */
export type DeliveryOutcome = void | { redeliverFrom: Record<string, number>; reason: string };

export interface BayeuxClientOptions {
	transport: BayeuxTransport;
	channels: string[];
	/** replay position per channel: -1 new only, -2 all retained, N everything after N */
	replayFrom: Record<string, number>;
	/** what to do when the server rejects a stored replay id (expired / invalid) */
	onInvalidReplayId: 'allRetained' | 'newOnly' | 'fail';
	/**
	 * Called with the events of one connect reply, in order. No further /meta/connect is sent until it resolves; a
	 * `redeliverFrom` answer re-handshakes (after a backoff) and subscribes from those positions again.
	 */
	onEvents: (events: StreamEvent[]) => Promise<DeliveryOutcome> | DeliveryOutcome;
	onReplayFallback?: (notice: ReplayFallbackNotice) => void;
	/** long-poll hold until the server advises its own `timeout` (Salesforce: 110 s); HTTP timeout is 40 s above it */
	holdMs?: number;
	initialBackoffMs?: number;
	maxBackoffMs?: number;
	/** jitter source (tests pass a seeded one) */
	random?: () => number;
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

export const INVALID_REPLAY = /^400::The replayId \{.*\} you provided was invalid/;

/** Salesforce errorCodes of a REST-style 4xx answer that no retry can fix: the user has to act. */
const FATAL_CODES = /^(API_DISABLED_FOR_ORG|API_CURRENTLY_DISABLED|INSUFFICIENT_ACCESS|FUNCTIONALITY_NOT_ENABLED|NOT_FOUND|INVALID_TYPE)/;

export function failureReason(m: IDataObject): string {
	const ext = m.ext as IDataObject | undefined;
	const sfdc = ext?.sfdc as IDataObject | undefined;
	return typeof sfdc?.failureReason === 'string' ? sfdc.failureReason : '';
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export type RetryKind = 'network' | 'busy' | 'auth' | 'handshake' | 'redeliver';

export class RetryableError extends Error {
	constructor(
		message: string,
		readonly kind: RetryKind,
	) {
		super(message);
	}
}

/** The messages of a streaming endpoint answer, or the error saying how to go on. */
export function readReply(res: BayeuxHttpResponse): BayeuxMessage[] {
	if (res.statusCode === 401) throw new RetryableError('HTTP 401 from the streaming endpoint', 'auth');
	if (res.statusCode >= 500) throw new RetryableError(`HTTP ${res.statusCode} from the streaming endpoint`, 'busy');
	let body = res.body;
	if (typeof body === 'string') body = parseJson(body);
	if (res.statusCode >= 400) {
		// a Bayeux reply array (Salesforce answers some Bayeux errors with a 4xx) is read like a 200; a Salesforce
		// REST error naming a permission or a disabled API is for the user; anything else (429, a proxy's 403 page)
		// is waited out
		const first = (Array.isArray(body) ? body[0] : body) as IDataObject | undefined;
		const code = typeof first?.errorCode === 'string' ? first.errorCode : '';
		if (code === 'INVALID_SESSION_ID') throw new RetryableError(`HTTP ${res.statusCode} ${code}`, 'auth');
		if (FATAL_CODES.test(code)) {
			throw new BayeuxFatalError(`The streaming endpoint answered HTTP ${res.statusCode} ${code}: ${String(first?.message ?? '')}`, code);
		}
		if (!Array.isArray(body) || typeof first?.channel !== 'string') {
			throw new RetryableError(`HTTP ${res.statusCode} from the streaming endpoint`, 'busy');
		}
	}
	if (body === undefined || body === null) throw new RetryableError(`Unexpected streaming reply (HTTP ${res.statusCode})`, 'network');
	return (Array.isArray(body) ? body : [body]) as BayeuxMessage[];
}
