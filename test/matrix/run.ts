/**
 * `npm run test:matrix`: the pack against every n8n release it supports (test/matrix/versions.ts).
 *
 * 1. The n8n-workflow names the built dist/ uses at run time equal the list nodes/shared/n8nRuntime.ts guards.
 * 2. For each supported release: its n8n-workflow (installed into a cache folder outside the repository) has
 *    every one of them, and the built package loads there as n8n loads a community package (each node and
 *    credential class instantiated, with that n8n-workflow next to it).
 * 3. An n8n too old for the pack refuses it at load time with the pack's own message (not a TypeError).
 * 4. The engine-level tests (`npm test`'s suites) run against the oldest supported n8n-core + n8n-workflow
 *    (`npm test` itself runs them against the newest, the repository's devDependencies).
 *
 * MATRIX_SKIP_ENGINE=1 skips step 4. Needs `npm run build` first (CI runs it before).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SUPPORTED, TOO_OLD, type N8nRelease } from './versions';

const REPO = path.resolve(__dirname, '../..');
const CACHE =
	process.env.N8N_MATRIX_CACHE ??
	path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-salesforce-crm', 'matrix');
const say = (line: string) => process.stdout.write(`[matrix] ${line}\n`);
let failures = 0;
const fail = (line: string) => {
	failures++;
	process.stdout.write(`[matrix] FAIL ${line}\n`);
};

/** npm-installs the given packages into a cache folder once (marker file), with install scripts off. */
function installInto(name: string, packages: string[]): string {
	const dir = path.join(CACHE, name);
	const marker = path.join(dir, '.complete');
	const want = packages.join(' ');
	if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return dir;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `matrix-${name}`, private: true }));
	say(`installing ${want} into ${dir}`);
	const res = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...packages], {
		cwd: dir,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (res.status !== 0) throw new Error(`npm install ${want} failed (exit ${res.status})`);
	fs.writeFileSync(marker, want);
	return dir;
}

/** The n8n-workflow names dist/ reads at run time (`n8n_workflow_1.X` in tsc's CommonJS output). */
function distRuntimeNames(): string[] {
	const names = new Set<string>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.js')) {
				for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bn8n_workflow_\d+\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
			}
		}
	};
	walk(path.join(REPO, 'dist'));
	return [...names].sort();
}

/**
 * Lays the built package out as n8n installs it (`<folder>/node_modules/<package>/{package.json,dist}`) beside the
 * given n8n-workflow, then, in a Node 24 child process, instantiates every node and credential class.
 */
function loadPackWith(release: N8nRelease, workflowDir: string): { ok: boolean; output: string } {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), `matrix-load-${release.n8n}-`));
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
		const target = path.join(folder, 'node_modules', pkg.name);
		fs.mkdirSync(target, { recursive: true });
		fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, n8n: pkg.n8n }));
		fs.cpSync(path.join(REPO, 'dist'), path.join(target, 'dist'), { recursive: true });
		fs.symlinkSync(path.join(workflowDir, 'node_modules', 'n8n-workflow'), path.join(folder, 'node_modules', 'n8n-workflow'));
		const script = `
			const path = require('node:path');
			const root = ${JSON.stringify(target)};
			const pkg = require(path.join(root, 'package.json'));
			const loaded = [];
			for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
				const className = path.basename(file).split('.')[0];
				const instance = new (require(path.join(root, file))[className])();
				const name = instance.description ? instance.description.name : instance.name;
				const size = instance.description ? instance.description.properties.length : instance.properties.length;
				loaded.push(name + ' (' + size + ' properties)');
			}
			console.log('loaded ' + loaded.join(', '));
		`;
		const res = spawnSync(process.execPath, ['-e', script], { cwd: folder, encoding: 'utf8' });
		return { ok: res.status === 0, output: `${res.stdout}${res.stderr}`.trim() };
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

function checkImportsAndLoad(): void {
	const used = distRuntimeNames();
	const guarded = (require(path.join(REPO, 'dist/nodes/shared/n8nRuntime.js')) as { RUNTIME_IMPORT_NAMES: string[] }).RUNTIME_IMPORT_NAMES;
	if (JSON.stringify(used) !== JSON.stringify([...guarded].sort())) {
		fail(`dist/ uses n8n-workflow ${used.join(', ')} at run time, but n8nRuntime.ts guards ${guarded.join(', ')}: keep them equal`);
	} else {
		say(`dist/ uses ${used.length} n8n-workflow names at run time: ${used.join(', ')}`);
	}
	for (const release of SUPPORTED) {
		const dir = installInto(`n8n-workflow-${release.workflow}`, [`n8n-workflow@${release.workflow}`]);
		const workflow = require(path.join(dir, 'node_modules', 'n8n-workflow')) as Record<string, unknown>;
		const missing = used.filter((name) => workflow[name] === undefined);
		if (missing.length) fail(`n8n ${release.n8n} (n8n-workflow ${release.workflow}) lacks ${missing.join(', ')}`);
		const load = loadPackWith(release, dir);
		if (!load.ok || missing.length) fail(`n8n ${release.n8n}: the package does not load:\n${load.output}`);
		else say(`n8n ${release.n8n} (n8n-workflow ${release.workflow}): every runtime name present; ${load.output}`);
	}
	const oldDir = installInto(`n8n-workflow-${TOO_OLD.workflow}`, [`n8n-workflow@${TOO_OLD.workflow}`]);
	const old = loadPackWith(TOO_OLD, oldDir);
	const message = /^Error: (n8n-nodes-salesforce-crm needs n8n 1\.123 or later[^\n]*lacks NodeConnectionTypes[^\n]*)$/m.exec(old.output);
	if (old.ok || !message || old.output.includes('TypeError')) {
		fail(
			`n8n ${TOO_OLD.n8n} should refuse the package with "n8n-nodes-salesforce-crm needs n8n 1.123 or later … lacks NodeConnectionTypes", got:\n${old.output}`,
		);
	} else {
		say(`n8n ${TOO_OLD.n8n} (too old) refuses the package at load: ${message[1]}`);
	}
}

function engineTestsOnOldest(): void {
	const oldest = SUPPORTED.find((r) => r.engine === 'oldest')!;
	const dir = installInto(`engine-n8n-${oldest.n8n}`, [
		`n8n-core@${oldest.core}`,
		`n8n-workflow@${oldest.workflow}`,
		`@n8n/di@${oldest.di}`,
	]);
	say(`engine tests against n8n ${oldest.n8n} (n8n-core ${oldest.core}, n8n-workflow ${oldest.workflow})`);
	const res = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '-c', path.join(__dirname, 'jest.config.js'), ...process.argv.slice(2)],
		{
			cwd: REPO,
			stdio: 'inherit',
			env: { ...process.env, N8N_MATRIX_MODULES: path.join(dir, 'node_modules') },
		},
	);
	if (res.status !== 0) fail(`engine tests against n8n ${oldest.n8n} failed (exit ${res.status})`);
}

if (!fs.existsSync(path.join(REPO, 'dist/nodes/shared/n8nRuntime.js'))) {
	throw new Error('dist/ is missing or stale: run `npm run build` first');
}
checkImportsAndLoad();
if (process.env.MATRIX_SKIP_ENGINE !== '1') engineTestsOnOldest();
say(failures ? `${failures} failure(s)` : 'all supported n8n releases pass');
process.exit(failures ? 1 : 0);
