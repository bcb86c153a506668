/**
 * The emulator + real n8n stack shared by `npm run dev` and the e2e suite:
 * an emulator org, an n8n user folder with the pack installed, the Salesforce CRM credential (an emulator-issued
 * token, imported and encrypted by n8n's CLI) and the example workflows from examples/.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SalesforceEmulator } from '../emulator';
import { N8n, REPO_ROOT, type N8nOptions } from './n8n';
import { emulatorOAuthApp } from '../helpers/oauthApp';

export const CREDENTIAL_ID = 'sfEmulatorCred01';
export const CREDENTIAL_NAME = 'Salesforce CRM (emulator)';
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The credential record for `n8n import:credentials` (data is encrypted by n8n on import). */
export function emulatorCredential(emu: SalesforceEmulator) {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'salesforceCrmOAuth2Api',
		data: {
			environment: 'custom',
			customDomainUrl: emu.url,
			grantType: 'pkce',
			apiVersion: '66.0',
			...emulatorOAuthApp(emu),
			scope: 'api refresh_token',
			authQueryParameters: '',
			authentication: 'body',
			oauthTokenData: emu.issueToken(),
		},
	};
}

export interface ExampleWorkflow {
	file: string;
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	[k: string]: unknown;
}

export function loadExamples(dir = EXAMPLES_DIR): ExampleWorkflow[] {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ ...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), file: f }));
}

/** The workflow JSON as n8n imports it (without the loader's `file` field). */
export function withoutFile(wf: ExampleWorkflow): Omit<ExampleWorkflow, 'file'> {
	const copy: Partial<ExampleWorkflow> = { ...wf };
	delete copy.file;
	return copy as Omit<ExampleWorkflow, 'file'>;
}

const OUTBOUND_TYPE = 'n8n-nodes-salesforce-crm.salesforceCrmOutboundMessageTrigger';

/**
 * The examples ship no webhook id for the Outbound Message Trigger (its URL is a secret). n8n's editor import and
 * API create give such a node a random one (n8n-workflow's resolveNodeWebhookId); `n8n import:workflow` does not,
 * so the CLI import here does the same first.
 */
export function withWebhookIds<T extends { nodes: ExampleWorkflow['nodes'] }>(wf: T): T {
	return { ...wf, nodes: wf.nodes.map((n) => (n.type === OUTBOUND_TYPE && !n.webhookId ? { ...n, webhookId: randomUUID() } : n)) };
}

/** The production URL of a workflow's Outbound Message Trigger, as n8n stored it. */
export async function outboundWebhookUrl(n8n: N8n, workflowId: string): Promise<string | undefined> {
	const wf = await n8n.rest<{ nodes: Array<{ type: string; webhookId?: string }> }>('GET', `/workflows/${workflowId}`);
	const node = wf.nodes.find((n) => n.type === OUTBOUND_TYPE && n.webhookId);
	return node ? `${n8n.url}/webhook/${node.webhookId}/salesforce-outbound-message` : undefined;
}

export function example(id: string, examples = loadExamples()): ExampleWorkflow {
	const wf = examples.find((w) => w.id === id);
	if (!wf) throw new Error(`no example workflow with id ${id} in ${EXAMPLES_DIR}`);
	return wf;
}

export interface Stack {
	emu: SalesforceEmulator;
	n8n: N8n;
	examples: ExampleWorkflow[];
	stop(): Promise<void>;
}

export interface StackOptions extends N8nOptions {
	emulatorPort?: number;
	/** progress lines */
	say?: (line: string) => void;
}

/** Emulator with the demo org, n8n user folder with pack + credential + examples, n8n started, owner set up. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
	const say = opts.say ?? (() => undefined);
	const emu = await SalesforceEmulator.start({ seed: 'demo', port: opts.emulatorPort ?? 0 });
	say(`Salesforce emulator (demo org ${emu.orgId}) on ${emu.url}`);
	let n8n: N8n | undefined;
	try {
		n8n = await N8n.prepare(opts);
		say(`n8n user folder ${n8n.userFolder}`);
		const examples = loadExamples().map(withWebhookIds);
		say('importing the Salesforce CRM credential (n8n import:credentials)');
		await n8n.importCredentials([emulatorCredential(emu)]);
		say(`importing ${examples.length} example workflows (n8n import:workflow)`);
		await n8n.importWorkflows(examples.map(withoutFile));
		say(`starting n8n on ${n8n.url}`);
		await n8n.start();
		await n8n.setupOwner();
		const started = n8n;
		return {
			emu,
			n8n: started,
			examples,
			async stop() {
				await started.stop();
				await emu.close();
			},
		};
	} catch (error) {
		await n8n?.stop();
		await emu.close();
		throw error;
	}
}
