/**
 * The n8n releases the pack supports, with the n8n-workflow / n8n-core / @n8n/di each of them ships
 * (from `npm view n8n@<version> dependencies`). n8n loads its own copies of these at run time, never the pack's.
 *
 * - `engine`: the engine-level tests (`npm test`'s suites) run against this release's n8n-core and n8n-workflow.
 *   The newest is the repository's own devDependencies (what `npm test` uses); the oldest is installed by
 *   `npm run test:matrix` into a cache folder outside the repository.
 * - every entry: the built dist/ loads with that n8n-workflow and finds every runtime name it uses.
 */
export interface N8nRelease {
	n8n: string;
	workflow: string;
	core: string;
	di: string;
	engine?: 'oldest' | 'newest';
}

export const SUPPORTED: N8nRelease[] = [
	{ n8n: '1.123.0', workflow: '1.120.0', core: '1.122.0', di: '0.10.0', engine: 'oldest' },
	{ n8n: '1.123.81', workflow: '1.120.31', core: '1.122.48', di: '0.10.0' },
	{ n8n: '2.0.0', workflow: '2.0.0', core: '2.0.0', di: '0.10.0' },
	{ n8n: '2.8.4', workflow: '2.8.0', core: '2.8.1', di: '0.10.0' },
	{ n8n: '2.41.0', workflow: '2.41.0', core: '2.41.0', di: '0.17.0', engine: 'newest' },
];

/** An n8n too old for the pack (its n8n-workflow has no NodeConnectionTypes): the pack must refuse to load, clearly. */
export const TOO_OLD: N8nRelease = { n8n: '1.82.0', workflow: '1.80.0', core: '1.81.0', di: '0.4.0' };
