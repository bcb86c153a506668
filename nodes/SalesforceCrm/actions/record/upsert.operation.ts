import type { INodeProperties } from 'n8n-workflow';

import { isApiName } from '../../../shared/services/ids';
import { groupBy } from '../../../shared/services/group';
import { upsertRecords } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeRecords, writeResults } from '../common';
import type { Operation } from '../types';
import { RECORD_WRITE_OPTIONS, bulkThresholdOption, fieldsParam, nodeParam, objectName, writeOptions } from '../params';
import { OBJECT_RESOURCES } from './objects';
import { additionalFieldsJson, fieldsMapper, objectLocator, showFor } from './fields';

const UPSERT_RESOURCES = OBJECT_RESOURCES.filter((r) => r.upsert).map((r) => r.value);

/** All or None, Batch Size and Use Bulk API From are read by writeRecords / writeOptions. */
export const options = RECORD_WRITE_OPTIONS;

export const description: INodeProperties[] = [
	objectLocator(['upsert']),
	{
		displayName: 'External ID Field Name or ID',
		name: 'externalIdField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExternalIdFields', loadOptionsDependsOn: ['sobject.value', 'resource'] },
		default: '',
		required: true,
		description:
			'The external-ID field that identifies the record: a record with this value is updated, otherwise one is created. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: showFor(['upsert'], UPSERT_RESOURCES),
	},
	fieldsMapper('upsert', 'getUpsertFields', 'add'),
	additionalFieldsJson(['upsert']),
];

/** Creates or updates by external id, up to 200 per call (grouped by object and external-id field). */
export const execute: Operation = async function (client) {
	// The node-wide options are checked first, also when no item is valid (the writes below run per group).
	const options = writeOptions(this);
	bulkThresholdOption(this);
	const prepared = prepareItems(this, (i) => {
		const object = objectName(this, i);
		const externalIdField = String(nodeParam(this, 'externalIdField', i, '')).trim();
		if (!isApiName(externalIdField)) {
			throw new SalesforceInputError(`External ID field "${externalIdField}" is not a valid field name`, {
				itemIndex: i,
				field: 'External ID Field',
			});
		}
		const fields = fieldsParam(this, i);
		const value = fields[externalIdField];
		if (value === undefined || value === null || value === '') {
			throw new SalesforceInputError(`The external id field ${externalIdField} has no value`, { itemIndex: i, field: externalIdField });
		}
		delete fields.Id;
		return { object, externalIdField, fields };
	});
	// One call serves one object and one external-id field: group, then put the results back in item order.
	const groups = groupBy(
		prepared.filter((p) => p.input),
		(p) => `${p.input!.object}\u0000${p.input!.externalIdField}`,
	);
	const byIndex = new Map<number, Awaited<ReturnType<typeof upsertRecords>>[number]>();
	for (const group of groups.values()) {
		const { object, externalIdField } = group[0].input!;
		const results = await writeRecords(
			this,
			client,
			'upsert',
			group.map((p) => ({ object, fields: p.input!.fields, index: p.index })),
			async () =>
				upsertRecords(
					client,
					object,
					externalIdField,
					group.map((p) => p.input!.fields),
					options,
				),
			externalIdField,
		);
		group.forEach((p, n) => byIndex.set(p.index, results[n]));
	}
	const ordered = prepared.filter((p) => p.input).map((p) => byIndex.get(p.index)!);
	return writeResults(this, prepared, ordered, (r) => ({ id: r.id, success: true, created: r.created ?? false, errors: [] }));
};
