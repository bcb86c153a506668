/**
 * The n8n release the engine tests run on: `npm test` uses the repository's n8n-core (2.41), `npm run test:matrix`
 * maps n8n-core / n8n-workflow to the oldest supported release's (n8n 1.123). A few behaviours of n8n itself differ
 * between them; tests that meet one state both outcomes through this check.
 */
const CORE_VERSION: string = require('n8n-core/package.json').version;
const [major, minor] = CORE_VERSION.split('.').map(Number);

/** Whether the n8n-core in use is at least major.minor. */
export function n8nCoreAtLeast(wantMajor: number, wantMinor: number): boolean {
	return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
