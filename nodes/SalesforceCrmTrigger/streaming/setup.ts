/**
 * The streaming modes' settings, read from the Salesforce CRM Trigger's parameters when a workflow activates: the
 * channels to subscribe to, the filters, where to resume each channel, and the commit mode. For the "Enable Change
 * Data Capture on Activation" option it also selects the objects for Change Data Capture.
 */
import { NodeOperationError, type IDataObject, type ITriggerFunctions } from 'n8n-workflow';

import { enableCdc } from '../../shared/services/cdcSelection';
import { isObjectName } from '../../shared/services/ids';
import type { SalesforceClient } from '../../shared/transport/client';
import type { TriggerStaticData } from '../types';
import { customChannelFor } from './channels';
import type { CommitMode } from './commit';
import { changeEventChannel, type CdcFilter, type ChangeKind } from './events';
import { guardFor } from './loopGuard';
import type { StreamingSetup } from './trigger';

const ALL_CHANGES = '/data/ChangeEvents';

export async function streamingSetup(
	ctx: ITriggerFunctions,
	client: SalesforceClient,
	staticData: TriggerStaticData,
	source: StreamingSetup['source'],
): Promise<StreamingSetup> {
	const node = ctx.getNode();
	let channels: string[];
	let filter: CdcFilter | undefined;
	let includeFullRecord = false;
	let objects: string[] = [];
	if (source === 'platformEvent') {
		const eventName = String(ctx.getNodeParameter('eventName', '')).trim();
		if (!/^[A-Za-z][A-Za-z0-9_]*__e$/.test(eventName)) {
			throw new NodeOperationError(node, `"${eventName}" is not a Platform Event API name (it ends in __e)`);
		}
		channels = [`/event/${eventName}`];
	} else {
		const scope = ctx.getNodeParameter('scope', 'selected') as string;
		objects = scope === 'selected' ? (ctx.getNodeParameter('objects', []) as string[]) : [];
		if (scope === 'selected' && !objects.length) {
			throw new NodeOperationError(node, 'Choose at least one object to watch');
		}
		for (const o of objects) {
			if (!isObjectName(o)) throw new NodeOperationError(node, `"${o}" is not an object API name`);
		}
		channels =
			scope === 'all' ? [ALL_CHANGES] : scope === 'channel' ? [await customChannelFor(ctx, client)] : objects.map(changeEventChannel);
		const changeTypes = ctx.getNodeParameter('changeTypes', []) as ChangeKind[];
		if (!changeTypes.length) throw new NodeOperationError(node, 'Choose at least one change type');
		const onlyFields = String(ctx.getNodeParameter('onlyFields', ''))
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		filter = { changeTypes, onlyFields, objects: [], guard: await guardFor(ctx, client, staticData) };
		includeFullRecord = ctx.getNodeParameter('includeFullRecord', false) as boolean;
	}

	// Replay positions: the committed ones (streaming/commit.ts)
	const replayMode = ctx.getNodeParameter('replay', 'resume') as string;
	const expiredFallback = (replayMode === 'resume' ? ctx.getNodeParameter('expiredFallback', 'allRetained') : 'allRetained') as
		'allRetained' | 'newOnly' | 'fail';
	const stored = (staticData.replay ?? {}) as IDataObject;
	const replayFrom: Record<string, number> = {};
	for (const c of channels) {
		if (replayMode === 'all') replayFrom[c] = -2;
		else if (replayMode === 'new') replayFrom[c] = -1;
		else replayFrom[c] = typeof stored[c] === 'number' ? (stored[c] as number) : -1;
	}
	const commitMode = ctx.getNodeParameter('commitPosition', 'afterExecution') as CommitMode;
	const maxAttempts = commitMode === 'onReceipt' ? 1 : Number(ctx.getNodeParameter('maxAttempts', 3));
	if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
		throw new NodeOperationError(node, `"Attempts Before Skipping" must be a whole number of 1 or more (got ${maxAttempts})`);
	}

	// Optional: select the objects for CDC (Tooling PlatformEventChannelMember). The selection is never undone
	// by the trigger: n8n calls closeFunction on every shutdown too, and events made while n8n is down are only
	// published for selected objects. The action node's Change Data Capture → Remove Selection undoes it.
	if (source === 'changeDataCapture' && objects.length && (ctx.getNodeParameter('enableCdc', false) as boolean)) {
		try {
			const added = await enableCdc(client, objects);
			staticData.cdcMembers = [...new Set([...(staticData.cdcMembers ?? []), ...added])];
		} catch (error) {
			throw new NodeOperationError(node, error as Error, {
				description:
					'Enabling Change Data Capture needs the "Customize Application" permission, and orgs without the CDC add-on can select 5 objects at most. Select the objects in Setup › Change Data Capture, or switch "Enable Change Data Capture on Activation" off.',
			});
		}
	}

	return { source, filter, includeFullRecord, channels, replayFrom, expiredFallback, commitMode, maxAttempts };
}
