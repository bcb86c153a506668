import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { describeObject, type FieldDescribe } from '../../shared/services/describe';
import { memberStatusSoql } from '../actions/campaign/members';
import { isSalesforceId, normalizeId } from '../../shared/services/ids';
import { queryAll } from '../../shared/services/query';
import { clientFor, currentObject } from './context';

async function fieldOptions(ctx: ILoadOptionsFunctions, keep: (f: FieldDescribe) => boolean): Promise<INodePropertyOptions[]> {
	const object = currentObject(ctx);
	if (!object) return [];
	const describe = await describeObject(await clientFor(ctx), object);
	return describe.fields
		.filter(keep)
		.map((f) => ({ name: `${f.label} (${f.name})`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await fieldOptions(this, (f) => f.type !== 'address' && f.type !== 'location');
}

export async function getFilterableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await fieldOptions(this, (f) => f.filterable !== false && f.type !== 'address' && f.type !== 'location');
}

/** Fields an upsert can match on: external ids (and Id-lookup fields Salesforce allows). */
export async function getExternalIdFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await fieldOptions(this, (f) => Boolean(f.externalId) || (f.idLookup === true && f.name !== 'Id' && f.createable));
}

/**
 * Lead statuses that convert (LeadStatus.IsConverted), after an entry for the empty default: the parameter's
 * default ('') is then a listed value (n8n marks a value missing from the list as an issue) and names the status
 * it stands for, the org's first converted status.
 */
export async function getConvertedStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await clientFor(this);
	const { records } = await queryAll(client, 'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsConverted = true ORDER BY SortOrder');
	const statuses = records.map((r) => ({ name: String(r.MasterLabel ?? r.ApiName), value: String(r.ApiName ?? r.MasterLabel) }));
	const first = statuses[0]?.name;
	return [{ name: first ? `Default (${first})` : 'Default', value: '', description: "The org's first converted lead status" }, ...statuses];
}

/** The member statuses of the campaign chosen in Add to Campaign (CampaignMemberStatus), default first. */
export async function getCampaignMemberStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaignId = String(this.getCurrentNodeParameter('campaignId') ?? '').trim();
	if (!isSalesforceId(campaignId)) return [];
	const { records } = await queryAll(await clientFor(this), memberStatusSoql(normalizeId(campaignId)));
	return records
		.sort((a, b) => Number(b.IsDefault === true) - Number(a.IsDefault === true))
		.map((r) => ({ name: `${String(r.Label)}${r.IsDefault ? ' (default)' : ''}`, value: String(r.Label) }));
}
