/**
 * `npm test`'s suites against another n8n release's n8n-core / n8n-workflow / @n8n/di (and the @n8n packages that
 * n8n-core brings), installed by test/matrix/run.ts into N8N_MATRIX_MODULES (a node_modules folder outside the repo).
 * @type {import('jest').Config}
 */
const path = require('node:path');
const base = require('../../jest.config.js');

const modules = process.env.N8N_MATRIX_MODULES;
if (!modules) throw new Error('N8N_MATRIX_MODULES is not set: run `npm run test:matrix`');
const mapped = ['n8n-workflow', 'n8n-core', '@n8n/di', '@n8n/config', '@n8n/backend-common', '@n8n/constants'];
const escape = (s) => s.replace(/[/.]/g, (c) => `\\${c}`);

module.exports = {
	...base,
	rootDir: path.resolve(__dirname, '../..'),
	// the emulator's own unit tests do not touch n8n: leave them to `npm test`
	testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/test/emulator/', '/test/unit/'],
	// n8n 1.123's n8n-core loads @langchain/core 1.1, whose CommonJS build requires the ESM-only p-retry 7 (n8n runs
	// on Node ≥ 22, where require() loads ES modules; jest's module system does not): transpile those two to CommonJS.
	transform: {
		...base.transform,
		'/node_modules/(p-retry|is-network-error)/.+\\.js$': [
			'ts-jest',
			{ tsconfig: { allowJs: true, module: 'commonjs', target: 'es2021' }, isolatedModules: true },
		],
	},
	transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error)/)'],
	moduleNameMapper: Object.fromEntries(
		mapped.flatMap((name) => [
			[`^${escape(name)}$`, path.join(modules, name)],
			[`^${escape(name)}/(.*)$`, `${path.join(modules, name)}/$1`],
		]),
	),
};
