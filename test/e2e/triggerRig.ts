/**
 * The rig of the trigger reliability suite: a small HTTP sink that the workflows post every event to (the event
 * counter the test reads), the workflows (CDC trigger → HTTP Request to the sink; an error workflow that posts to
 * the sink), and a seeded random source so a run can be repeated.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export { seeded } from '../helpers/random';
import { PACKAGE_NAME } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME } from './stack';

export interface SinkHit {
	path: string;
	body: any;
	/** which n8n process run (epoch) the test was in when the hit arrived */
	epoch: number;
	at: number;
}

export class Sink {
	readonly hits: SinkHit[] = [];
	epoch = 0;
	private server?: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				let body: unknown = null;
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
				} catch {
					body = Buffer.concat(chunks).toString('utf8');
				}
				this.hits.push({ path: req.url ?? '/', body, epoch: this.epoch, at: Date.now() });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	of(path: string): SinkHit[] {
		return this.hits.filter((h) => h.path === path);
	}

	/** replay ids received on a path: how many distinct, how many duplicates */
	count(path: string): { total: number; distinct: Set<number>; duplicates: number } {
		const ids = this.of(path).map((h) => Number(h.body.replayId));
		const distinct = new Set(ids);
		return { total: ids.length, distinct, duplicates: ids.length - distinct.size };
	}

	/**
	 * Resolves once no client connection is open: after n8n is killed, the requests its last run had already sent
	 * are read (and recorded, with the epoch of that n8n run) before the test moves on. The process's exit can be
	 * seen before the sink has read the bytes that process wrote just before it died.
	 */
	async drained(timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const open = await new Promise<number>((resolve, reject) =>
				this.server ? this.server.getConnections((error, n) => (error ? reject(error) : resolve(n))) : resolve(0),
			);
			if (open === 0) return;
			if (Date.now() > deadline) throw new Error(`the sink still has ${open} open connections after ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };

/** CDC trigger on `object` → HTTP Request posting each item's replayId, transactionKey and record id to sink/path. */
export function cdcWorkflow(
	id: string,
	object: string,
	sinkUrl: string,
	path: string,
	trigger: Record<string, unknown> = {},
	errorWorkflow?: string,
) {
	return {
		id,
		name: `Reliability ${id}`,
		active: false,
		settings: { executionOrder: 'v1', ...(errorWorkflow ? { errorWorkflow } : {}) },
		connections: { Trigger: { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: `${id}-t`,
				name: 'Trigger',
				type: `${PACKAGE_NAME}.salesforceCrmTrigger`,
				typeVersion: 1,
				position: [0, 0],
				credentials,
				parameters: { source: 'changeDataCapture', scope: 'selected', objects: [object], changeTypes: ['create'], ...trigger },
			},
			{
				id: `${id}-s`,
				name: 'Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}${path}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ replayId: $json.replayId, transactionKey: $json.transactionKey, recordId: $json.recordIds[0], execution: $execution.id }) }}',
					options: {},
				},
			},
		],
	};
}

/** Error Trigger → HTTP Request to sink/error: runs whenever n8n runs the error workflow. */
export function errorWorkflow(id: string, sinkUrl: string) {
	return {
		id,
		name: `Reliability error workflow ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'Error Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: `${id}-e`, name: 'Error Trigger', type: 'n8n-nodes-base.errorTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-r`,
				name: 'Report',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/error`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ message: $json.execution?.error?.message ?? $json.trigger?.error?.message ?? "error" }) }}',
					options: {},
				},
			},
		],
	};
}
