import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	createIngestJob,
	createQueryJob,
	getIngestResults,
	getJob,
	ingestResults,
	type IngestOperation,
	type JobInfo,
	jobFailed,
	parseBulkError,
	prepareIngest,
	queryResultPages,
	uploadAndClose,
	waitForJob,
} from '../../../shared/services/bulk';
import { flattenRecord } from '../../../shared/services/csv';
import { isApiName } from '../../../shared/services/ids';
import { failedCall, type RecordResult } from '../../../shared/services/records';
import type { SalesforceClient } from '../../../shared/transport/client';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { type Operation, perItem, prepareItems, toNodeError, writeResults } from '../common';
import { countOption, enumParam, jsonObjectParam, validId } from '../params';
import type { OperationModule } from '../registry';

const INGEST_OPS = ['insert', 'update', 'upsert', 'delete'];
const show = (operation: string[]) => ({ show: { resource: ['bulk'], operation } });

function bulkObject(ctx: IExecuteFunctions, i: number): string {
	const name = String(ctx.getNodeParameter('bulkObject', i, '', { extractValue: true }) ?? '').trim();
	if (!isApiName(name)) throw new SalesforceInputError(`Object "${name}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Object' });
	return name;
}

function jobIdParam(ctx: IExecuteFunctions, i: number): string {
	const id = String(ctx.getNodeParameter('bulkJobId', i, '') ?? '').trim();
	if (!/^750[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(id)) {
		throw new SalesforceInputError(`Job ID "${id}" is not a Bulk API job id (750…)`, { itemIndex: i, field: 'Job ID' });
	}
	return id;
}

const ingestProperties: INodeProperties[] = [
	{
		displayName: 'Object',
		name: 'bulkObject',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The object every record of the job is written to (one object per job)',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchObjects', searchable: true } },
			{ displayName: 'By API Name', name: 'name', type: 'string', placeholder: 'e.g. Account' },
		],
		displayOptions: show(INGEST_OPS),
	},
	{
		displayName: 'External ID Field',
		name: 'bulkExternalIdField',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'External_Id__c',
		description: 'API name of the external ID field that decides whether a row creates or updates a record',
		displayOptions: show(['upsert']),
	},
	{
		displayName: 'Record (JSON)',
		name: 'bulkRecord',
		type: 'json',
		default: '={{ $json }}',
		description:
			'The fields of each record; by default the whole input item. Null clears a field (sent as #N/A), a missing field is left as it is. For Update include the record ID field. A parent by external ID: {"Account": {"External_Id__c": "A-1"}}.',
		displayOptions: show(['insert', 'update', 'upsert']),
	},
	{
		displayName: 'Record ID',
		name: 'bulkRecordId',
		type: 'string',
		default: '={{ $json.Id ?? $json.id }}',
		required: true,
		description: 'ID of the record to delete',
		displayOptions: show(['delete']),
	},
	{
		displayName: 'Wait for Completion',
		name: 'bulkWait',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until Salesforce has processed the job and return one result per input item (in input order). Off: return the job ID at once; read it later with Get Job and Get Results.',
		displayOptions: show(INGEST_OPS),
	},
	{
		displayName: 'Bulk Options',
		name: 'bulkOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(INGEST_OPS),
		options: [
			{
				displayName: 'Hard Delete',
				name: 'hardDelete',
				type: 'boolean',
				default: false,
				description: 'Whether to delete permanently, skipping the recycle bin (needs the "Bulk API Hard Delete" permission). Destructive.',
				displayOptions: { show: { '/operation': ['delete'] } },
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description: 'How long to poll before returning the job as still running',
			},
		],
	},
];

function readRecord(ctx: IExecuteFunctions, i: number, operation: string, externalIdField: string): Map<string, string> {
	if (operation === 'delete') {
		const id = validId(ctx.getNodeParameter('bulkRecordId', i, ''), i, 'Record ID');
		return new Map([['Id', id]]);
	}
	const record = jsonObjectParam(ctx, i, 'bulkRecord', 'Record (JSON)');
	const row = flattenRecord(record, i);
	if (!row.size) throw new SalesforceInputError('The record has no fields', { itemIndex: i, field: 'Record (JSON)' });
	if (operation === 'update') {
		const idKey = [...row.keys()].find((k) => k.toLowerCase() === 'id');
		if (!idKey) throw new SalesforceInputError('Update needs the record\'s "Id" field', { itemIndex: i, field: 'Id' });
		const id = validId(row.get(idKey), i, 'Id');
		row.delete(idKey);
		return new Map([['Id', id], ...row]);
	}
	if ([...row.keys()].some((k) => k.toLowerCase() === 'id')) {
		throw new SalesforceInputError(`${operation === 'insert' ? 'Insert' : 'Upsert'} records cannot carry an "Id" field`, { itemIndex: i, field: 'Id' });
	}
	if (operation === 'upsert') {
		const key = [...row.keys()].find((k) => k.toLowerCase() === externalIdField.toLowerCase());
		if (!key || !row.get(key)) throw new SalesforceInputError(`The record has no value for the external id field ${externalIdField}`, { itemIndex: i, field: externalIdField });
		if (key !== externalIdField) {
			const value = row.get(key)!;
			row.delete(key);
			row.set(externalIdField, value);
		}
	}
	return row;
}

function jobJson(job: JobInfo, extra: IDataObject = {}): IDataObject {
	return { jobId: job.id, state: job.state, object: job.object, operation: job.operation, ...extra };
}

function ingest(operation: 'insert' | 'update' | 'upsert' | 'delete'): Operation {
	return async function (this: IExecuteFunctions, client: SalesforceClient): Promise<INodeExecutionData[]> {
		const count = this.getInputData().length;
		if (!count) return [];
		const object = bulkObject(this, 0);
		const options = this.getNodeParameter('bulkOptions', 0, {}) as IDataObject;
		const externalIdField = operation === 'upsert' ? String(this.getNodeParameter('bulkExternalIdField', 0, '')).trim() : '';
		if (operation === 'upsert' && !isApiName(externalIdField)) {
			throw new SalesforceInputError(`External ID Field "${externalIdField}" is not a valid API name`, { field: 'External ID Field' });
		}
		const wait = this.getNodeParameter('bulkWait', 0, true) as boolean;
		const apiOperation: IngestOperation = operation === 'delete' && options.hardDelete ? 'hardDelete' : operation;
		const prepared = prepareItems(this, (i) => readRecord(this, i, operation, externalIdField));
		const valid = prepared.filter((p) => p.input);
		if (!valid.length) return writeResults(this, prepared, [], () => ({}));
		const request = { object, operation: apiOperation, externalIdFieldName: externalIdField || undefined };
		const ingestData = prepareIngest({ ...request, rows: valid.map((p) => p.input!) });

		const byPosition = new Map<number, RecordResult>();
		const jobItems: INodeExecutionData[] = [];
		let jobIds: string[] = [];
		for (const part of ingestData.parts) {
			let job: JobInfo | undefined;
			let failure: unknown;
			try {
				job = await createIngestJob(client, request);
				await uploadAndClose(client, job.id, part.csv);
			} catch (error) {
				failure = error;
			}
			if (failure !== undefined || !job) {
				if (!this.continueOnFail()) throw failure;
				failedCall(failure, part.positions.length).forEach((r, n) => byPosition.set(part.positions[n], r));
				continue;
			}
			jobIds = [...jobIds, job.id];
			const paired = part.positions.map((p) => ({ item: valid[p].index }));
			if (!wait) {
				jobItems.push({ json: jobJson({ ...job, state: 'UploadComplete' }, { numberRecords: part.positions.length }), pairedItem: paired });
				continue;
			}
			const maxWaitMs = Number(options.maxWaitSeconds ?? 600) * 1000;
			let waited: Awaited<ReturnType<typeof waitForJob>>;
			try {
				waited = await waitForJob(client, 'ingest', job.id, { maxWaitMs });
			} catch (error) {
				// The job was accepted: its records may be written whatever happened to the wait.
				if (!this.continueOnFail()) throw toNodeError(this, error);
				const unknown: RecordResult = { success: false, outcomeUnknown: true, errors: [{ errorCode: 'BULK_JOB_UNKNOWN', message: `Waiting for bulk job ${job.id} failed (${(error as Error).message}); check it with Bulk → Get Results` }] };
				part.positions.forEach((position) => byPosition.set(position, unknown));
				continue;
			}
			const { job: done, timedOut } = waited;
			if (timedOut) {
				jobItems.push({ json: jobJson(done, { numberRecords: part.positions.length, timedOut: true }), pairedItem: paired });
				continue;
			}
			if (done.state === 'Aborted') {
				failedCall(jobFailed(done), part.positions.length).forEach((r, n) => byPosition.set(part.positions[n], r));
				continue;
			}
			// JobComplete, or Failed (its rows are in failedResults / unprocessedrecords).
			const results = await ingestResults(client, done, request, ingestData, part.positions);
			for (const [position, result] of results) byPosition.set(position, result);
		}
		// Job items (not waited for, or still running) first, then one item per record that has a result.
		return [...jobItems, ...writeResultsFor(this, prepared, byPosition, jobIds)];
	};
}

function writeResultsFor(
	ctx: IExecuteFunctions,
	prepared: ReturnType<typeof prepareItems<Map<string, string>>>,
	byPosition: Map<number, RecordResult>,
	jobIds: string[],
): INodeExecutionData[] {
	const results: RecordResult[] = [];
	const known: Array<(typeof prepared)[number]> = [];
	let position = 0;
	for (const p of prepared) {
		if (p.error) {
			known.push(p);
			continue;
		}
		const result = byPosition.get(position++);
		if (!result) continue;
		known.push(p);
		results.push(result);
	}
	return writeResults(ctx, known, results, (r) => ({
		id: r.id,
		success: true,
		...(r.created !== undefined ? { created: r.created } : {}),
		...(jobIds.length === 1 ? { jobId: jobIds[0] } : { jobIds }),
	}));
}

export const insert: OperationModule = { description: ingestProperties, execute: ingest('insert') };
export const update: OperationModule = { description: [], execute: ingest('update') };
export const upsert: OperationModule = { description: [], execute: ingest('upsert') };
export const remove: OperationModule = { description: [], execute: ingest('delete') };

// ---------- Get Job / Get Results ----------

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
				for (const row of rows) out.push({ json: row, pairedItem: { item: i } });
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

// ---------- Query ----------

const queryShow = show(['query']);

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
		const soql = String(this.getNodeParameter('bulkSoql', i, '')).trim();
		if (!/^select\s/i.test(soql)) throw new SalesforceInputError('The SOQL query must start with SELECT', { itemIndex: i, field: 'SOQL Query' });
		const options = this.getNodeParameter('bulkQueryOptions', i, {}) as IDataObject;
		// maxRecords goes into the results URL: whole numbers only, checked before the job is created.
		const maxRecords = countOption(options.maxRecords, 'Rows per Download', 0, 1) || undefined;
		const limit = countOption(options.limit, 'Limit', 0, 1) || undefined;
		const maxWaitSeconds = countOption(options.maxWaitSeconds, 'Max Wait (Seconds)', 600);
		const job = await createQueryJob(client, soql, Boolean(options.queryAll));
		const { job: done, timedOut } = await waitForJob(client, 'query', job.id, { maxWaitMs: maxWaitSeconds * 1000 });
		if (timedOut) {
			throw new SalesforceInputError(`Bulk query job ${job.id} is still ${done.state} after the maximum wait: read it later with Get Results (job type Query)`, { itemIndex: i });
		}
		if (done.state !== 'JobComplete') throw jobFailed(done);
		const out: INodeExecutionData[] = [];
		await queryResultPages(
			client,
			job.id,
			{ maxRecords, limit },
			(rows) => {
				for (const row of rows) out.push({ json: row, pairedItem: { item: i } });
			},
		);
		return out;
	}),
};
