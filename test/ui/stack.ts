/**
 * The editor suite's stack: the demo org in the emulator, a scripted OpenAI-compatible model for the agent
 * examples (their chat model gets its credential, as a user picks theirs), n8n 2.41 with the pack, the examples.
 */

import { SalesforceEmulator } from '../emulator';
import { ScriptedModel } from '../e2e/scriptedModel';
import { N8n } from '../e2e/n8n';
import { type ExampleWorkflow, emulatorCredential, loadExamples, withoutFile } from '../e2e/stack';

export const OPENAI = { id: 'openAiScripted01', name: 'OpenAI (scripted test model)' };
/**
 * The example ships no webhook id (n8n gives a node one when the workflow is first saved); the suite imports it as
 * a saved copy would be, with this one, so the test webhook's URL is known.
 */
export const OUTBOUND_WEBHOOK_ID = 'a1c0ffee-0000-4000-8000-0000000000f1';

export interface UiStack {
	emu: SalesforceEmulator;
	model: ScriptedModel;
	n8n: N8n;
	examples: ExampleWorkflow[];
	stop(): Promise<void>;
}

/** An example as imported: the chat model node (if any) wired to the scripted model's credential, webhook ids set. */
function withModel(wf: ExampleWorkflow) {
	const copy = withoutFile(wf) as Omit<ExampleWorkflow, 'file'> & { nodes: Array<{ type: string }> };
	copy.nodes = copy.nodes.map((n) =>
		n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi'
			? { ...n, credentials: { openAiApi: OPENAI } }
			: n.type.endsWith('.salesforceCrmOutboundMessageTrigger')
				? { webhookId: OUTBOUND_WEBHOOK_ID, ...n }
				: n,
	);
	return copy;
}

export async function startUiStack(): Promise<UiStack> {
	const emu = await SalesforceEmulator.start({ seed: 'demo' });
	const model = await ScriptedModel.start();
	const n8n = await N8n.prepare();
	const examples = loadExamples();
	await n8n.importCredentials([
		emulatorCredential(emu),
		{ ...OPENAI, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.url, header: false } },
	]);
	await n8n.importWorkflows(examples.map(withModel));
	await n8n.start();
	await n8n.setupOwner();
	return {
		emu,
		model,
		n8n,
		examples,
		async stop() {
			await n8n.dispose();
			await model.close();
			await emu.close();
		},
	};
}
