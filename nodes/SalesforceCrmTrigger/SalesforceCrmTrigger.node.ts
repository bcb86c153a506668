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

import { authenticationCredentials, authenticationProperty } from '../shared/transport/authentication';
import { describeGlobal } from '../shared/services/describe';
import { SalesforceClient } from '../shared/transport/client';
import type { CommitMode } from './streaming/commit';
import { changeEventChannel, objectOfChangeEvent, type CdcFilter, type ChangeKind } from './streaming/events';
import { enableCdc } from '../shared/services/cdcSelection';
import { streamingTrigger } from './streaming/trigger';
import { guardFor, IGNORE_PROPERTIES } from './streaming/loopGuard';
import { CHANNEL_PROPERTIES, customChannelFor, listChannels } from './streaming/channels';
import { POLL_INTERVAL_OPTIONS, pollingTrigger } from './polling/trigger';

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
		properties: [
			authenticationProperty,
			// n8n's node panel lists a trigger's "actions" from the options of the property displayed as "Trigger On"
			// (or "Event(s)"), named by each option's `action`, in this order: Change Data Capture first.
			{
				displayName: 'Trigger On',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Record Change (Change Data Capture)',
						value: 'changeDataCapture',
						action: 'On record change (Change Data Capture)',
						description: 'Creates, updates, deletes and undeletes pushed by Salesforce within a second',
					},
					{
						name: 'Platform Event',
						value: 'platformEvent',
						action: 'On platform event',
						description: 'Events published on a Platform Event (…__e)',
					},
					{
						name: 'Record Change (Polling, No CDC)',
						value: 'polling',
						action: 'On record change (polling, for orgs without CDC)',
						description:
							'Checks an object for created, updated and deleted records on a schedule (for orgs without Change Data Capture)',
					},
				],
				default: 'changeDataCapture',
			},
			{
				displayName:
					'To try it: click "Execute step" (or "Test this trigger"), then create or change a record of a chosen object in Salesforce; the change arrives here within seconds. The object must be selected for Change Data Capture in Setup (or turn on "Enable Change Data Capture on Activation").',
				name: 'cdcNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['changeDataCapture'] } },
			},
			{
				displayName:
					'To try it: click "Execute step" (or "Test this trigger"), then publish an event (e.g. with this pack\'s Platform Event → Publish). The list shows the org\'s Platform Events (API names ending in __e); it is empty until one is defined in Setup → Platform Events.',
				name: 'platformEventNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['platformEvent'] } },
			},
			{
				displayName: 'Watch',
				name: 'scope',
				type: 'options',
				options: [
					{ name: 'Selected Objects', value: 'selected' },
					{
						name: 'All Objects Enabled for Change Data Capture',
						value: 'all',
						description: 'Subscribes to /data/ChangeEvents',
					},
					{
						name: 'A Custom Channel',
						value: 'channel',
						description: 'Subscribes to /data/Name__chn: the changes of its member objects, filtered by Salesforce',
					},
				],
				default: 'selected',
				displayOptions: { show: { source: ['changeDataCapture'] } },
			},
			{
				displayName: 'Object Names or IDs',
				name: 'objects',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getCdcObjects' },
				default: [],
				required: true,
				description:
					'Objects whose changes start the workflow. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { source: ['changeDataCapture'], scope: ['selected'] } },
			},
			...CHANNEL_PROPERTIES,
			{
				displayName: 'Change Types',
				name: 'changeTypes',
				type: 'multiOptions',
				options: [
					{ name: 'Create', value: 'create' },
					{ name: 'Delete', value: 'delete' },
					{ name: 'Undelete', value: 'undelete' },
					{ name: 'Update', value: 'update' },
				],
				default: ['create', 'update', 'delete', 'undelete'],
				displayOptions: { show: { source: ['changeDataCapture'] } },
			},
			{
				displayName: 'Only When These Fields Change',
				name: 'onlyFields',
				type: 'string',
				default: '',
				placeholder: 'StageName, Amount',
				description:
					'Comma-separated field API names: updates that change none of them are skipped. Empty = every update.',
				displayOptions: { show: { source: ['changeDataCapture'] } },
			},
			...IGNORE_PROPERTIES,
			{
				displayName: 'Include Full Record',
				name: 'includeFullRecord',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the current record for creates, updates and undeletes (one batched read per object per delivery)',
				displayOptions: { show: { source: ['changeDataCapture'] } },
			},
			{
				displayName: 'Enable Change Data Capture on Activation',
				name: 'enableCdc',
				type: 'boolean',
				default: false,
				description:
					'Whether to select the objects for Change Data Capture when the workflow is activated (needs Customize Application). Orgs without the add-on have 5 entity slots.',
				displayOptions: { show: { source: ['changeDataCapture'], scope: ['selected'] } },
			},
			{
				displayName:
					'The selection stays when the workflow is deactivated or n8n stops: n8n cannot tell the two apart, and changes made while n8n is down are only kept for selected objects. To remove it, use the Salesforce CRM node: Change Data Capture → Remove Selection.',
				name: 'enableCdcNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['changeDataCapture'], scope: ['selected'], enableCdc: [true] } },
			},
			{
				displayName: 'Object Name or ID',
				name: 'pollObject',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPollableObjects' },
				default: '',
				required: true,
				description:
					'Object to check for changes. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { source: ['polling'] } },
			},
			{
				displayName: 'Changes to Report',
				name: 'pollEvents',
				type: 'multiOptions',
				options: [
					{ name: 'Created', value: 'created' },
					{ name: 'Deleted', value: 'deleted' },
					{ name: 'Updated', value: 'updated' },
				],
				default: ['created', 'updated', 'deleted'],
				description:
					'Polling sees the state at each poll: several updates of a record between two polls are one item, and a record created and deleted between two polls is only a deletion',
				displayOptions: { show: { source: ['polling'] } },
			},
			{
				displayName: 'Poll Interval',
				name: 'pollInterval',
				type: 'options',
				options: POLL_INTERVAL_OPTIONS,
				default: '1',
				displayOptions: { show: { source: ['polling'] } },
			},
			{
				displayName: 'Max Records per Poll',
				name: 'pollMaxRecords',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description: 'Reading stops after this many changed records; the rest follows in the next polls',
				displayOptions: { show: { source: ['polling'] } },
			},
			{
				displayName: 'Platform Event Name or ID',
				name: 'eventName',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPlatformEvents' },
				default: '',
				required: true,
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				displayOptions: { show: { source: ['platformEvent'] } },
			},
			{
				displayName: 'Replay',
				name: 'replay',
				type: 'options',
				options: [
					{
						name: 'Resume Where It Stopped',
						value: 'resume',
						description:
							'Continue after the last event this workflow received (kept in the workflow); new events only on first activation',
					},
					{ name: 'New Events Only', value: 'new', description: 'Start with events published from now on' },
					{
						name: 'All Retained Events (72 H)',
						value: 'all',
						description: 'Replay everything Salesforce still keeps, then new events',
					},
				],
				default: 'resume',
				displayOptions: { hide: { source: ['polling'] } },
			},
			{
				displayName: 'Commit Position',
				name: 'commitPosition',
				type: 'options',
				options: [
					{
						name: 'After the Execution Finishes',
						value: 'afterExecution',
						description:
							'At least once: the position moves once n8n has run the workflow (successfully or not). After a crash the delivery in flight comes again, and so does a run n8n lost before the workflow ran (queue mode: a worker killed while running it).',
					},
					{
						name: 'After It Succeeds',
						value: 'afterSuccess',
						description:
							'At least once, and a failed run is delivered again (from the last committed position) until it succeeds or has failed "Attempts Before Skipping" times',
					},
					{
						name: 'On Receipt',
						value: 'onReceipt',
						description: 'At most once, fastest: the position moves when the events arrive. A crash loses the delivery in flight.',
					},
				],
				default: 'afterExecution',
				description: 'When the trigger moves its replay position past a delivery (see README › Reliability)',
				displayOptions: { hide: { source: ['polling'] } },
			},
			{
				displayName: 'Attempts Before Skipping',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 3,
				description:
					'A delivery whose run fails (After It Succeeds) or is lost before the workflow ran (both modes) this many times in a row is skipped; the next item reports it in skippedAfterFailures',
				displayOptions: { show: { commitPosition: ['afterSuccess', 'afterExecution'] }, hide: { source: ['polling'] } },
			},
			{
				displayName: 'If the Stored Position Has Expired',
				name: 'expiredFallback',
				type: 'options',
				options: [
					{
						name: 'Replay All Retained Events',
						value: 'allRetained',
						description: 'Catch up with everything Salesforce still keeps (may repeat events)',
					},
					{ name: 'Continue With New Events', value: 'newOnly', description: 'Accept the gap' },
					{ name: 'Fail', value: 'fail', description: 'Stop the trigger with an error' },
				],
				default: 'allRetained',
				description: 'Events are kept 72 h; a workflow stopped longer than that cannot resume exactly',
				displayOptions: { show: { replay: ['resume'] }, hide: { source: ['polling'] } },
			},
		],
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
