/**
 * "On Error" in n8n-core's WorkflowExecute (the engine harness): the same specification the real n8n 2.41 is held
 * to in test/e2e/error-output.e2e.test.ts (test/helpers/errorScenarios.ts), plus what a stopped run reports.
 */
import type { IDataObject } from 'n8n-workflow';

import { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { ON_ERROR_MODES, checkRouting, errorScenarios } from '../helpers/errorScenarios';
import { salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { seed: 'demo' });

describe.each(ON_ERROR_MODES)('On Error "%s"', (mode) => {
	test.each(['write', 'read', 'query', 'convert', 'input'])('%s: the failed item is routed as n8n routes it', async (name) => {
		const scenario = errorScenarios(emu).find((s) => s.name === name)!;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: scenario.items,
			nodes: [salesforceNode(scenario.parameters, { onError: mode })],
		});
		expect(result.error).toBeUndefined();
		checkRouting(scenario, mode, result.outputs('Salesforce'));
	});

	test('a node-wide failure (no instance URL in the credential) fails every item, none passes as a success', async () => {
		const credentials = credentialData(emu);
		delete (credentials.oauthTokenData as IDataObject).instance_url;
		const result = await runWorkflow({
			credentials,
			items: [{ n: 0 }, { n: 1 }],
			nodes: [
				salesforceNode(
					{ resource: 'contact', operation: 'create', fields: { mappingMode: 'autoMapInputData', value: null } },
					{ onError: mode },
				),
			],
		});
		const [main, errors = []] = result.outputs('Salesforce');
		const failed = mode === 'continueErrorOutput' ? errors : main;
		expect(mode === 'continueErrorOutput' ? main : errors).toEqual([]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of failed) expect(String(item.json.message)).toMatch(/no instance URL/);
		expect(emu.apiCalls()).toBe(0);
	});
});

describe('a run that stops says what was already done', () => {
	test('Lead → Convert of 3 leads, the middle one already converted: the error lists the ids created for items 0 and 2', async () => {
		const scenario = errorScenarios(emu).find((s) => s.name === 'convert')!;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: scenario.items,
			nodes: [salesforceNode(scenario.parameters)],
		});
		expect(result.error?.message).toMatch(/^Item 1: CANNOT_UPDATE_CONVERTED_LEAD/);
		for (const i of [0, 2]) {
			const lead = emu.store.get('Lead', String(scenario.items[i].id))!;
			expect(lead.IsConverted).toBe(true);
			expect(result.error?.description).toContain(
				`item ${i} (leadId ${String(scenario.items[i].id)}, accountId ${String(lead.ConvertedAccountId)}, contactId ${String(lead.ConvertedContactId)})`,
			);
		}
		expect(result.error?.description).toMatch(/^2 other item\(s\) were written before the run stopped/);
	});

	test('one lead picked in the form, 2 input items: refused before any call (a lead converts once); with "Continue" item 0 converts and item 1 says why not', async () => {
		const lead = emu.store.insert('Lead', { LastName: 'Fixed', Company: 'Fixed Co', Status: 'Open - Not Contacted' });
		const parameters = {
			resource: 'lead',
			operation: 'convert',
			leadId: { __rl: true, mode: 'list', value: lead },
			convertedStatus: 'Closed - Converted',
		};
		const stopped = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ n: 0 }, { n: 1 }],
			nodes: [salesforceNode(parameters)],
		});
		expect(stopped.error?.message).toBe(
			`Item 1: Lead ${lead} is converted by item 0 already: the node runs once per input item, and a lead converts only once. Take the lead from each item (e.g. {{ $json.id }}), or turn on Settings → Execute Once`,
		);
		expect(emu.apiCalls()).toBe(0);
		expect(emu.store.get('Lead', lead)?.IsConverted).toBe(false);

		const continued = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ n: 0 }, { n: 1 }],
			nodes: [salesforceNode(parameters, { onError: 'continueErrorOutput' })],
		});
		const [converted, failed] = continued.outputs('Salesforce');
		const record = emu.store.get('Lead', lead)!;
		expect(converted.map((item) => item.json)).toEqual([
			{
				leadId: lead,
				accountId: record.ConvertedAccountId,
				contactId: record.ConvertedContactId,
				opportunityId: record.ConvertedOpportunityId,
				success: true,
			},
		]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			n: 1,
			error: { errorCode: 'INVALID_INPUT', fields: ['Lead'] },
			message: expect.stringContaining('converted by item 0 already'),
		});
	});
});
