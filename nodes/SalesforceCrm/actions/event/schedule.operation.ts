import type { IDataObject } from 'n8n-workflow';

import { createRecords } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeResults } from '../common';
import { validId, writeOptions, BATCH_OPTIONS } from '../params';
import type { OperationModule } from '../types';
import { isoDateTime, whoWhat, whoWhatIds } from '../task/activityFields';

const scheduleShow = { show: { resource: ['event'], operation: ['schedule'] } };

/** Event → Schedule: start and end validated (end after start) before any call. */
export const schedule: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{ displayName: 'Subject', name: 'subject', type: 'string', default: 'Meeting', displayOptions: scheduleShow },
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'ISO 8601 start, e.g. 2026-12-01T15:00:00Z',
			displayOptions: scheduleShow,
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'ISO 8601 end, after the start',
			displayOptions: scheduleShow,
		},
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
			const fields: IDataObject = {
				Subject: String(this.getNodeParameter('subject', i, 'Meeting') || 'Meeting'),
				StartDateTime: start,
				EndDateTime: end,
			};
			Object.assign(fields, whoWhatIds(this, i));
			if (details.location) fields.Location = String(details.location);
			if (details.description) fields.Description = String(details.description);
			if (details.ownerId) fields.OwnerId = validId(details.ownerId, i, 'Owner ID');
			return { object: 'Event', fields };
		});
		const results = await createRecords(
			client,
			prepared.filter((p) => p.input).map((p) => p.input!),
			writeOptions(this),
		);
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true }));
	},
};
