import type { INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { startTrigger, type RunningTrigger, type TriggerRunOptions } from './trigger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Salesforce CRM Trigger's parameters for Change Data Capture on Account with these change types. */
export function accountChanges(changeTypes: string[], extra: INodeParameters = {}): INodeParameters {
	return { source: 'changeDataCapture', scope: 'selected', objects: ['Account'], changeTypes, ...extra };
}

/**
 * Waits (up to `tries` × 20 ms) until the emulator's CometD endpoint has seen a subscribe beyond `before` (the
 * count taken before starting a trigger), then 50 ms more for the subscription to settle.
 */
export async function untilSubscribed(emu: SalesforceEmulator, before: number, tries: number): Promise<void> {
	for (let i = 0; i < tries && streamingOf(emu).stats.subscribes <= before; i++) await sleep(20);
	await sleep(50);
}

/** Activates the trigger (see startTrigger) and returns once it has subscribed (see untilSubscribed). */
export async function startSubscribed(emu: SalesforceEmulator, options: TriggerRunOptions, tries = 500): Promise<RunningTrigger> {
	const before = streamingOf(emu).stats.subscribes;
	const trigger = await startTrigger(options);
	await untilSubscribed(emu, before, tries);
	return trigger;
}
