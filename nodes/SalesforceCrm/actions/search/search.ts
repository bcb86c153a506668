import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { stripAttributes } from '../../../shared/services/records';
import { SOSL_SCOPES, type SimpleSearch, buildSosl } from '../../../shared/services/sosl';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { enumParam, intParam } from '../params';
import type { OperationModule } from '../types';

const soslShow = { show: { resource: ['search'], operation: ['sosl'] } };
// The simple and the parameterized search take the same form.
const simpleShow = { show: { resource: ['search'], operation: ['simple', 'parameterized'] } };

function searchItems(result: { searchRecords?: IDataObject[] } | IDataObject[], i: number): INodeExecutionData[] {
	const records = Array.isArray(result) ? result : (result.searchRecords ?? []);
	return records.map((r) => {
		const type = (r.attributes as IDataObject | undefined)?.type;
		return { json: { type, ...(stripAttributes(r) as IDataObject) }, pairedItem: { item: i } };
	});
}

/** Search → SOSL: a raw FIND statement. */
export const soslSearch: OperationModule = {
	description: [
		{
			displayName: 'SOSL Search',
			name: 'sosl',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'FIND {Acme} IN NAME FIELDS RETURNING Account(ID, Name), Contact(ID, Name)',
			description:
				'The SOSL statement. Reserved characters in search terms must be escaped with a backslash; Simple Search does it for you.',
			displayOptions: soslShow,
		},
	],
	execute: perItem(async function (i, client) {
		const sosl = String(this.getNodeParameter('sosl', i, '')).trim();
		if (!/^FIND\s/i.test(sosl)) throw new SalesforceInputError('SOSL Search must start with FIND', { itemIndex: i, field: 'SOSL Search' });
		return searchItems(await client.request('GET', '/search', { qs: { q: sosl } }), i);
	}),
};

/** Search → Simple: text, objects and fields; the SOSL is built with every reserved character escaped. */
export const simpleSearch: OperationModule = {
	description: [
		{
			displayName: 'Search Text',
			name: 'searchText',
			type: 'string',
			default: '',
			required: true,
			description: 'Words to find; searched literally',
			displayOptions: simpleShow,
		},
		{
			displayName: 'Objects',
			name: 'searchObjects',
			type: 'string',
			default: 'Account, Contact, Lead',
			description: 'Comma-separated object API names to search',
			displayOptions: simpleShow,
		},
		{
			displayName: 'Fields to Return',
			name: 'searchFields',
			type: 'string',
			default: 'Id, Name',
			description: 'Comma-separated field API names returned for every object',
			displayOptions: simpleShow,
		},
		{
			displayName: 'Search In',
			name: 'searchScope',
			type: 'options',
			// Part of the SOSL statement: never from data (and checked at run time against SOSL's scopes).
			noDataExpression: true,
			options: [
				{ name: 'All Fields', value: 'ALL' },
				{ name: 'Email Fields', value: 'EMAIL' },
				{ name: 'Name Fields', value: 'NAME' },
				{ name: 'Phone Fields', value: 'PHONE' },
				{ name: 'Sidebar Fields', value: 'SIDEBAR' },
			],
			default: 'ALL',
			displayOptions: simpleShow,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: simpleShow,
		},
	],
	execute: perItem(async function (i, client) {
		const search = simpleSearchInput(this, i);
		return searchItems(await client.request('GET', '/search', { qs: { q: buildSosl(search) } }), i);
	}),
};

function simpleSearchInput(ctx: IExecuteFunctions, i: number): SimpleSearch {
	const list = (name: string) =>
		String(ctx.getNodeParameter(name, i, ''))
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const fields = list('searchFields');
	return {
		text: String(ctx.getNodeParameter('searchText', i, '')),
		objects: list('searchObjects').map((name) => ({ name, fields })),
		scope: enumParam(ctx, i, 'searchScope', SOSL_SCOPES, 'Search In', 'ALL'),
		limit: intParam(ctx, i, 'limit', 'Limit', 50, 1, 2000),
	};
}

/**
 * Search → Parameterized: the same form sent as a parameterizedSearch request (POST /parameterizedSearch). The
 * text goes as data, not as SOSL, so Salesforce escapes it; names are still validated before the call.
 */
export const parameterizedSearch: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const search = simpleSearchInput(this, i);
		// Validates the text, the object and field names exactly as the simple search does.
		buildSosl(search);
		const body: IDataObject = {
			q: search.text.trim(),
			in: search.scope ?? 'ALL',
			overallLimit: search.limit,
			sobjects: search.objects.map((o) => ({ name: o.name, fields: o.fields?.length ? o.fields : ['Id'] })),
		};
		return searchItems(await client.request('POST', '/parameterizedSearch', { body, retry: 'safe' }), i);
	}),
};
