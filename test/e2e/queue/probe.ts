/**
 * The done-promise probe: a fixture trigger (test/e2e/queue/probe, installed next to the pack in every process)
 * emits once on activation with a deferred "done" promise; its workflow calls `/slow` here (answered after
 * `slowMs`), so the execution on a worker visibly takes time; the probe POSTs to `/report` where and how the
 * promise settled.
 */
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';

export const PROBE_PACKAGE = path.join(__dirname, 'probe');

export interface ProbeReport {
	pid: number;
	argv: string[];
	activatedAt?: number;
	emittedAt?: number;
	settledAt?: number;
	resolved?: boolean;
	status?: string;
	finished?: boolean;
	error?: string;
	receivedAt: number;
}

export class ProbeServer {
	readonly reports: ProbeReport[] = [];
	/** when /slow answered */
	readonly slowAnswered: number[] = [];
	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(slowMs = 1500): Promise<ProbeServer> {
		const holder: { probe?: ProbeServer } = {};
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (d: Buffer) => (body += d.toString()));
			req.on('end', () => {
				if (req.url === '/report') {
					holder.probe!.reports.push({ ...JSON.parse(body || '{}'), receivedAt: Date.now() });
					res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
				} else {
					setTimeout(() => {
						holder.probe!.slowAnswered.push(Date.now());
						res.writeHead(200, { 'content-type': 'application/json' }).end('{"slow":true}');
					}, slowMs);
				}
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		holder.probe = new ProbeServer(server, `http://127.0.0.1:${port}`);
		return holder.probe;
	}

	workflow(id: string) {
		return {
			id,
			name: 'Queue: done-promise probe',
			active: false,
			nodes: [
				{
					id: `${id}-0`,
					name: 'Probe',
					type: 'n8n-nodes-queue-probe.queueProbeTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: { reportUrl: `${this.url}/report` },
				},
				{
					id: `${id}-1`,
					name: 'Slow call',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: { url: `${this.url}/slow`, options: {} },
				},
			],
			connections: { Probe: { main: [[{ node: 'Slow call', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
