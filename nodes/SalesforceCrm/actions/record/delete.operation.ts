import type { INodeProperties } from 'n8n-workflow';

import { deleteRecords } from '../../services/records';
import { type Operation, prepareItems, recordIdParam, writeOptions, writeResults } from '../common';
import { objectLocator, recordLocator } from './fields';

export const description: INodeProperties[] = [objectLocator(['delete']), recordLocator(['delete'])];

/** Deletes (to the recycle bin) one record per item, up to 200 per call. Destructive. */
export const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => recordIdParam(this, i));
	const ids = prepared.filter((p) => p.input).map((p) => p.input!);
	const results = await deleteRecords(client, ids, writeOptions(this));
	return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, deleted: true, errors: [] }));
};
