/**
 * n8n 2.41 in queue mode on this machine's PostgreSQL and Redis, as `npm run dev:queue` and the queue suite run
 * it: one main (`n8n start`: editor, API, triggers and pollers), workers (`n8n worker`: take executions from the
 * Bull queue in Redis) and webhook processors (`n8n webhook`: production webhooks), each with its own user folder
 * and the pack installed as a community package, sharing one database, one Redis key prefix and one encryption
 * key. The database (`n8n_queue_<random>`) and the Redis keys (prefix `n8nq<random>`) are created for the run and
 * removed by `stop()`.
 *
 * PostgreSQL and Redis are reached with n8n's own `pg` and `ioredis` packages (from the n8n install), so the
 * repository needs neither as a dependency. Environment: QUEUE_PG_HOST/PORT/USER (127.0.0.1, 5432, postgres),
 * QUEUE_REDIS_HOST/PORT (127.0.0.1, 6379).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { N8n, delay, ensureN8nInstalled, freePort, type N8nInstall } from './n8n';

export const PG = {
	host: process.env.QUEUE_PG_HOST ?? '127.0.0.1',
	port: Number(process.env.QUEUE_PG_PORT ?? 5432),
	user: process.env.QUEUE_PG_USER ?? 'postgres',
};
export const REDIS = { host: process.env.QUEUE_REDIS_HOST ?? '127.0.0.1', port: Number(process.env.QUEUE_REDIS_PORT ?? 6379) };

export type Role = 'main' | 'worker' | 'webhook';

export interface QueueOptions {
	install?: N8nInstall;
	workers?: number;
	webhookProcessors?: number;
	/** jobs a worker runs at once (`n8n worker --concurrency`, here N8N_CONCURRENCY_PRODUCTION_LIMIT); n8n's default is 10 */
	concurrency?: number;
	/** extra environment for every process */
	env?: Record<string, string>;
	/** folder for the user folders and logs (default: a fresh temp dir) */
	dir?: string;
	echo?: boolean;
	say?: (line: string) => void;
	/** main's port (default: a free one) */
	mainPort?: number;
	/** other community packages (folders with package.json) installed next to the pack in every process */
	extraPackages?: string[];
}

/** The environment every process of one queue-mode install shares (what the README's deployment guide lists). */
export function queueEnv(db: string, prefix: string, webhookUrl: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: PG.host,
		DB_POSTGRESDB_PORT: String(PG.port),
		DB_POSTGRESDB_DATABASE: db,
		DB_POSTGRESDB_USER: PG.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: REDIS.host,
		QUEUE_BULL_REDIS_PORT: String(REDIS.port),
		// Bull's keys, and n8n's pub/sub channels and cache keys, under this run's prefix only
		QUEUE_BULL_PREFIX: `${prefix}-bull`,
		N8N_REDIS_KEY_PREFIX: prefix,
		// production webhooks are served by the webhook processors only (main keeps test webhooks)
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_WEBHOOK_URL: webhookUrl,
		// manual runs from the editor go to the workers too
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		// n8n pings its database every 2 s and, after 3 pings slower than DB_PING_TIMEOUT_MS (5 s), reconnects and
		// fails what is in flight ("Driver not Connected"): seen on this loaded 2-core machine during bursts
		DB_PING_TIMEOUT_MS: '60000',
		// n8n's default pool is 2 connections per process (raised per role below)
		DB_POSTGRESDB_POOL_SIZE: '5',
	};
}

export class QueueCluster {
	private constructor(
		readonly install: N8nInstall,
		readonly dir: string,
		readonly db: string,
		readonly prefix: string,
		readonly main: N8n,
		readonly workers: N8n[],
		readonly webhooks: N8n[],
		private readonly say: (line: string) => void,
	) {}

	/** Creates the database, prepares every user folder; starts nothing (import credentials/workflows first). */
	static async prepare(opts: QueueOptions = {}): Promise<QueueCluster> {
		const install = opts.install ?? ensureN8nInstalled();
		const say = opts.say ?? (() => undefined);
		const tag = randomBytes(5).toString('hex');
		const db = `n8n_queue_${tag}`;
		const prefix = `n8nq${tag}`;
		const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
		fs.mkdirSync(dir, { recursive: true });
		await pgQuery(install, 'postgres', `CREATE DATABASE ${db}`);
		say(`PostgreSQL ${PG.host}:${PG.port}: database ${db}; Redis ${REDIS.host}:${REDIS.port}: key prefix ${prefix}`);
		const encryptionKey = randomBytes(24).toString('hex');
		const webhookPorts = await Promise.all(Array.from({ length: opts.webhookProcessors ?? 1 }, () => freePort()));
		const shared = {
			...queueEnv(db, prefix, `http://127.0.0.1:${webhookPorts[0]}/`),
			...(opts.concurrency ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(opts.concurrency) } : {}),
			...opts.env,
		};
		const make = async (name: string, command: 'start' | 'worker' | 'webhook', port?: number) => {
			const p = port ?? (await freePort());
			const env: Record<string, string> = { ...shared, N8N_PORT: String(p) };
			// a worker's only HTTP server is its health server (QUEUE_HEALTH_CHECK_PORT): /healthz/readiness
			if (command === 'worker') env.QUEUE_HEALTH_CHECK_PORT = String(p);
			// a webhook processor takes Salesforce's bursts: 200 Outbound Messages at once wait for a connection, and
			// with a small pool fail after DB_POSTGRESDB_CONNECTION_TIMEOUT (20 s) — README, "Scaling out"
			if (command === 'webhook') env.DB_POSTGRESDB_POOL_SIZE = opts.env?.DB_POSTGRESDB_POOL_SIZE ?? '20';
			const n8n = await N8n.prepare({
				install,
				userFolder: path.join(dir, name),
				port: p,
				encryptionKey,
				command,
				env,
				logFile: path.join(dir, `${name}.log`),
				echo: opts.echo,
			});
			for (const pkg of opts.extraPackages ?? []) {
				const { name: pkgName } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
				fs.cpSync(pkg, path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', pkgName), { recursive: true });
			}
			return n8n;
		};
		const main = await make('main', 'start', opts.mainPort);
		const workers = [];
		for (let i = 0; i < (opts.workers ?? 2); i++) workers.push(await make(`worker${i + 1}`, 'worker'));
		const webhooks = [];
		for (let i = 0; i < webhookPorts.length; i++) webhooks.push(await make(`webhook${i + 1}`, 'webhook', webhookPorts[i]));
		return new QueueCluster(install, dir, db, prefix, main, workers, webhooks, say);
	}

	/**
	 * Starts every process at once (the database is migrated by the first CLI command, e.g. an import, or by main),
	 * then sets up main's owner and API key.
	 */
	async start(): Promise<void> {
		// if the test process exits without stop(), take the n8n processes along
		process.once('exit', () => {
			for (const { n8n } of this.processes) if (n8n.pid) process.kill(n8n.pid, 'SIGKILL');
		});
		this.say(
			`starting main (n8n start) on ${this.main.url}, ${this.workers.length} worker(s) and ${this.webhooks.length} webhook processor(s)`,
		);
		await Promise.all(this.processes.map(async ({ n8n }) => await n8n.start()));
		await this.main.setupOwner();
		await this.main.createApiKey();
	}

	get processes(): Array<{ name: string; n8n: N8n }> {
		return [
			{ name: 'main', n8n: this.main },
			...this.workers.map((n8n, i) => ({ name: `worker${i + 1}`, n8n })),
			...this.webhooks.map((n8n, i) => ({ name: `webhook${i + 1}`, n8n })),
		];
	}

	/** Who does what, one line per process. */
	describe(): string[] {
		const role: Record<string, string> = {
			start: 'main: editor, REST and public API, activation; runs the Salesforce CRM Trigger (CometD session) and enqueues its executions',
			worker: 'worker: runs executions taken from the Redis queue (action nodes, everything after a trigger)',
			webhook: 'webhook processor: production webhooks (Outbound Messages), enqueues their executions',
		};
		return this.processes.map(
			({ name, n8n }) => `${name.padEnd(9)} pid ${String(n8n.pid ?? '-').padEnd(7)} ${n8n.url.padEnd(22)} ${role[n8n.command]}`,
		);
	}

	/** The production webhook URL of a node (served by the webhook processor `index`). */
	webhookUrl(webhookId: string, nodePath: string, index = 0): string {
		return `${this.webhooks[index].url}/webhook/${webhookId}/${nodePath}`;
	}

	/** Execution ids each worker started (its log: "Worker started execution <id> (job <n>)"). */
	startedBy(): Map<string, string[]> {
		const by = new Map<string, string[]>();
		this.workers.forEach((_, i) => {
			const name = `worker${i + 1}`;
			const file = path.join(this.dir, `${name}.log`);
			const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
			for (const m of text.matchAll(/Worker started execution (\d+) \(job/g)) {
				by.set(m[1], [...(by.get(m[1]) ?? []), name]);
			}
		});
		return by;
	}

	/** Stops every process (SIGTERM), drops the database and deletes the run's Redis keys. */
	async stop(opts: { keep?: boolean } = {}): Promise<void> {
		await Promise.all(this.processes.map(async ({ n8n }) => await n8n.stop().catch(() => undefined)));
		await this.cleanUp(opts.keep);
	}

	async cleanUp(keepFiles = false): Promise<void> {
		// a connection left over by a killed process would block DROP DATABASE: WITH (FORCE) ends them
		await pgQuery(this.install, 'postgres', `DROP DATABASE IF EXISTS ${this.db} WITH (FORCE)`);
		const removed = await deleteRedisKeys(this.install, this.prefix);
		this.say(`dropped database ${this.db}; deleted ${removed} Redis keys with prefix ${this.prefix}`);
		if (!keepFiles) fs.rmSync(this.dir, { recursive: true, force: true });
	}

	/** Redis keys of this run (for a check that cleanup left none). */
	async redisKeys(): Promise<string[]> {
		return await redisScan(this.install, this.prefix);
	}
}

/** One SQL statement on the machine's PostgreSQL through n8n's own `pg` package. */
export async function pgQuery(install: N8nInstall, database: string, sql: string, params: unknown[] = []): Promise<any[]> {
	const { Client } = require(path.join(install.dir, 'node_modules', 'pg'));
	const client = new Client({ host: PG.host, port: PG.port, user: PG.user, database });
	await client.connect();
	try {
		return (await client.query(sql, params)).rows;
	} finally {
		await client.end();
	}
}

function redis(install: N8nInstall) {
	const Redis = require(path.join(install.dir, 'node_modules', 'ioredis'));
	return new Redis({ host: REDIS.host, port: REDIS.port, lazyConnect: true, maxRetriesPerRequest: 2 });
}

async function redisScan(install: N8nInstall, prefix: string): Promise<string[]> {
	const client = redis(install);
	await client.connect();
	try {
		const keys: string[] = [];
		// n8n wraps some prefixes in a hash tag ({prefix:cache}), so match the prefix anywhere
		let cursor = '0';
		do {
			const [next, batch] = await client.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
			keys.push(...batch);
			cursor = next;
		} while (cursor !== '0');
		return keys;
	} finally {
		client.disconnect();
	}
}

async function deleteRedisKeys(install: N8nInstall, prefix: string): Promise<number> {
	const keys = await redisScan(install, prefix);
	if (!keys.length) return 0;
	const client = redis(install);
	await client.connect();
	try {
		for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
		return keys.length;
	} finally {
		client.disconnect();
	}
}

/** Waits until `probe` returns a truthy value. */
export async function until<T>(
	what: string,
	probe: () => T | undefined | Promise<T | undefined>,
	timeoutMs = 60_000,
	stepMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await delay(stepMs);
	}
}
