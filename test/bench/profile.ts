/**
 * Reads a V8 CPU profile (`node --cpu-prof`, written by the `n8n execute` process) and tells where the time under
 * the pack's code went: samples whose stack holds a frame of the pack's dist/ are the node's own synchronous work,
 * n8n functions it calls included (getNodeParameter, expression evaluation…); waiting on HTTP is not on any stack.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface FrameCost {
	frame: string;
	ms: number;
}

export interface ProfileSummary {
	totalMs: number;
	/** Samples with a pack frame on the stack. */
	packMs: number;
	/** Of those, samples inside n8n's evaluation of an expression (Expression.resolveSimpleParameterValue). */
	expressionMs: number;
	/** Self time of every function while a pack frame was on the stack, highest first. */
	selfUnderPack: FrameCost[];
	/** Inclusive time of the pack's own functions, highest first. */
	packInclusive: FrameCost[];
}

const PACK = '/n8n-nodes-salesforce-crm/dist/';

function label(f: CallFrame): string {
	const file = f.url.replace(/^file:\/\//, '');
	const short = file.includes(PACK)
		? `pack:${file.slice(file.indexOf(PACK) + PACK.length)}`
		: file.replace(/^.*\/node_modules\//, '').replace(/^node:/, 'node:');
	return `${f.functionName || '(anonymous)'} ${short || '(native)'}:${f.lineNumber + 1}`;
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let totalMs = 0;
	let packMs = 0;
	let expressionMs = 0;
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		totalMs += ms;
		const stack: CallFrame[] = [];
		for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!.callFrame);
		if (!stack.some((f) => f.url.includes(PACK))) return;
		packMs += ms;
		if (stack.some((f) => f.functionName === 'resolveSimpleParameterValue' && f.url.includes('n8n-workflow'))) expressionMs += ms;
		const leaf = label(stack[0]);
		self.set(leaf, (self.get(leaf) ?? 0) + ms);
		for (const name of new Set(stack.filter((f) => f.url.includes(PACK)).map(label))) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
	});
	const sorted = (m: Map<string, number>) =>
		[...m.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([frame, ms]) => ({ frame, ms }));
	return { totalMs, packMs, expressionMs, selfUnderPack: sorted(self), packInclusive: sorted(inclusive) };
}

export function renderProfile(title: string, s: ProfileSummary, nodeMs: number, n: number): string[] {
	const us = (ms: number) => `${Math.round((1000 * ms) / n).toLocaleString('en-US')} µs`;
	const row = (c: FrameCost) =>
		`| ${c.ms.toFixed(0)} ms | ${((100 * c.ms) / Math.max(1, s.packMs)).toFixed(1)} % | \`${c.frame.replace(/\|/g, '\\|')}\` |`;
	return [
		`### ${title}`,
		'',
		`Node time (runData executionTime) ${nodeMs.toFixed(0)} ms for ${n.toLocaleString('en-US')} items (${us(nodeMs)} per item). Samples with a pack frame on the stack: ${s.packMs.toFixed(0)} ms (${us(s.packMs)} per item) of ${s.totalMs.toFixed(0)} ms sampled in the whole process; of those, n8n evaluating the node's expressions (Expression.resolveSimpleParameterValue and below): ${s.expressionMs.toFixed(0)} ms (${us(s.expressionMs)} per item); **the pack's own cost, everything else: ${(s.packMs - s.expressionMs).toFixed(0)} ms (${us(s.packMs - s.expressionMs)} per item)**.`,
		'',
		'Top frames by self time while a pack frame was on the stack:',
		'',
		'| Self | Share | Frame |',
		'|---:|---:|---|',
		...s.selfUnderPack.map(row),
		'',
		'Pack functions by inclusive time:',
		'',
		'| Inclusive | Share | Frame |',
		'|---:|---:|---|',
		...s.packInclusive.map(row),
		'',
	];
}
