import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Figures the hardening tests measure, collected across Jest workers in one JSON file, and printed as the
 * Markdown table for the README's "Reliability" section:
 *   npx jest test/hardening && npx ts-node --transpile-only test/hardening/report.ts
 */
export const FIGURES_FILE = process.env.HARDENING_FIGURES ?? join(tmpdir(), 'n8n-nodes-salesforce-crm-hardening', 'figures.json');

export interface Figure {
	area: string;
	check: string;
	result: string;
	at: string;
}

function load(): Record<string, Figure> {
	if (!existsSync(FIGURES_FILE)) return {};
	try {
		return JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, Figure>;
	} catch {
		return {};
	}
}

/** Records (or replaces) one row and prints it, so a single test run shows its own figures too. */
export function recordFigure(area: string, check: string, result: string): void {
	const all = load();
	all[`${area}\u0000${check}`] = { area, check, result, at: new Date().toISOString() };
	mkdirSync(join(FIGURES_FILE, '..'), { recursive: true });
	writeFileSync(FIGURES_FILE, JSON.stringify(all, null, 2));
	console.log(`[hardening] ${area} | ${check} | ${result}`);
}

export function markdownTable(figures: Figure[] = Object.values(load())): string {
	const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
	const rows = figures.map((f) => `| ${cell(f.area)} | ${cell(f.check)} | ${cell(f.result)} |`);
	return ['| Area | What was tried | Measured |', '|---|---|---|', ...rows].join('\n');
}

if (require.main === module) {
	console.log(markdownTable());
}
