import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { closedStage, stageFlags } from '../../../shared/services/opportunities';
import { updateRecords } from '../../../shared/services/records';
import { userToday } from '../../../shared/services/today';
import { isApiName } from '../../../shared/services/ids';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, rejectItem, writeResults } from '../common';
import { BATCH_OPTIONS, recordIdParam, writeOptions } from '../params';
import type { Operation, OperationModule } from '../types';
import { recordLocator } from '../record/fields';

const show = { show: { resource: ['opportunity'], operation: ['close'] } };

const description: INodeProperties[] = [
	recordLocator(['close'], ['opportunity'], 'opportunityId', 'Opportunity'),
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		options: [
			{ name: 'Won', value: 'won' },
			{ name: 'Lost', value: 'lost' },
		],
		default: 'won',
		displayOptions: show,
	},
	{
		displayName: 'Close Options',
		name: 'closeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Amount', name: 'amount', type: 'number', default: 0, description: 'Final amount' },
			{
				displayName: 'Close Date',
				name: 'closeDate',
				type: 'dateTime',
				default: '',
				description: "Defaults to today in the Salesforce user's time zone",
			},
			// Shown only for Outcome = Lost ('/' points at the node's top-level parameter from inside the collection).
			{
				displayName: 'Loss Reason',
				name: 'lossReason',
				type: 'string',
				default: '',
				description: 'Why it was lost',
				displayOptions: { show: { '/outcome': ['lost'] } },
			},
			{
				displayName: 'Loss Reason Field',
				name: 'lossReasonField',
				type: 'string',
				default: 'Loss_Reason__c',
				description: 'API name of the field that stores the loss reason in your org',
				displayOptions: { show: { '/outcome': ['lost'] } },
			},
			{
				displayName: 'Stage',
				name: 'stageName',
				type: 'string',
				default: '',
				description: 'A specific closed stage; by default the first active closed-won or closed-lost stage of the org',
			},
		],
	},
];

/** The close date as written (YYYY-MM-DD…), or undefined when empty: then today in the user's time zone. */
function dateOnly(value: unknown, i: number): string | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const date = new Date(text);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
		throw new SalesforceInputError(`Close Date "${text}" is not a date (YYYY-MM-DD)`, { itemIndex: i, field: 'Close Date' });
	}
	return text.slice(0, 10);
}

/** Closes opportunities as won or lost: the stage comes from the org's OpportunityStage; 200 per update call. */
const execute: Operation = async function (client) {
	const prepared = prepareItems(this, (i) => {
		const options = this.getNodeParameter('closeOptions', i, {}) as IDataObject;
		const won = this.getNodeParameter('outcome', i) === 'won';
		const fields: IDataObject = { CloseDate: dateOnly(options.closeDate, i) };
		if (options.stageName) fields.StageName = String(options.stageName);
		if (options.amount !== undefined && options.amount !== '') fields.Amount = Number(options.amount);
		if (!won && options.lossReason) {
			const field = String(options.lossReasonField || 'Loss_Reason__c');
			if (!isApiName(field))
				throw new SalesforceInputError(`Loss Reason Field "${field}" is not a valid field name`, {
					itemIndex: i,
					field: 'Loss Reason Field',
				});
			fields[field] = String(options.lossReason);
		}
		return { object: 'Opportunity', id: recordIdParam(this, i, 'opportunityId', 'Opportunity'), fields, won };
	});
	// A stage the user named must be a closed stage of the chosen outcome: checked in one query before any write.
	const named = prepared.filter((p) => p.input?.fields.StageName).map((p) => String(p.input!.fields.StageName));
	if (named.length) {
		const flags = await stageFlags(client, named);
		for (const p of prepared) {
			const stage = p.input?.fields.StageName as string | undefined;
			if (!p.input || !stage) continue;
			const f = flags.get(stage);
			const problem = !f
				? `Stage "${stage}" does not exist`
				: !f.closed
					? `Stage "${stage}" is not a closed stage`
					: f.won !== p.input.won
						? `Stage "${stage}" is a closed-${f.won ? 'won' : 'lost'} stage, but the outcome is ${p.input.won ? 'Won' : 'Lost'}`
						: '';
			if (problem) rejectItem(this, p, 'INVALID_STAGE', problem, 'StageName');
		}
	}
	const stages = new Map<boolean, string>();
	for (const p of prepared) {
		if (!p.input || p.input.fields.StageName) continue;
		if (!stages.has(p.input.won)) stages.set(p.input.won, await closedStage(client, p.input.won));
		p.input.fields.StageName = stages.get(p.input.won)!;
	}
	const inputs = prepared.filter((p) => p.input).map((p) => p.input!);
	for (const input of inputs) input.fields.CloseDate ??= await userToday(client);
	const results = await updateRecords(client, inputs, writeOptions(this));
	return writeResults(this, prepared, results, (r, i) => {
		const input = prepared[i].input!;
		return { id: r.id, success: true, stageName: input.fields.StageName, won: input.won, closeDate: input.fields.CloseDate };
	});
};

export const close: OperationModule = { description, execute, options: BATCH_OPTIONS };
