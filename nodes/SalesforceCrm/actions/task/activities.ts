import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { createRecords, updateRecords } from '../../../shared/services/records';
import { userToday } from '../../../shared/services/today';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeResults } from '../common';
import { recordIdParam, validId, writeOptions, BATCH_OPTIONS } from '../params';
import type { OperationModule } from '../registry';
import { recordLocator } from '../record/fields';

const idOrEmpty = (value: unknown, i: number, label: string) => (String(value ?? '').trim() ? validId(value, i, label) : undefined);

function isoDateTime(value: unknown, i: number, label: string): string {
	const text = String(value ?? '').trim();
	const date = new Date(text);
	if (!text || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
		throw new SalesforceInputError(`${label} "${text}" is not an ISO 8601 date-time such as 2026-12-01T15:00:00Z`, { itemIndex: i, field: label });
	}
	return date.toISOString();
}

const whoWhat = (resource: string, operation: string): INodeProperties[] => [
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

const logCallShow = { show: { resource: ['task'], operation: ['logCall'] } };

/** Task → Log Call: a completed Task with TaskSubtype Call, one per item, 200 per call. */
export const logCall: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{ displayName: 'Subject', name: 'subject', type: 'string', default: 'Call', displayOptions: logCallShow },
		...whoWhat('task', 'logCall'),
		{
			displayName: 'Call Details',
			name: 'callDetails',
			type: 'collection',
			placeholder: 'Add Detail',
			default: {},
			displayOptions: logCallShow,
			options: [
				{ displayName: 'Call Date', name: 'activityDate', type: 'dateTime', default: '', description: "Defaults to today in the Salesforce user's time zone" },
				{ displayName: 'Call Result', name: 'callDisposition', type: 'string', default: '', description: 'The outcome, e.g. Left voicemail' },
				{
					displayName: 'Call Type',
					name: 'callType',
					type: 'options',
					options: [
						{ name: 'Inbound', value: 'Inbound' },
						{ name: 'Internal', value: 'Internal' },
						{ name: 'Outbound', value: 'Outbound' },
					],
					default: 'Outbound',
				},
				{ displayName: 'Comments', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
				{ displayName: 'Duration (Seconds)', name: 'durationSeconds', type: 'number', typeOptions: { minValue: 0 }, default: 0 },
			],
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => {
			const details = this.getNodeParameter('callDetails', i, {}) as IDataObject;
			const fields: IDataObject = {
				Subject: String(this.getNodeParameter('subject', i, 'Call') || 'Call'),
				TaskSubtype: 'Call',
				Status: 'Completed',
				CallType: details.callType ?? 'Outbound',
				...(details.activityDate ? { ActivityDate: String(details.activityDate).slice(0, 10) } : {}),
			};
			const who = idOrEmpty(this.getNodeParameter('whoId', i, ''), i, 'Who ID');
			const what = idOrEmpty(this.getNodeParameter('whatId', i, ''), i, 'What ID');
			if (who) fields.WhoId = who;
			if (what) fields.WhatId = what;
			if (details.callDisposition) fields.CallDisposition = String(details.callDisposition);
			if (details.description) fields.Description = String(details.description);
			if (details.durationSeconds) fields.CallDurationInSeconds = Number(details.durationSeconds);
			return { object: 'Task', fields };
		});
		const inputs = prepared.filter((p) => p.input).map((p) => p.input!);
		for (const input of inputs) input.fields.ActivityDate ??= await userToday(client);
		const results = await createRecords(client, inputs, writeOptions(this));
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true }));
	},
};

/** Task → Complete: sets Status Completed, 200 per call. */
export const complete: OperationModule = {
	options: BATCH_OPTIONS,
	description: [recordLocator(['complete'], ['task'], 'taskId', 'Task')],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => ({ object: 'Task', id: recordIdParam(this, i, 'taskId', 'Task'), fields: { Status: 'Completed' } as IDataObject }));
		const results = await updateRecords(client, prepared.filter((p) => p.input).map((p) => p.input!), writeOptions(this));
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, status: 'Completed' }));
	},
};

const scheduleShow = { show: { resource: ['event'], operation: ['schedule'] } };

/** Event → Schedule: start and end validated (end after start) before any call. */
export const schedule: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{ displayName: 'Subject', name: 'subject', type: 'string', default: 'Meeting', displayOptions: scheduleShow },
		{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', required: true, description: 'ISO 8601 start, e.g. 2026-12-01T15:00:00Z', displayOptions: scheduleShow },
		{ displayName: 'End', name: 'end', type: 'dateTime', default: '', required: true, description: 'ISO 8601 end, after the start', displayOptions: scheduleShow },
		...whoWhat('event', 'schedule'),
		{
			displayName: 'Event Details',
			name: 'eventDetails',
			type: 'collection',
			placeholder: 'Add Detail',
			default: {},
			displayOptions: scheduleShow,
			options: [
				{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
				{ displayName: 'Location', name: 'location', type: 'string', default: '' },
				{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '' },
			],
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => {
			const start = isoDateTime(this.getNodeParameter('start', i, ''), i, 'Start');
			const end = isoDateTime(this.getNodeParameter('end', i, ''), i, 'End');
			if (Date.parse(end) <= Date.parse(start)) {
				throw new SalesforceInputError(`End (${end}) must be after Start (${start})`, { itemIndex: i, field: 'End' });
			}
			const details = this.getNodeParameter('eventDetails', i, {}) as IDataObject;
			const fields: IDataObject = { Subject: String(this.getNodeParameter('subject', i, 'Meeting') || 'Meeting'), StartDateTime: start, EndDateTime: end };
			const who = idOrEmpty(this.getNodeParameter('whoId', i, ''), i, 'Who ID');
			const what = idOrEmpty(this.getNodeParameter('whatId', i, ''), i, 'What ID');
			if (who) fields.WhoId = who;
			if (what) fields.WhatId = what;
			if (details.location) fields.Location = String(details.location);
			if (details.description) fields.Description = String(details.description);
			if (details.ownerId) fields.OwnerId = validId(details.ownerId, i, 'Owner ID');
			return { object: 'Event', fields };
		});
		const results = await createRecords(client, prepared.filter((p) => p.input).map((p) => p.input!), writeOptions(this));
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true }));
	},
};
