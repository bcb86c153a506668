import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getIngestResults, getJob, parseBulkError, queryResultPages } from '../../../shared/services/bulk';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem, pushRows } from '../common';
import { enumParam } from '../params';
import type { OperationModule } from '../types';

const show = (operation: string[]) => ({ show: { resource: ['bulk'], operation } });

function jobIdParam(ctx: IExecuteFunctions, i: number): string {
	const id = String(ctx.getNodeParameter('bulkJobId', i, '') ?? '').trim();
	if (!/^750[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(id)) {
		throw new SalesforceInputError(`Job ID "${id}" is not a Bulk API job id (750…)`, { itemIndex: i, field: 'Job ID' });
	}
	return id;
}

/** Bulk → Get Job and Get Results: a job's state and counts, and its result rows, by job ID. */

const jobProperties: INodeProperties[] = [
	{
		displayName: 'Job Type',
		name: 'bulkJobType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Ingest (Insert, Update, Upsert, Delete)', value: 'ingest' },
			{ name: 'Query', value: 'query' },
		],
		default: 'ingest',
		displayOptions: show(['getJob', 'getResults']),
	},
	{
		displayName: 'Job ID',
		name: 'bulkJobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '750…',
		displayOptions: show(['getJob', 'getResults']),
	},
	{
		displayName: 'Results',
		name: 'bulkResultType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'All (Successful, Failed, Unprocessed)', value: 'all' },
			{ name: 'Successful', value: 'successfulResults' },
			{ name: 'Failed', value: 'failedResults' },
			{ name: 'Unprocessed', value: 'unprocessedrecords' },
		],
		default: 'all',
		displayOptions: { show: { resource: ['bulk'], operation: ['getResults'], bulkJobType: ['ingest'] } },
	},
];

// Both reach the URL path (/jobs/{type}/{id}/{results}): only these values are accepted.
const JOB_TYPES = ['ingest', 'query'] as const;
const RESULT_TYPES = ['all', 'successfulResults', 'failedResults', 'unprocessedrecords'] as const;

export const getJobOp: OperationModule = {
	description: jobProperties,
	execute: perItem(async function (i, client) {
		const kind = enumParam(this, i, 'bulkJobType', JOB_TYPES, 'Job Type', 'ingest');
		const job = await getJob(client, kind, jobIdParam(this, i));
		return [{ json: job, pairedItem: { item: i } }];
	}),
};

export const getResultsOp: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const kind = enumParam(this, i, 'bulkJobType', JOB_TYPES, 'Job Type', 'ingest');
		const jobId = jobIdParam(this, i);
		const out: INodeExecutionData[] = [];
		if (kind === 'query') {
			await queryResultPages(client, jobId, {}, (rows) => {
				pushRows(out, rows, i);
			});
			return out;
		}
		const which = enumParam(this, i, 'bulkResultType', RESULT_TYPES, 'Results', 'all');
		const kinds = (which === 'all' ? ['successfulResults', 'failedResults', 'unprocessedrecords'] : [which]) as Array<
			'successfulResults' | 'failedResults' | 'unprocessedrecords'
		>;
		for (const k of kinds) {
			for (const row of await getIngestResults(client, jobId, k)) {
				const { sf__Id, sf__Created, sf__Error, ...fields } = row;
				const json: IDataObject = { result: k === 'successfulResults' ? 'success' : k === 'failedResults' ? 'failed' : 'unprocessed' };
				if (sf__Id) json.id = sf__Id;
				if (sf__Created !== undefined) json.created = sf__Created === 'true';
				if (sf__Error !== undefined) {
					const error = parseBulkError(sf__Error);
					Object.assign(json, { error: `${error.errorCode}: ${error.message}`, errorCode: error.errorCode, errorFields: error.fields });
				}
				json.record = fields;
				out.push({ json, pairedItem: { item: i } });
			}
		}
		return out;
	}),
};
