/** Small helpers of the queue-mode suite. */
import { delay } from '../n8n';
import type { QueueCluster } from '../queue';
import { writesByKey } from './workflows';

export { writesByKey as execIdsOf };

/** A figure of the suite, printed as one `[queue]` line (the README quotes them). */
export function report(label: string, figures: object): void {
	process.stderr.write(`[queue] ${label}: ${JSON.stringify(figures)}\n`);
}

/**
 * Waits until a production webhook answers on the webhook processor (activation reaches it through the database
 * and Redis): an OPTIONS request with an Origin (n8n then looks the path up for CORS) gets 404 until the path is
 * registered, and starts no execution.
 */
export async function waitRegistered(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const res = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1' } }).catch(() => undefined);
		if (res && res.status !== 404) return;
		await delay(500);
	}
	throw new Error(`${url} was not registered within ${timeoutMs} ms`);
}

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string;
}

/** Every execution of a workflow (public API, newest first, paged). */
export async function allExecutions(q: QueueCluster, workflowId: string): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	let cursor: string | undefined;
	do {
		const qs = new URLSearchParams({ workflowId, includeData: 'false', limit: '250', ...(cursor ? { cursor } : {}) });
		const page = await q.main.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', `/executions?${qs}`);
		out.push(...page.data.map((e) => ({ ...e, id: String(e.id) })));
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

/** Posts `runs` webhook calls at once and returns the executions they started, once all are finished. */
export async function queuedRun(
	q: QueueCluster,
	workflowId: string,
	url: string,
	runs: number,
	timeoutMs = 180_000,
): Promise<ExecutionSummary[]> {
	const known = new Set((await allExecutions(q, workflowId)).map((e) => e.id));
	// a webhook processor under load sometimes answers 404 for a registered path for a while (seen on this
	// machine, "Received request for unknown webhook"): a 404 is posted again, for up to 60 s
	const post = async (): Promise<number> => {
		const until404 = Date.now() + 60_000;
		for (;;) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await res.arrayBuffer();
			if (res.status !== 404 || Date.now() > until404) return res.status;
			await delay(1000);
		}
	};
	const answers = await Promise.all(Array.from({ length: runs }, post));
	if (answers.some((s) => s !== 200)) throw new Error(`webhook answered ${answers.join(', ')}`);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const fresh = (await allExecutions(q, workflowId)).filter((e) => !known.has(e.id));
		if (fresh.length >= runs && fresh.every((e) => e.stoppedAt && e.status !== 'running' && e.status !== 'new')) return fresh;
		if (Date.now() > deadline) throw new Error(`${runs} runs of ${workflowId} did not finish: ${JSON.stringify(fresh)}`);
		await delay(500);
	}
}

/**
 * Waits until `complete()` holds and nothing has run or changed for 2 s, or — when it never holds — until
 * nothing has changed for `quietMs` (what is missing then stays missing). Returns when `complete()` first held.
 */
export async function settle(
	q: QueueCluster,
	workflowId: string,
	progress: () => number,
	complete: () => boolean,
	quietMs = 20_000,
	timeoutMs = 300_000,
): Promise<number | undefined> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let lastChange = Date.now();
	let doneAt: number | undefined;
	for (;;) {
		const now = progress();
		// 'running' only: an execution a webhook processor created but could not enqueue stays 'new' for good
		const busy = (await allExecutions(q, workflowId)).some((e) => e.status === 'running');
		if (now !== last || busy) {
			last = now;
			lastChange = Date.now();
		}
		const done = complete();
		if (done && !doneAt) doneAt = Date.now();
		if (!busy && ((done && Date.now() - lastChange > 2000) || Date.now() - lastChange > quietMs)) return doneAt;
		if (Date.now() > deadline) throw new Error(`${workflowId}: still not settled after ${timeoutMs} ms`);
		await delay(500);
	}
}

/** Per key: how many writes landed (0 = lost, >1 = duplicates), and per worker the writes of its executions. */
export function count(q: QueueCluster, keys: string[], writes: Map<string, string[]>) {
	const byWorker = q.startedBy();
	const perWorker: Record<string, number> = Object.fromEntries(q.workers.map((_, i) => [`worker${i + 1}`, 0]));
	const execIds = new Set<string>();
	const lostKeys: string[] = [];
	let duplicates = 0;
	for (const k of keys) {
		const ids = writes.get(k) ?? [];
		if (!ids.length) lostKeys.push(k);
		duplicates += Math.max(0, ids.length - 1);
		for (const id of ids) {
			execIds.add(id);
			for (const w of byWorker.get(id) ?? []) perWorker[w] += 1;
		}
	}
	return { lost: lostKeys.length, lostKeys, duplicates, perWorker, execIds };
}
