import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { createQueryJob, jobFailed, queryResultPages, waitForJob } from '../../../shared/services/bulk';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem, pushRows } from '../common';
import { countOption, selectParam } from '../params';
import type { OperationModule } from '../types';

const queryShow = { show: { resource: ['bulk'], operation: ['query'] } };

/** Bulk → Query: a SOQL query as a Bulk API 2.0 query job, waited for, its rows read page by page. */

export const query: OperationModule = {
	description: [
		{
			displayName: 'SOQL Query',
			name: 'bulkSoql',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'SELECT Id, Name, Account.Name FROM Contact',
			description: 'A SOQL query for Bulk API 2.0 (no subqueries, aggregates, GROUP BY or OFFSET). For millions of rows.',
			displayOptions: queryShow,
		},
		{
			displayName: 'Bulk Query Options',
			name: 'bulkQueryOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: queryShow,
			options: [
				{
					displayName: 'Include Deleted and Archived (Query All)',
					name: 'queryAll',
					type: 'boolean',
					default: false,
					description: 'Whether to include records in the recycle bin and archived activities',
				},
				{
					displayName: 'Limit',
					name: 'limit',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description: 'Max number of results to return',
				},
				{
					displayName: 'Max Wait (Seconds)',
					name: 'maxWaitSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 600,
					description: 'How long to poll the job before stopping with an error that names the job ID',
				},
				{
					displayName: 'Rows per Page',
					name: 'maxRecords',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50000,
					description: 'Rows per results download (maxRecords); fewer for very wide rows',
				},
			],
		},
	],
	execute: perItem(async function (i, client) {
		const soql = selectParam(this, i, 'bulkSoql', 'SOQL Query', 'The SOQL query must start with SELECT');
		const options = this.getNodeParameter('bulkQueryOptions', i, {}) as IDataObject;
		// maxRecords goes into the results URL: whole numbers only, checked before the job is created.
		const maxRecords = countOption(options.maxRecords, 'Rows per Download', 0, 1) || undefined;
		const limit = countOption(options.limit, 'Limit', 0, 1) || undefined;
		const maxWaitSeconds = countOption(options.maxWaitSeconds, 'Max Wait (Seconds)', 600);
		const job = await createQueryJob(client, soql, Boolean(options.queryAll));
		const { job: done, timedOut } = await waitForJob(client, 'query', job.id, { maxWaitMs: maxWaitSeconds * 1000 });
		if (timedOut) {
			throw new SalesforceInputError(
				`Bulk query job ${job.id} is still ${done.state} after the maximum wait: read it later with Get Results (job type Query)`,
				{ itemIndex: i },
			);
		}
		if (done.state !== 'JobComplete') throw jobFailed(done);
		const out: INodeExecutionData[] = [];
		await queryResultPages(client, job.id, { maxRecords, limit }, (rows) => {
			pushRows(out, rows, i);
		});
		return out;
	}),
};
