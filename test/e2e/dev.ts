/**
 * `npm run dev`: build the pack, start the Salesforce emulator with a demo org, start a real n8n 2.41 with the
 * pack loaded from dist/, connect the "Salesforce CRM (emulator)" credential, import the example workflows and
 * print where to click. Ctrl-C stops everything.
 *
 * `npm run dev:queue` (`--queue`): the same demo on n8n's queue mode — main + 2 workers + 1 webhook processor — on
 * the machine's PostgreSQL and Redis (test/e2e/queue.ts): a database and a Redis key prefix of its own, dropped
 * and deleted on exit; Outbound Messages go to the webhook processor. It prints which process does what.
 *
 * Environment: N8N_PORT (default 5678), EMULATOR_PORT (default 8787) — a busy port falls back to a free one;
 * DEV_USER_FOLDER (default <repo>/.n8n-e2e/dev, kept between runs); DEV_REIMPORT_EXAMPLES=1 re-imports the
 * examples over your edits; DEV_VERBOSE=1 echoes n8n's log (always written to <user folder>/n8n.log).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { SalesforceEmulator } from '../emulator';
import { sendOutboundMessage } from '../emulator/outbound';
import { DEFAULT_OWNER, N8n, REPO_ROOT, ensureN8nInstalled, freePort } from './n8n';
import { QueueCluster } from './queue';
import { CREDENTIAL_NAME, emulatorCredential, loadExamples, outboundWebhookUrl, withoutFile, withWebhookIds } from './stack';

const T0 = Date.now();
const QUEUE = process.argv.includes('--queue');
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);
const secs = () => `${Math.round((Date.now() - T0) / 1000)} s`;

async function portOr(preferred: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
	if (free) return preferred;
	const other = await freePort();
	say(`port ${preferred} is busy, using ${other}`);
	return other;
}

async function main() {
	say('checking the n8n install (first run: installs n8n 2.41 + Node 24 into a cache folder, 5-10 minutes)');
	const install = ensureN8nInstalled();

	say('building the pack (npm run build)');
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);

	// queue mode: a fresh database per run, so fresh user folders too (under the dev folder, removed on exit)
	const userFolder = process.env.DEV_USER_FOLDER ?? path.join(REPO_ROOT, '.n8n-e2e', QUEUE ? 'dev-queue' : 'dev');
	if (QUEUE) fs.rmSync(userFolder, { recursive: true, force: true });
	const firstRun = QUEUE || !fs.existsSync(path.join(userFolder, '.examples-imported'));
	fs.mkdirSync(userFolder, { recursive: true });

	const emu = await SalesforceEmulator.start({ seed: 'demo', port: await portOr(Number(process.env.EMULATOR_PORT ?? 8787)) });
	say(`Salesforce emulator with the demo org on ${emu.url}`);

	const mainPort = await portOr(Number(process.env.N8N_PORT ?? 5678));
	const echo = process.env.DEV_VERBOSE === '1';
	const cluster = QUEUE ? await QueueCluster.prepare({ install, dir: userFolder, mainPort, echo, say }) : undefined;
	const n8n =
		cluster?.main ?? (await N8n.prepare({ install, userFolder, port: mainPort, logFile: path.join(userFolder, 'n8n.log'), echo }));

	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say(
			QUEUE
				? 'stopping n8n (all processes), dropping the database and Redis keys, stopping the emulator…'
				: 'stopping n8n and the emulator…',
		);
		await (cluster ? cluster.stop() : n8n.stop()).catch((e) => say(`stop: ${(e as Error).message}`));
		await emu.close().catch(() => undefined);
		say('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	// A fresh emulator issues new tokens at every start: the credential is re-imported each time (same id, so
	// workflows keep pointing at it).
	say(`connecting the "${CREDENTIAL_NAME}" credential (n8n import:credentials)`);
	await n8n.importCredentials([emulatorCredential(emu)]);
	const examples = loadExamples();
	if (firstRun || process.env.DEV_REIMPORT_EXAMPLES === '1') {
		say(`importing ${examples.length} example workflows from examples/ (n8n import:workflow)`);
		await n8n.importWorkflows(examples.map(withWebhookIds).map(withoutFile));
		fs.writeFileSync(path.join(userFolder, '.examples-imported'), new Date().toISOString());
	} else {
		say('example workflows already imported (DEV_REIMPORT_EXAMPLES=1 re-imports them over your edits)');
	}

	if (cluster) {
		await cluster.start();
	} else {
		say(`starting n8n ${install.dir.split('-').pop()} on port ${n8n.port}`);
		await n8n.start();
		await n8n.setupOwner(DEFAULT_OWNER);
		await n8n.createApiKey(`npm run dev ${new Date().toISOString()}`);
	}

	const cdc = examples.find((w) => w.id === 'sfExCdcClosedWon');
	const outbound = examples.find((w) => w.id === 'sfExOutboundMsg1');
	for (const wf of [cdc, outbound]) {
		if (!wf) continue;
		try {
			await n8n.activate(wf.id);
		} catch (error) {
			say(`could not activate "${wf.name}": ${(error as Error).message}`);
		}
	}
	const mainUrl = outbound ? await outboundWebhookUrl(n8n, outbound.id) : undefined;
	// queue mode: production webhooks are served by the webhook processor only
	const outboundUrl = cluster && mainUrl ? mainUrl.replace(n8n.url, cluster.webhooks[0].url) : mainUrl;

	const editor = `http://localhost:${n8n.port}`;
	const lines = [
		'',
		'──────────────────────────────────────────────────────────────────────────────',
		`  n8n is ready (${secs()}):  ${editor}`,
		`  log in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`,
		'',
		'  What to click:',
		'  • Overview → "Salesforce: lead intake → convert → log call" → Execute workflow:',
		'    creates a lead, converts it (account, contact, opportunity) and logs a call.',
		'  • "Salesforce: SOQL pipeline report" → Execute workflow: open pipeline by stage.',
		'  • "Salesforce: opportunity closed won → follow-up task" is active (Change Data Capture):',
		'    type  w  + Enter here to set an opportunity to Closed Won, then open its Executions tab.',
		'  • "Salesforce: Outbound Message receiver" is active:',
		'    type  o  + Enter here to send it an Outbound Message as Salesforce would.',
		'  • Any workflow: + → search "Salesforce CRM" for the action node and both triggers;',
		`    Credentials → "${CREDENTIAL_NAME}" is connected to the emulator; its "Reconnect" button runs`,
		'    the real OAuth authorization-code flow (PKCE) against the emulator, which consents at once.',
		'',
		...(cluster
			? [
					'  Queue mode, which process does what (logs: <process>.log in the folder below):',
					...cluster.describe().map((l) => `    ${l}`),
					`  Outbound Messages: ${outboundUrl} (webhook processor)`,
					`  Database ${cluster.db} on PostgreSQL, Redis key prefix ${cluster.prefix}: both removed on exit.`,
					`  Emulator: ${emu.url} (org ${emu.orgId}); folder: ${userFolder}`,
				]
			: [`  Emulator: ${emu.url} (org ${emu.orgId}); n8n log: ${path.join(userFolder, 'n8n.log')}`]),
		'  Ctrl-C stops n8n and the emulator.',
		'──────────────────────────────────────────────────────────────────────────────',
		'',
	];
	process.stdout.write(lines.join('\n'));

	if (cluster) {
		// which worker picked up which execution, as it happens (from the workers' logs)
		const seen = new Set(cluster.startedBy().keys());
		setInterval(() => {
			for (const [id, workers] of cluster.startedBy()) {
				if (seen.has(id)) continue;
				seen.add(id);
				say(`execution ${id} runs on ${workers.join(', ')}`);
			}
		}, 1000).unref();
	}

	if (process.stdin.isTTY || process.env.DEV_COMMANDS === '1') {
		const rl = readline.createInterface({ input: process.stdin });
		rl.on('line', (line): void => {
			const cmd = line.trim().toLowerCase();
			if (cmd === 'w') {
				const opp = emu.store.all('Opportunity').find((o) => o.StageName !== 'Closed Won' && o.StageName !== 'Closed Lost');
				if (!opp) {
					say('no open opportunity left');
					return;
				}
				emu.store.update('Opportunity', String(opp.Id), { StageName: 'Closed Won' });
				say(`"${opp.Name}" is now Closed Won: see the executions of "${cdc?.name}"`);
			} else if (cmd === 'o' && outboundUrl) {
				const lead = emu.store.all('Lead').find((l) => !l.IsConverted);
				if (!lead) {
					say('no unconverted lead');
					return;
				}
				void sendOutboundMessage({
					url: outboundUrl,
					orgId: emu.orgId,
					sobjectType: 'Lead',
					records: [{ Id: String(lead.Id), Company: String(lead.Company ?? ''), Email: String(lead.Email ?? '') }],
					maxAttempts: 3,
				}).then((r) =>
					say(
						`Outbound Message for lead ${lead.Company}: ${r.acked ? 'acknowledged' : `not acknowledged (HTTP ${r.attempts.at(-1)?.status})`}`,
					),
				);
			} else if (cmd === 'q') {
				void stop(0);
			} else if (cmd) {
				say('commands: w (close-win an opportunity), o (send an Outbound Message), q (quit)');
			}
		});
	}
}

main().catch((error) => {
	process.stderr.write(`[dev] ${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
