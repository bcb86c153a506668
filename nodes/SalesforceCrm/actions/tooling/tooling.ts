import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isApiName } from '../../../shared/services/ids';
import { stripAttributes } from '../../../shared/services/records';
import { toolingCreate, toolingDelete, toolingDescribe, toolingGet, toolingQuery, toolingUpdate } from '../../../shared/services/tooling';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem, pushRows } from '../common';
import { fieldListParam, intParam, jsonObjectParam, selectParam, validId } from '../params';
import type { OperationModule } from '../types';

const show = (operation: string[]) => ({ show: { resource: ['tooling'], operation } });

const objectProp: INodeProperties = {
	displayName: 'Tooling Object',
	name: 'toolingObject',
	type: 'string',
	default: 'ApexClass',
	required: true,
	placeholder: 'e.g. ApexClass, ApexTrigger, CustomField',
	description: 'API name of the Tooling API object',
	displayOptions: show(['get', 'create', 'update', 'delete', 'describe']),
};
const idProp: INodeProperties = {
	displayName: 'Tooling Record ID',
	name: 'toolingId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '01pXXXXXXXXXXXXXXX',
	displayOptions: show(['get', 'update', 'delete']),
};
const bodyProp: INodeProperties = {
	displayName: 'Fields (JSON)',
	name: 'toolingBody',
	type: 'json',
	default: '{}',
	required: true,
	description:
		'The record as Tooling API JSON, e.g. {"Name": "Hello", "Body": "public class Hello {}"} or {"FullName": "Account.Tier__c", "Metadata": {…}}',
	displayOptions: show(['create', 'update']),
};

function toolingObject(ctx: IExecuteFunctions, i: number): string {
	const name = String(ctx.getNodeParameter('toolingObject', i, '') ?? '').trim();
	if (!isApiName(name))
		throw new SalesforceInputError(`Tooling Object "${name}" is not a valid API name`, { itemIndex: i, field: 'Tooling Object' });
	return name;
}
const toolingId = (ctx: IExecuteFunctions, i: number) => validId(ctx.getNodeParameter('toolingId', i, ''), i, 'Tooling Record ID');

/** Tooling → Query: Tooling SOQL (e.g. SELECT Id, Name FROM ApexClass), every page or a limit. */
export const query: OperationModule = {
	description: [
		{
			displayName: 'Tooling SOQL Query',
			name: 'toolingSoql',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'SELECT Id, Name, Status FROM ApexClass',
			description: 'Values from expressions are inserted as written: quote and escape them',
			displayOptions: show(['query']),
		},
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: true,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show(['query']),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show(['query']).show, returnAll: [false] } },
		},
	],
	execute: perItem(async function (i, client) {
		const soql = selectParam(this, i, 'toolingSoql', 'Tooling SOQL Query');
		const max = this.getNodeParameter('returnAll', i, true) ? Infinity : intParam(this, i, 'limit', 'Limit', 50);
		const { records } = await toolingQuery(client, soql, max);
		return pushRows(
			[],
			records.map((r) => stripAttributes(r) as IDataObject),
			i,
		);
	}),
};

export const get: OperationModule = {
	description: [
		objectProp,
		idProp,
		{
			displayName: 'Fields to Return',
			name: 'toolingFields',
			type: 'string',
			default: '',
			placeholder: 'Name, Status, ApiVersion',
			description: 'Comma-separated field names; empty returns every field',
			displayOptions: show(['get']),
		},
	],
	execute: perItem(async function (i, client) {
		const object = toolingObject(this, i);
		const id = toolingId(this, i);
		const fields = fieldListParam(this, i, 'toolingFields', 'Fields to Return');
		return [{ json: stripAttributes(await toolingGet(client, object, id, fields)) as IDataObject, pairedItem: { item: i } }];
	}),
};

export const create: OperationModule = {
	description: [bodyProp],
	execute: perItem(async function (i, client) {
		const object = toolingObject(this, i);
		const body = jsonObjectParam(this, i, 'toolingBody', 'Fields (JSON)');
		const result = await toolingCreate(client, object, body);
		return [{ json: { id: result.id, success: result.success, object }, pairedItem: { item: i } }];
	}, 'write'),
};

export const update: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const object = toolingObject(this, i);
		const id = toolingId(this, i);
		await toolingUpdate(client, object, id, jsonObjectParam(this, i, 'toolingBody', 'Fields (JSON)'));
		return [{ json: { id, success: true, object }, pairedItem: { item: i } }];
	}, 'write'),
};

export const remove: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const object = toolingObject(this, i);
		const id = toolingId(this, i);
		await toolingDelete(client, object, id);
		return [{ json: { id, success: true, object }, pairedItem: { item: i } }];
	}, 'write'),
};

export const describe: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		return [{ json: await toolingDescribe(client, toolingObject(this, i)), pairedItem: { item: i } }];
	}),
};
