/**
 * Custom Change Data Capture channels (`/data/<Name>__chn`): a channel bundles the change events of its members
 * (Tooling `PlatformEventChannelMember` with EventChannel = the channel), and each member may carry a filter
 * expression that Salesforce applies before delivery (`FilterExpression`, API 56.0+; Change Data Capture Developer
 * Guide, "Filter Your Stream of Change Events with Channels").
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type INodePropertyOptions,
	type ITriggerFunctions,
} from 'n8n-workflow';

import { isApiName, isSalesforceId } from '../../shared/services/ids';
import type { SalesforceClient } from '../../shared/transport/client';
import { changeEventName } from '../../shared/services/cdcSelection';

const CHANNEL_NAME = /^[A-Za-z][A-Za-z0-9_]*__chn$/;

const SHOW = { source: ['changeDataCapture'], scope: ['channel'] };

export const CHANNEL_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Channel Name or ID',
		name: 'channelName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCustomChannels' },
		default: '',
		required: true,
		description:
			'A custom Change Data Capture channel (…__chn): its members\' changes start the workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: SHOW },
	},
	{
		displayName: 'Member Filters',
		name: 'channelFilters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Filter',
		description:
			"Set on activation as the filter expression of the channel's member for each object (needs Customize Application): Salesforce then delivers only the changes that match (fewer events count against the delivery allocation)",
		displayOptions: { show: SHOW },
		options: [
			{
				name: 'filter',
				displayName: 'Filter',
				values: [
					{
						displayName: 'Object',
						name: 'object',
						type: 'string',
						default: '',
						placeholder: 'Account',
						description: 'API name of a member object of the channel',
					},
					{
						displayName: 'Filter Expression',
						name: 'expression',
						type: 'string',
						default: '',
						placeholder: "Industry = 'Banking' AND ChangeEventHeader.changeType = 'UPDATE'",
						description:
							"SOQL-like: fields, ChangeEventHeader fields, comparison operators (=, !=, less, greater), LIKE, IN, AND / OR / NOT, text in single quotes. Empty removes the member's filter.",
					},
				],
			},
		],
	},
];

class ChannelInputError extends Error {}

const ARRAY_HEADER_FIELDS = new Set(['recordids', 'nulledfields', 'difffields', 'changedfields']);
const TOKEN =
	/\s+|(\()|(\))|(,)|('(?:[^'\\]|\\[\s\S])*')|(!=|<>|<=|>=|=|<|>)|([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)|(-?\d+(?:\.\d+)?(?:[-T:+Z\d.]*)?)/y;
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'IN', 'INCLUDES', 'EXCLUDES', 'TRUE', 'FALSE', 'NULL']);

/**
 * Checks a filter expression before it is sent: only the tokens of Salesforce's filter syntax, text values closed,
 * parentheses balanced, no array header field (Salesforce refuses those). Returns it trimmed.
 */
function checkFilterExpression(expression: string, where: string): string {
	const text = expression.trim();
	let depth = 0;
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < text.length) {
		const at = TOKEN.lastIndex;
		const m = TOKEN.exec(text);
		if (!m)
			throw new ChannelInputError(
				`${where}: unexpected "${text.slice(at, at + 20)}" at position ${at + 1} (text values go in single quotes)`,
			);
		if (m[1]) depth++;
		if (m[2] && --depth < 0) throw new ChannelInputError(`${where}: a ")" has no matching "("`);
		const word = m[6];
		if (word && !KEYWORDS.has(word.toUpperCase())) {
			const [head, field] = word.split('.');
			if (field && head !== 'ChangeEventHeader')
				throw new ChannelInputError(`${where}: "${word}" is not a field (only ChangeEventHeader.<field> may have a dot)`);
			if (field && ARRAY_HEADER_FIELDS.has(field.toLowerCase()))
				throw new ChannelInputError(`${where}: Salesforce cannot filter on the array header field ${word}`);
		}
	}
	if (depth) throw new ChannelInputError(`${where}: a "(" is not closed`);
	if (text.length > 2000) throw new ChannelInputError(`${where}: longer than 2,000 characters`);
	return text;
}

export interface MemberFilter {
	object: string;
	expression: string;
}

/** The channel name and member filters from the node's parameters, checked before any call. */
function channelSetup(name: unknown, filters: IDataObject): { channel: string; filters: MemberFilter[] } {
	const channel = String(name ?? '').trim();
	if (!CHANNEL_NAME.test(channel))
		throw new ChannelInputError(`"${channel.slice(0, 80)}" is not a custom channel name (letters, digits and _, ending in __chn)`);
	const entries = ((filters.filter ?? []) as IDataObject[]).map((f, i) => {
		const object = String(f.object ?? '').trim();
		if (!isApiName(object)) throw new ChannelInputError(`Member Filters entry ${i + 1}: "${object}" is not an object API name`);
		return { object, expression: checkFilterExpression(String(f.expression ?? ''), `Member Filters entry ${i + 1} (${object})`) };
	});
	return { channel, filters: entries };
}

const CHANNELS_QUERY = "SELECT Id, DeveloperName, MasterLabel FROM PlatformEventChannel WHERE ChannelType = 'data'";
const MEMBERS_QUERY = 'SELECT Id, EventChannel, SelectedEntity, FilterExpression FROM PlatformEventChannelMember';

async function tooling(client: SalesforceClient, q: string): Promise<IDataObject[]> {
	return (await client.request<{ records?: IDataObject[] }>('GET', '/tooling/query', { qs: { q }, retry: 'safe' })).records ?? [];
}

/** The org's custom data channels, for the Channel list. */
export async function listChannels(client: SalesforceClient): Promise<INodePropertyOptions[]> {
	return (await tooling(client, CHANNELS_QUERY))
		.map((c) => ({
			name: `${String(c.MasterLabel ?? c.DeveloperName)} (${String(c.DeveloperName)}__chn)`,
			value: `${String(c.DeveloperName)}__chn`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Sets each member's filter expression where it differs (2 queries, then one PATCH per changed member). A listed
 * object that is not a member of the channel is an error: the trigger never adds members by itself.
 */
async function applyMemberFilters(client: SalesforceClient, channel: string, filters: MemberFilter[]): Promise<number> {
	if (!filters.length) return 0;
	const found = (await tooling(client, CHANNELS_QUERY)).find((c) => `${String(c.DeveloperName)}__chn` === channel);
	if (!found) throw new ChannelInputError(`There is no custom data channel ${channel} in this org`);
	const members = (await tooling(client, MEMBERS_QUERY)).filter((m) => m.EventChannel === found.Id || m.EventChannel === channel);
	let changed = 0;
	for (const f of filters) {
		const selectedEntity = changeEventName(f.object);
		const member = members.find((m) => m.SelectedEntity === selectedEntity);
		const id = String(member?.Id ?? '');
		if (!member || !isSalesforceId(id))
			throw new ChannelInputError(`${f.object} is not a member of ${channel}: add ${selectedEntity} to the channel first`);
		if (String(member.FilterExpression ?? '') === f.expression) continue;
		await client.request('PATCH', `/tooling/sobjects/PlatformEventChannelMember/${encodeURIComponent(id)}`, {
			body: { Metadata: { eventChannel: channel, selectedEntity, filterExpression: f.expression || null } },
			retry: 'safe',
		});
		changed++;
	}
	return changed;
}

/** The channel to subscribe to for "Watch: A Custom Channel", its member filters set first. */
export async function customChannelFor(ctx: ITriggerFunctions, client: SalesforceClient): Promise<string> {
	let setup: ReturnType<typeof channelSetup>;
	try {
		setup = channelSetup(ctx.getNodeParameter('channelName', ''), ctx.getNodeParameter('channelFilters', {}) as IDataObject);
		await applyMemberFilters(client, setup.channel, setup.filters);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			description: 'Setting member filters needs the "Customize Application" permission and API version 56.0 or later',
		});
	}
	return `/data/${setup.channel}`;
}
