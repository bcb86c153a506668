/**
 * Change Data Capture in queue mode: the trigger holds its CometD session on main, each delivery becomes an
 * execution that a worker runs; the workflow writes one Task per change ("cdc <key> exec <execution id>"), so the
 * org tells which changes ran, how often, and (through the workers' logs) on which worker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { SalesforceEmulator } from '../../emulator';
import { streamingOf } from '../../emulator/streamingPlugin';
import { delay } from '../n8n';
import { until, type QueueCluster } from '../queue';
import { allExecutions, count, execIdsOf, report, settle } from './util';

export interface Tally {
	changes: number;
	landed: number;
	lost: number;
	/** the lost changes as ranges of keys, e.g. "k-100…k-149 k-200…k-249" */
	lostRanges: string;
	duplicates: number;
	/** changes per worker (by the worker that started the execution that wrote them) */
	perWorker: Record<string, number>;
	executions: number;
	failedExecutions: number;
	seconds: number;
}

export class CdcDriver {
	private readonly accounts: string[];
	private readonly t0 = new Map<string, number>();
	/** the highest execution id before each phase */
	private readonly before = new Map<string, number>();

	constructor(
		private readonly q: QueueCluster,
		private readonly emu: SalesforceEmulator,
		private readonly workflowId: string,
	) {
		this.accounts = emu.store.all('Account').map((a) => String(a.Id));
	}

	get streaming() {
		return streamingOf(this.emu);
	}

	/** Main holds a CometD session with a pending /meta/connect. */
	async connected(timeoutMs = 120_000): Promise<void> {
		const connects = this.streaming.stats.connects;
		await until('main’s CometD session', () => this.streaming.sessionCount() === 1 && this.streaming.stats.connects > connects, timeoutMs);
	}

	/** Publishes `n` Account updates, keys `<tag>-0…`, in bursts of `burst` every `everyMs`; `during(i)` runs after burst i. */
	async publish(
		tag: string,
		n: number,
		opts: { burst?: number; everyMs?: number; during?: (burst: number) => Promise<void> | void } = {},
	): Promise<string[]> {
		const burst = opts.burst ?? n;
		const keys: string[] = [];
		this.before.set(tag, Math.max(0, ...(await allExecutions(this.q, this.workflowId)).map((e) => Number(e.id))));
		this.t0.set(tag, Date.now());
		for (let i = 0, b = 0; i < n; b++) {
			for (const end = Math.min(n, i + burst); i < end; i++) {
				const key = `${tag}-${i}`;
				keys.push(key);
				this.streaming.publishChange({
					entityName: 'Account',
					changeType: 'UPDATE',
					recordIds: [this.accounts[i % this.accounts.length]],
					changedFields: ['Description'],
					values: { Description: key },
				});
			}
			await opts.during?.(b);
			if (i < n && opts.everyMs) await delay(opts.everyMs);
		}
		return keys;
	}

	private writes(): Map<string, string[]> {
		return execIdsOf(
			this.emu.store.all('Task').map((t) => String(t.Subject)),
			'cdc',
		);
	}

	/** Waits until every key has a Task and nothing runs any more (or nothing changes for `quietMs`), then counts. */
	async tally(tag: string, keys: string[], quietMs = 20_000): Promise<Tally> {
		const total = () => [...this.writes().values()].reduce((s, ids) => s + ids.length, 0);
		const doneAt = await settle(
			this.q,
			this.workflowId,
			total,
			() => {
				const writes = this.writes();
				return keys.every((k) => writes.has(k));
			},
			quietMs,
		);
		const { lost, lostKeys, duplicates, perWorker } = count(this.q, keys, this.writes());
		const since = this.t0.get(tag)!;
		// every execution of this phase, also those a killed worker had taken but not started (no startedAt)
		const executions = (await allExecutions(this.q, this.workflowId)).filter((e) => Number(e.id) > this.before.get(tag)!);
		return {
			changes: keys.length,
			landed: keys.length - lost,
			lost,
			lostRanges: ranges(lostKeys),
			duplicates,
			perWorker,
			executions: executions.length,
			failedExecutions: executions.filter((e) => e.status !== 'success').length,
			seconds: ((doneAt ?? Date.now()) - since) / 1000,
		};
	}

	/** Once `worker` is inside an execution (its log), SIGKILLs it; returns the executions it had in flight. */
	async killDuringExecution(index: number, timeoutMs = 60_000): Promise<string[]> {
		const name = `worker${index + 1}`;
		const file = path.join(this.q.dir, `${name}.log`);
		const inFlight = () => {
			const text = fs.readFileSync(file, 'utf8');
			const finished = new Set([...text.matchAll(/Worker finished execution (\d+) /g)].map((m) => m[1]));
			return [...text.matchAll(/Worker started execution (\d+) /g)].map((m) => m[1]).filter((e) => !finished.has(e));
		};
		await until(`${name} to be inside an execution`, () => inFlight().length > 0, timeoutMs, 20);
		await this.q.workers[index].kill('SIGKILL');
		const ids = inFlight();
		report('SIGKILL', { worker: name, inFlight: ids });
		return ids;
	}
}

/** "k-100…k-149 k-200…k-249": the keys as runs of consecutive numbers. */
function ranges(keys: string[]): string {
	const runs: string[][] = [];
	for (const k of keys) {
		const last = runs[runs.length - 1];
		if (last && Number(k.split('-').pop()) === Number(last[last.length - 1].split('-').pop()) + 1) last.push(k);
		else runs.push([k]);
	}
	return runs.map((r) => (r.length > 1 ? `${r[0]}…${r[r.length - 1]}` : r[0])).join(' ');
}
