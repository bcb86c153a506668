import type { IDataObject } from 'n8n-workflow';

import { SalesforceEmulator, type EmulatorOptions } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { credentialData, runWorkflow, shutdownEngine, type RunResult, type RunWorkflowOptions } from './engine';

/** The action node's type name as n8n loads it from the installed package. */
export const SALESFORCE_CRM = 'n8n-nodes-salesforce-crm.salesforceCrm';

/** How a test file wants its emulator: the emulator's own options plus what the tests tune on it. */
export interface EmulatorFixtureOptions extends EmulatorOptions {
	/** How long the CometD endpoint holds a long poll (ms); the streaming tests shorten it to stay fast. */
	holdMs?: number;
}

/**
 * One emulator for the test file: started before the tests (empty org and all plugins unless options say
 * otherwise), handed to `onStart` (which may seed it or start what the file needs around it), its request counters
 * reset before each test, closed with n8n-core's timers after the last one.
 */
export function useEmulator(onStart: (emu: SalesforceEmulator) => unknown, { holdMs, ...options }: EmulatorFixtureOptions = {}): void {
	let emu: SalesforceEmulator;
	beforeAll(async () => {
		emu = await SalesforceEmulator.start({ seed: 'none', ...options });
		if (holdMs !== undefined) streamingOf(emu).configure({ holdMs });
		await onStart(emu);
	});
	afterAll(async () => {
		await emu.close();
		shutdownEngine();
	});
	beforeEach(() => emu.resetCounters());
}

/** A Salesforce CRM node named "Salesforce" with these parameters (as n8n stores them). */
export function salesforceNode(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { name: 'Salesforce', type: SALESFORCE_CRM, parameters: parameters as never, ...extra };
}

/** A record locator that takes the record id from the input item's `key` field (an expression). */
export const fromJson = (key = 'id') => ({ mode: 'id', value: `={{ $json.${key} }}` });

/** The resource mapper's "Map Automatically": every field of the input item is written. */
export const AUTO_MAP = { mappingMode: 'autoMapInputData', value: null };

/** Runs one Salesforce CRM node (see salesforceNode) over `items` against `emu`, signed in with its OAuth2 credential. */
export async function runNode(
	emu: SalesforceEmulator,
	parameters: Record<string, unknown>,
	items?: RunWorkflowOptions['items'],
	extra: Record<string, unknown> = {},
) {
	return await runWorkflow({ credentials: credentialData(emu), items, nodes: [salesforceNode(parameters, extra)] });
}

/**
 * Expects a run without error whose node "Salesforce" put out `items` items in `calls` API calls, every one of them
 * to `endpoint`; returns that output.
 */
export function expectBatchedRun(emu: SalesforceEmulator, result: RunResult, items: number, endpoint: string, calls: number) {
	expect(result.error).toBeUndefined();
	const out = result.output('Salesforce');
	expect(out).toHaveLength(items);
	expect(emu.count(endpoint)).toBe(calls);
	expect(emu.apiCalls()).toBe(calls);
	return out;
}

/**
 * The `error` of an error item (errorCode, message, fields, outcomeUnknown…). Error items hold only `message` and
 * `error` in their json, the shape n8n moves to the error output under "Continue (using error output)".
 */
export function errorDetails(item: { json: IDataObject } | IDataObject): IDataObject {
	const json = ('json' in item && item.json && typeof item.json === 'object' ? item.json : item) as IDataObject;
	return (json.error && typeof json.error === 'object' ? json.error : {}) as IDataObject;
}
