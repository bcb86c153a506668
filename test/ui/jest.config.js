/**
 * Editor suite: the n8n 2.41 editor in headless Chromium (playwright-core, /usr/bin/chromium) over the demo stack
 * (real n8n with the pack installed from dist/, Salesforce emulator). Run with `npm run test:ui`; screenshots of
 * each step go to test-results/ui/ (gitignored; CI keeps them as artifacts). Same settings as the e2e suite.
 * @type {import('jest').Config}
 */
const e2e = require('../e2e/jest.config.js');

module.exports = {
	...e2e,
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.test.ts'],
};
