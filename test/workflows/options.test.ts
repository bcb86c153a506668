/**
 * The node's Options collection shows, for each operation, only the options that operation reads (issue #13):
 * API Version and Keep API Calls in Reserve everywhere (the router builds every operation's client with them),
 * All or None and Batch Size on the sObject Collections writes, Use Bulk API From on the generic record writes.
 *
 * "Read" is shown through n8n's engine for every (resource, operation): an invalid value of an option must fail
 * the run (or, with "Continue", every item) naming that option exactly when the operation shows it, so an option
 * that is shown but ignored, or read but hidden, fails this test. That the values are honoured is shown by the
 * workflow tests (batch sizes and call counts, All or None roll-back, Bulk jobs) and at the end of this file.
 */
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { SalesforceCrm } from '../../nodes/SalesforceCrm/SalesforceCrm.node';
import { optionsOf } from '../../nodes/SalesforceCrm/actions/properties';
import { resources } from '../../nodes/SalesforceCrm/actions/registry';
import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

const properties = new SalesforceCrm().description.properties;
const pairs = resources().flatMap((r) => r.operations.map((o) => ({ resource: r.value, operation: o.value, module: o.module })));

/** The Options collection n8n's editor shows for a resource and operation (n8n's own displayParameter). */
function shownOptions(resource: string, operation: string): string[][] {
	return properties
		.filter((p) => p.name === 'options' && NodeHelpers.displayParameter({ resource, operation }, p, { typeVersion: 1 }, null))
		.map((p) => (p.options as INodeProperties[]).map((o) => o.name).sort());
}

test(`every one of the ${pairs.length} operations shows one Options collection: the universal options and those its module declares`, () => {
	const batch = pairs.filter((p) => optionsOf(p.module).includes('batchSize')).map((p) => `${p.resource}.${p.operation}`);
	for (const { resource, operation, module } of pairs) {
		expect({ resource, operation, shown: shownOptions(resource, operation) }).toEqual({ resource, operation, shown: [optionsOf(module)] });
	}
	// Not vacuous: the write operations do show the batch options, reads and queries do not.
	expect(batch).toEqual(
		expect.arrayContaining(['contact.create', 'lead.update', 'record.upsert', 'account.delete', 'opportunity.close', 'task.logCall']),
	);
	for (const read of ['contact.get', 'record.getMany', 'soql.query', 'report.run', 'chatter.post', 'lead.convert'])
		expect(batch).not.toContain(read);
});

/**
 * Parameters n8n requires before it runs the node (it refuses a workflow with empty required fields), filled with
 * values the node's own input checks refuse, so no item is ever valid enough to be written.
 */
function requiredFilled(resource: string, operation: string): Record<string, unknown> {
	const values: Record<string, unknown> = { resource, operation };
	// An expression: n8n checks a typed id against the field's pattern, not an expression's result.
	const invalid = '={{ "!" }}';
	// Passes until nothing changes: a shown parameter (e.g. "Remove By") decides which others are shown.
	for (let added = true; added;) {
		added = false;
		for (const p of properties) {
			if (p.name in values || !NodeHelpers.displayParameter(values as never, p, { typeVersion: 1 }, null)) continue;
			const filled = !p.required || (['boolean', 'number', 'collection', 'options'].includes(p.type) && p.default !== '');
			values[p.name] = filled ? p.default : p.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: invalid } : invalid;
			added = true;
		}
	}
	delete values.options;
	return values;
}

/** Each option with a value the node must refuse, and the label its error names. */
const INVALID: Record<string, { value: unknown; label: RegExp }> = {
	apiVersion: { value: 'latest', label: /API version "latest" is not valid/ },
	reserveCalls: { value: 'many', label: /Keep API Calls in Reserve "many"/ },
	batchSize: { value: 0, label: /Batch Size "0"/ },
	allOrNone: { value: 'maybe', label: /All or None "maybe"/ },
	bulkThreshold: { value: -1, label: /Use Bulk API From \(Items\) "-1"/ },
};

describe.each(Object.keys(INVALID))('option %s', (option) => {
	test('an invalid value is refused by exactly the operations that show it, before any API call', async () => {
		const { value, label } = INVALID[option];
		const readBy: string[] = [];
		const shownBy: string[] = [];
		const writtenBy: string[] = [];
		const writes = () =>
			emu.requests.filter((r) => r.method !== 'GET' && /\/composite\/sobjects$|\/jobs\/ingest/.test(r.path.split('?')[0])).length;
		for (const { resource, operation, module } of pairs) {
			const shown = optionsOf(module).includes(option);
			if (shown) shownBy.push(`${resource}.${operation}`);
			const before = writes();
			// "Continue": every item comes out, failed ones as error items, so any read of the option is visible.
			const result = await runWorkflow({
				credentials: credentialData(emu),
				items: [{}],
				nodes: [
					salesforceNode({ ...requiredFilled(resource, operation), options: { [option]: value } }, { onError: 'continueRegularOutput' }),
				],
			});
			const messages = result.output('Salesforce').map((item) => String(item.json.message ?? ''));
			if (messages.some((m) => label.test(m))) readBy.push(`${resource}.${operation}`);
			if (shown && writes() > before) writtenBy.push(`${resource}.${operation}`);
		}
		expect(readBy).toEqual(shownBy);
		expect(shownBy.length).toBeGreaterThan(0);
		// The refusal came before any write: no sObject Collections or Bulk write reached the org.
		expect(writtenBy).toEqual([]);
	});
});

describe('shown options are honoured (one operation of each kind)', () => {
	const writes = (path: RegExp) => emu.requests.filter((r) => r.method !== 'GET' && path.test(r.path.split('?')[0])).length;

	test('Batch Size 1 on Task → Log Call and Opportunity → Close: one call per item', async () => {
		const opp = [0, 1, 2].map((i) =>
			emu.store.insert('Opportunity', { Name: `Batch ${i}`, StageName: 'Prospecting', CloseDate: '2026-01-01' }),
		);
		const logged = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}, {}, {}],
			nodes: [salesforceNode({ resource: 'task', operation: 'logCall', subject: 'Call', options: { batchSize: 1 } })],
		});
		expect(logged.output('Salesforce')).toHaveLength(3);
		expect(writes(/\/composite\/sobjects$/)).toBe(3);
		emu.resetCounters();
		const closed = await runWorkflow({
			credentials: credentialData(emu),
			items: opp.map((id) => ({ id })),
			nodes: [
				salesforceNode({
					resource: 'opportunity',
					operation: 'close',
					opportunityId: { mode: 'id', value: '={{ $json.id }}' },
					options: { batchSize: 2 },
				}),
			],
		});
		expect(closed.output('Salesforce').map((o) => o.json.success)).toEqual([true, true, true]);
		expect(emu.count('PATCH /composite/sobjects')).toBe(2);
	});

	test('All or None on Case → Add Comment: one failed record rolls back the others of its call', async () => {
		const cases = [0, 1, 2].map((i) => emu.store.insert('Case', { Subject: `All or none ${i}` }));
		emu.faults.queueRecords({
			method: 'POST',
			positions: [1],
			errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
			message: 'Comment refused by a validation rule',
		});
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: cases.map((id) => ({ id })),
			nodes: [
				salesforceNode(
					{
						resource: 'case',
						operation: 'addComment',
						caseId: { mode: 'id', value: '={{ $json.id }}' },
						commentBody: 'Hello',
						options: { allOrNone: true },
					},
					{ onError: 'continueRegularOutput' },
				),
			],
		});
		expect(result.output('Salesforce').map((o) => errorDetails(o).errorCode)).toEqual([
			'ALL_OR_NONE_OPERATION_ROLLED_BACK',
			'FIELD_CUSTOM_VALIDATION_EXCEPTION',
			'ALL_OR_NONE_OPERATION_ROLLED_BACK',
		]);
		expect(emu.store.all('CaseComment').filter((c) => cases.includes(String(c.ParentId)))).toEqual([]);
	});

	test('API Version 59.0 on a SOQL query and a lead convert: every call goes to v59.0', async () => {
		const lead = emu.store.insert('Lead', { LastName: 'Version', Company: 'Version Co', Status: 'Open - Not Contacted' });
		for (const parameters of [
			{ resource: 'soql', operation: 'query', soql: 'SELECT Id FROM Account' },
			{ resource: 'lead', operation: 'convert', leadId: { mode: 'id', value: lead }, convertedStatus: 'Closed - Converted' },
		]) {
			const result = await runWorkflow({
				credentials: credentialData(emu),
				nodes: [salesforceNode({ ...parameters, options: { apiVersion: '59.0' } })],
			});
			expect(result.error).toBeUndefined();
		}
		const paths = emu.requests.filter((r) => r.apiCall).map((r) => r.path);
		expect(paths.length).toBeGreaterThanOrEqual(2);
		expect(paths.filter((p) => !/\/v59\.0\/|\/Soap\/u\/59\.0/.test(p))).toEqual([]);
	});
});
