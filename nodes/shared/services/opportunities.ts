import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';
import { queryAll } from './query';
import { soqlString } from './soql';

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

/** IsClosed / IsWon of the named stages (by API name or label), in one query. */
export async function stageFlags(client: SalesforceClient, names: string[]): Promise<Map<string, { closed: boolean; won: boolean }>> {
	const unique = [...new Set(names)];
	const list = unique.map((n) => soqlString(n)).join(', ');
	const { records } = await queryAll(
		client,
		`SELECT ApiName, MasterLabel, IsClosed, IsWon FROM OpportunityStage WHERE ApiName IN (${list}) OR MasterLabel IN (${list})`,
	);
	const flags = new Map<string, { closed: boolean; won: boolean }>();
	for (const r of records) {
		const value = { closed: r.IsClosed === true, won: r.IsWon === true };
		flags.set(String(r.ApiName), value);
		flags.set(String(r.MasterLabel), value);
	}
	return flags;
}
