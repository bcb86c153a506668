import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { describeObject, readableFieldNames } from '../../../shared/services/describe';
import { isFieldPath } from '../../../shared/services/ids';
import { groupBy } from '../../../shared/services/group';
import { getRecords, stripAttributes } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { errorItem, errorsOf, prepareItems, toNodeError } from '../common';
import type { Operation } from '../types';
import { nodeParam, objectName, recordIdParam } from '../params';
import { toolKeyFields } from '../tool';
import { objectLocator, recordLocator, showFor } from './fields';

export const description: INodeProperties[] = [
	objectLocator(['get']),
	recordLocator(['get']),
	{
		displayName: 'Field Names or IDs',
		name: 'fieldsToReturn',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['sobject.value', 'resource'] },
		default: [],
		description:
			'Fields to return; none chosen returns every field. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		// Shared with Get Many.
		displayOptions: showFor(['get', 'getMany']),
	},
];

/** Reads records by id: one sObject Collections retrieve per object per 2,000 items. */
export const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => {
		const fields = (nodeParam(this, 'fieldsToReturn', i, []) as string[]).map(String);
		for (const f of fields) {
			if (!isFieldPath(f))
				throw new SalesforceInputError(`Field "${f}" is not a valid Salesforce API name`, { itemIndex: i, field: 'Fields' });
		}
		const object = objectName(this, i);
		return { object, id: recordIdParam(this, i), fields: fields.length ? fields : (toolKeyFields(this, object) ?? []) };
	});
	const out: INodeExecutionData[] = [];
	const groups = groupBy(
		prepared.filter((p) => p.input),
		(p) => `${p.input!.object}\u0000${p.input!.fields.join(',')}`,
	);
	const found = new Map<number, INodeExecutionData>();
	for (const group of groups.values()) {
		const { object } = group[0].input!;
		let records: Array<IDataObject | null>;
		try {
			let fields = group[0].input!.fields;
			if (!fields.length) fields = readableFieldNames(await describeObject(client, object));
			records = await getRecords(
				client,
				object,
				group.map((p) => p.input!.id),
				fields,
			);
		} catch (error) {
			// A failed read (an unknown field, limits…) fails its own group; the other groups are still read.
			if (!this.continueOnFail()) throw toNodeError(this, error, group[0].index);
			for (const p of group) found.set(p.index, errorItem(p.index, errorsOf(error)));
			continue;
		}
		group.forEach((p, n) => {
			const record = records[n];
			if (record) {
				found.set(p.index, { json: stripAttributes(record) as INodeExecutionData['json'], pairedItem: { item: p.index } });
				return;
			}
			const errors = [
				{ errorCode: 'NOT_FOUND', message: `No ${object} record with id ${p.input!.id} (it does not exist or you cannot see it)` },
			];
			if (!this.continueOnFail()) throw toNodeError(this, new SalesforceInputError(errors[0].message), p.index);
			found.set(p.index, errorItem(p.index, errors));
		});
	}
	for (const p of prepared) out.push(p.error ? errorItem(p.index, p.error) : found.get(p.index)!);
	return out;
};
