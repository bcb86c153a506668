/**
 * The Salesforce CRM Trigger's parameters: the source (Change Data Capture, Platform Event, polling) and, per
 * source, what to watch, the filters and the replay/commit settings. The node file (SalesforceCrmTrigger.node.ts)
 * holds the wiring: load-options methods and trigger().
 */
import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/transport/authentication';
import { CHANNEL_PROPERTIES } from './streaming/channels';
import { IGNORE_PROPERTIES } from './streaming/loopGuard';
import { POLL_INTERVAL_OPTIONS } from './polling/trigger';

export const triggerProperties: INodeProperties[] = [
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
				description: 'Checks an object for created, updated and deleted records on a schedule (for orgs without Change Data Capture)',
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
		description: 'Comma-separated field API names: updates that change none of them are skipped. Empty = every update.',
		displayOptions: { show: { source: ['changeDataCapture'] } },
	},
	...IGNORE_PROPERTIES,
	{
		displayName: 'Include Full Record',
		name: 'includeFullRecord',
		type: 'boolean',
		default: false,
		description: 'Whether to read the current record for creates, updates and undeletes (one batched read per object per delivery)',
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
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
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
				description: 'Continue after the last event this workflow received (kept in the workflow); new events only on first activation',
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
];
