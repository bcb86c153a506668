import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { isApiName } from './ids';
import { queryAll } from './query';

/** Tooling API (/tooling/…): the org's metadata as sObjects (ApexClass, ApexTrigger, CustomField, FlowDefinition…). */
function sobjectPath(object: string, id?: string): string {
	if (!isApiName(object)) throw new Error(`Invalid Tooling object name ${object}`);
	return `/tooling/sobjects/${encodeURIComponent(object)}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

/** Runs a Tooling SOQL query, following nextRecordsUrl; stops at `max` records. */
export async function toolingQuery(
	client: SalesforceClient,
	soql: string,
	max = Infinity,
): Promise<{ totalSize: number; records: IDataObject[] }> {
	return await queryAll(client, soql, { tooling: true, max });
}

export async function toolingGet(client: SalesforceClient, object: string, id: string, fields: string[]): Promise<IDataObject> {
	return await client.request<IDataObject>('GET', sobjectPath(object, id), fields.length ? { qs: { fields: fields.join(',') } } : {});
}

export async function toolingCreate(
	client: SalesforceClient,
	object: string,
	body: IDataObject,
): Promise<{ id: string; success: boolean }> {
	return await client.request('POST', sobjectPath(object), { body, retry: 'never' });
}

export async function toolingUpdate(client: SalesforceClient, object: string, id: string, body: IDataObject): Promise<void> {
	await client.request('PATCH', sobjectPath(object, id), { body });
}

export async function toolingDelete(client: SalesforceClient, object: string, id: string): Promise<void> {
	await client.request('DELETE', sobjectPath(object, id));
}

export async function toolingDescribe(client: SalesforceClient, object: string): Promise<IDataObject> {
	return await client.request<IDataObject>('GET', `${sobjectPath(object)}/describe`);
}
