import type { ToolText } from '../types';

/** What an AI agent reads about the Composite Graph and Batch operations (merged into actions/toolText.ts). */
export const COMPOSITE_TOOL_TEXTS: Record<string, ToolText> = {
	'composite.graph': {
		effect: 'write',
		text: 'Run graphs of REST sub-requests (JSON, nodes referring to earlier ones with @{ref.id}); each graph is written all or none. Returns per graph {graphId, ids, results}. May write or delete.',
	},
	'composite.batch': {
		effect: 'write',
		text: 'Run up to 25 independent REST sub-requests (JSON: method, url, richInput) in one call, each committed on its own. Returns one result per sub-request. May write or delete.',
	},
	'composite.createAccountGraph': {
		effect: 'write',
		text: 'Create an account with its contacts and optionally an opportunity, all or none: Account, Contacts and Opportunity fields as JSON by API name. Returns {accountId, contactIds, opportunityId}.',
	},
};
