/**
 * The push side of the Salesforce CRM Trigger: a CometD session (BayeuxClient) whose deliveries become n8n
 * executions, with the replay position committed as "Commit Position" says (commit.ts).
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IRun,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import type { SalesforceClient } from '../../shared/transport/client';
import { SalesforceApiError } from '../../shared/transport/errors';
import { BayeuxClient } from './BayeuxClient';
import {
	BayeuxFatalError,
	type BayeuxMessage,
	type BayeuxTransport,
	type DeliveryOutcome,
	type ReplayFallbackNotice,
	type StreamEvent,
} from './bayeuxProtocol';
import { Committer, deferred, lastIds, type CommitMode, type CommitState } from './commit';
import { itemsOf, type ItemOptions } from './items';
import { pause, settle, untilAborted } from './wait';

export interface StreamingSetup extends ItemOptions {
	channels: string[];
	replayFrom: Record<string, number>;
	expiredFallback: 'allRetained' | 'newOnly' | 'fail';
	commitMode: CommitMode;
	maxAttempts: number;
}

/** How long closing waits for the run of the delivery in flight before giving up (it is received again then). */
const CLOSE_WAIT_MS = 15_000;
const MAX_NOTICES = 10;
/** every 4xx and 5xx status except 401 */
const HTTP_ERRORS = Array.from({ length: 200 }, (_, i) => 400 + i).filter((s) => s !== 401);
const TIMED_OUT = Symbol('timed out');
const CHECKPOINT_SETTLE_MS = 1000;

function transportOf(client: SalesforceClient): BayeuxTransport {
	const apiVersion = client.apiVersion;
	return {
		post: async (messages: BayeuxMessage[], cookie: string, timeoutMs: number, abortSignal: AbortSignal) => {
			// every HTTP status but 401 comes back as a response (no retry inside the REST client: the Bayeux client
			// decides, with its own backoff); a 401 goes through n8n's token refresh first and, if it stays, arrives
			// here as an error with its status
			return await client
				.requestFull<unknown>('POST', `/cometd/${apiVersion}`, {
					body: messages,
					headers: cookie ? { Cookie: cookie } : {},
					timeout: timeoutMs,
					abortSignal,
					retry: 'never',
					okStatuses: HTTP_ERRORS,
				})
				.catch(async (error: unknown) => {
					if (error instanceof SalesforceApiError && error.statusCode > 0) {
						const body = error.errorCode ? [{ errorCode: error.errorCode, message: error.message }] : null;
						return { statusCode: error.statusCode, headers: {}, body };
					}
					return await Promise.reject(error);
				});
		},
		renewToken: async () => {
			// a plain REST call: if the token is expired, n8n's request helper refreshes it (401 → refresh → retry)
			await client.request('GET', '/limits', { timeout: 30_000, retry: 'safe' });
		},
	};
}

export async function streamingTrigger(
	this: ITriggerFunctions,
	client: SalesforceClient,
	staticData: CommitState,
	setup: StreamingSetup,
): Promise<ITriggerResponse> {
	const node = this.getNode();
	const manual = this.getMode() === 'manual';
	const committer = new Committer(staticData, setup.commitMode, setup.maxAttempts);
	const controller = new AbortController();
	let notices: ReplayFallbackNotice[] = [];
	/** the run of the delivery in flight, while one is */
	let inFlight: { events: StreamEvent[]; done: Promise<IRun | undefined> } | undefined;
	/** the committed positions as n8n last saved them (at an emit) */
	let saved = JSON.stringify(staticData.replay ?? {});
	const itemsFor = itemsOf(client, setup);

	const emit = (items: IDataObject[], done?: Parameters<ITriggerFunctions['emit']>[2]) => {
		const out: INodeExecutionData[] = items.map((json) => ({ json }));
		saved = JSON.stringify(staticData.replay ?? {}); // n8n saves static data synchronously at emit
		this.emit([out], undefined, done);
	};

	const onEvents = async (events: StreamEvent[]): Promise<DeliveryOutcome> => {
		const items = await itemsFor(events);
		if (!items.length) {
			committer.commit(lastIds(events)); // filtered out: nothing to run
			return;
		}
		if (notices.length) {
			items[0].replayNotice = notices.map((n) => n.message).join(' ');
			items[0].replayFallback = notices as unknown as IDataObject[];
			notices = [];
		}
		const skipped = committer.takeSkipped();
		if (skipped.length) items[0].skippedAfterFailures = skipped;
		if (committer.mode === 'onReceipt' || manual) {
			committer.commit(lastIds(events));
			emit(items);
			return;
		}
		// n8n resolves it with the run (IRun; undefined when it started no execution)
		const done = deferred<IRun>();
		emit(items, done);
		inFlight = { events, done: done.promise as Promise<IRun | undefined> };
		const outcome = await settle(untilAborted(done.promise, controller.signal));
		if (!outcome.ok && controller.signal.aborted) throw outcome.error; // closing: closeFunction settles it
		inFlight = undefined;
		return outcome.ok ? committer.settle(events, outcome.value) : committer.settle(events, undefined, outcome.error as Error);
	};

	const bayeux = new BayeuxClient({
		transport: transportOf(client),
		channels: setup.channels,
		replayFrom: setup.replayFrom,
		onInvalidReplayId: setup.expiredFallback,
		onEvents,
		onReplayFallback: (n) => {
			notices.push(n);
			notices = notices.slice(-MAX_NOTICES);
		},
		abortSignal: controller.signal,
	});
	const running = bayeux.run().catch((error: Error) => {
		if (controller.signal.aborted) return;
		// only conditions a user must fix reach n8n; everything transient is retried inside the client
		const message = error instanceof BayeuxFatalError ? error.message : `Salesforce streaming stopped: ${error.message}`;
		this.emitError(new NodeOperationError(node, message, { description: `${client.instanceUrl} — channels ${setup.channels.join(', ')}` }));
	});

	const closeFunction = async () => {
		controller.abort();
		await running;
		await bayeux.disconnect();
		if (manual) return;
		// A shutdown of n8n closes triggers before it waits for running executions: wait for the one in flight (it
		// goes on running) so its position can be committed rather than delivered again after the restart.
		const pending = inFlight;
		if (pending) {
			const stop = new AbortController();
			const timedOut = pause(CLOSE_WAIT_MS, stop.signal).then(() => TIMED_OUT);
			const finished = await settle(Promise.race([pending.done, timedOut]));
			stop.abort();
			if (finished.ok && finished.value !== TIMED_OUT) {
				committer.settle(pending.events, finished.value as IRun | undefined);
			}
		}
		// n8n saves static data at emit only: a position committed since the last emit would be lost with this
		// process. An emit of no items saves it (n8n runs no node after a trigger that output nothing).
		if (JSON.stringify(staticData.replay ?? {}) !== saved) {
			emit([]);
			// let n8n write the static data and register that run before its shutdown goes on to wait for runs
			await pause(CHECKPOINT_SETTLE_MS, new AbortController().signal);
		}
	};

	return { closeFunction };
}
