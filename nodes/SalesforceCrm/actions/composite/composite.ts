import type { IDataObject } from 'n8n-workflow';

import { createTree, executeComposite, normaliseSubRequests, subErrors } from '../../../shared/services/composite';
import { isApiName } from '../../../shared/services/ids';
import { SalesforceApiError, SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { jsonParam } from '../params';
import type { OperationModule } from '../types';

const executeShow = { show: { resource: ['composite'], operation: ['execute'] } };
const treeShow = { show: { resource: ['composite'], operation: ['tree'] } };

/** Composite → Execute: up to 25 sub-requests in one call, later ones using earlier results through @{ref.field}. */
export const execute: OperationModule = {
	description: [
		{
			displayName: 'Sub-Requests (JSON)',
			name: 'compositeRequests',
			type: 'json',
			default:
				'[\n  { "method": "POST", "url": "/sobjects/Account", "referenceId": "newAccount", "body": { "Name": "Acme" } },\n  { "method": "POST", "url": "/sobjects/Contact", "referenceId": "newContact", "body": { "LastName": "Doe", "AccountId": "@{newAccount.id}" } }\n]',
			description:
				'Up to 25 sub-requests, run in order in one API call. URLs are relative to the REST API (/sobjects/Account) or full paths (/services/data/v66.0/…). Use @{referenceId.field} to reuse an earlier result.',
			displayOptions: executeShow,
		},
		{
			displayName: 'All or None',
			name: 'compositeAllOrNone',
			type: 'boolean',
			default: false,
			description: 'Whether a failed sub-request rolls back all the others',
			displayOptions: executeShow,
		},
	],
	execute: perItem(async function (i, client) {
		const requests = normaliseSubRequests(client, jsonParam(this, i, 'compositeRequests', 'Sub-Requests (JSON)'), i);
		const allOrNone = this.getNodeParameter('compositeAllOrNone', i, false) as boolean;
		const responses = await executeComposite(client, requests, allOrNone);
		const failed = responses.find((r) => r.httpStatusCode >= 400 && !subErrors(r).some((e) => e.errorCode === 'PROCESSING_HALTED'));
		const anyFailed = failed ?? responses.find((r) => r.httpStatusCode >= 400);
		if (anyFailed && !this.continueOnFail()) {
			const errors = subErrors(anyFailed).map((e) => ({ ...e, message: `${anyFailed.referenceId}: ${e.message}` }));
			throw new SalesforceApiError(anyFailed.httpStatusCode, errors);
		}
		return responses.map((r) => ({
			json: {
				referenceId: r.referenceId,
				httpStatusCode: r.httpStatusCode,
				success: r.httpStatusCode < 400,
				body: r.body as IDataObject,
				httpHeaders: r.httpHeaders,
			},
			pairedItem: { item: i },
		}));
	}, 'write'),
};

/** Composite → Tree: one parent record with its children (e.g. an Account with Contacts), created together or not at all. */
export const tree: OperationModule = {
	description: [
		{
			displayName: 'Root Object',
			name: 'treeObject',
			type: 'string',
			default: 'Account',
			required: true,
			description: 'API name of the top-level records',
			displayOptions: treeShow,
		},
		{
			displayName: 'Records (JSON)',
			name: 'treeRecords',
			type: 'json',
			default:
				'[\n  { "attributes": { "type": "Account", "referenceId": "acc1" }, "Name": "Acme",\n    "Contacts": { "records": [ { "attributes": { "type": "Contact", "referenceId": "con1" }, "LastName": "Doe" } ] } }\n]',
			description:
				'Up to 200 records in up to 5 levels; each has attributes.type and a unique attributes.referenceId, children under their relationship name. Any failure rolls back the whole tree.',
			displayOptions: treeShow,
		},
	],
	execute: perItem(async function (i, client) {
		const object = String(this.getNodeParameter('treeObject', i, '')).trim();
		if (!isApiName(object))
			throw new SalesforceInputError(`Root Object "${object}" is not a valid API name`, { itemIndex: i, field: 'Root Object' });
		let records = jsonParam(this, i, 'treeRecords', 'Records (JSON)');
		if (records && typeof records === 'object' && !Array.isArray(records) && Array.isArray((records as IDataObject).records))
			records = (records as IDataObject).records;
		if (!Array.isArray(records) || !records.length)
			throw new SalesforceInputError('Records must be a non-empty JSON array', { itemIndex: i, field: 'Records (JSON)' });
		const result = await createTree(client, object, records as IDataObject[]);
		if (result.hasErrors) {
			const errors = result.results.flatMap((r) =>
				(r.errors ?? []).map((e) => ({
					errorCode: e.statusCode,
					message: r.referenceId ? `${r.referenceId}: ${e.message}` : e.message,
					fields: e.fields ?? [],
				})),
			);
			throw new SalesforceApiError(400, errors);
		}
		const ids: IDataObject = {};
		for (const r of result.results) ids[r.referenceId] = r.id;
		return [{ json: { success: true, ids, results: result.results as unknown as IDataObject[] }, pairedItem: { item: i } }];
	}, 'write'),
};
