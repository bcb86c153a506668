/**
 * Waiting without timers: n8n-workflow's `sleep` raced against an abort signal, and an exponential backoff with
 * jitter for every reconnect and re-handshake of the streaming client.
 */
import { sleep } from 'n8n-workflow';

function abortError(): Error {
	const error = new Error('The operation was aborted');
	error.name = 'AbortError';
	return error;
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
	if (signal.aborted) return true;
	const e = error as { name?: string; code?: string } | undefined;
	return e?.name === 'AbortError' || e?.name === 'CanceledError' || e?.code === 'ERR_CANCELED';
}

/**
 * Waits `ms`, or less if the signal fires (then rejects with an AbortError). n8n-workflow's `sleep` is the only wait
 * every supported n8n exports (`sleepWithAbort` is missing from n8n 2.41's n8n-workflow), so it is raced against
 * the signal: a shutdown never waits for a backoff to run out.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
	await untilAborted(sleep(ms), signal);
}

/** Resolves with the promise's value, or rejects with an AbortError as soon as the signal fires. */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) throw abortError();
	let onAbort = () => undefined as void;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(abortError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits a promise and reports its outcome as a value (keeps error routing out of catch blocks). */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half and all of
 * min(initial × 2ⁿ, max). `reset()` after a successful round trip.
 */
export class Backoff {
	private failures = 0;

	constructor(
		private readonly initialMs: number,
		private readonly maxMs: number,
		private readonly random: () => number = Math.random,
	) {}

	/** the next wait, in ms (advances the failure count) */
	next(): number {
		const ceiling = Math.min(this.initialMs * 2 ** Math.min(this.failures, 30), this.maxMs);
		this.failures++;
		return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
	}

	reset(): void {
		this.failures = 0;
	}

	get consecutiveFailures(): number {
		return this.failures;
	}
}
