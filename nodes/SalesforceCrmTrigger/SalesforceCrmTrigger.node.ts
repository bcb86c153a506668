import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type NodeConnectionType,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { authenticationCredentials } from '../shared/transport/authentication';
import { describeGlobal } from '../shared/services/describe';
import { SalesforceClient } from '../shared/transport/client';
import type { CommitMode } from './streaming/commit';
import { changeEventChannel, type CdcFilter, type ChangeKind } from './streaming/events';
import { enableCdc, objectOfChangeEvent } from '../shared/services/cdcSelection';
import { streamingTrigger } from './streaming/trigger';
import { guardFor } from './streaming/loopGuard';
import { customChannelFor, listChannels } from './streaming/channels';
import { pollingTrigger } from './polling/trigger';
import { triggerProperties } from './description';

/** Workflow static data kept by this node (saved by n8n whenever the node emits). */
interface TriggerStaticData extends IDataObject {
	/** last emitted replay id per channel */
	replay?: IDataObject;
	/** PlatformEventChannelMember ids this workflow created (kept: see "Enable Change Data Capture on Activation") */
	cdcMembers?: string[];
	/** "Ignore Changes Made By": changes dropped since the last emitted item (loopGuard.ts) */
	ignoredSinceLastItem?: number;
	/** polling mode: the checkpoint (polling/poller.ts PollCheckpoint) */
	polling?: IDataObject;
}

const ALL_CHANGES = '/data/ChangeEvents';
const OUTPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main];

export class SalesforceCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce CRM Trigger',
		name: 'salesforceCrmTrigger',
		icon: { light: 'file:../../icons/salesforce.svg', dark: 'file:../../icons/salesforce.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["source"] === "platformEvent" ? "On " + $parameter["eventName"] : $parameter["source"] === "polling" ? "Polling " + $parameter["pollObject"] : "Change Data Capture: " + ($parameter["scope"] === "all" ? "all objects" : $parameter["objects"].join(", "))}}',
		description:
			'Starts the workflow on changes in Salesforce (Change Data Capture or Platform Events within a second, or polling for orgs without CDC), resuming where it stopped',
		defaults: { name: 'Salesforce CRM Trigger' },
		inputs: [],
		outputs: OUTPUTS,
		credentials: authenticationCredentials,
		properties: triggerProperties,
	};

	methods = {
		loadOptions: {
			async getCustomChannels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await listChannels(await SalesforceClient.create(this));
			},
			/**
			 * The objects Change Data Capture supports in this org: those with an associated change event object
			 * (`<Object>ChangeEvent`, `<Name>__ChangeEvent` for custom objects) in the global describe.
			 */
			async getCdcObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await SalesforceClient.create(this);
				const all = await describeGlobal(client);
				const labels = new Map(all.map((o) => [o.name, o.label]));
				return all
					.map((o) => objectOfChangeEvent(o.name))
					.filter((name): name is string => !!name && labels.has(name))
					.map((name) => ({ name: `${labels.get(name)} (${name})`, value: name }))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
			async getPollableObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await SalesforceClient.create(this);
				const all = await describeGlobal(client);
				return all
					.filter(
						(o) =>
							o.queryable &&
							o.replicateable !== false &&
							!o.name.endsWith('__e') &&
							!o.name.endsWith('ChangeEvent'),
					)
					.map((o) => ({ name: `${o.label} (${o.name})`, value: o.name }))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
			async getPlatformEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await SalesforceClient.create(this);
				const all = await describeGlobal(client);
				return all
					.filter((o) => o.name.endsWith('__e'))
					.map((o) => ({ name: `${o.label} (${o.name})`, value: o.name }))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const source = this.getNodeParameter('source', 'changeDataCapture') as string;
		const node = this.getNode();
		const client = await SalesforceClient.create(this);
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		if (source === 'polling') return await pollingTrigger.call(this, client, staticData);

		let channels: string[];
		let filter: CdcFilter | undefined;
		let includeFullRecord = false;
		let objects: string[] = [];
		if (source === 'platformEvent') {
			const eventName = String(this.getNodeParameter('eventName', '')).trim();
			if (!/^[A-Za-z][A-Za-z0-9_]*__e$/.test(eventName)) {
				throw new NodeOperationError(node, `"${eventName}" is not a Platform Event API name (it ends in __e)`);
			}
			channels = [`/event/${eventName}`];
		} else {
			const scope = this.getNodeParameter('scope', 'selected') as string;
			objects = scope === 'selected' ? (this.getNodeParameter('objects', []) as string[]) : [];
			if (scope === 'selected' && !objects.length) {
				throw new NodeOperationError(node, 'Choose at least one object to watch');
			}
			for (const o of objects) {
				if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(o)) throw new NodeOperationError(node, `"${o}" is not an object API name`);
			}
			channels = scope === 'all' ? [ALL_CHANGES] : scope === 'channel' ? [await customChannelFor(this, client)] : objects.map(changeEventChannel);
			const changeTypes = this.getNodeParameter('changeTypes', []) as ChangeKind[];
			if (!changeTypes.length) throw new NodeOperationError(node, 'Choose at least one change type');
			const onlyFields = String(this.getNodeParameter('onlyFields', ''))
				.split(',')
				.map((f) => f.trim())
				.filter(Boolean);
			filter = { changeTypes, onlyFields, objects: [], guard: await guardFor(this, client, staticData) };
			includeFullRecord = this.getNodeParameter('includeFullRecord', false) as boolean;
		}

		// Replay positions: the committed ones (streaming/commit.ts)
		const replayMode = this.getNodeParameter('replay', 'resume') as string;
		const expiredFallback = (
			replayMode === 'resume' ? this.getNodeParameter('expiredFallback', 'allRetained') : 'allRetained'
		) as 'allRetained' | 'newOnly' | 'fail';
		const stored = (staticData.replay ?? {}) as IDataObject;
		const replayFrom: Record<string, number> = {};
		for (const c of channels) {
			if (replayMode === 'all') replayFrom[c] = -2;
			else if (replayMode === 'new') replayFrom[c] = -1;
			else replayFrom[c] = typeof stored[c] === 'number' ? (stored[c] as number) : -1;
		}
		const commitMode = this.getNodeParameter('commitPosition', 'afterExecution') as CommitMode;
		const maxAttempts = commitMode === 'onReceipt' ? 1 : Number(this.getNodeParameter('maxAttempts', 3));
		if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
			throw new NodeOperationError(node, `"Attempts Before Skipping" must be a whole number of 1 or more (got ${maxAttempts})`);
		}

		// Optional: select the objects for CDC (Tooling PlatformEventChannelMember). The selection is never undone
		// by the trigger: n8n calls closeFunction on every shutdown too, and events made while n8n is down are only
		// published for selected objects. The action node's Change Data Capture → Remove Selection undoes it.
		if (source === 'changeDataCapture' && objects.length && (this.getNodeParameter('enableCdc', false) as boolean)) {
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

		return await streamingTrigger.call(this, client, staticData, {
			source: source as 'changeDataCapture' | 'platformEvent',
			filter,
			includeFullRecord,
			channels,
			replayFrom,
			expiredFallback,
			commitMode,
			maxAttempts,
		});
	}
}
