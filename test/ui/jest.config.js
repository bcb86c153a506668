/**
 * Editor suite: the n8n 2.41 editor in headless Chromium (playwright-core, /usr/bin/chromium) over the demo stack
 * (real n8n with the pack installed from dist/, Salesforce emulator). Run with `npm run test:ui`; screenshots of
 * each step go to test-results/ui/ (gitignored; CI keeps them as artifacts).
 * @type {import('jest').Config}
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 240000,
	maxWorkers: 1,
	forceExit: true,
	verbose: true,
};
