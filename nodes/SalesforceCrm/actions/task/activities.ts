import type { IDataObject } from 'n8n-workflow';

import { createRecords, updateRecords } from '../../../shared/services/records';
import { userToday } from '../../../shared/services/today';
import { prepareItems, writeResults } from '../common';
import { recordIdParam, writeOptions, BATCH_OPTIONS } from '../params';
import type { OperationModule } from '../types';
import { recordLocator } from '../record/fields';
import { whoWhat, whoWhatIds } from './activityFields';

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
				{
					displayName: 'Call Date',
					name: 'activityDate',
					type: 'dateTime',
					default: '',
					description: "Defaults to today in the Salesforce user's time zone",
				},
				{
					displayName: 'Call Result',
					name: 'callDisposition',
					type: 'string',
					default: '',
					description: 'The outcome, e.g. Left voicemail',
				},
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
			Object.assign(fields, whoWhatIds(this, i));
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
		const prepared = prepareItems(this, (i) => ({
			object: 'Task',
			id: recordIdParam(this, i, 'taskId', 'Task'),
			fields: { Status: 'Completed' } as IDataObject,
		}));
		const results = await updateRecords(
			client,
			prepared.filter((p) => p.input).map((p) => p.input!),
			writeOptions(this),
		);
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true, status: 'Completed' }));
	},
};
