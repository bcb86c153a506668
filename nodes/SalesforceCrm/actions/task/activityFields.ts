import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';
import { validId } from '../params';

/** Fields and checks shared by Task → Log Call and Event → Schedule. */

const idOrEmpty = (value: unknown, i: number, label: string) => (String(value ?? '').trim() ? validId(value, i, label) : undefined);

export function isoDateTime(value: unknown, i: number, label: string): string {
	const text = String(value ?? '').trim();
	const date = new Date(text);
	if (!text || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
		throw new SalesforceInputError(`${label} "${text}" is not an ISO 8601 date-time such as 2026-12-01T15:00:00Z`, {
			itemIndex: i,
			field: label,
		});
	}
	return date.toISOString();
}

export const whoWhat = (resource: string, operation: string): INodeProperties[] => [
	{
		displayName: 'Who ID (Contact or Lead)',
		name: 'whoId',
		type: 'string',
		default: '',
		description: 'The contact or lead this is about',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	},
	{
		displayName: 'What ID (Related Record)',
		name: 'whatId',
		type: 'string',
		default: '',
		description: 'The account, opportunity, case or other record this is about',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	},
];

/** WhoId and WhatId from the Who ID and What ID fields, each only when filled in. */
export function whoWhatIds(ctx: IExecuteFunctions, i: number): IDataObject {
	const who = idOrEmpty(ctx.getNodeParameter('whoId', i, ''), i, 'Who ID');
	const what = idOrEmpty(ctx.getNodeParameter('whatId', i, ''), i, 'What ID');
	return { ...(who ? { WhoId: who } : {}), ...(what ? { WhatId: what } : {}) };
}
