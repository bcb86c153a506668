/**
 * The workflows the benchmark imports into the real n8n, and the credentials both Salesforce nodes use.
 *
 * Record jobs: Manual Trigger → Items (Edit Fields, raw JSON of the N input items) → Split Out → a warm-up Edit
 * Fields node, then the Salesforce node, then the floor: an Edit Fields (Set) node mapping the same `{{ $json.… }}`
 * expressions to the same N items (n8n's own per-item expression cost, with no API call).
 * SOQL return-all: Manual Trigger → Items (one item) → the Salesforce node → the floor (an Edit Fields node keeping
 * every field of the N records: n8n's per-item cost of one node handing on N items).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { CREDENTIAL_ID, CREDENTIAL_NAME, emulatorCredential } from '../e2e/stack';
import { emulatorOAuthApp } from '../helpers/oauthApp';
import type { Job } from './jobs';

export type Side = 'ours' | 'builtin';

export const OURS_TYPE = 'n8n-nodes-salesforce-crm.salesforceCrm';
export const BUILTIN_TYPE = 'n8n-nodes-base.salesforce';
export const BUILTIN_CREDENTIAL_ID = 'sfBuiltinCred001';
export const SALESFORCE_NODE = 'Salesforce';
export const FLOOR_NODE = 'Floor';

/**
 * n8n's own Salesforce credential (`salesforceOAuth2Api`, OAuth2 with PKCE). The built-in node sends every request
 * to `oauthTokenData.instance_url` + /services/data/v59.0 (its GenericFunctions), so a token whose instance_url is
 * the emulator's points the node at the emulator; the hidden token URL, stored here, is where n8n would refresh it.
 */
export function builtinCredential(emu: SalesforceEmulator, token: IDataObject) {
	return {
		id: BUILTIN_CREDENTIAL_ID,
		name: 'Salesforce (built-in node, emulator)',
		type: 'salesforceOAuth2Api',
		data: {
			environment: 'production',
			grantType: 'pkce',
			...emulatorOAuthApp(emu),
			scope: 'full refresh_token',
			authQueryParameters: '',
			authentication: 'header',
			oauthTokenData: token,
		},
	};
}

/** Both credentials, with one token the bench carries from one fresh emulator to the next (Auth.accept). */
export function benchCredentials(emu: SalesforceEmulator): { credentials: unknown[]; accessTokens: string[] } {
	const ours = emulatorCredential(emu);
	const builtinToken = emu.issueToken();
	return {
		credentials: [ours, builtinCredential(emu, builtinToken)],
		accessTokens: [ours.data.oauthTokenData.access_token, builtinToken.access_token],
	};
}

interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: IDataObject;
}

/** Edit Fields (Set) 3.4 mapping `fields` as `{{ $json.<field> }}`; with no fields it keeps every input field. */
export function floorParameters(fields: string[]): IDataObject {
	return {
		mode: 'manual',
		assignments: { assignments: fields.map((f, i) => ({ id: `a${i}`, name: f, value: `={{ $json.${f} }}`, type: 'string' })) },
		includeOtherFields: fields.length === 0,
		options: {},
	};
}

export function salesforceNode(side: Side, parameters: IDataObject, name = SALESFORCE_NODE): Omit<WfNode, 'id' | 'position'> {
	return side === 'ours'
		? {
				name,
				type: OURS_TYPE,
				typeVersion: 1,
				parameters,
				credentials: { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			}
		: {
				name,
				type: BUILTIN_TYPE,
				typeVersion: 1.1,
				parameters: { authentication: 'oAuth2', ...parameters },
				credentials: { salesforceOAuth2Api: { id: BUILTIN_CREDENTIAL_ID, name: 'Salesforce (built-in node, emulator)' } },
			};
}

export interface Lane {
	job: Job;
	side: Side;
	items: IDataObject[];
	/** Appended to the lane's node names ('' for a one-lane workflow: Salesforce, Floor). */
	suffix?: string;
	/** Leave out the floor node. */
	noFloor?: boolean;
}

/**
 * A workflow of one or more lanes, all started by one Manual Trigger: Items → Split Out → the Salesforce node, and
 * the floor after it (from Split Out for record jobs, behind the Salesforce node for a query). n8n's v1 execution
 * order runs the lanes and branches top to bottom, one after another.
 */
export function benchWorkflow(id: string, lanes: Lane[]) {
	const nodes: WfNode[] = [];
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	const add = (node: Omit<WfNode, 'id' | 'position'>, x: number, y: number) =>
		nodes.push({ ...node, id: `n${nodes.length}`, position: [x, y] });
	const link = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	add({ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }, 0, 0);
	lanes.forEach(({ job, side, items, suffix = '', noFloor }, row) => {
		const y = row * 600;
		const [itemsName, split, sf, floor] = ['Items', 'Split', SALESFORCE_NODE, FLOOR_NODE].map((n) => `${n}${suffix}`);
		add(
			{
				name: itemsName,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			},
			200,
			y,
		);
		add(
			{
				name: split,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
			},
			400,
			y,
		);
		link('Start', itemsName);
		link(itemsName, split);
		if (!noFloor && job.mapped.length) {
			// The first node of the process to evaluate expressions pays for warming n8n's expression engine: a warm-up
			// Set node does that before both the Salesforce node and the floor, as a long-running n8n would have.
			add(
				{ name: `Warm-up${suffix}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: floorParameters(job.mapped) },
				600,
				y - 200,
			);
			link(split, `Warm-up${suffix}`);
		}
		add(salesforceNode(side, side === 'ours' ? job.ours : job.builtin, sf), 600, y);
		link(split, sf);
		if (noFloor) return;
		add(
			{ name: floor, type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: floorParameters(job.mapped) },
			job.shape === 'query' ? 800 : 600,
			job.shape === 'query' ? y : y + 200,
		);
		link(job.shape === 'query' ? sf : split, floor);
	});
	return { id, name: `Bench ${id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}
