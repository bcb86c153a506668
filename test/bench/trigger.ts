/**
 * Trigger latency and throughput: the pack's Salesforce CRM Trigger (Change Data Capture over CometD) activated
 * through n8n-core's TriggerContext (test/helpers/trigger.ts) against the emulator, with the emulator's per-request
 * latency applied to every CometD request as well.
 *
 * Latency: a record is committed in the emulator's store (the commit publishes the change event) and the time
 * until the trigger's `emit` carries that record id is taken with performance.now() in the same process.
 * Throughput: `burst` records committed back to back in one synchronous loop (the emulator publishing as fast as
 * it can), timed from the first commit to the emit that carries the last of them.
 */
import { performance } from 'node:perf_hooks';

import { SalesforceEmulator } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { credentialData } from '../helpers/engine';
import { startTrigger } from '../helpers/trigger';
import { percentile, sleep } from './measure';

export interface TriggerBenchResult {
	changes: number;
	latenciesMs: number[];
	p50: number;
	p95: number;
	max: number;
	burst: number;
	burstMs: number;
	eventsPerSecond: number;
	emits: number;
	cometdRequests: number;
	apiCalls: number;
	problems: string[];
}

export async function benchTrigger(latencyMs: number, changes = 1000, burst = 10_000, meanGapMs = 20): Promise<TriggerBenchResult> {
	const emu = await SalesforceEmulator.start({ seed: 'none', latencyMs });
	const problems: string[] = [];
	const trigger = await startTrigger({
		credentials: credentialData(emu),
		parameters: {
			source: 'changeDataCapture',
			scope: 'selected',
			objects: ['Contact'],
			changeTypes: ['create', 'update', 'delete', 'undelete'],
		},
	});
	try {
		const emitAt = new Map<string, number>();
		let emits = 0;
		const push = trigger.batches.push.bind(trigger.batches);
		trigger.batches.push = (...batches) => {
			const now = performance.now();
			emits++;
			for (const batch of batches)
				for (const item of batch) for (const id of (item.json.recordIds as string[]) ?? []) if (!emitAt.has(id)) emitAt.set(id, now);
			return push(...batches);
		};
		const s = streamingOf(emu);
		for (let i = 0; i < 500 && s.stats.subscribes === 0; i++) await sleep(10);
		await sleep(200);

		// Latency: spaced commits (exponential gaps, mean meanGapMs), each timed to its emit.
		const commitAt = new Map<string, number>();
		for (let i = 0; i < changes; i++) {
			const id = emu.store.insert('Contact', { LastName: `Latency ${i}` });
			commitAt.set(id, performance.now());
			await sleep(-Math.log(1 - Math.random()) * meanGapMs);
		}
		await trigger.waitForItems(changes, 60_000);
		const latenciesMs = [...commitAt].map(([id, t]) => (emitAt.get(id) ?? NaN) - t);
		if (latenciesMs.some((l) => !Number.isFinite(l))) problems.push('some latency changes were not emitted');

		// Throughput: a burst of commits with no gaps.
		emu.resetCounters();
		const burstIds: string[] = [];
		const t0 = performance.now();
		for (let i = 0; i < burst; i++) burstIds.push(emu.store.insert('Contact', { LastName: `Burst ${i}` }));
		await trigger.waitForItems(changes + burst, 300_000);
		const last = Math.max(...burstIds.map((id) => emitAt.get(id) ?? NaN));
		const burstMs = last - t0;
		if (!Number.isFinite(burstMs)) problems.push('some burst changes were not emitted');
		const emitted = trigger.items().length;
		if (emitted !== changes + burst) problems.push(`emitted ${emitted} items for ${changes + burst} changes`);
		if (trigger.errors.length) problems.push(`trigger errors: ${trigger.errors.map((e) => e.message).join('; ')}`);
		return {
			changes,
			latenciesMs,
			p50: percentile(latenciesMs, 50),
			p95: percentile(latenciesMs, 95),
			max: Math.max(...latenciesMs),
			burst,
			burstMs,
			eventsPerSecond: burst / (burstMs / 1000),
			emits,
			cometdRequests: emu.requests.filter((r) => r.path.startsWith('/cometd/')).length,
			apiCalls: emu.apiCalls(),
			problems,
		};
	} finally {
		await trigger.stop();
		await emu.close();
	}
}
