import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth } from './auth';
import { readBody } from './body';
import { IdFactory } from './ids';
import { defaultPlugins, type EmulatorPlugin } from './plugins';
import { RestApi, VERSIONS } from './rest';
import { Schema } from './schema';
import { seedBase, seedDemo } from './seed';
import { handleMetadata } from './metadata';
import { handleSoap } from './soap';
import { OrgStore } from './store';
import type { MountHandler, PluginCtx, QueuedFault, RecordFault, RequestLogEntry, Resp } from './types';

export interface EmulatorOptions {
	port?: number;
	latencyMs?: number;
	dailyApiLimit?: number;
	seed?: 'demo' | 'none';
	clientId?: string;
	clientSecret?: string;
	plugins?: EmulatorPlugin[];
}

/** Fault injection knobs. Rates are probabilities in [0,1] applied to counted API calls. */
export class Faults {
	latencyMs = 0;
	rate503 = 0;
	rateLimitExceeded = 0;
	rateReset = 0;
	/** the dice of the random faults (tests seed it so a run repeats) */
	random: () => number = Math.random;
	private readonly queued: QueuedFault[] = [];
	private readonly recordFaults: RecordFault[] = [];
	queue(once: QueuedFault): void {
		this.queued.push(once);
	}
	/** Queues per-record failures for the next matching sObject Collections write (see RecordFault). */
	queueRecords(fault: RecordFault): void {
		this.recordFaults.push(fault);
	}
	takeRecords(method: string): RecordFault | undefined {
		const i = this.recordFaults.findIndex((f) => !f.method || f.method === method);
		return i < 0 ? undefined : this.recordFaults.splice(i, 1)[0];
	}
	clear(): void {
		this.queued.length = 0;
		this.recordFaults.length = 0;
		this.latencyMs = this.rate503 = this.rateLimitExceeded = this.rateReset = 0;
	}
	/** Removes and returns the first queued fault matching this request. */
	take(method: string, path: string): QueuedFault | undefined {
		const i = this.queued.findIndex(
			(f) =>
				(!f.method || f.method.toUpperCase() === method) &&
				(f.match === undefined || (typeof f.match === 'string' ? path.includes(f.match) : f.match.test(path))),
		);
		return i < 0 ? undefined : this.queued.splice(i, 1)[0];
	}
}

const DATA_RE = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const SOAP_RE = /^\/services\/Soap\/([ucm])\/(\d+\.\d)/;

/** Endpoint label for counters: data prefix, ids and locators normalised out. */
export function endpointOf(method: string, path: string): string {
	const data = DATA_RE.exec(path);
	if (data) {
		const sub = (data[2] ?? '/').replace(/\/+$/, '') || '/';
		return `${method} ${sub.replace(/\/01g\w+-\d+$/, '/{locator}').replace(/\/[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?(?=\/|$)/g, (m) => (/\d/.test(m) ? '/{id}' : m))}`;
	}
	const soap = SOAP_RE.exec(path);
	if (soap) return `${method} /services/Soap/${soap[1] === 'm' ? 'm' : 'u'}`;
	return `${method} ${path}`;
}

export class SalesforceEmulator {
	readonly ids = new IdFactory();
	readonly orgId: string;
	readonly userId: string;
	readonly schema = new Schema();
	readonly store: OrgStore;
	readonly requests: RequestLogEntry[] = [];
	readonly faults = new Faults();
	readonly auth: Auth;
	readonly api: RestApi;
	dailyApiLimit: number;
	latencyMs: number;
	private used = 0;
	private server!: Server;
	private port = 0;
	private readonly mounts: Array<{ prefix: string; handler: MountHandler }> = [];
	private readonly plugins: EmulatorPlugin[] = [];
	readonly clientId: string;
	readonly clientSecret: string;

	private constructor(opts: EmulatorOptions) {
		this.orgId = this.ids.next('00D');
		this.userId = this.ids.next('005');
		this.store = new OrgStore(this.schema, this.ids, this.userId);
		this.dailyApiLimit = opts.dailyApiLimit ?? 1_000_000;
		this.latencyMs = opts.latencyMs ?? 0;
		this.clientId = opts.clientId ?? 'test-client-id';
		this.clientSecret = opts.clientSecret ?? 'test-client-secret';
		this.auth = new Auth({
			orgId: this.orgId,
			userId: this.userId,
			clientId: this.clientId,
			clientSecret: this.clientSecret,
			url: () => this.url,
			user: (userId) => {
				const u = this.store.get('User', userId) ?? {};
				return {
					username: String(u.Username),
					name: String(u.Name),
					email: String(u.Email),
					firstName: String(u.FirstName),
					lastName: String(u.LastName),
					timeZone: String(u.TimeZoneSidKey ?? 'America/Los_Angeles'),
				};
			},
		});
		this.api = new RestApi(
			this.orgId,
			() => this.url,
			() => this.used,
			() => this.dailyApiLimit,
		);
		this.api.faults = this.faults;
	}

	static async start(opts: EmulatorOptions = {}): Promise<SalesforceEmulator> {
		const emu = new SalesforceEmulator(opts);
		seedBase(emu.store, emu.userId);
		if (opts.seed === 'demo') seedDemo(emu.store);
		emu.server = createServer((req, res) => {
			emu.handle(req, res).catch((e) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify([{ errorCode: 'UNKNOWN_EXCEPTION', message: String((e as Error)?.stack ?? e) }]));
				} else res.destroy();
			});
		});
		emu.server.keepAliveTimeout = 1000;
		await new Promise<void>((resolve, reject) => {
			emu.server.once('error', reject);
			emu.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
		});
		emu.port = (emu.server.address() as AddressInfo).port;
		for (const p of opts.plugins ?? defaultPlugins) {
			await p.install(emu);
			emu.plugins.push(p);
		}
		return emu;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}
	/** Counted API calls toward the daily limit (what Sforce-Limit-Info reports). */
	get apiUsage(): number {
		return this.used;
	}
	get queries(): string[] {
		return this.api.queries;
	}
	get searches(): string[] {
		return this.api.searches;
	}

	issueToken(): Record<string, string> {
		return this.auth.issue();
	}
	expireAccessTokens(): void {
		this.auth.expireAll();
	}
	/**
	 * Enables the client credentials flow for the app, as an admin does on the External Client App: creates the
	 * integration user and makes it the flow's "Run As" user. Returns its id (tokens of the flow act as it).
	 */
	enableClientCredentials(username = 'integration@emulator.example.com'): string {
		const id = this.store.insert(
			'User',
			{ Username: username, FirstName: 'Integration', LastName: 'User', Alias: 'integ', Email: username },
			{ system: true },
		);
		this.auth.runAs = id;
		return id;
	}
	authenticate(req: IncomingMessage): { userId: string } | null {
		return this.auth.check(this.auth.bearer(req.headers));
	}
	mount(prefix: string, handler: MountHandler): void {
		this.mounts.push({ prefix, handler });
	}
	apiCalls(): number {
		return this.requests.filter((r) => r.apiCall).length;
	}
	count(endpoint: string): number {
		return this.requests.filter((r) => r.endpoint === endpoint || (!endpoint.includes(' ') && r.endpoint.split(' ')[1] === endpoint))
			.length;
	}
	resetCounters(): void {
		this.requests.length = 0;
		this.used = 0;
	}

	async close(): Promise<void> {
		for (const p of this.plugins) await p.close?.();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---------- request handling ----------
	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const url = new URL(req.url ?? '/', this.url);
		const path = url.pathname;
		let method = (req.method ?? 'GET').toUpperCase();
		const data = DATA_RE.exec(path);
		const soap = SOAP_RE.exec(path);
		const apiCall = !!data || !!soap;
		const log = (status: number) =>
			this.requests.push({
				method,
				path: path + url.search,
				endpoint: endpointOf(method, path),
				status,
				ms: Date.now() - started,
				apiCall,
			});

		const latency = this.latencyMs + this.faults.latencyMs;
		if (latency > 0) await new Promise((r) => setTimeout(r, latency));

		const mount = this.mounts.find((m) => path.startsWith(m.prefix));
		if (mount) {
			const fault = this.faults.take(method, path + url.search);
			if (fault && fault.when !== 'after') {
				log(this.applyFault(fault, res, true));
				return;
			}
			const ctx: PluginCtx = { auth: this.authenticate(req), url };
			res.on('finish', () => log(res.statusCode));
			await mount.handler(req, res, ctx);
			return;
		}

		const body = await readBody(req);
		if (method === 'POST' && url.searchParams.get('_HttpMethod')) method = url.searchParams.get('_HttpMethod')!.toUpperCase();
		const fault = this.faults.take(method, path + url.search);
		if (fault && fault.when !== 'after') {
			log(this.applyFault(fault, res, apiCall));
			return;
		}
		if (apiCall) {
			if (this.faults.random() < this.faults.rateReset) {
				log(this.applyFault({ reset: true }, res, true));
				return;
			}
			if (this.faults.random() < this.faults.rate503) {
				log(this.applyFault({ status: 503 }, res, true));
				return;
			}
			if (this.faults.random() < this.faults.rateLimitExceeded) {
				log(this.applyFault({ status: 403 }, res, true));
				return;
			}
		}

		let resp: Resp;
		if (data && apiCall && this.authenticate(req) && ++this.used > this.dailyApiLimit)
			resp = { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] };
		else resp = this.route(method, path, url, req, body);
		if (fault) {
			log(this.applyFault(fault, res, apiCall));
			return;
		}
		this.send(res, resp, !!data && apiCall);
		log(resp.status);
	}

	private route(method: string, path: string, url: URL, req: IncomingMessage, body: string): Resp {
		const data = DATA_RE.exec(path);
		if (path.replace(/\/+$/, '') === '/services/data') return { status: 200, body: VERSIONS };
		if (data) {
			const who = this.authenticate(req);
			if (!who) return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
			const origin = /client=([^,;\s]+)/.exec(String(req.headers['sforce-call-options'] ?? ''))?.[1];
			return this.api.dispatch(method, data[2] ?? '', {
				api: this.api,
				store: this.store,
				version: data[1],
				userId: who.userId,
				headers: req.headers,
				query: url.searchParams,
				body,
				wctx: { userId: who.userId, transactionKey: randomUUID(), changeOrigin: origin ? `client=${origin}` : undefined },
			});
		}
		const soap = SOAP_RE.exec(path);
		if (soap && method === 'POST') {
			this.used++;
			return soap[1] === 'm' ? handleMetadata(this, body) : handleSoap(this, body, req.headers);
		}
		return (
			this.auth.handle(method, url, req.headers, body) ?? {
				status: 404,
				body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
			}
		);
	}

	private applyFault(f: QueuedFault, res: ServerResponse, limitHeader: boolean): number {
		if (f.reset) {
			res.socket?.destroy();
			return 0;
		}
		const status = f.status ?? 503;
		const body =
			f.body ??
			(status === 403
				? [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
				: status === 401
					? [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
					: // 503 body is a guess: Salesforce's 503 pages vary; clients must not depend on it.
						[{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server unavailable, please try again later.' }]);
		this.send(res, { status, body }, limitHeader);
		return status;
	}

	private send(res: ServerResponse, r: Resp, limitHeader: boolean) {
		const headers: Record<string, string> = { ...(r.headers ?? {}) };
		if (limitHeader) headers['Sforce-Limit-Info'] = `api-usage=${this.used}/${this.dailyApiLimit}`;
		let payload: string | Buffer = '';
		if (r.raw !== undefined) {
			payload = r.raw;
			if (r.contentType) headers['Content-Type'] = r.contentType;
		} else if (r.body !== undefined && r.status !== 204) {
			payload = JSON.stringify(r.body);
			headers['Content-Type'] = r.contentType ?? 'application/json;charset=UTF-8';
		}
		res.writeHead(r.status, headers);
		res.end(payload);
	}
}
