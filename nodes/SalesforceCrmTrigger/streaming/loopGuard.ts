/**
 * "Ignore Changes Made By": drops change events that a workflow's own writes caused, before the workflow runs, so a
 * CDC-triggered workflow that writes back to Salesforce does not trigger itself.
 *
 * Salesforce stamps every change event with `ChangeEventHeader.commitUser` (the writing user's id) and
 * `changeOrigin` (`com/salesforce/api/rest/66.0;client=<Sforce-Call-Options client>`, empty for UI changes). The
 * action node sends `Sforce-Call-Options: client=n8n-nodes-salesforce-crm` on every call (transport/client.ts).
 *
 * Ignored events are consumed like events the other filters drop: their replay position moves on (they are never
 * delivered again), and their number is reported on the next emitted item as `ignoredSinceLastItem`.
 */
import { NodeOperationError, type IDataObject, type INodeProperties, type ITriggerFunctions } from 'n8n-workflow';

import { isSalesforceId, normalizeId } from '../../shared/services/ids';
import { CALL_OPTIONS_CLIENT, type SalesforceClient } from '../../shared/transport/client';

export type IgnoreChoice = 'packWrites' | 'credentialUser' | 'users' | 'origins';

const IGNORE_OPTIONS = [
	{
		name: "This Pack's Writes (Any Workflow)",
		value: 'packWrites',
		description: `Changes whose origin names this pack's API client (client=${CALL_OPTIONS_CLIENT}): every write by a Salesforce CRM node, in any n8n workflow`,
	},
	{
		name: "The Credential's User",
		value: 'credentialUser',
		description: "Changes committed by the user the trigger's credential logs in as",
	},
	{ name: 'These Users', value: 'users', description: 'Changes committed by the user IDs listed below' },
	{
		name: 'These Change Origins',
		value: 'origins',
		description: 'Changes whose origin contains one of the texts listed below (e.g. client=MyEtlTool)',
	},
];

const IGNORE_DESCRIPTION =
	'Changes to drop before the workflow runs, so a workflow that writes back to Salesforce does not trigger itself. Dropped changes are not delivered later; the next item counts them in ignoredSinceLastItem. Trade-offs: "This Pack\'s Writes" also drops a change a person made through another n8n workflow with this node; "The Credential\'s User" also drops that user\'s edits in Salesforce\'s UI and any other tool using the same login (use a dedicated integration user); Salesforce leaves the origin empty for UI edits, so origins only tell API clients apart.';

/** What to ignore, resolved once per activation. */
export interface IgnoreRules {
	/** 18-character user ids */
	users: Set<string>;
	/** substrings of changeOrigin (compared case-insensitively) */
	origins: string[];
}

class LoopGuardInputError extends Error {}

/** Splits a list typed as text (commas, spaces or new lines) into its entries. */
function listOf(text: unknown): string[] {
	return String(text ?? '')
		.split(/[\s,;]+/)
		.map((s) => s.trim())
		.filter(Boolean);
}

/** 15- or 18-character user ids (005…) → 18-character ids; a bad one is refused with its position. */
function userIds(entries: string[]): string[] {
	return entries.map((id, i) => {
		if (!isSalesforceId(id) || !id.startsWith('005')) {
			throw new LoopGuardInputError(
				`"These Users" entry ${i + 1} ("${id.slice(0, 40)}") is not a 15- or 18-character Salesforce user ID (they start with 005)`,
			);
		}
		return normalizeId(id);
	});
}

/** The user id at the end of an identity URL (…/id/00D…/005…). */
function userIdFromIdentity(url: unknown): string | undefined {
	const id = /\/id\/00D[0-9A-Za-z]{12,15}\/(005[0-9A-Za-z]{12,15})(?:[/?#]|$)/.exec(String(url ?? ''))?.[1];
	return id && isSalesforceId(id) ? normalizeId(id) : undefined;
}

export interface IgnoreSetup {
	choices: IgnoreChoice[];
	users?: string;
	origins?: string;
	/** resolves the credential's user id (identity URL, else one UserInfo call): only called when it is chosen */
	credentialUser: () => Promise<string>;
}

/** Rules from the node's options; undefined when nothing is ignored (behaviour unchanged). */
async function ignoreRules(setup: IgnoreSetup): Promise<IgnoreRules | undefined> {
	const choices = new Set(setup.choices);
	if (!choices.size) return undefined;
	const rules: IgnoreRules = { users: new Set(), origins: [] };
	if (choices.has('packWrites')) rules.origins.push(`client=${CALL_OPTIONS_CLIENT}`);
	if (choices.has('origins')) {
		const origins = listOf(setup.origins);
		if (!origins.length) throw new LoopGuardInputError('"These Change Origins" is chosen but no origin is listed');
		rules.origins.push(...origins);
	}
	if (choices.has('users')) {
		const users = userIds(listOf(setup.users));
		if (!users.length) throw new LoopGuardInputError('"These Users" is chosen but no user ID is listed');
		for (const u of users) rules.users.add(u);
	}
	if (choices.has('credentialUser')) rules.users.add(normalizeId(await setup.credentialUser()));
	rules.origins = rules.origins.map((o) => o.toLowerCase());
	return rules;
}

/** Whether a change event's header matches a rule. */
function isIgnored(header: IDataObject, rules: IgnoreRules): boolean {
	const user = String(header.commitUser ?? '');
	if (user && isSalesforceId(user) && rules.users.has(normalizeId(user))) return true;
	const origin = String(header.changeOrigin ?? '').toLowerCase();
	return origin !== '' && rules.origins.some((o) => origin.includes(o));
}

/** Where the count of ignored events waits for the next item (the node's static data: saved with the position). */
export interface GuardState extends IDataObject {
	ignoredSinceLastItem?: number;
}

/** The rules plus the running count; `ignores` is asked once per change event that passed the other filters. */
export class LoopGuard {
	constructor(
		private readonly rules: IgnoreRules,
		private readonly state: GuardState,
	) {}

	/** True (and counted) when the event is to be dropped. */
	ignores(header: IDataObject): boolean {
		if (!isIgnored(header, this.rules)) return false;
		this.state.ignoredSinceLastItem = (this.state.ignoredSinceLastItem ?? 0) + 1;
		return true;
	}

	/** Puts the count on an item that is about to be emitted, and starts counting again. */
	report(json: IDataObject): void {
		const n = this.state.ignoredSinceLastItem ?? 0;
		if (!n) return;
		json.ignoredSinceLastItem = n;
		this.state.ignoredSinceLastItem = 0;
	}
}

const CDC = { source: ['changeDataCapture'] };

/** The node's parameters of this option (CDC only). */
export const IGNORE_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Ignore Changes Made By',
		name: 'ignoreChanges',
		type: 'multiOptions',
		options: IGNORE_OPTIONS,
		default: [],
		description: IGNORE_DESCRIPTION,
		displayOptions: { show: CDC },
	},
	{
		displayName: 'User IDs to Ignore',
		name: 'ignoreUsers',
		type: 'string',
		default: '',
		placeholder: '005xx000001Sv6AAAS, 005xx000001Sv6B',
		description: 'User IDs (15 or 18 characters), separated by commas or new lines',
		displayOptions: { show: { ...CDC, ignoreChanges: ['users'] } },
	},
	{
		displayName: 'Change Origins to Ignore',
		name: 'ignoreOrigins',
		type: 'string',
		default: '',
		placeholder: 'client=MyEtlTool, com/salesforce/api/soap',
		description:
			'Texts, separated by commas or new lines: a change whose ChangeEventHeader.changeOrigin contains one of them (case-insensitive) is dropped',
		displayOptions: { show: { ...CDC, ignoreChanges: ['origins'] } },
	},
];

/**
 * The credential's user id: from the identity URL Salesforce returned with the token (no call), else one UserInfo
 * call at activation (never per event).
 */
async function credentialUserId(client: SalesforceClient): Promise<string> {
	const fromToken = userIdFromIdentity(client.identityUrl);
	if (fromToken) return fromToken;
	const info = await client.request<IDataObject>('GET', '/services/oauth2/userinfo', { retry: 'safe', timeout: 30_000 });
	const id = String(info.user_id ?? '');
	if (!isSalesforceId(id)) throw new Error("Salesforce's UserInfo answer names no user ID for the credential");
	return id;
}

/** The guard for the trigger's parameters; undefined when nothing is to be ignored. Bad input: NodeOperationError. */
export async function guardFor(ctx: ITriggerFunctions, client: SalesforceClient, state: GuardState): Promise<LoopGuard | undefined> {
	try {
		const rules = await ignoreRules({
			choices: ctx.getNodeParameter('ignoreChanges', []) as IgnoreChoice[],
			users: ctx.getNodeParameter('ignoreUsers', '') as string,
			origins: ctx.getNodeParameter('ignoreOrigins', '') as string,
			credentialUser: async () => await credentialUserId(client),
		});
		return rules && new LoopGuard(rules, state);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, { description: 'Check "Ignore Changes Made By"' });
	}
}
