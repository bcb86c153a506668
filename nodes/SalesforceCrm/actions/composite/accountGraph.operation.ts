import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isApiName } from '../../../shared/services/ids';
import { GRAPH_LIMITS, normaliseGraph } from '../../../shared/services/graph';
import type { SalesforceClient } from '../../../shared/transport/client';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems } from '../common';
import { jsonParam } from '../params';
import type { OperationModule } from '../types';
import { runGraphs } from './graphs';

const show = { show: { resource: ['composite'], operation: ['createAccountGraph'] } };

function fieldsOf(ctx: IExecuteFunctions, i: number, name: string, label: string, required: boolean): IDataObject | undefined {
	const value = jsonParam(ctx, i, name, label, undefined);
	if ((value === undefined || value === null || value === '') && !required) return undefined;
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw new SalesforceInputError(`${label} must be a JSON object such as {"Name": "Acme"}`, { itemIndex: i, field: label });
	return checked(value as IDataObject, i, label);
}

function checked(fields: IDataObject, i: number, label: string): IDataObject {
	for (const key of Object.keys(fields)) {
		if (!isApiName(key))
			throw new SalesforceInputError(`${label}: field "${key}" is not a valid Salesforce API name`, { itemIndex: i, field: label });
	}
	return fields;
}

/** One graph: the account, its contacts and an opportunity, the children pointing at @{account.id}. */
function accountGraph(ctx: IExecuteFunctions, client: SalesforceClient, i: number) {
	const account = fieldsOf(ctx, i, 'graphAccount', 'Account Fields (JSON)', true)!;
	const rawContacts = jsonParam(ctx, i, 'graphContacts', 'Contacts (JSON)', undefined);
	const list =
		rawContacts === undefined || rawContacts === null || rawContacts === '' ? [] : Array.isArray(rawContacts) ? rawContacts : [rawContacts];
	const contacts = list.map((c, n) => {
		if (!c || typeof c !== 'object' || Array.isArray(c))
			throw new SalesforceInputError(`Contacts (JSON) entry ${n} must be a JSON object such as {"LastName": "Doe"}`, {
				itemIndex: i,
				field: 'Contacts (JSON)',
			});
		return checked(c as IDataObject, i, 'Contacts (JSON)');
	});
	const opportunity = fieldsOf(ctx, i, 'graphOpportunity', 'Opportunity Fields (JSON)', false);
	const max = GRAPH_LIMITS.nodesPerCall - 1 - (opportunity ? 1 : 0);
	if (contacts.length > max)
		throw new SalesforceInputError(`At most ${max} contacts fit in one graph; got ${contacts.length}`, {
			itemIndex: i,
			field: 'Contacts (JSON)',
		});
	const link = { AccountId: '@{account.id}' };
	const nodes = [
		{ method: 'POST', url: '/sobjects/Account', referenceId: 'account', body: account },
		...contacts.map((c, n) => ({ method: 'POST', url: '/sobjects/Contact', referenceId: `contact${n}`, body: { ...c, ...link } })),
		...(opportunity
			? [{ method: 'POST', url: '/sobjects/Opportunity', referenceId: 'opportunity', body: { ...opportunity, ...link } }]
			: []),
	];
	return normaliseGraph(client, { graphId: `item${i}`, compositeRequest: nodes }, i, `item${i}`);
}

/**
 * Composite → Create Account With Contacts and Opportunity: per item one graph (account, its contacts, optionally an
 * opportunity, written all or none), up to 75 items a call (500 nodes).
 */
export const createAccountGraph: OperationModule = {
	description: [
		{
			displayName: 'Account Fields (JSON)',
			name: 'graphAccount',
			type: 'json',
			default: '={{ $json.account }}',
			required: true,
			description: 'The account\'s fields, e.g. {"Name": "Acme", "Industry": "Energy"}',
			displayOptions: show,
		},
		{
			displayName: 'Contacts (JSON)',
			name: 'graphContacts',
			type: 'json',
			default: '={{ $json.contacts }}',
			description:
				'A list of contacts for the account, e.g. [{"LastName": "Doe", "Email": "doe@acme.com"}]; their AccountId is set for you',
			displayOptions: show,
		},
		{
			displayName: 'Opportunity Fields (JSON)',
			name: 'graphOpportunity',
			type: 'json',
			default: '={{ $json.opportunity }}',
			description:
				'Optional: an opportunity for the account, e.g. {"Name": "Acme renewal", "StageName": "Prospecting", "CloseDate": "2026-12-31"}',
			displayOptions: show,
		},
	],
	async execute(client) {
		const prepared = prepareItems(this, (i) => [accountGraph(this, client, i)]);
		return await runGraphs(this, client, prepared, (result) => {
			const ids = new Map(result.responses.map((r) => [r.referenceId, (r.body as IDataObject | null)?.id]));
			const contactIds = result.responses.filter((r) => r.referenceId.startsWith('contact')).map((r) => String((r.body as IDataObject).id));
			return {
				success: true,
				accountId: ids.get('account'),
				contactIds,
				...(ids.has('opportunity') ? { opportunityId: ids.get('opportunity') } : {}),
			};
		});
	},
};
