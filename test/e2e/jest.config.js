/**
 * End-to-end suite: a real n8n 2.41 (installed by test/e2e/install-n8n.sh into a cache folder outside the repo)
 * with the built pack loaded, against the Salesforce emulator. Run with `npm run test:e2e`.
 * @type {import('jest').Config}
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		// Transpile only (tsconfig.test.json sets isolatedModules); types are checked by `npm run typecheck`.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// installs (first run) and builds happen in globalSetup; each test talks to a live n8n
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 240000,
	maxWorkers: 1,
	forceExit: true,
	verbose: true,
};
