import type { INodeProperties } from 'n8n-workflow';

import { deleteRecords } from '../../../shared/services/records';
import { prepareItems, writeRecords, writeResults } from '../common';
import type { Operation } from '../types';
import { RECORD_WRITE_OPTIONS, objectName, recordIdParam, writeOptions } from '../params';
import { objectLocator, recordLocator } from './fields';

/** All or None, Batch Size and Use Bulk API From are read by writeRecords / writeOptions. */
export const options = RECORD_WRITE_OPTIONS;

export const description: INodeProperties[] = [objectLocator(['delete']), recordLocator(['delete'])];

/** Deletes (to the recycle bin) one record per item, up to 200 per call. Destructive. */
export const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => ({ object: objectName(this, i), id: recordIdParam(this, i) }));
	const valid = prepared.filter((p) => p.input);
	const results = await writeRecords(
		this,
		client,
		'delete',
		valid.map((p) => ({ ...p.input!, index: p.index })),
		async () =>
			deleteRecords(
				client,
				valid.map((p) => p.input!.id),
				writeOptions(this),
			),
	);
	return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, deleted: true, errors: [] }));
};
