import { spawnSync } from 'node:child_process';

import { REPO_ROOT, ensureN8nInstalled } from './n8n';

/** Installs n8n into the cache (first run only, prints progress) and builds the pack once for the suite. */
export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	ensureN8nInstalled();
	if (process.env.E2E_SKIP_BUILD !== '1') {
		process.stderr.write('[e2e] npm run build\n');
		const res = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		if (res.status !== 0) throw new Error(`npm run build failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
	}
	process.stderr.write(`[e2e] setup done in ${Math.round((Date.now() - t0) / 1000)} s\n`);
}
