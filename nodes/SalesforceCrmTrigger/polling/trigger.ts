/**
 * Activation of the polling mode inside the trigger node's `trigger()`: a node cannot have both `trigger()` and
 * `poll()`, so the schedule is registered with n8n's `this.helpers.registerCron` (n8n removes the cron when the
 * workflow is deactivated). The checkpoint is written to the workflow's static data right before `emit`, which is
 * when n8n saves it; the first activation's checkpoint is written at activation (n8n saves static data after
 * activating a workflow).
 */
import { NodeOperationError, type CronExpression, type IDataObject, type ITriggerFunctions, type ITriggerResponse } from 'n8n-workflow';

import type { SalesforceClient } from '../../shared/transport/client';
import {
	assertObjectName,
	initialCheckpoint,
	latestChanges,
	poll,
	pollFields,
	type PollCheckpoint,
	type PollEvent,
	type PollOptions,
} from './poller';

/** The "Poll Interval" choices: the option shown and the cron expression registered for it. */
const SCHEDULES: Array<{ name: string; value: string; cron: CronExpression }> = [
	{ name: 'Every Minute', value: '1', cron: '0 * * * * *' },
	{ name: 'Every 5 Minutes', value: '5', cron: '0 */5 * * * *' },
	{ name: 'Every 10 Minutes', value: '10', cron: '0 */10 * * * *' },
	{ name: 'Every 15 Minutes', value: '15', cron: '0 */15 * * * *' },
	{ name: 'Every 30 Minutes', value: '30', cron: '0 */30 * * * *' },
	{ name: 'Every Hour', value: '60', cron: '0 0 * * * *' },
];

const INTERVALS: Record<string, CronExpression> = Object.fromEntries(SCHEDULES.map((s) => [s.value, s.cron]));

export const POLL_INTERVAL_OPTIONS = SCHEDULES.map(({ name, value }) => ({ name, value }));

export async function pollingTrigger(
	this: ITriggerFunctions,
	client: SalesforceClient,
	staticData: IDataObject,
): Promise<ITriggerResponse> {
	const node = this.getNode();
	const object = String(this.getNodeParameter('pollObject', '')).trim();
	try {
		assertObjectName(object);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { description: 'Choose the object to watch' });
	}
	const events = this.getNodeParameter('pollEvents', []) as PollEvent[];
	if (!events.length) throw new NodeOperationError(node, 'Choose at least one event');
	const interval = String(this.getNodeParameter('pollInterval', '1'));
	const expression = INTERVALS[interval];
	if (!expression) throw new NodeOperationError(node, `Unsupported poll interval "${interval}"`);
	const options: PollOptions = {
		object,
		events,
		maxRecords: this.getNodeParameter('pollMaxRecords', 1000) as number,
	};
	let fields: string[] | undefined;
	const getFields = async () => (fields ??= await pollFields(client, object));

	if (this.getMode() === 'manual') {
		const manualTriggerFunction = async () => {
			const items = await latestChanges(client, await getFields(), options, Date.now());
			// no items: n8n shows "no data" (the checkpoint of an active workflow is not touched)
			this.emit(items.length ? [items.map((json) => ({ json }))] : []);
		};
		return { manualTriggerFunction };
	}

	const stored = staticData.polling as PollCheckpoint | undefined;
	let checkpoint: PollCheckpoint;
	if (stored && stored.object === object && typeof stored.since === 'string') {
		checkpoint = stored;
	} else {
		checkpoint = await initialCheckpoint(client, object, Date.now());
		staticData.polling = checkpoint;
	}

	let closed = false;
	let inflight: Promise<void> | undefined;
	const pollOnce = async () => {
		try {
			const result = await poll(client, await getFields(), checkpoint, options, Date.now());
			if (closed) return;
			checkpoint = result.checkpoint;
			if (!result.items.length) return; // nothing lost: the same window is read again from the saved checkpoint
			staticData.polling = checkpoint;
			this.emit([result.items.map((json) => ({ json }))]);
		} catch (error) {
			if (closed) return;
			// keep the workflow active: the checkpoint did not move, the next poll reads the same window again
			const failure = new NodeOperationError(node, `Salesforce polling of ${object} failed: ${(error as Error).message}`, {
				description: `${client.instanceUrl} — the next poll retries the same window`,
			});
			// n8n 2.x records a failed execution and keeps the workflow active; n8n 1.x trigger contexts have no
			// saveFailedExecution (emitError would deactivate the workflow), so there the failure is only logged.
			if (typeof this.saveFailedExecution === 'function') this.saveFailedExecution(failure);
			else this.logger.warn(failure.message);
		}
	};
	// a tick while a poll still runs joins it instead of reading the same window twice
	const tick = async () => {
		inflight ??= pollOnce().finally(() => {
			inflight = undefined;
		});
		return await inflight;
	};
	this.helpers.registerCron({ expression }, tick);

	const closeFunction = async () => {
		closed = true;
		await inflight;
	};
	return { closeFunction };
}
