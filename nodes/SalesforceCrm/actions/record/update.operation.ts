import type { INodeProperties } from 'n8n-workflow';

import { updateRecords } from '../../../shared/services/records';
import { prepareItems, writeRecords, writeResults } from '../common';
import type { Operation } from '../types';
import { RECORD_WRITE_OPTIONS, fieldsParam, objectName, recordIdParam, writeOptions } from '../params';
import { additionalFieldsJson, fieldsMapper, objectLocator, recordLocator } from './fields';

/** All or None, Batch Size and Use Bulk API From are read by writeRecords / writeOptions. */
export const options = RECORD_WRITE_OPTIONS;

export const description: INodeProperties[] = [
	objectLocator(['update']),
	recordLocator(['update']),
	fieldsMapper('update', 'getUpdateFields', 'update'),
	additionalFieldsJson(['update']),
];

/** Updates one record per item, up to 200 per sObject Collections call. */
export const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => {
		const fields = fieldsParam(this, i);
		delete fields.Id;
		delete fields.id;
		return { object: objectName(this, i), id: recordIdParam(this, i), fields };
	});
	const valid = prepared.filter((p) => p.input);
	const inputs = valid.map((p) => p.input!);
	const results = await writeRecords(
		this,
		client,
		'update',
		valid.map((p) => ({ ...p.input!, index: p.index })),
		async () => updateRecords(client, inputs, writeOptions(this)),
	);
	return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, errors: [] }));
};
