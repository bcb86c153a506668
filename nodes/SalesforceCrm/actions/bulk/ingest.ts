import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	createIngestJob,
	ingestResults,
	type IngestOperation,
	type JobInfo,
	jobFailed,
	prepareIngest,
	uploadAndClose,
	waitForJob,
} from '../../../shared/services/bulk';
import { flattenRecord } from '../../../shared/services/csv';
import { isApiName } from '../../../shared/services/ids';
import { failedCall, type RecordResult } from '../../../shared/services/records';
import type { SalesforceClient } from '../../../shared/transport/client';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, toNodeError, writeResults } from '../common';
import { jsonObjectParam, validId } from '../params';
import type { Operation, OperationModule } from '../types';

/** Bulk → Insert, Update, Create or Update, Delete: all input items in Bulk API 2.0 ingest jobs (a new job past ~100 MB of CSV). */

const INGEST_OPS = ['insert', 'update', 'upsert', 'delete'];
const show = (operation: string[]) => ({ show: { resource: ['bulk'], operation } });

function bulkObject(ctx: IExecuteFunctions, i: number): string {
	const name = String(ctx.getNodeParameter('bulkObject', i, '', { extractValue: true }) ?? '').trim();
	if (!isApiName(name))
		throw new SalesforceInputError(`Object "${name}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Object' });
	return name;
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
		throw new SalesforceInputError(`${operation === 'insert' ? 'Insert' : 'Upsert'} records cannot carry an "Id" field`, {
			itemIndex: i,
			field: 'Id',
		});
	}
	if (operation === 'upsert') {
		const key = [...row.keys()].find((k) => k.toLowerCase() === externalIdField.toLowerCase());
		if (!key || !row.get(key))
			throw new SalesforceInputError(`The record has no value for the external id field ${externalIdField}`, {
				itemIndex: i,
				field: externalIdField,
			});
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
				const unknown: RecordResult = {
					success: false,
					outcomeUnknown: true,
					errors: [
						{
							errorCode: 'BULK_JOB_UNKNOWN',
							message: `Waiting for bulk job ${job.id} failed (${(error as Error).message}); check it with Bulk → Get Results`,
						},
					],
				};
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
