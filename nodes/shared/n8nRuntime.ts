import { NodeApiError, NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

/** The n8n releases this package is tested against (engine tests on the oldest and newest, load check on each). */
export const SUPPORTED_N8N = 'n8n 1.123 or later on the 1.x line, or n8n 2.0 or later';

/**
 * Every value this package takes from n8n-workflow at run time (type imports are free). n8n loads its *own*
 * n8n-workflow, so a name missing from an older n8n would only fail when the code using it runs — e.g. a retry's
 * `sleep` at 3 a.m. Each node file calls `assertSupportedN8n()` when it loads, so an unsupported n8n refuses the
 * package at start-up with this message instead. `npm run test:matrix` checks that this list equals the
 * n8n-workflow names the built dist/ uses, and that each supported n8n-workflow has them.
 */
const RUNTIME_IMPORTS: Record<string, unknown> = { NodeApiError, NodeConnectionTypes, NodeOperationError, sleep };

export const RUNTIME_IMPORT_NAMES = Object.keys(RUNTIME_IMPORTS);

export function assertSupportedN8n(): void {
	const missing = RUNTIME_IMPORT_NAMES.filter((name) => RUNTIME_IMPORTS[name] === undefined);
	if (missing.length) {
		throw new Error(
			`n8n-nodes-salesforce-crm needs ${SUPPORTED_N8N}: this n8n's n8n-workflow lacks ${missing.join(', ')}. Update n8n to a supported version.`,
		);
	}
}
