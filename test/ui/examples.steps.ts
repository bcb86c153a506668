/**
 * Every example workflow in the editor: it opens with no node issue, opening each Salesforce node changes nothing
 * ("Node parameters have changed" stays off), and a run turns every node green.
 */
import { sendOutboundMessage } from '../emulator/outbound';
import { streamingOf } from '../emulator/streamingPlugin';
import { type Editor, tid } from './editor';
import { OUTBOUND_WEBHOOK_ID, type UiStack } from './stack';

let stack: UiStack;
let ui: Editor;

export function useStack(s: UiStack, editor: Editor): void {
	stack = s;
	ui = editor;
}

const STICKY = 'n8n-nodes-base.stickyNote';

async function workflowNodes(): Promise<{ all: string[]; salesforce: string[] }> {
	const nodes = await ui.page
		.locator(tid('canvas-node'))
		.evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-node-name') ?? '', type: e.getAttribute('data-node-type') ?? '' })));
	const all = nodes.filter((n) => n.type !== STICKY).map((n) => n.name);
	return { all, salesforce: nodes.filter((n) => n.type.startsWith('n8n-nodes-salesforce-crm.')).map((n) => n.name) };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** How each example is run from the editor: click "Execute workflow", then what a user (or Salesforce) does. */
const RUNS: Record<string, () => Promise<void>> = {
	sfExLeadIntake01: async () => undefined,
	sfExSoqlReport01: async () => undefined,
	sfExCdcClosedWon: async () => {
		// the trigger subscribes (CometD) in test mode; then a stage change to Closed Won is pushed to it
		await waitFor('the trigger to hold a CometD connect', () => streamingOf(stack.emu).stats.connects > 0);
		// the last open one by name: the build steps close the first one the record list offers
		const open = stack.emu.store.all('Opportunity').filter((o) => !String(o.StageName).startsWith('Closed'));
		const opp = open.sort((a, b) => String(a.Name).localeCompare(String(b.Name))).at(-1)!;
		stack.emu.store.update('Opportunity', String(opp.Id), { StageName: 'Closed Won' });
	},
	sfExOutboundMsg1: async () => {
		const lead = stack.emu.store.all('Lead').find((l) => l.IsConverted !== true)!;
		await ui.page.waitForTimeout(1000);
		const result = await sendOutboundMessage({
			url: `${stack.n8n.url}/webhook-test/${OUTBOUND_WEBHOOK_ID}/salesforce-outbound-message`,
			orgId: stack.emu.orgId,
			sobjectType: 'Lead',
			records: [{ Id: String(lead.Id), Company: String(lead.Company ?? ''), Email: String(lead.Email ?? '') }],
			maxAttempts: 5,
		});
		expect(result.acked).toBe(true);
	},
	sfExPipelineQa01: async () => {
		stack.model.script([
			() => ({ calls: [{ name: 'Query_pipeline', args: { soql: 'SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY StageName' } }] }),
			() => ({ text: 'Pipeline by stage listed.' }),
		]);
		await ui.page.waitForTimeout(1000);
		const res = await fetch(`${stack.n8n.url}/webhook-test/salesforce-pipeline-qa`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ question: 'What is in my pipeline by stage?' }),
		});
		expect(res.status).toBe(200);
	},
};

test('each example opens without issues, its Salesforce nodes open unchanged, and the runnable ones run green', async () => {
	const report: string[] = [];
	for (const wf of stack.examples) {
		await ui.openWorkflow(wf.id);
		const { all, salesforce } = await workflowNodes();
		await ui.shot(`example-${wf.id}`);
		expect({ workflow: wf.id, issues: await ui.nodesWith('node-issues') }).toEqual({ workflow: wf.id, issues: [] });
		for (const name of salesforce) await ui.openAndCloseNode(name);
		expect({ workflow: wf.id, changed: await ui.nodesWith('canvas-node-status-warning') }).toEqual({ workflow: wf.id, changed: [] });
		const run = RUNS[wf.id];
		if (!run) {
			report.push(`${wf.id}: opened, no issues (not run here)`);
			continue;
		}
		await ui.click(tid('execute-workflow-button'));
		await run();
		await ui.waitAllGreen(all);
		await ui.shot(`example-${wf.id}-run`);
		report.push(`${wf.id}: ${all.length} nodes green`);
	}
	process.stderr.write(`[ui] examples:\n  ${report.join('\n  ')}\n`);
	expect(report.filter((l) => l.includes('green'))).toHaveLength(Object.keys(RUNS).length);
});
