import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';
import { queryAll } from './query';

/**
 * The stage an opportunity closes into: the first active stage (by sort order) with IsClosed and the wanted
 * IsWon, read from OpportunityStage — stages are configured per org, so no name is assumed.
 */
export async function closedStage(client: SalesforceClient, won: boolean): Promise<string> {
	const { records } = await queryAll(
		client,
		`SELECT ApiName, MasterLabel FROM OpportunityStage WHERE IsActive = true AND IsClosed = true AND IsWon = ${won} ORDER BY SortOrder LIMIT 1`,
		{ max: 1 },
	);
	const stage = records[0]?.ApiName ?? records[0]?.MasterLabel;
	if (!stage) {
		throw new SalesforceApiError(400, [
			{ errorCode: 'NO_CLOSED_STAGE', message: `The org has no active ${won ? 'closed-won' : 'closed-lost'} opportunity stage` },
		]);
	}
	return String(stage);
}
