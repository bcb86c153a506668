/**
 * Outbound Message workflows and deliveries for the real-n8n suite (outbound.e2e.test.ts): a trigger → Get
 * Account workflow per scenario, messages of several notifications posted as Salesforce posts them, and which
 * notifications n8n ran (from the stored executions).
 */
import { sendOutboundMessage, type DeliveryResult } from '../emulator/outbound';
import { nodeOutput, PACKAGE_NAME, type N8n } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME } from './stack';

export const OM_TYPE = `${PACKAGE_NAME}.salesforceCrmOutboundMessageTrigger`;
export const TRIGGER = 'Outbound Message';
export const OM_PATH = 'salesforce-outbound-message';

export interface OmWorkflow {
	id: string;
	webhookId: string;
	/** the trigger's parameters (acknowledge omitted = the node's default) */
	parameters: Record<string, unknown>;
	typeVersion?: number;
}

/** Outbound Message trigger → Salesforce CRM Account → Get (the run fails when the record does not exist). */
export function omWorkflow(w: OmWorkflow) {
	const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
	return {
		id: w.id,
		name: `Outbound Message ${w.id}`,
		active: false,
		nodes: [
			{
				id: `${w.id}-t`,
				name: TRIGGER,
				type: OM_TYPE,
				typeVersion: w.typeVersion ?? 1.1,
				position: [0, 0],
				webhookId: w.webhookId,
				parameters: w.parameters,
				credentials,
			},
			{
				id: `${w.id}-g`,
				name: 'Get account',
				type: `${PACKAGE_NAME}.salesforceCrm`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'account',
					operation: 'get',
					recordId: { __rl: true, mode: 'id', value: '={{ $json.recordId }}' },
					fieldsToReturn: ['Name'],
				},
				credentials,
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Get account', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export const webhookUrl = (n8n: N8n, webhookId: string) => `${n8n.url}/webhook/${webhookId}/${OM_PATH}`;

export interface Message {
	accounts: string[];
	notificationIds?: string[];
}

/** Posts every message at once (one attempt each, as one Salesforce delivery). */
export async function deliverAll(url: string, orgId: string, messages: Message[]): Promise<DeliveryResult[]> {
	return await Promise.all(
		messages.map(
			async (m) =>
				await sendOutboundMessage({
					url,
					orgId,
					sobjectType: 'Account',
					records: m.accounts.map((Id, i) => ({ Id, Name: `Account ${i}` })),
					...(m.notificationIds ? { notificationIds: m.notificationIds } : {}),
					maxAttempts: 1,
				}),
		),
	);
}

/** notification id → how many runs of the workflow had it, over all stored executions. */
export async function runsPerNotification(n8n: N8n, workflowId: string): Promise<Map<string, number>> {
	const runs = new Map<string, number>();
	for (const execution of await n8n.executions(workflowId, { includeData: true })) {
		for (const item of nodeOutput(execution, TRIGGER)) runs.set(item.notificationId, (runs.get(item.notificationId) ?? 0) + 1);
	}
	return runs;
}

/** Waits until the production URL answers (n8n 2.41 registers webhooks asynchronously after activation). */
export async function waitRegistered(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<probe/>' });
		if (res.status !== 404) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${url} was not registered within ${timeoutMs} ms`);
}
