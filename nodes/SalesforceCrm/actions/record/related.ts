import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createRecords } from '../../../shared/services/records';
import { prepareItems, writeResults } from '../common';
import { recordIdParam, validId, writeOptions, BATCH_OPTIONS } from '../params';
import type { Operation, OperationModule } from '../types';
import { OBJECT_RESOURCES } from './objects';
import { recordLocator } from './fields';

/** Creates one related record per item (campaign member, case comment, note), 200 per call. */
export function createRelated(build: (this: IExecuteFunctions, i: number) => { object: string; fields: IDataObject }): Operation {
	return async function (client) {
		const prepared = prepareItems(this, (i) => build.call(this, i));
		const results = await createRecords(
			client,
			prepared.filter((p) => p.input).map((p) => p.input!),
			writeOptions(this),
		);
		return writeResults(this, prepared, results, (r) => ({ id: r.id, success: true }));
	};
}

export const addToCampaign: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { resource: ['contact', 'lead'], operation: ['addToCampaign'] } },
		},
		recordLocator(['addToCampaign'], ['contact', 'lead'], 'memberId', 'Contact or Lead'),
		{
			displayName: 'Member Status Name or ID',
			name: 'memberStatus',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCampaignMemberStatuses', loadOptionsDependsOn: ['campaignId'] },
			default: '',
			description:
				'A status of this campaign (its CampaignMemberStatus values); empty uses the campaign\'s default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { resource: ['contact', 'lead'], operation: ['addToCampaign'] } },
		},
	],
	execute: createRelated(function (i) {
		const resource = this.getNodeParameter('resource', i) as string;
		const fields: IDataObject = {
			CampaignId: validId(this.getNodeParameter('campaignId', i, ''), i, 'Campaign ID'),
			[resource === 'lead' ? 'LeadId' : 'ContactId']: recordIdParam(this, i, 'memberId', resource === 'lead' ? 'Lead' : 'Contact'),
		};
		const status = String(this.getNodeParameter('memberStatus', i, '') ?? '').trim();
		if (status) fields.Status = status;
		return { object: 'CampaignMember', fields };
	}),
};

const NOTE_RESOURCES = OBJECT_RESOURCES.filter((r) => r.value !== 'user').map((r) => r.value);
const noteShow = { show: { resource: NOTE_RESOURCES, operation: ['addNote'] } };

export const addNote: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		recordLocator(['addNote'], NOTE_RESOURCES, 'recordId', 'Parent Record'),
		{ displayName: 'Title', name: 'noteTitle', type: 'string', default: '', required: true, displayOptions: noteShow },
		{ displayName: 'Body', name: 'noteBody', type: 'string', typeOptions: { rows: 4 }, default: '', displayOptions: noteShow },
	],
	execute: createRelated(function (i) {
		return {
			object: 'Note',
			fields: {
				ParentId: recordIdParam(this, i),
				Title: String(this.getNodeParameter('noteTitle', i, '')),
				Body: String(this.getNodeParameter('noteBody', i, '')),
			},
		};
	}),
};
