/**
 * When the replay position moves: the "Commit Position" option of the streaming trigger.
 *
 * n8n saves a trigger's static data when the node emits (and when the workflow is activated), nowhere else: not
 * when an execution ends, not after `closeFunction`. So the committed position is written into static data as soon
 * as it is known and reaches n8n's database with the next emit. Each delivery is emitted with a deferred "done"
 * promise (as n8n's Kafka and RabbitMQ triggers do) and the next one is only fetched after it settles, so at most
 * one delivery is in flight and the position saved with an emit never runs ahead of a finished execution.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import type { DeliveryOutcome, StreamEvent } from './bayeuxProtocol';

export type CommitMode = 'afterExecution' | 'afterSuccess' | 'onReceipt';

/** The part of the node's static data this file keeps. */
export interface CommitState extends IDataObject {
	/** committed replay id per channel: a restart resumes after it */
	replay?: IDataObject;
	/** After It Succeeds: the delivery that keeps failing, and how often it failed */
	failing?: IDataObject;
	/** skipped deliveries not yet reported on an item (at most 20 kept) */
	skipped?: IDataObject[];
}

/** n8n's IDeferredPromise shape (n8n calls resolve/reject on the promise handed to emit). */
export interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T | PromiseLike<T>) => void;
	reject: (error: Error) => void;
}

export function deferred<T>(): Deferred<T> {
	let resolve!: (value: T | PromiseLike<T>) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Whether n8n's run of the emitted items succeeded (IRun.status on n8n ≥ 1.x; `finished` and no error before). */
function runSucceeded(run: IRun | undefined): boolean {
	if (!run) return true; // n8n started no execution (nothing to retry)
	if (run.status) return run.status === 'success';
	return run.finished === true && !run.data?.resultData?.error;
}

/**
 * Whether the workflow never ran: n8n settled the run with an error and no node's data, not even the trigger's.
 * That is what n8n hands back when the execution was lost rather than run — in queue mode a worker killed while
 * running it (n8n fails the stalled job and replaces its data with that error; no other worker runs it again).
 * A workflow that ran and failed always has the trigger node's data.
 */
export function runNeverStarted(run: IRun | undefined): boolean {
	if (!run || run.status === 'success' || run.status === 'waiting') return false;
	return Object.keys(run.data?.resultData?.runData ?? {}).length === 0;
}

function runError(run: IRun | undefined): string {
	return run?.data?.resultData?.error?.message ?? `execution ${run?.status ?? 'failed'}`;
}

/** The highest replay id per channel in a delivery. */
export function lastIds(events: StreamEvent[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const e of events) if (out[e.channel] === undefined || e.replayId > out[e.channel]) out[e.channel] = e.replayId;
	return out;
}

const MAX_SKIPPED_KEPT = 20;

export class Committer {
	constructor(
		private readonly state: CommitState,
		readonly mode: CommitMode,
		private readonly maxAttempts: number,
	) {}

	/** Committed position of a channel, if any. */
	position(channel: string): number | undefined {
		const v = (this.state.replay ?? {})[channel];
		return typeof v === 'number' ? v : undefined;
	}

	/** Moves the committed positions forward (never back). */
	commit(ids: Record<string, number>): void {
		const replay = { ...(this.state.replay ?? {}) };
		for (const [channel, id] of Object.entries(ids)) {
			const prev = replay[channel];
			if (typeof prev !== 'number' || id > prev) replay[channel] = id;
		}
		this.state.replay = replay;
	}

	/** Positions to receive a failed delivery again from: the committed ones (the delivery's predecessors). */
	private rewind(events: StreamEvent[]): Record<string, number> {
		const out: Record<string, number> = {};
		for (const channel of new Set(events.map((e) => e.channel))) {
			const first = Math.min(...events.filter((e) => e.channel === channel).map((e) => e.replayId));
			// no committed position yet: just before the first event of the delivery
			out[channel] = this.position(channel) ?? first - 1;
		}
		return out;
	}

	/** Report of deliveries skipped after too many failures, for the next item (taken once). */
	takeSkipped(): IDataObject[] {
		const skipped = this.state.skipped ?? [];
		if (skipped.length) this.state.skipped = [];
		return skipped;
	}

	/**
	 * Decides after n8n finished the run of a delivery (or failed to): commit, or ask for the delivery again.
	 * `run` is what n8n resolved the done promise with; `error` set when it rejected it. After the Execution
	 * Finishes commits any run the workflow made (failed or not) and asks again for a delivery n8n lost before
	 * running it (`runNeverStarted`); After It Succeeds asks again for any run that did not succeed. Both skip a
	 * delivery after `maxAttempts` and report it on the next item.
	 */
	settle(events: StreamEvent[], run: IRun | undefined, error?: Error): DeliveryOutcome {
		const ids = lastIds(events);
		const ran = this.mode === 'afterSuccess' ? !error && runSucceeded(run) : error !== undefined || !runNeverStarted(run);
		if (this.mode === 'onReceipt' || ran) {
			this.state.failing = undefined;
			this.commit(ids);
			return;
		}
		const first = events[0];
		const key = `${first.channel}#${first.replayId}`;
		const failing = this.state.failing ?? {};
		const attempts = (failing.key === key ? Number(failing.attempts) : 0) + 1;
		const reason = error?.message ?? runError(run);
		if (attempts >= this.maxAttempts) {
			const skipped = [...(this.state.skipped ?? [])];
			skipped.push({
				channel: first.channel,
				fromReplayId: first.replayId,
				toReplayId: ids[first.channel],
				events: events.length,
				attempts,
				lastError: reason.slice(0, 500),
			});
			this.state.skipped = skipped.slice(-MAX_SKIPPED_KEPT);
			this.state.failing = undefined;
			this.commit(ids);
			return;
		}
		this.state.failing = { key, attempts, lastError: reason.slice(0, 500) };
		return { redeliverFrom: this.rewind(events), reason: `run failed (${attempts}/${this.maxAttempts}): ${reason}` };
	}
}
