import type { INodeProperties } from 'n8n-workflow';

import { createRecords } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeRecords, writeResults } from '../common';
import type { Operation } from '../types';
import { RECORD_WRITE_OPTIONS, fieldsParam, objectName, writeOptions } from '../params';
import { additionalFieldsJson, fieldsMapper, objectLocator } from './fields';

/** All or None, Batch Size and Use Bulk API From are read by writeRecords / writeOptions. */
export const options = RECORD_WRITE_OPTIONS;

export const description: INodeProperties[] = [
	objectLocator(['create']),
	fieldsMapper('create', 'getCreateFields', 'add'),
	additionalFieldsJson(['create']),
];

/** Creates one record per item, up to 200 per sObject Collections call. */
export const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => {
		const fields = fieldsParam(this, i);
		if ('Id' in fields || 'id' in fields) {
			throw new SalesforceInputError('A new record cannot have an Id field: use Update or Create or Update', { itemIndex: i, field: 'Id' });
		}
		return { object: objectName(this, i), fields };
	});
	const valid = prepared.filter((p) => p.input);
	const inputs = valid.map((p) => p.input!);
	const results = await writeRecords(
		this,
		client,
		'insert',
		valid.map((p) => ({ ...p.input!, index: p.index })),
		async () => createRecords(client, inputs, writeOptions(this)),
	);
	return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, errors: [] }));
};
