/**
 * Selecting objects for Change Data Capture through the Tooling API (salesforce-streaming.md §3):
 * PlatformEventChannelMember on the standard ChangeEvents channel.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../../SalesforceCrm/transport/client';

/** ChangeEvents_AccountChangeEvent; custom Employee__c → selectedEntity Employee__ChangeEvent, FullName ChangeEvents_Employee_ChangeEvent */
export function memberFor(object: string): { fullName: string; selectedEntity: string } {
	const selectedEntity = object.endsWith('__c') ? `${object.slice(0, -3)}__ChangeEvent` : `${object}ChangeEvent`;
	return { selectedEntity, fullName: `ChangeEvents_${selectedEntity.replace(/__/g, '_')}` };
}

/**
 * Selects each object that is not selected yet; returns the ids of the members it created (only those are removed
 * again on deactivation). Throws Salesforce's error (permission, entity allowance used up) unchanged.
 */
export async function enableCdc(client: SalesforceClient, objects: string[]): Promise<string[]> {
	const existing = await client.request<{ records: IDataObject[] }>('GET', '/tooling/query', {
		qs: { q: 'SELECT Id, DeveloperName, EventChannel, SelectedEntity FROM PlatformEventChannelMember' },
		retry: 'safe',
	});
	const selected = new Set(
		(existing.records ?? [])
			.filter((r) => String(r.EventChannel ?? 'ChangeEvents').replace(/__chn$/, '') === 'ChangeEvents' || !r.EventChannel)
			.map((r) => String(r.SelectedEntity)),
	);
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
