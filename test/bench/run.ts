/**
 * `npm run bench`: the pack's Salesforce CRM node and n8n's built-in Salesforce node in the real n8n 2.41 (the e2e
 * install; the pack built and installed as a community package), one `n8n execute` per run, against the emulator
 * with added latency. Node time comes from the execution data, API calls from the emulator, memory from /proc.
 * Writes bench/results.md and the README's table (between its bench markers); measures only, fails on no time.
 *
 *   --quick                 small N (100; query 2,000), one run, no trigger part: checks the bench works
 *   --latency=20            ms added by the emulator to every request
 *   --sizes=1000,10000      N for create, update, upsert, get, delete
 *   --runs=2                runs of our node per job at N ≤ 1,000 (--large-runs=1 above); the median is reported
 *   --builtin-large=        jobs the built-in node also runs at N ≥ 10,000 ('all'; one call per item: ~10 min each)
 *   --big-query=100000      SOQL return-all size (both nodes; 0 skips)
 *   --jobs=create,get       subset of jobs
 *   --profile=after         also run ours at N=--profile-n (10,000) under `node --cpu-prof`, summary into bench/profile.md
 *   --no-trigger            skip the trigger part (measured in the test harness, labelled so)
 *   --out=bench/x.md        write there instead of bench/results.md, and leave the README's table alone
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, N8N_VERSION } from '../e2e/n8n';
import { JOBS, expectedCalls, type Job } from './jobs';
import { fmtMs } from './measure';
import { renderProfile, summarizeProfile } from './profile';
import { readmeTable, renderResults, type Row, type Sample } from './report';
import { importRuns, openSession, runPlanned, type RunSpec, type Session } from './session';
import { benchTrigger } from './trigger';
import { FLOOR_NODE, SALESFORCE_NODE, type Side } from './workflows';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const QUICK = flag('quick');
const LATENCY = Number(opt('latency', '20'));
const SIZES = opt('sizes', QUICK ? '100' : '1000,10000')
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
const RUNS = Number(opt('runs', QUICK ? '1' : '2'));
const LARGE_RUNS = Number(opt('large-runs', '1'));
const BUILTIN_LARGE = opt('builtin-large', '').split(',').filter(Boolean);
const BIG_QUERY = Number(opt('big-query', QUICK ? '2000' : '100000'));
const ONLY = opt('jobs', '').split(',').filter(Boolean);
const PROFILE = opt('profile', '');
const PROFILE_N = Number(opt('profile-n', QUICK ? '1000' : '10000'));
const TRIGGER = !QUICK && !flag('no-trigger');
const DEFAULT_OUT = path.join(REPO_ROOT, 'bench', QUICK ? 'results-quick.md' : 'results.md');
/** --out=bench/other.md writes elsewhere and leaves the README alone (its table comes from bench/results.md). */
const OUT = path.resolve(REPO_ROOT, opt('out', DEFAULT_OUT));

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const CODES: Record<string, string> = { create: 'CR', update: 'UP', upsert: 'US', get: 'GE', delete: 'DE', query: 'QU' };
const wfId = (job: Job, side: Side, n: number) => `bn${CODES[job.id]}${side === 'ours' ? 'o' : 'b'}${String(n).padStart(11, '0')}`;

interface Planned {
	job: Job;
	n: number;
	oursRuns: number;
	builtinRuns: number;
}

function plan(): Planned[] {
	const jobs = JOBS.filter((j) => !ONLY.length || ONLY.includes(j.id));
	const out: Planned[] = [];
	for (const n of SIZES) {
		for (const job of jobs.filter((j) => j.shape === 'items')) {
			const large = n >= 10_000;
			const builtin = !large || BUILTIN_LARGE.includes('all') || BUILTIN_LARGE.includes(job.id);
			out.push({ job, n, oursRuns: large ? LARGE_RUNS : RUNS, builtinRuns: builtin ? 1 : 0 });
		}
	}
	const query = jobs.find((j) => j.id === 'query');
	if (query && BIG_QUERY > 0) out.push({ job: query, n: BIG_QUERY, oursRuns: RUNS, builtinRuns: 1 });
	return out;
}

const spec = (job: Job, side: Side, n: number): RunSpec => ({ workflowId: wfId(job, side, n), lanes: [{ job, side, n }] });

async function measure(session: Session, job: Job, side: Side, n: number): Promise<Sample> {
	const { result, calls, problems } = await runPlanned(session, spec(job, side, n));
	if (side === 'ours' && calls !== expectedCalls(job.id, n))
		problems.push(`${calls} API calls, not the ${expectedCalls(job.id, n)} the README states`);
	const sf = result.nodes[SALESFORCE_NODE];
	const sample: Sample = {
		calls,
		nodeMs: sf?.ms ?? NaN,
		floorMs: result.nodes[FLOOR_NODE]?.ms ?? NaN,
		peakRss: sf?.peakRss ?? NaN,
		peakRssDelta: sf ? sf.peakRss - sf.rssBefore : NaN,
		problems,
	};
	log(
		`${job.id} N=${n} ${side}: ${calls} calls, node ${fmtMs(sample.nodeMs)}, floor ${fmtMs(sample.floorMs)}, peak RSS ${Math.round(sample.peakRss / 2 ** 20)} MB, load ${loadavg()}${problems.length ? `, PROBLEM ${problems.join('; ')}` : ''}`,
	);
	return sample;
}

async function profileRuns(session: Session, label: string): Promise<void> {
	const dir = path.join(session.n8n.userFolder, 'cpu-profiles');
	const sections: string[] = [
		`## ${label}`,
		'',
		`\`npm run bench -- --profile=${label}\`, ${new Date().toISOString()}, load average ${loadavg()}; the pack built from ${BUILT_FROM}.`,
		'',
	];
	for (const job of JOBS.filter((j) => j.shape === 'items' && (!ONLY.length || ONLY.includes(j.id)))) {
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const { result, problems } = await runPlanned(session, spec(job, 'ours', PROFILE_N), {
			nodeOptions: `--cpu-prof --cpu-prof-dir=${dir}`,
		});
		if (problems.length) log(`profile ${job.id}: PROBLEM ${problems.join('; ')}`);
		const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
		const nodeMs = result.nodes[SALESFORCE_NODE]?.ms ?? NaN;
		log(`profile ${job.id} N=${PROFILE_N}: node ${fmtMs(nodeMs)}, profile ${file ?? 'missing'}`);
		if (!file) continue;
		sections.push(
			...renderProfile(`${job.title}, N = ${PROFILE_N.toLocaleString('en-US')}`, summarizeProfile(path.join(dir, file)), nodeMs, PROFILE_N),
		);
	}
	const target = path.join(REPO_ROOT, 'bench', 'profile.md');
	let text = '';
	try {
		text = readFileSync(target, 'utf8');
	} catch {
		text = '# CPU profiles of the n8n process running our node\n\nSections are written by `npm run bench -- --profile=<label>`.\n';
	}
	const start = text.indexOf(`\n## ${label}\n`);
	const end = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
	const body = sections.join('\n');
	text = start < 0 ? `${text.trimEnd()}\n\n${body}` : `${text.slice(0, start)}\n${body}${end < 0 ? '' : text.slice(end)}`;
	writeFileSync(target, `${text.trimEnd()}\n`);
	log(`wrote bench/profile.md (section "${label}")`);
}

function git(args: string): string {
	return spawnSync('git', args.split(' '), { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
}

function updateReadme(table: string[], note: string): void {
	const file = path.join(REPO_ROOT, 'README.md');
	const text = readFileSync(file, 'utf8');
	const [open, close] = ['<!-- bench:table:start -->', '<!-- bench:table:end -->'];
	const a = text.indexOf(open);
	const b = text.indexOf(close);
	if (a < 0 || b < a) {
		log('README has no bench markers: table not updated');
		return;
	}
	writeFileSync(file, `${text.slice(0, a + open.length)}\n${note}\n\n${table.join('\n')}\n${text.slice(b)}`);
	log('README.md benchmark table regenerated from this run');
}

/** The commit the pack was built from (read before the build, as the run goes on while files may change). */
let BUILT_FROM = '';

async function main(): Promise<void> {
	const t0 = Date.now();
	BUILT_FROM = `git ${git('rev-parse --short HEAD')}${git('status --porcelain -- nodes credentials') ? ' with uncommitted changes to nodes/ or credentials/' : ''}`;
	const loadStart = loadavg();
	const started = new Date().toISOString();
	log(`npm run build (the pack n8n loads), load average ${loadStart}`);
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (build.status !== 0) throw new Error(`npm run build failed\n${build.stdout}${build.stderr}`);
	const session = await openSession(LATENCY);
	log(`n8n user folder ${session.n8n.userFolder}`);
	const planned = plan();
	const specs = planned.flatMap((p) => [spec(p.job, 'ours', p.n), ...(p.builtinRuns ? [spec(p.job, 'builtin', p.n)] : [])]);
	if (PROFILE) specs.push(...JOBS.filter((j) => j.shape === 'items').map((j) => spec(j, 'ours', PROFILE_N)));
	await importRuns(
		session,
		specs.filter((s, i) => specs.findIndex((x) => x.workflowId === s.workflowId) === i),
	);
	log(`${specs.length} workflows imported`);
	const rows: Row[] = [];
	for (const p of planned) {
		const row: Row = { job: p.job, n: p.n, ours: [], builtin: [] };
		for (let run = 0; run < Math.max(p.oursRuns, p.builtinRuns); run++) {
			const order: Side[] = run % 2 ? ['builtin', 'ours'] : ['ours', 'builtin'];
			for (const side of order)
				if (run < (side === 'ours' ? p.oursRuns : p.builtinRuns)) row[side].push(await measure(session, p.job, side, p.n));
		}
		rows.push(row);
	}
	if (PROFILE) await profileRuns(session, PROFILE);
	const extra: string[] = [];
	if (TRIGGER) {
		log('trigger (test harness)');
		const trig = await benchTrigger(LATENCY, 1000, 10_000);
		extra.push(
			'## Trigger (test harness, not the real n8n)',
			'',
			`Measured in the engine harness (test/helpers/trigger.ts: n8n-core 2.41's trigger context in the bench process), not in a running n8n: the Salesforce CRM Trigger (Change Data Capture over CometD) against the emulator with ${LATENCY} ms per CometD request. Commit → emit over ${trig.changes.toLocaleString('en-US')} changes: p50 ${fmtMs(trig.p50)}, p95 ${fmtMs(trig.p95)}, max ${fmtMs(trig.max)}; a burst of ${trig.burst.toLocaleString('en-US')} commits emitted at ${Math.round(trig.eventsPerSecond).toLocaleString('en-US')} events/s; 0 REST calls while idle. n8n's built-in Salesforce Trigger polls at most once a minute (p50 ≈ 30 s, computed, not measured).`,
			'',
		);
	}
	const loadEnd = loadavg();
	const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
	const info = {
		latencyMs: LATENCY,
		loadStart,
		loadEnd,
		machine: `${cpus().length} CPUs, ${cpu}`,
		node: `Node ${spawnSync(session.n8n.install.node, ['--version'], { encoding: 'utf8' }).stdout.trim()} (the n8n process)`,
		n8nVersion: N8N_VERSION,
		started,
		wallMs: Date.now() - t0,
		command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
		quick: QUICK,
		builtFrom: BUILT_FROM,
	};
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, renderResults(rows, info, extra));
	log(`wrote ${path.relative(REPO_ROOT, OUT)}`);
	const table = readmeTable(rows, LATENCY);
	if (!QUICK && OUT === DEFAULT_OUT) {
		updateReadme(
			table,
			`Real n8n ${N8N_VERSION}, \`${info.command}\`, ${started.slice(0, 10)}, ${LATENCY} ms latency, load average ${loadStart} → ${loadEnd} (from [bench/results.md](bench/results.md)):`,
		);
	}
	process.stdout.write(
		`${table.join('\n')}\n\nThese figures come from ${path.relative(REPO_ROOT, OUT)} (this run: real n8n ${N8N_VERSION}, ${info.command}).${QUICK || OUT !== DEFAULT_OUT ? ' README not touched.' : ' README.md’s benchmark table was regenerated from it.'}\n`,
	);
	rmSync(session.n8n.userFolder, { recursive: true, force: true });
}

main().catch((e) => {
	process.stderr.write(`${(e as Error).stack ?? e}\n`);
	process.exitCode = 1;
});
