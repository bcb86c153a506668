/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/ui/'],
	transform: {
		// Transpile only (tsconfig.test.json sets isolatedModules); types are checked by `npm run typecheck`.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 60000,
	// n8n-core keeps long-lived handles (SSH client manager interval); the harness shuts them down,
	// forceExit is the backstop so a leaked handle never hangs CI.
	forceExit: true,
	maxWorkers: 2,
};
