/** bench/results.md and the README's benchmark table, from the measured rows. */
import type { Job } from './jobs';
import { fmtMb, fmtMs, fmtRatio, median } from './measure';

export interface Sample {
	calls: number;
	nodeMs: number;
	floorMs: number;
	/** Highest RSS of the n8n process while the Salesforce node ran, and that minus the RSS just before it. */
	peakRss: number;
	peakRssDelta: number;
	problems: string[];
}

export interface Row {
	job: Job;
	n: number;
	ours: Sample[];
	builtin: Sample[];
}

export interface RunInfo {
	latencyMs: number;
	loadStart: string;
	loadEnd: string;
	machine: string;
	node: string;
	n8nVersion: string;
	started: string;
	wallMs: number;
	command: string;
	quick: boolean;
	/** The commit the pack was built from. */
	builtFrom: string;
}

const med = (s: Sample[], f: (x: Sample) => number) => (s.length ? median(s.map(f)) : NaN);
export const nodeTime = (s: Sample[]) => med(s, (x) => x.nodeMs);
export const callsOf = (s: Sample[]) => med(s, (x) => x.calls);
/** The floor: the Set node's median time over every run of the row (both sides), plus our calls × latency. */
export function floorOf(r: Row, latencyMs: number): { set: number; total: number } {
	const set = med([...r.ours, ...r.builtin], (x) => x.floorMs);
	return { set, total: set + callsOf(r.ours) * latencyMs };
}
const num = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '—');
const perItem = (ms: number, n: number) => (Number.isFinite(ms) ? `${Math.round((1000 * ms) / n).toLocaleString('en-US')} µs` : '—');
const spread = (s: Sample[]) => (s.length > 1 ? ` (${s.map((x) => fmtMs(x.nodeMs)).join(', ')})` : '');

/** What a table line shows of a row: the node times, ours (`to`) and built-in (`tb`), and the floor. */
interface Times {
	to: number;
	tb: number;
	floor: { set: number; total: number };
}

/** A Markdown table: its header lines, then one line a row. */
function table(header: string[], rows: Row[], latencyMs: number, line: (r: Row, t: Times) => string): string[] {
	return [...header, ...rows.map((r) => line(r, { to: nodeTime(r.ours), tb: nodeTime(r.builtin), floor: floorOf(r, latencyMs) }))];
}

export function resultsTable(rows: Row[], latencyMs: number): string[] {
	const header = [
		'| Job | N | Calls ours | Calls built-in | Node time ours | Node time built-in | Built-in / ours | Floor: Set node + calls × latency | Ours / floor | Ours per item | Peak RSS ours (Δ) | Peak RSS built-in (Δ) | Runs ours / built-in |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	const rss = (s: Sample[]) => (s.length ? `${fmtMb(med(s, (x) => x.peakRss))} (+${fmtMb(med(s, (x) => x.peakRssDelta))})` : '—');
	return table(header, rows, latencyMs, (r, { to, tb, floor }) => {
		const bad = [...r.ours, ...r.builtin].some((x) => x.problems.length) ? ' ⚠️' : '';
		return `| ${r.job.title}${bad} | ${num(r.n)} | ${num(callsOf(r.ours))} | ${num(callsOf(r.builtin))} | ${fmtMs(to)}${spread(r.ours)} | ${fmtMs(tb)} | ${r.builtin.length ? fmtRatio(tb / to) : '—'} | ${fmtMs(floor.set)} + ${num(callsOf(r.ours))} × ${latencyMs} ms = ${fmtMs(floor.total)} | ${fmtRatio(to / floor.total)} | ${perItem(to, r.n)} | ${rss(r.ours)} | ${rss(r.builtin)} | ${r.ours.length} / ${r.builtin.length || 'not run'} |`;
	});
}

/** The README's table: the same figures, fewer columns. */
export function readmeTable(rows: Row[], latencyMs: number): string[] {
	const header = [
		'| Job | N | API calls ours | API calls built-in | Node time ours | Node time built-in | Built-in / ours | Floor | Ours / floor | Peak RSS ours / built-in |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	const rss = (s: Sample[]) => (s.length ? fmtMb(med(s, (x) => x.peakRss)) : '—');
	return table(
		header,
		rows,
		latencyMs,
		(r, { to, tb, floor }) =>
			`| ${r.job.title} | ${num(r.n)} | ${num(callsOf(r.ours))} | ${num(callsOf(r.builtin))} | ${fmtMs(to)} | ${fmtMs(tb)} | ${r.builtin.length ? fmtRatio(tb / to) : '—'} | ${fmtMs(floor.total)} | ${fmtRatio(to / floor.total)} | ${rss(r.ours)} / ${rss(r.builtin)} |`,
	);
}

/** The targets, each met or missed with the measured figure. */
export function renderTargets(rows: Row[], latencyMs: number): string[] {
	const out: string[] = [];
	const items = rows.filter((r) => r.job.shape === 'items');
	const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
	const large = items.filter((r) => r.n >= 10_000);
	if (large.length) {
		const parts = large.map((r) => {
			const x = nodeTime(r.ours) / floorOf(r, latencyMs).total;
			return `${r.job.id} ${fmtRatio(x)} (${verdict(x <= 1.5)})`;
		});
		out.push(`- **Node time at N = 10,000 within 1.5× of the floor**: ${parts.join(', ')}.`);
	}
	const small = items.filter((r) => r.n === 1000 && r.builtin.length);
	if (small.length) {
		const parts = small.map((r) => {
			const x = nodeTime(r.builtin) / nodeTime(r.ours);
			return `${r.job.id} ${fmtRatio(x)} (${verdict(x >= 100)})`;
		});
		out.push(`- **At N = 1,000 at least 100× below the built-in node's node time**: ${parts.join(', ')}.`);
	}
	for (const r of rows.filter((x) => x.job.shape === 'query')) {
		const pages = callsOf(r.ours);
		const bound = 1.5 * (pages * latencyMs + floorOf(r, latencyMs).set);
		const rssOurs = med(r.ours, (x) => x.peakRss);
		const rssBuiltin = med(r.builtin, (x) => x.peakRss);
		out.push(
			`- **SOQL return-all of ${num(r.n)} rows within 1.5 × (pages × latency + floor)**: ${fmtMs(nodeTime(r.ours))} vs 1.5 × (${pages} × ${latencyMs} ms + ${fmtMs(floorOf(r, latencyMs).set)}) = ${fmtMs(bound)} (${verdict(nodeTime(r.ours) <= bound)}); **peak RSS no higher than the built-in's**: ${fmtMb(rssOurs)} vs ${fmtMb(rssBuiltin)} (${r.builtin.length ? verdict(rssOurs <= rssBuiltin) : 'built-in not run'}).`,
		);
	}
	return out;
}

export function renderResults(rows: Row[], info: RunInfo, extra: string[]): string {
	const problems = rows.flatMap((r) =>
		(['ours', 'builtin'] as const).flatMap((side) =>
			r[side].flatMap((x) => x.problems.map((p) => `- ${r.job.title}, N=${num(r.n)}, ${side}: ${p.split('\n')[0]}`)),
		),
	);
	return [
		'# Benchmarks in the real n8n 2.41: Salesforce CRM node vs n8n’s built-in Salesforce node',
		'',
		`Generated by \`${info.command}\` (test/bench/run.ts)${info.quick ? ' in **quick mode** (small N: checks the bench works; not the published figures)' : ''}. Do not edit by hand; re-run to refresh.`,
		'',
		`- Application: real n8n ${info.n8nVersion} (the e2e install, test/e2e/install-n8n.sh), the pack (built from ${info.builtFrom}) installed as a community package, each run one \`n8n execute --id=… --rawOutput\` process (SQLite, regular mode)`,
		`- Machine: ${info.machine}; load average (1/5/15 min) at the start ${info.loadStart}, at the end ${info.loadEnd}. Other work shares the cores, so times are noisy; API calls are exact.`,
		`- ${info.node}; run started ${info.started}, took ${fmtMs(info.wallMs)}`,
		`- Salesforce stand-in: the emulator (test/emulator) over HTTP on 127.0.0.1, in the bench process, ${info.latencyMs} ms added to every request; a fresh org per run`,
		'',
		'## Record operations and SOQL',
		'',
		'Node time is n8n’s own `executionTime` of the Salesforce node in the run’s execution data (median of the runs; single runs listed in brackets). API calls are counted at the emulator (/services/data/** and /services/Soap/**). Both nodes map the same item fields with the same `{{ $json.… }}` expressions. The **floor** is measured in the same runs: an Edit Fields (Set) node mapping those same expressions over the same N items (n8n’s own per-item cost, no API call; for the query, an Edit Fields node keeping every field of the N records), median over all runs of the row, plus our API calls × the latency. Peak RSS is the n8n process’s highest RSS (/proc, every 20 ms) while the Salesforce node ran; Δ is that minus the RSS just before the node started.',
		'',
		...resultsTable(rows, info.latencyMs),
		'',
		'## Targets (issue #19)',
		'',
		...renderTargets(rows, info.latencyMs),
		'',
		'A missed target is reported, not failed: the floor is n8n’s own cost of evaluating the same expressions for the same items (its isolated-VM expression engine), and our node pays that cost once per mapped value and record id per item; bench/profile.md shows where the rest of the node’s time goes.',
		'',
		...extra,
		...(problems.length ? ['', '**Problems seen** (the run went on):', ...problems] : []),
		'',
	].join('\n');
}
