/**
 * Outbound Messages in queue mode: Salesforce posts to the webhook processor (behind a load balancer in a real
 * deployment), which runs the node's webhook() and enqueues the execution for a worker. The workflow writes one
 * Task per notification ("om <notification id> exec <execution id>").
 */
import type { SalesforceEmulator } from '../../emulator';
import { sendOutboundMessage, type DeliveryResult } from '../../emulator/outbound';
import type { QueueCluster } from '../queue';
import { count, execIdsOf, settle } from './util';

export interface OutboundTally {
	messages: number;
	ackedFirstRound: number;
	ackedRedelivery: number;
	/** HTTP attempts Salesforce needed in each round (retries on a missing Ack) */
	attempts: [number, number];
	executedOnce: number;
	lost: number;
	duplicates: number;
	perWorker: Record<string, number>;
}

export async function outboundRounds(
	q: QueueCluster,
	emu: SalesforceEmulator,
	workflowId: string,
	url: string,
	messages = 200,
): Promise<OutboundTally> {
	const leads = emu.store.all('Lead');
	const send = async (i: number, notificationIds?: string[]): Promise<DeliveryResult> => {
		const lead = leads[i % leads.length];
		return await sendOutboundMessage({
			url,
			orgId: emu.orgId,
			sobjectType: 'Lead',
			records: [{ Id: String(lead.Id), Company: String(lead.Company ?? ''), Email: String(lead.Email ?? '') }],
			...(notificationIds ? { notificationIds } : {}),
			// Salesforce retries until it gets the Ack (15 s … 2 h apart, for 24 h); here 1 s … 5 s apart, for 2 minutes
			maxAttempts: 100,
			firstRetryMs: 1000,
			maxRetryMs: 5000,
			cutoffMs: 120_000,
		});
	};
	const first = await Promise.all(Array.from({ length: messages }, async (_, i) => await send(i)));
	const keys = first.map((r) => r.notificationIds[0]);
	const again = await Promise.all(first.map(async (r, i) => await send(i, r.notificationIds)));
	const writes = () =>
		execIdsOf(
			emu.store.all('Task').map((t) => String(t.Subject)),
			'om',
		);
	await settle(
		q,
		workflowId,
		() => [...writes().values()].reduce((s, ids) => s + ids.length, 0),
		() => keys.every((k) => writes().has(k)),
		15_000,
	);
	const w = writes();
	const { lost, duplicates, perWorker } = count(q, keys, w);
	return {
		messages,
		ackedFirstRound: first.filter((r) => r.acked).length,
		ackedRedelivery: again.filter((r) => r.acked).length,
		attempts: [first.reduce((s, r) => s + r.attempts.length, 0), again.reduce((s, r) => s + r.attempts.length, 0)],
		executedOnce: keys.filter((k) => w.get(k)?.length === 1).length,
		lost,
		duplicates,
		perWorker,
	};
}
