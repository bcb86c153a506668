/**
 * A benchmark session in the real n8n: one n8n user folder with the built pack installed as a community package,
 * both Salesforce credentials imported once, all workflows imported once; each run then gets a fresh emulator on
 * the same port (same org and ids; it accepts the imported tokens) filled by the jobs' prepare(), and one
 * `n8n execute`. The emulator's ids are deterministic, so the items planned at import time are the ones the run's
 * org holds; runPlanned() checks that.
 */
import { SalesforceEmulator } from '../emulator';
import { freePort, N8n, type N8nOptions } from '../e2e/n8n';
import type { Job } from './jobs';
import { executeMeasured, type ExecuteResult } from './n8nRun';
import { benchCredentials, benchWorkflow, type Lane, type Side } from './workflows';

export interface Session {
	n8n: N8n;
	port: number;
	latencyMs: number;
	accessTokens: string[];
	/** The items each imported workflow was built with, by workflow id. */
	planned: Map<string, string>;
}

export interface LaneSpec {
	job: Job;
	side: Side;
	n: number;
	suffix?: string;
	noFloor?: boolean;
}

export interface RunSpec {
	workflowId: string;
	lanes: LaneSpec[];
}

export interface RunOutcome {
	result: ExecuteResult;
	/** Counted API calls (/services/data/** and /services/Soap/**) and their endpoints, for the whole run. */
	calls: number;
	endpoints: Record<string, number>;
	/** Problems found in the org after the run (wrong counts), or the run's own failure. */
	problems: string[];
}

export async function openSession(latencyMs: number, n8nOptions: N8nOptions = {}): Promise<Session> {
	const port = await freePort();
	const emu = await SalesforceEmulator.start({ seed: 'none', port });
	const { credentials, accessTokens } = benchCredentials(emu);
	await emu.close();
	const n8n = await N8n.prepare(n8nOptions);
	await n8n.importCredentials(credentials);
	return { n8n, port, latencyMs, accessTokens, planned: new Map() };
}

async function freshEmulator(session: Session, latencyMs = session.latencyMs): Promise<SalesforceEmulator> {
	const emu = await SalesforceEmulator.start({ seed: 'none', port: session.port, latencyMs });
	for (const token of session.accessTokens) emu.auth.accept(token);
	return emu;
}

function prepareLanes(emu: SalesforceEmulator, spec: RunSpec): Lane[] {
	return spec.lanes.map((l) => ({ job: l.job, side: l.side, items: l.job.prepare(emu, l.n), suffix: l.suffix, noFloor: l.noFloor }));
}

/** Builds every run's workflow (items from a throw-away emulator) and imports them all in one CLI call. */
export async function importRuns(session: Session, specs: RunSpec[]): Promise<void> {
	const workflows: unknown[] = [];
	for (const spec of specs) {
		const emu = await freshEmulator(session, 0);
		try {
			const lanes = prepareLanes(emu, spec);
			session.planned.set(spec.workflowId, JSON.stringify(lanes.map((l) => l.items)));
			workflows.push(benchWorkflow(spec.workflowId, lanes));
		} finally {
			await emu.close();
		}
	}
	await session.n8n.importWorkflows(workflows);
}

/** One measured run of an imported workflow against a freshly filled emulator. */
export async function runPlanned(session: Session, spec: RunSpec, opts: { nodeOptions?: string } = {}): Promise<RunOutcome> {
	const emu = await freshEmulator(session);
	try {
		const lanes = prepareLanes(emu, spec);
		emu.resetCounters();
		const result = await executeMeasured(session.n8n, spec.workflowId, opts);
		const endpoints: Record<string, number> = {};
		for (const r of emu.requests) if (r.apiCall) endpoints[r.endpoint] = (endpoints[r.endpoint] ?? 0) + 1;
		const problems: string[] = [];
		if (result.status !== 'success') problems.push(`run ${result.status}: ${result.error ?? ''}\n${result.stderrTail}`);
		if (session.planned.get(spec.workflowId) !== JSON.stringify(lanes.map((l) => l.items)))
			problems.push('the org differs from the one the workflow was built for');
		for (const l of spec.lanes) {
			const [warm, sf, floor] = ['Warm-up', 'Salesforce', 'Floor'].map((n) => result.nodes[`${n}${l.suffix ?? ''}`]?.startTime);
			if ((warm ?? 0) > (sf ?? 0) || (floor ?? Infinity) < (sf ?? 0))
				problems.push(`${l.job.id} ${l.side}: nodes ran out of the planned order (warm-up, Salesforce, floor)`);
			const got = result.nodes[`Salesforce${l.suffix ?? ''}`]?.items ?? 0;
			if (got !== l.n) problems.push(`${l.job.id} ${l.side}: ${got} output items (expected ${l.n})`);
			if (spec.lanes.length === 1) {
				const p = l.job.verify(emu, l.n);
				if (p) problems.push(`${l.job.id} ${l.side}: ${p}`);
			}
		}
		return { result, calls: emu.apiCalls(), endpoints, problems };
	} finally {
		await emu.close();
	}
}
