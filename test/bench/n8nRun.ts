/**
 * One measured `n8n execute --id=… --rawOutput` of the real n8n: the process is sampled from outside
 * (/proc/<pid>/status VmRSS every 20 ms, with the wall clock) and the run's own execution data gives each node's
 * start time and executionTime, so memory is read for the window in which a node ran.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

import { freePort, parseRawOutput, type N8n } from '../e2e/n8n';

export interface NodeTiming {
	/** runData executionTime: what n8n itself records for the node. */
	ms: number;
	startTime: number;
	/** Items on the node's first output. */
	items: number;
	/** Highest RSS sampled while the node ran, and the RSS sampled just before it started (bytes). */
	peakRss: number;
	rssBefore: number;
}

export interface ExecuteResult {
	code: number | null;
	/** The run's status, or the reason it has none. */
	status: string;
	error?: string;
	nodes: Record<string, NodeTiming>;
	/** VmHWM of the whole process (start-up and printing the run included), bytes. */
	processPeakRss: number;
	wallMs: number;
	stderrTail: string;
}

interface Sample {
	t: number;
	rss: number;
	hwm: number;
}

function readStatus(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return undefined;
	}
}

/** Runs the workflow in a fresh `n8n execute` process; `nodeOptions` goes to NODE_OPTIONS (e.g. --cpu-prof). */
export async function executeMeasured(
	n8n: N8n,
	workflowId: string,
	opts: { nodeOptions?: string; timeoutMs?: number } = {},
): Promise<ExecuteResult> {
	const brokerPort = await freePort();
	const started = Date.now();
	// stdout to a file, not a pipe: n8n exits right after printing the run, and a pipe loses what was not yet
	// flushed (a 10,000-item run is megabytes), while writes to a file are synchronous.
	const outFile = path.join(n8n.userFolder, `execute-${workflowId}-${started}.json`);
	const outFd = openSync(outFile, 'w');
	const child = spawn(n8n.install.node, [n8n.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		env: n8n.env({
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_LEVEL: 'info',
			...(opts.nodeOptions ? { NODE_OPTIONS: opts.nodeOptions } : {}),
		}),
		cwd: n8n.userFolder,
		stdio: ['ignore', outFd, 'pipe'],
	});
	closeSync(outFd);
	const samples: Sample[] = [];
	const sampler = setInterval(() => {
		const s = child.pid ? readStatus(child.pid) : undefined;
		if (s) samples.push({ t: Date.now(), ...s });
	}, 20);
	let stderr = '';
	child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
	const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30 * 60_000);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	clearTimeout(timer);
	clearInterval(sampler);
	const wallMs = Date.now() - started;
	const stdout = readFileSync(outFile, 'utf8');
	rmSync(outFile, { force: true });
	const run = parseRawOutput(stdout);
	const processPeakRss = samples.reduce((m, s) => Math.max(m, s.hwm), 0);
	const stderrTail = `${stdout.slice(-3000)}\n${stderr.slice(-3000)}`;
	if (!run)
		return {
			code,
			status: 'no run data',
			error: `n8n execute exited ${code} without a run`,
			nodes: {},
			processPeakRss,
			wallMs,
			stderrTail,
		};
	const nodes: Record<string, NodeTiming> = {};
	for (const [name, runs] of Object.entries(run.data?.resultData?.runData ?? {}) as Array<[string, any[]]>) {
		const r = runs[runs.length - 1];
		const startTime = Number(r.startTime);
		const ms = Number(r.executionTime);
		const during = samples.filter((s) => s.t >= startTime && s.t <= startTime + ms);
		const before = samples.filter((s) => s.t < startTime).pop();
		nodes[name] = {
			ms,
			startTime,
			items: r.data?.main?.[0]?.length ?? 0,
			peakRss: during.reduce((m, s) => Math.max(m, s.rss), before?.rss ?? 0),
			rssBefore: before?.rss ?? NaN,
		};
	}
	const error = run.data?.resultData?.error;
	return {
		code,
		status: String(run.status ?? (error ? 'error' : 'unknown')),
		...(error ? { error: String(error.message ?? error) } : {}),
		nodes,
		processPeakRss,
		wallMs,
		stderrTail,
	};
}
