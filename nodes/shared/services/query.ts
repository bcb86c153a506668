import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';

export interface QueryPage {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: IDataObject[];
}

export interface QueryOptions {
	/** queryAll: include deleted and archived records. */
	includeDeleted?: boolean;
	/** Page size hint, 200–2000 (Sforce-Query-Options: batchSize). */
	batchSize?: number;
	/** Query the Tooling API (/tooling/query) instead. */
	tooling?: boolean;
}

/**
 * Runs SOQL and yields page after page, following `nextRecordsUrl` until `done`, so callers can stop early and
 * never hold more than one page.
 */
export async function* queryPages(client: SalesforceClient, soql: string, options: QueryOptions = {}): AsyncGenerator<QueryPage> {
	const headers: Record<string, string> = options.batchSize
		? { 'Sforce-Query-Options': `batchSize=${Math.min(2000, Math.max(200, Math.floor(options.batchSize)))}` }
		: {};
	const path = options.tooling ? '/tooling/query' : options.includeDeleted ? '/queryAll' : '/query';
	let page = await client.request<QueryPage>('GET', path, {
		qs: { q: soql },
		headers,
	});
	yield page;
	while (!page.done && page.nextRecordsUrl) {
		page = await client.request<QueryPage>('GET', page.nextRecordsUrl, { headers });
		yield page;
	}
}

/** Every record (up to `max`), following pages. */
export async function queryAll(
	client: SalesforceClient,
	soql: string,
	options: QueryOptions & { max?: number } = {},
): Promise<{ totalSize: number; records: IDataObject[] }> {
	const records: IDataObject[] = [];
	let totalSize = 0;
	for await (const page of queryPages(client, soql, options)) {
		totalSize = page.totalSize;
		for (const r of page.records ?? []) {
			if (options.max !== undefined && records.length >= options.max) return { totalSize, records };
			records.push(r);
		}
		if (options.max !== undefined && records.length >= options.max) break;
	}
	return { totalSize, records };
}
