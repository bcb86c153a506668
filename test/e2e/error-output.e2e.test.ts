/**
 * "On Error" in the real n8n 2.41 (`n8n execute`): n8n itself decides which items go to the error output. The
 * same scenarios and expectations as the engine harness (test/helpers/errorScenarios.ts), for writes, reads,
 * queries, lead convert and input checks, under "Continue" and "Continue (using error output)"; then a run that
 * stops, whose error must list what was already written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SalesforceEmulator } from '../emulator';
import { ON_ERROR_MODES, checkRouting, errorScenarios, type ErrorScenario, type OnErrorMode } from '../helpers/errorScenarios';
import { N8n } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME, emulatorCredential } from './stack';

let emu: SalesforceEmulator;
let n8n: N8n;

const credentials = { salesforceCrmOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	onError?: string;
	credentials?: typeof credentials;
}

/** Manual trigger → (per case) Set with the items as JSON → Split Out → the Salesforce node → a NoOp per output. */
function workflow(id: string, cases: Array<{ scenario: ErrorScenario; mode: OnErrorMode | 'stop' }>) {
	const nodes: WorkflowNode[] = [
		{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	const link = (from: string, to: string, output = 0) => {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	};
	const add = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		y: number,
		parameters: Record<string, unknown>,
		extra: Partial<WorkflowNode> = {},
	) => nodes.push({ id: `${nodes.length}`, name, type, typeVersion, position: [x, y], parameters, ...extra });
	cases.forEach(({ scenario: s, mode }, row) => {
		const key = `${s.name} ${mode}`;
		const y = row * 300;
		add(`Items ${key}`, 'n8n-nodes-base.set', 3.4, 200, y, { mode: 'raw', jsonOutput: JSON.stringify({ items: s.items }), options: {} });
		add(`Split ${key}`, 'n8n-nodes-base.splitOut', 1, 400, y, { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} });
		add(`Salesforce ${key}`, 'n8n-nodes-salesforce-crm.salesforceCrm', 1, 600, y, s.parameters, {
			...(mode === 'stop' ? {} : { onError: mode }),
			credentials,
		});
		link('Start', `Items ${key}`);
		link(`Items ${key}`, `Split ${key}`);
		link(`Split ${key}`, `Salesforce ${key}`);
		(mode === 'continueErrorOutput' ? ['Success', 'Failed'] : ['Success']).forEach((label, output) => {
			add(`${label} ${key}`, 'n8n-nodes-base.noOp', 1, 800, y + output * 100, {});
			link(`Salesforce ${key}`, `${label} ${key}`, output);
		});
	});
	return { id, name: `Error output ${id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo' });
	n8n = await N8n.prepare();
	await n8n.importCredentials([emulatorCredential(emu)]);
}, 300_000);

afterAll(async () => {
	await emu?.close();
	await n8n?.dispose();
});

test('the engine harness runs the routing code of this n8n: the same n8n-core and n8n-workflow versions', () => {
	const version = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
	for (const pkg of ['n8n-core', 'n8n-workflow']) {
		expect({ pkg, harness: version(require.resolve(`${pkg}/package.json`)) }).toEqual({
			pkg,
			harness: version(path.join(n8n.install.dir, 'node_modules', pkg, 'package.json')),
		});
	}
});

test('"Continue" and "Continue (using error output)": n8n routes each failed item as its own nodes do (writes, reads, queries, lead convert, input checks)', async () => {
	// Each mode gets its own records (a lead converts only once).
	const cases = ON_ERROR_MODES.flatMap((mode) => errorScenarios(emu).map((scenario) => ({ scenario, mode })));
	await n8n.importWorkflows([workflow('sfErrorOutput001', cases)]);
	const { result, run } = await n8n.execute('sfErrorOutput001');
	expect({ code: result.code, status: run?.status }).toEqual({ code: 0, status: 'success' });
	const runData = run.data.resultData.runData;
	const checked: string[] = [];
	for (const { scenario, mode } of cases) {
		const outputs = runData[`Salesforce ${scenario.name} ${mode}`][0].data.main;
		checkRouting(scenario, mode, outputs);
		// What the next nodes received: the error output's node got exactly the failed item.
		const failedNode = runData[`Failed ${scenario.name} ${mode}`]?.[0]?.data.main[0] ?? [];
		const successNode = runData[`Success ${scenario.name} ${mode}`][0].data.main[0];
		expect(failedNode.map((item: { json: { error?: { errorCode?: string } } }) => item.json.error?.errorCode)).toEqual(
			mode === 'continueErrorOutput' ? [scenario.errorCode] : [],
		);
		expect(successNode).toHaveLength(mode === 'continueErrorOutput' ? 2 : 3);
		checked.push(`${scenario.name}/${mode}`);
	}
	expect(checked).toHaveLength(10);
});

test('without "Continue", a lead convert that fails on item 1 stops the run and its error lists the ids created for items 0 and 2', async () => {
	const convert = errorScenarios(emu).find((s) => s.name === 'convert')!;
	await n8n.importWorkflows([workflow('sfErrorOutput002', [{ scenario: convert, mode: 'stop' }])]);
	const { result, run } = await n8n.execute('sfErrorOutput002');
	expect(result.code).not.toBe(0);
	const error = run?.data.resultData.error;
	expect(error?.message).toMatch(/^Item 1: CANNOT_UPDATE_CONVERTED_LEAD/);
	for (const i of [0, 2]) {
		const lead = emu.store.get('Lead', String(convert.items[i].id))!;
		expect(lead.IsConverted).toBe(true);
		expect(error?.description).toContain(
			`item ${i} (leadId ${lead.Id}, accountId ${String(lead.ConvertedAccountId)}, contactId ${String(lead.ConvertedContactId)})`,
		);
	}
});
