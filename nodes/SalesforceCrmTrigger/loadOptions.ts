/**
 * The Salesforce CRM Trigger's dropdowns (loadOptions methods): custom channels, the objects Change Data Capture
 * supports, the objects polling can watch, and the org's Platform Events.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { objectOfChangeEvent } from '../shared/services/cdcSelection';
import { describeGlobal, type GlobalObject } from '../shared/services/describe';
import { SalesforceClient } from '../shared/transport/client';
import { listChannels } from './streaming/channels';

/** "Label (ApiName)" options in alphabetical order. */
function objectOptions(objects: Array<Pick<GlobalObject, 'name' | 'label'>>): INodePropertyOptions[] {
	return objects.map((o) => ({ name: `${o.label} (${o.name})`, value: o.name })).sort((a, b) => a.name.localeCompare(b.name));
}

async function globalObjects(ctx: ILoadOptionsFunctions): Promise<GlobalObject[]> {
	return await describeGlobal(await SalesforceClient.create(ctx));
}

export async function getCustomChannels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listChannels(await SalesforceClient.create(this));
}

/**
 * The objects Change Data Capture supports in this org: those with an associated change event object
 * (`<Object>ChangeEvent`, `<Name>__ChangeEvent` for custom objects) in the global describe.
 */
export async function getCdcObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const all = await globalObjects(this);
	const labels = new Map(all.map((o) => [o.name, o.label]));
	const supported = all.map((o) => objectOfChangeEvent(o.name)).filter((name): name is string => !!name && labels.has(name));
	return objectOptions(supported.map((name) => ({ name, label: labels.get(name) as string })));
}

export async function getPollableObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const all = await globalObjects(this);
	return objectOptions(
		all.filter((o) => o.queryable && o.replicateable !== false && !o.name.endsWith('__e') && !o.name.endsWith('ChangeEvent')),
	);
}

export async function getPlatformEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return objectOptions((await globalObjects(this)).filter((o) => o.name.endsWith('__e')));
}
