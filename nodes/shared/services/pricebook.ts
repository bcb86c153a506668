import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { queryAll } from './query';
import { getRecords } from './records';
import { escapeSoqlLike, soqlString } from './soql';
import { wholeNumber } from './sosl';

export interface EntrySearch {
	/** Text contained in the product name (LIKE, wildcards escaped). */
	productName: string;
	/** A price book id (validated by the caller), or undefined for the org's standard price book. */
	pricebookId?: string;
	activeOnly: boolean;
	limit: number;
}

const ENTRY_FIELDS = [
	'Id',
	'Name',
	'UnitPrice',
	'IsActive',
	'Product2Id',
	'Product2.Name',
	'ProductCode',
	'Pricebook2Id',
	'Pricebook2.Name',
];

/** PricebookEntry rows whose product name contains the text, in the standard or the given price book. */
export async function searchEntries(client: SalesforceClient, search: EntrySearch): Promise<IDataObject[]> {
	const where = [`Product2.Name LIKE '%${escapeSoqlLike(search.productName)}%'`];
	where.push(search.pricebookId ? `Pricebook2Id = ${soqlString(search.pricebookId)}` : 'Pricebook2.IsStandard = true');
	if (search.activeOnly) where.push('IsActive = true');
	const soql = `SELECT ${ENTRY_FIELDS.join(', ')} FROM PricebookEntry WHERE ${where.join(' AND ')} ORDER BY Product2.Name LIMIT ${wholeNumber(search.limit, 'Limit')}`;
	return (await queryAll(client, soql)).records;
}

/** Opportunities' price books and entries' price books, read by id in batched calls (≤2,000 ids a call). */
export async function readPricebooks(
	client: SalesforceClient,
	opportunityIds: string[],
	entryIds: string[],
): Promise<{ opportunities: Map<string, IDataObject | null>; entries: Map<string, IDataObject | null> }> {
	const read = async (object: string, ids: string[], fields: string[]) => {
		const unique = [...new Set(ids)];
		const rows = unique.length ? await getRecords(client, object, unique, fields) : [];
		return new Map(unique.map((id, i) => [id, rows[i]]));
	};
	return {
		opportunities: await read('Opportunity', opportunityIds, ['Id', 'Name', 'Pricebook2Id']),
		entries: await read('PricebookEntry', entryIds, ['Id', 'Name', 'Pricebook2Id', 'Product2Id', 'UnitPrice', 'IsActive']),
	};
}
