import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { describeObject, fieldMap, readableFieldNames } from '../../../shared/services/describe';
import { queryPages } from '../../../shared/services/query';
import { stripAttributes } from '../../../shared/services/records';
import { isFieldPath } from '../../../shared/services/ids';
import { type SoqlCondition, type SoqlOperator, buildSoql } from '../../../shared/services/soql';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import type { Operation } from '../types';
import { intParam, objectName } from '../params';
import { toolKeyFields } from '../tool';
import { objectLocator, showFor } from './fields';

const OPERATORS: Record<string, SoqlOperator> = {
	equal: '=',
	notEqual: '!=',
	lessThan: '<',
	lessOrEqual: '<=',
	greaterThan: '>',
	greaterOrEqual: '>=',
	like: 'LIKE',
	in: 'IN',
	notIn: 'NOT IN',
	includes: 'INCLUDES',
	excludes: 'EXCLUDES',
};

const show = (extra: IDataObject = {}) => ({ show: { ...showFor(['getMany']).show, ...extra } });

export const description: INodeProperties[] = [
	objectLocator(['getMany']),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor(['getMany']),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show({ returnAll: [false] }),
	},
	// Fields to return: the property is shared with Get (get.operation.ts).
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'Filters; values are escaped and quoted by the field type',
		displayOptions: showFor(['getMany']),
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFilterableFields', loadOptionsDependsOn: ['sobject.value', 'resource'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						// Values are words: n8n reads a parameter value that starts with "=" as an expression.
						options: [
							{ name: '!=', value: 'notEqual' },
							{ name: '<', value: 'lessThan' },
							{ name: '<=', value: 'lessOrEqual' },
							{ name: '=', value: 'equal' },
							{ name: '>', value: 'greaterThan' },
							{ name: '>=', value: 'greaterOrEqual' },
							{ name: 'Excludes', value: 'excludes' },
							{ name: 'In (Comma-Separated)', value: 'in' },
							{ name: 'Includes', value: 'includes' },
							{ name: 'Like (% Wildcard)', value: 'like' },
							{ name: 'Not In (Comma-Separated)', value: 'notIn' },
						],
						default: 'equal',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		// Not "Options": the node's shared Options collection is shown on this form too.
		displayName: 'Query Options',
		name: 'queryOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['getMany']),
		options: [
			{
				displayName: 'Combine Conditions',
				name: 'combine',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'All (AND)', value: 'AND' },
					{ name: 'Any (OR)', value: 'OR' },
				],
				default: 'AND',
			},
			{
				displayName: 'Include Deleted and Archived',
				name: 'includeDeleted',
				type: 'boolean',
				default: false,
				description: 'Whether to use queryAll, which also returns records in the recycle bin and archived activities',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'string',
				default: '',
				placeholder: 'CreatedDate DESC',
				description: 'A field API name, optionally followed by ASC or DESC',
			},
		],
	},
];

/** Queries records of one object with conditions built safely; one query per input item, pages followed. */
export const execute: Operation = perItem(async function (i, client) {
	const out: INodeExecutionData[] = [];
	const object = objectName(this, i);
	const chosen = (this.getNodeParameter('fieldsToReturn', i, []) as string[]).map(String);
	const raw = (this.getNodeParameter('conditions', i, {}) as { condition?: IDataObject[] }).condition ?? [];
	const options = this.getNodeParameter('queryOptions', i, {}) as IDataObject;
	const sort = String(options.sortBy ?? '').trim();
	// Names, operators, sort, combine and limit are checked before the describe call: a hostile value costs no call.
	const names = [...chosen, ...raw.map((c) => String(c.field ?? '').trim()), ...[sort.split(/\s+/)[0]].filter(Boolean)];
	const badName = names.find((name) => !isFieldPath(name));
	if (badName !== undefined)
		throw new SalesforceInputError(`Field "${badName}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Fields' });
	for (const c of raw) {
		if (!OPERATORS[String(c.operator ?? 'equal')])
			throw new SalesforceInputError(`Operator "${String(c.operator)}" is not allowed`, { itemIndex: i, field: 'Conditions' });
	}
	if (sort && !/^\S+(?:\s+(?:ASC|DESC))?$/i.test(sort)) {
		throw new SalesforceInputError(`Sort By "${sort}" must be a field name, optionally followed by ASC or DESC`, {
			itemIndex: i,
			field: 'Sort By',
		});
	}
	const combine = options.combine ?? 'AND';
	if (combine !== 'AND' && combine !== 'OR')
		throw new SalesforceInputError(`Combine Conditions "${String(combine)}" is not AND or OR`, {
			itemIndex: i,
			field: 'Combine Conditions',
		});
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : intParam(this, i, 'limit', 'Limit', 50);
	const describe = await describeObject(client, object);
	const types = fieldMap(describe);
	const fields = chosen.length ? chosen : (toolKeyFields(this, object) ?? readableFieldNames(describe));
	const conditions: SoqlCondition[] = raw.map((c) => {
		const field = String(c.field ?? '').trim();
		const described = types.get(field.toLowerCase());
		if (!described && !field.includes('.')) {
			throw new SalesforceInputError(`Condition field "${field}" does not exist on ${object}`, { itemIndex: i, field: 'Conditions' });
		}
		return { field, operator: OPERATORS[String(c.operator ?? 'equal')], value: c.value, type: described?.type };
	});
	const [sortField, sortDir] = sort.split(/\s+/);
	const soql = buildSoql({
		object,
		fields,
		conditions,
		combine,
		orderBy: sortField ? [{ field: sortField, direction: /^desc$/i.test(sortDir ?? '') ? 'DESC' : 'ASC' }] : undefined,
		limit,
	});
	for await (const page of queryPages(client, soql, { includeDeleted: Boolean(options.includeDeleted) })) {
		for (const record of page.records) out.push({ json: stripAttributes(record) as IDataObject, pairedItem: { item: i } });
	}
	return out;
});
