import type { IDataObject } from 'n8n-workflow';

import { perItem } from '../common';
import type { OperationModule } from '../types';

/** Org → Limits: the org's API and storage limits (GET /limits). */
export const limits: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		return [{ json: await client.request<IDataObject>('GET', '/limits'), pairedItem: { item: i } }];
	}),
};
