/**
 * Workflows of the queue-mode suite. Every write carries `$execution.id`, so the org itself tells which execution
 * (and, through the workers' logs, which worker) wrote each record.
 */
import { PACKAGE_NAME } from '../n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME } from '../stack';

const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
type Node = {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: typeof credentials;
};

function chain(id: string, name: string, nodes: Omit<Node, 'id' | 'position'>[]) {
	const full: Node[] = nodes.map((n, i) => ({ ...n, id: `${id}-${i}`, position: [i * 220, 0] }));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < full.length; i++) connections[full[i].name] = { main: [[{ node: full[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, nodes: full, connections, settings: { executionOrder: 'v1' } };
}

const text = (id: string) => ({
	id,
	displayName: id,
	required: false,
	defaultMatch: false,
	display: true,
	type: 'string',
	canBeUsedToMatch: false,
});

function create(resource: 'account' | 'task', field: string, value: string): Omit<Node, 'id' | 'position'> {
	return {
		name: resource === 'account' ? 'Create accounts' : 'Create tasks',
		type: `${PACKAGE_NAME}.salesforceCrm`,
		typeVersion: 1,
		parameters: {
			resource,
			operation: 'create',
			fields: { mappingMode: 'defineBelow', value: { [field]: value }, matchingColumns: [], schema: [text(field)] },
			additionalFieldsJson: '{}',
		},
		credentials,
	};
}

/**
 * `count` accounts named "<prefix> <i> exec <execution id>", created by the Salesforce CRM node (Create, batched
 * over sObject Collections), started by a Manual Trigger (`n8n execute`) or a production webhook (the queue).
 */
export function accountsWorkflow(id: string, start: 'manual' | 'webhook', count: number, prefix: string, webhookId?: string) {
	const items = Array.from({ length: count }, (_, i) => ({ name: `${prefix} ${i}` }));
	const trigger =
		start === 'manual'
			? { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }
			: {
					name: 'Start',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId,
					parameters: { httpMethod: 'POST', path: `accounts-${id}`, responseMode: 'onReceived', options: {} },
				};
	return chain(id, `Queue: ${count} accounts (${start})`, [
		trigger,
		{
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
		},
		create('account', 'Name', '={{ $json.name }} exec {{ $execution.id }}'),
	]);
}

/** Change Data Capture on Account (updates, resume) → a Task per change: "cdc <Description> exec <execution id>". */
export function cdcWorkflow(id: string) {
	return chain(id, 'Queue: Account changes → task per change', [
		{
			name: 'Account changed',
			type: `${PACKAGE_NAME}.salesforceCrmTrigger`,
			typeVersion: 1,
			parameters: {
				source: 'changeDataCapture',
				scope: 'selected',
				objects: ['Account'],
				changeTypes: ['update'],
				onlyFields: '',
				includeFullRecord: false,
				enableCdc: false,
				replay: 'resume',
			},
			credentials,
		},
		create('task', 'Subject', '=cdc {{ $json.values.Description }} exec {{ $execution.id }}'),
	]);
}

/** Outbound Message trigger (version 1.1, its defaults: Ack after the workflow succeeds, de-duplication) → a Task per notification. */
export function outboundWorkflow(id: string, webhookId: string) {
	return chain(id, 'Queue: Outbound Messages → task per notification', [
		{
			name: 'Outbound Message',
			type: `${PACKAGE_NAME}.salesforceCrmOutboundMessageTrigger`,
			typeVersion: 1.1,
			webhookId,
			parameters: { options: {} },
			credentials,
		},
		create('task', 'Subject', '=om {{ $json.notificationId }} exec {{ $execution.id }}'),
	]);
}

/** "<tag> <key> exec <id>" → key → execution ids that wrote it. */
export function writesByKey(names: string[], tag: string): Map<string, string[]> {
	const by = new Map<string, string[]>();
	const re = new RegExp(`^${tag} (.+) exec (\\d+)$`);
	for (const name of names) {
		const m = re.exec(name);
		if (m) by.set(m[1], [...(by.get(m[1]) ?? []), m[2]]);
	}
	return by;
}
