/**
 * Selecting objects for Change Data Capture through the Tooling API: PlatformEventChannelMember on the standard
 * ChangeEvents channel (Change Data Capture Developer Guide, "Select Objects for Change Notifications with the
 * Tooling API"). Used by the trigger's "Enable Change Data Capture on Activation" and the action node's
 * Change Data Capture resource (the only place a selection is removed).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';

export interface CdcMember {
	id: string;
	developerName: string;
	selectedEntity: string;
	/** the object the change events are about (AccountChangeEvent → Account, Employee__ChangeEvent → Employee__c) */
	object: string;
}

/** The change event entity of an object: AccountChangeEvent, custom Employee__c → Employee__ChangeEvent. */
export function changeEventName(objectName: string): string {
	return objectName.endsWith('__c') ? `${objectName.slice(0, -3)}__ChangeEvent` : `${objectName}ChangeEvent`;
}

/** Object name of a change event entity: AccountChangeEvent → Account, Employee__ChangeEvent → Employee__c. */
export function objectOfChangeEvent(changeEventName: string): string | undefined {
	if (changeEventName.endsWith('__ChangeEvent')) return `${changeEventName.slice(0, -'__ChangeEvent'.length)}__c`;
	if (changeEventName.endsWith('ChangeEvent') && changeEventName !== 'ChangeEvent') {
		return changeEventName.slice(0, -'ChangeEvent'.length);
	}
	return undefined;
}

function objectOf(selectedEntity: string): string {
	return objectOfChangeEvent(selectedEntity) ?? selectedEntity.replace(/ChangeEvent$/, '');
}

/** The members of the standard ChangeEvents channel: the objects selected for Change Data Capture. */
export async function listCdcMembers(client: SalesforceClient): Promise<CdcMember[]> {
	const existing = await client.request<{ records: IDataObject[] }>('GET', '/tooling/query', {
		qs: { q: 'SELECT Id, DeveloperName, EventChannel, SelectedEntity FROM PlatformEventChannelMember' },
		retry: 'safe',
	});
	return (existing.records ?? [])
		.filter((r) => !r.EventChannel || String(r.EventChannel).replace(/__chn$/, '') === 'ChangeEvents')
		.map((r) => ({
			id: String(r.Id),
			developerName: String(r.DeveloperName ?? ''),
			selectedEntity: String(r.SelectedEntity),
			object: objectOf(String(r.SelectedEntity)),
		}));
}

/** ChangeEvents_AccountChangeEvent; custom Employee__c → selectedEntity Employee__ChangeEvent, FullName ChangeEvents_Employee_ChangeEvent */
export function memberFor(object: string): { fullName: string; selectedEntity: string } {
	const selectedEntity = changeEventName(object);
	return { selectedEntity, fullName: `ChangeEvents_${selectedEntity.replace(/__/g, '_')}` };
}

/**
 * Selects each object that is not selected yet; returns the ids of the members it created. Throws Salesforce's
 * error (permission, entity allowance used up) unchanged, after giving back what it had added.
 */
export async function enableCdc(client: SalesforceClient, objects: string[]): Promise<string[]> {
	const selected = new Set((await listCdcMembers(client)).map((m) => m.selectedEntity));
	const added: string[] = [];
	for (const object of objects) {
		const { fullName, selectedEntity } = memberFor(object);
		if (selected.has(selectedEntity)) continue;
		const res = await client
			.request<{ id: string }>('POST', '/tooling/sobjects/PlatformEventChannelMember', {
				body: { FullName: fullName, Metadata: { eventChannel: 'ChangeEvents', selectedEntity } },
				retry: 'never',
			})
			.then(
				(r) => ({ ok: true as const, id: r.id }),
				(error: unknown) => ({ ok: false as const, error }),
			);
		if (!res.ok) {
			// all or nothing: give back the slots this activation took before failing
			await disableCdc(client, added).catch(() => undefined);
			throw res.error;
		}
		added.push(res.id);
	}
	return added;
}

export async function disableCdc(client: SalesforceClient, memberIds: string[]): Promise<void> {
	for (const id of memberIds) {
		await client.request('DELETE', `/tooling/sobjects/PlatformEventChannelMember/${encodeURIComponent(id)}`, {
			retry: 'safe',
		});
	}
}
