/**
 * The queue-mode suite (`npm run test:queue`): real n8n 2.41 — main, 2 workers, 1 webhook processor — on the
 * machine's PostgreSQL and Redis, the pack installed as a community package, against the emulator.
 * @type {import('jest').Config}
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../../..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e/queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 420000,
	maxWorkers: 1,
	forceExit: true,
	verbose: true,
};
