import type { IDataObject } from 'n8n-workflow';

import { queryAll } from '../../../shared/services/query';
import { deleteRecords, stripAttributes } from '../../../shared/services/records';
import { soqlString } from '../../../shared/services/soql';
import { perItem, prepareItems, rejectItem, writeResults } from '../common';
import { BATCH_OPTIONS, validId, writeOptions } from '../params';
import type { OperationModule } from '../types';

const removeShow = { show: { resource: ['campaign'], operation: ['removeMember'] } };

/** Campaign → Remove Member: the campaign member of a contact or lead, found in one query, deleted 200 per call. */
export const removeMember: OperationModule = {
	options: BATCH_OPTIONS,
	description: [
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '701XXXXXXXXXXXXXXX',
			displayOptions: removeShow,
		},
		{
			displayName: 'Contact or Lead ID',
			name: 'memberId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '003XXXXXXXXXXXXXXX',
			description: 'The contact or lead to take off the campaign',
			displayOptions: removeShow,
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => ({
			campaignId: validId(this.getNodeParameter('campaignId', i, ''), i, 'Campaign ID'),
			memberId: validId(this.getNodeParameter('memberId', i, ''), i, 'Contact or Lead ID'),
			rowId: '',
		}));
		const valid = prepared.filter((p) => p.input).map((p) => p.input!);
		const rows: IDataObject[] = [];
		for (let k = 0; k < valid.length; k += 200) {
			const chunk = valid.slice(k, k + 200);
			const campaigns = [...new Set(chunk.map((v) => v.campaignId))].map(soqlString).join(', ');
			const members = [...new Set(chunk.map((v) => v.memberId))].map(soqlString).join(', ');
			const soql = `SELECT Id, CampaignId, ContactId, LeadId FROM CampaignMember WHERE CampaignId IN (${campaigns}) AND (ContactId IN (${members}) OR LeadId IN (${members}))`;
			rows.push(...(await queryAll(client, soql)).records);
		}
		for (const p of prepared) {
			if (!p.input) continue;
			const { campaignId, memberId } = p.input;
			const row = rows.find((r) => r.CampaignId === campaignId && (r.ContactId === memberId || r.LeadId === memberId));
			if (row) p.input.rowId = String(row.Id);
			else rejectItem(this, p, 'NOT_FOUND', `${memberId} is not a member of campaign ${campaignId}`, 'Contact or Lead ID');
		}
		const results = await deleteRecords(
			client,
			prepared.filter((p) => p.input).map((p) => p.input!.rowId),
			writeOptions(this),
		);
		return writeResults(this, prepared, results, (r, i) => {
			const input = prepared[i].input!;
			return { success: true, campaignMemberId: r.id ?? input.rowId, campaignId: input.campaignId, memberId: input.memberId };
		});
	},
};

const statusShow = { show: { resource: ['campaign'], operation: ['getMemberStatuses'] } };

/** Campaign → Get Member Statuses: the campaign's own CampaignMemberStatus values (label, default, responded). */
export const getMemberStatuses: OperationModule = {
	description: [
		{
			displayName: 'Campaign ID',
			name: 'statusCampaignId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '701XXXXXXXXXXXXXXX',
			displayOptions: statusShow,
		},
	],
	execute: perItem(async function (i, client) {
		const campaignId = validId(this.getNodeParameter('statusCampaignId', i, ''), i, 'Campaign ID');
		const { records } = await queryAll(client, memberStatusSoql(campaignId));
		return records.map((r) => ({ json: stripAttributes(r) as IDataObject, pairedItem: { item: i } }));
	}),
};

/** SOQL for a campaign's member statuses; the id must already be validated. */
export function memberStatusSoql(campaignId: string): string {
	return `SELECT Id, Label, IsDefault, HasResponded, SortOrder FROM CampaignMemberStatus WHERE CampaignId = ${soqlString(campaignId)} ORDER BY SortOrder`;
}
