import type { IExecuteFunctions } from 'n8n-workflow';

import { disableCdc, listCdcMembers } from '../../../shared/services/cdcSelection';
import { isObjectName } from '../../../shared/services/ids';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import type { OperationModule } from '../types';

/**
 * Change Data Capture → List Selection / Remove Selection: the objects selected for change events
 * (PlatformEventChannelMember on the ChangeEvents channel, Tooling API). The trigger's "Enable Change Data Capture
 * on Activation" adds members and never removes them (n8n calls a trigger's close on every shutdown, and changes
 * made while n8n is down are only published for selected objects): removing is this explicit operation.
 */

const show = (operation: string[]) => ({ show: { resource: ['changeDataCapture'], operation } });

/** Object API names, comma-separated, each checked before any call. */
function objectsParam(ctx: IExecuteFunctions, i: number): string[] {
	const raw = String(ctx.getNodeParameter('cdcObjects', i, ''));
	const names = raw
		.split(',')
		.map((n) => n.trim())
		.filter(Boolean);
	if (!names.length)
		throw new SalesforceInputError(`"Objects" is empty; name at least one object (e.g. Account)`, { itemIndex: i, field: 'Objects' });
	for (const n of names) {
		if (!isObjectName(n)) {
			throw new SalesforceInputError(`"${n}" in "Objects" is not an object API name`, { itemIndex: i, field: 'Objects' });
		}
	}
	return names;
}

export const listSelection: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const members = await listCdcMembers(client);
		return members.map((m) => ({ json: { ...m }, pairedItem: { item: i } }));
	}),
};

export const removeSelection: OperationModule = {
	description: [
		{
			displayName: 'Objects',
			name: 'cdcObjects',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Account, Opportunity',
			description:
				'Object API names whose Change Data Capture selection to remove (comma-separated). Changes to them are no longer published, also for triggers of other workflows.',
			displayOptions: show(['removeSelection']),
		},
	],
	execute: perItem(async function (i, client) {
		const objects = objectsParam(this, i);
		const members = (await listCdcMembers(client)).filter((m) => objects.includes(m.object));
		await disableCdc(
			client,
			members.map((m) => m.id),
		);
		const removed = new Set(members.map((m) => m.object));
		return objects.map((object) => ({
			json: { object, removed: removed.has(object), memberId: members.find((m) => m.object === object)?.id ?? null },
			pairedItem: { item: i },
		}));
	}, 'write'),
};
