import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { convertLeads, defaultConvertedStatus, type LeadConvertInput } from '../../../shared/services/leads';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeResults } from '../common';
import { recordIdParam, validId } from '../params';
import type { Operation, OperationModule } from '../types';

const show = { show: { resource: ['lead'], operation: ['convert'] } };

const description: INodeProperties[] = [
	{
		displayName: 'Lead',
		name: 'leadId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The lead to convert. Like every n8n node this one runs once per input item: with several items, map the lead from each item with an expression. The same lead twice in one run is refused before any call, since a lead converts only once.',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchRecords', searchable: true } },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://yourcompany.lightning.force.com/lightning/r/Lead/00Q.../view',
			},
			{ displayName: 'ID', name: 'id', type: 'string', placeholder: '00QXXXXXXXXXXXXXXX' },
		],
		displayOptions: show,
	},
	{
		displayName: 'Converted Status Name or ID',
		name: 'convertedStatus',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConvertedStatuses' },
		default: '',
		description:
			'Lead status to set on conversion (one marked Converted); empty uses the org\'s first converted status. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: show,
	},
	{
		displayName: 'Create Opportunity',
		name: 'createOpportunity',
		type: 'boolean',
		default: true,
		description: 'Whether to create an opportunity from the lead',
		displayOptions: show,
	},
	{
		displayName: 'Opportunity Name',
		name: 'opportunityName',
		type: 'string',
		default: '',
		description: "Name of the new opportunity; empty uses the lead's company",
		displayOptions: { show: { ...show.show, createOpportunity: [true] } },
	},
	{
		displayName: 'Convert Options',
		name: 'convertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Existing Account ID',
				name: 'accountId',
				type: 'string',
				default: '',
				description: 'Merge into this account instead of creating one',
			},
			{
				displayName: 'Existing Contact ID',
				name: 'contactId',
				type: 'string',
				default: '',
				description: 'Merge into this contact instead of creating one (needs the account too)',
			},
			{
				displayName: 'Overwrite Lead Source',
				name: 'overwriteLeadSource',
				type: 'boolean',
				default: false,
				description: "Whether to overwrite the contact's lead source with the lead's",
			},
			{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '', description: 'User who owns the new records' },
			{
				displayName: 'Send Notification Email',
				name: 'sendNotificationEmail',
				type: 'boolean',
				default: false,
				description: 'Whether to email the new owner',
			},
		],
	},
];

/** Converts one lead per item through SOAP convertLead, 100 a call; returns the new ids per lead. */
const execute: Operation = async function (client) {
	const firstItemOf = new Map<string, number>();
	const prepared = prepareItems(this, (i) => {
		const leadId = recordIdParam(this, i, 'leadId', 'Lead');
		const earlier = firstItemOf.get(leadId);
		if (earlier !== undefined) {
			throw new SalesforceInputError(
				`Lead ${leadId} is converted by item ${earlier} already: the node runs once per input item, and a lead converts only once. Take the lead from each item (e.g. {{ $json.id }}), or turn on Settings → Execute Once`,
				{ itemIndex: i, field: 'Lead' },
			);
		}
		firstItemOf.set(leadId, i);
		const options = this.getNodeParameter('convertOptions', i, {}) as IDataObject;
		const createOpportunity = this.getNodeParameter('createOpportunity', i, true) as boolean;
		const input: LeadConvertInput = {
			leadId,
			convertedStatus: String(this.getNodeParameter('convertedStatus', i, '') ?? '').trim(),
			doNotCreateOpportunity: !createOpportunity,
			opportunityName: createOpportunity ? String(this.getNodeParameter('opportunityName', i, '') ?? '') || undefined : undefined,
			accountId: options.accountId ? validId(options.accountId, i, 'Existing Account ID') : undefined,
			contactId: options.contactId ? validId(options.contactId, i, 'Existing Contact ID') : undefined,
			ownerId: options.ownerId ? validId(options.ownerId, i, 'Owner ID') : undefined,
			overwriteLeadSource: Boolean(options.overwriteLeadSource),
			sendNotificationEmail: Boolean(options.sendNotificationEmail),
		};
		if (input.contactId && !input.accountId) {
			// Salesforce merges into a contact only together with its account (LeadConvert.contactId).
			throw new SalesforceInputError('Existing Contact ID needs the Existing Account ID of that contact too', {
				itemIndex: i,
				field: 'Existing Account ID',
			});
		}
		return input;
	});
	const inputs = prepared.filter((p) => p.input).map((p) => p.input!);
	if (inputs.some((c) => !c.convertedStatus)) {
		const status = await defaultConvertedStatus(client);
		for (const c of inputs) c.convertedStatus ||= status;
	}
	// The session id is the access token of whichever credential the node uses (OAuth2 or JWT).
	const sessionId = async () => await client.accessToken();
	const results = await convertLeads(client, inputs, sessionId);
	return writeResults(this, prepared, results, (r) => {
		const c = r as (typeof results)[number];
		return { leadId: c.leadId, accountId: c.accountId, contactId: c.contactId, opportunityId: c.opportunityId ?? null, success: true };
	});
};

export const convert: OperationModule = { description, execute };
