import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { objectName } from '../params';
import type { OperationModule } from '../types';
import { objectLocator } from './fields';
import { OBJECT_RESOURCE_VALUES } from './objects';

/** Salesforce reads the window to the minute; seconds and offsets are sent as written in UTC. */
function windowParam(value: unknown, i: number, label: string, fallbackNow: boolean): string {
	const text = String(value ?? '').trim();
	if (!text && fallbackNow) return new Date(Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const ms = Date.parse(text);
	if (!text || Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
		throw new SalesforceInputError(`${label} "${text}" is not an ISO 8601 date-time such as 2026-05-01T00:00:00Z`, {
			itemIndex: i,
			field: label,
		});
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function windowProps(operation: string): INodeProperties[] {
	const show = { show: { resource: OBJECT_RESOURCE_VALUES, operation: [operation] } };
	return [
		{
			displayName: 'Start',
			name: 'windowStart',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Start of the window (within the last 30 days; Salesforce ignores the seconds)',
			displayOptions: show,
		},
		{
			displayName: 'End',
			name: 'windowEnd',
			type: 'dateTime',
			default: '',
			description: 'End of the window; empty means now',
			displayOptions: show,
		},
	];
}

function readWindow(this: IExecuteFunctions, i: number) {
	const start = windowParam(this.getNodeParameter('windowStart', i, ''), i, 'Start', false);
	const end = windowParam(this.getNodeParameter('windowEnd', i, ''), i, 'End', true);
	if (Date.parse(end) < Date.parse(start))
		throw new SalesforceInputError(`End (${end}) is before Start (${start})`, { itemIndex: i, field: 'End' });
	return { start, end };
}

/** Record → Get Updated: ids of records created or changed in a time window (/sobjects/{T}/updated). */
export const getUpdated: OperationModule = {
	// The Record resource's object picker, shown once for both operations.
	description: [objectLocator(['getUpdated', 'getDeleted']), ...windowProps('getUpdated')],
	execute: perItem(async function (i, client) {
		const object = objectName(this, i);
		const qs = readWindow.call(this, i);
		const body = await client.request<{ ids: string[]; latestDateCovered: string }>(
			'GET',
			`/sobjects/${encodeURIComponent(object)}/updated`,
			{ qs },
		);
		return (body.ids ?? []).map((id) => ({ json: { id, object, latestDateCovered: body.latestDateCovered }, pairedItem: { item: i } }));
	}),
};

/** Record → Get Deleted: ids and deletion times of records deleted in a time window (/sobjects/{T}/deleted). */
export const getDeleted: OperationModule = {
	description: windowProps('getDeleted'),
	execute: perItem(async function (i, client) {
		const object = objectName(this, i);
		const qs = readWindow.call(this, i);
		const body = await client.request<{
			deletedRecords: Array<{ id: string; deletedDate: string }>;
			earliestDateAvailable: string;
			latestDateCovered: string;
		}>('GET', `/sobjects/${encodeURIComponent(object)}/deleted`, { qs });
		return (body.deletedRecords ?? []).map((r) => ({
			json: {
				id: r.id,
				deletedDate: r.deletedDate,
				object,
				earliestDateAvailable: body.earliestDateAvailable,
				latestDateCovered: body.latestDateCovered,
			},
			pairedItem: { item: i },
		}));
	}),
};
