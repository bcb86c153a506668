import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting HTTP proxy in front of the Salesforce emulator, for the two faults the emulator cannot
 * randomise itself: REQUEST_LIMIT_EXCEEDED of the concurrency kind (the emulator's random 403 is the daily
 * "TotalRequests" one, which must not be retried), and a connection reset AFTER the org processed the call (the
 * emulator's random reset happens before). Everything else is forwarded untouched to the real emulator.
 * Only data API calls (/services/data/…) are faulted; OAuth goes straight to the emulator anyway.
 */
export class FaultProxy {
	/** Probability of a 403 REQUEST_LIMIT_EXCEEDED "ConcurrentPerOrgLongTxn Limit exceeded." (nothing forwarded). */
	rateConcurrencyLimit = 0;
	/** the dice (seeded by the tests so a run repeats) */
	random: () => number = Math.random;

	/** Probability that the call is forwarded, processed by the org, and then the client's connection is reset. */
	rateResetAfter = 0;

	readonly counts = { calls: 0, concurrencyLimit: 0, resetAfter: 0 };

	private constructor(
		private readonly server: Server,
		readonly url: string,
		private readonly target: URL,
	) {}

	static async start(targetUrl: string): Promise<FaultProxy> {
		const holder: { proxy?: FaultProxy } = {};
		const server = createServer((req, res) => void holder.proxy!.handle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		holder.proxy = new FaultProxy(server, `http://127.0.0.1:${port}`, new URL(targetUrl));
		return holder.proxy;
	}

	reset(): void {
		this.rateConcurrencyLimit = this.rateResetAfter = 0;
		this.counts.calls = this.counts.concurrencyLimit = this.counts.resetAfter = 0;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const faultable = (req.url ?? '').startsWith('/services/data/');
		let resetAfter = false;
		if (faultable) {
			this.counts.calls++;
			const roll = this.random();
			if (roll < this.rateConcurrencyLimit) {
				this.counts.concurrencyLimit++;
				res.writeHead(403, { 'Content-Type': 'application/json;charset=UTF-8' });
				res.end(JSON.stringify([{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]));
				return;
			}
			resetAfter = roll < this.rateConcurrencyLimit + this.rateResetAfter;
		}
		const upstream = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer } | undefined>((resolve) => {
			const out = request(
				{
					host: this.target.hostname,
					port: this.target.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: this.target.host, connection: 'close' },
				},
				(r) => {
					const parts: Buffer[] = [];
					r.on('data', (c: Buffer) => parts.push(c));
					r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
					r.on('error', () => resolve(undefined));
				},
			);
			// The emulator's own reset fault: pass it on as a reset.
			out.on('error', () => resolve(undefined));
			out.end(body);
		});
		if (!upstream || resetAfter) {
			if (upstream) this.counts.resetAfter++;
			req.socket.destroy();
			return;
		}
		const headers = { ...upstream.headers };
		delete headers.connection;
		delete headers['transfer-encoding'];
		headers['content-length'] = String(upstream.body.length);
		res.writeHead(upstream.status, headers);
		res.end(upstream.body);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
