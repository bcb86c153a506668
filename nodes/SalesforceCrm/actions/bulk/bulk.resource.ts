import type { ResourceDef } from '../types';
import { insert, remove, update, upsert } from './ingest';
import { getJobOp, getResultsOp } from './jobs';
import { query } from './query.operation';

/** Resource "Bulk (API 2.0)": ingest and query jobs for thousands to millions of records. */
export const bulkResource: ResourceDef = {
	value: 'bulk',
	name: 'Bulk (API 2.0)',
	description: 'Thousands to millions of records in one Bulk API 2.0 job',
	operations: [
		{
			value: 'delete',
			name: 'Delete',
			action: 'Bulk delete records',
			description: 'Delete many records in one Bulk API 2.0 job (thousands to millions)',
			module: remove,
		},
		{
			value: 'getJob',
			name: 'Get Job',
			action: 'Get a bulk job',
			description: 'Get the state and counts of a Bulk API 2.0 job',
			module: getJobOp,
		},
		{
			value: 'getResults',
			name: 'Get Results',
			action: 'Get bulk job results',
			description: 'Get the successful, failed and unprocessed rows of an ingest job, or the rows of a query job',
			module: getResultsOp,
		},
		{
			value: 'insert',
			name: 'Insert',
			action: 'Bulk insert records',
			description: 'Create many records in one Bulk API 2.0 job; one result per item, in input order',
			module: insert,
		},
		{
			value: 'query',
			name: 'Query',
			action: 'Run a bulk SOQL query',
			description: 'Run a SOQL query as a Bulk API 2.0 job and stream its rows page by page',
			module: query,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Bulk update records',
			description: 'Update many records by ID in one Bulk API 2.0 job',
			module: update,
		},
		{
			value: 'upsert',
			name: 'Create or Update',
			action: 'Bulk create or update records',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			module: upsert,
		},
	],
};
