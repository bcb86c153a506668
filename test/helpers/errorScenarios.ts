/**
 * "On Error" as n8n routes it, one specification shared by the engine harness (test/workflows/error-output.test.ts)
 * and the real n8n 2.41 (test/e2e/error-output.e2e.test.ts), so both are held to the same expectations.
 *
 * Each scenario feeds 3 items to one Salesforce CRM node; the middle one fails (at Salesforce, or in the node's own
 * input check before any call). Under "Continue" n8n keeps every item on the main output, the failed one as an error
 * item; under "Continue (using error output)" n8n moves the failed one to the error output, merged over its input
 * item, and the two others stay on the success output.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';

export interface ErrorScenario {
	/** Node name suffix and test title. */
	name: string;
	title: string;
	parameters: Record<string, unknown>;
	items: IDataObject[];
	/** error.errorCode of the failed middle item. */
	errorCode: string;
	/** What a successful item's json must hold (item index 0 or 2). */
	success(json: IDataObject, index: number): void;
}

export const ON_ERROR_MODES = ['continueRegularOutput', 'continueErrorOutput'] as const;
export type OnErrorMode = (typeof ON_ERROR_MODES)[number];

const byJsonId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };

let seq = 0;

/** Seeds what the scenarios need in the emulated org and returns them. */
export function errorScenarios(emu: SalesforceEmulator): ErrorScenario[] {
	seq += 1;
	const tag = `EO${seq}-${Date.now().toString(36)}`;
	const contact = (n: number) => emu.store.insert('Contact', { LastName: `${tag} read ${n}` });
	const readIds = [contact(0), contact(1), contact(2)];
	emu.store.delete('Contact', readIds[1]);
	const updateIds = [contact(3), contact(4)];
	const lead = (n: number, fields: IDataObject = {}) =>
		emu.store.insert(
			'Lead',
			{ LastName: `${tag} lead ${n}`, Company: `${tag} Co ${n}`, Status: 'Open - Not Contacted', ...fields },
			{ system: true },
		);
	const leads = [lead(0), lead(1, { IsConverted: true, Status: 'Closed - Converted' }), lead(2)];
	const expect = (ok: boolean, what: string) => {
		if (!ok) throw new Error(what);
	};
	return [
		{
			name: 'write',
			title: 'writes: Contact → Create, the middle Email is not an email',
			parameters: {
				resource: 'contact',
				operation: 'create',
				fields: { mappingMode: 'defineBelow', value: { LastName: '={{ $json.LastName }}', Email: '={{ $json.Email }}' } },
			},
			items: [
				{ LastName: `${tag} create 0`, Email: 'a@example.com' },
				{ LastName: `${tag} create 1`, Email: 'not-an-email' },
				{ LastName: `${tag} create 2`, Email: 'c@example.com' },
			],
			errorCode: 'INVALID_EMAIL_ADDRESS',
			success(json, i) {
				expect(emu.store.get('Contact', String(json.id))?.LastName === `${tag} create ${i}`, `contact ${i} not created`);
			},
		},
		{
			name: 'read',
			title: 'reads: Contact → Get, the middle record was deleted',
			parameters: { resource: 'contact', operation: 'get', recordId: byJsonId, fieldsToReturn: ['Id', 'LastName'] },
			items: readIds.map((id) => ({ id })),
			errorCode: 'NOT_FOUND',
			success(json, i) {
				expect(json.Id === readIds[i] && json.LastName === `${tag} read ${i}`, `contact ${i} not read: ${JSON.stringify(json)}`);
			},
		},
		{
			name: 'query',
			title: 'queries: SOQL → Query, the middle query names a field that does not exist',
			parameters: { resource: 'soql', operation: 'query', soql: '={{ $json.q }}' },
			items: [0, 1, 2].map((n) => ({
				q: `SELECT Id, LastName FROM Contact WHERE ${n === 1 ? 'No_Such_Field__c' : 'Id'} = '${readIds[n === 1 ? 0 : n]}'`,
			})),
			errorCode: 'INVALID_FIELD',
			success(json, i) {
				expect(json.Id === readIds[i], `query ${i} returned ${JSON.stringify(json)}`);
			},
		},
		{
			name: 'convert',
			title: 'lead convert: the middle lead is already converted',
			parameters: {
				resource: 'lead',
				operation: 'convert',
				leadId: byJsonId,
				convertedStatus: 'Closed - Converted',
				createOpportunity: false,
			},
			items: leads.map((id) => ({ id })),
			errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
			success(json, i) {
				const converted = emu.store.get('Lead', leads[i]);
				expect(
					json.leadId === leads[i] && converted?.IsConverted === true && json.accountId === converted.ConvertedAccountId,
					`lead ${i} not converted`,
				);
			},
		},
		{
			name: 'input',
			title: 'input checks: Contact → Update, the middle id is malformed (refused before any call)',
			parameters: {
				resource: 'contact',
				operation: 'update',
				recordId: byJsonId,
				fields: { mappingMode: 'defineBelow', value: { Title: '={{ $json.Title }}' } },
			},
			items: [
				{ id: updateIds[0], Title: `${tag} title 0` },
				{ id: '003-not-an-id', Title: 'never' },
				{ id: updateIds[1], Title: `${tag} title 2` },
			],
			errorCode: 'INVALID_INPUT',
			success(json, i) {
				const id = updateIds[i === 0 ? 0 : 1];
				expect(json.id === id && emu.store.get('Contact', id)?.Title === `${tag} title ${i}`, `contact ${i} not updated`);
			},
		},
	];
}

function fail(message: string, data: unknown): never {
	throw new Error(`${message}: ${JSON.stringify(data, null, 1)}`);
}

function checkErrorJson(scenario: ErrorScenario, json: IDataObject, keys: string[]): void {
	const error = json.error as IDataObject | undefined;
	if (JSON.stringify(Object.keys(json).sort()) !== JSON.stringify(keys)) fail(`${scenario.name}: error item keys`, json);
	if (typeof json.message !== 'string' || !json.message.startsWith(`${scenario.errorCode}: `))
		fail(`${scenario.name}: error message`, json);
	if (error?.errorCode !== scenario.errorCode) fail(`${scenario.name}: error.errorCode is not ${scenario.errorCode}`, json);
}

/**
 * Checks one scenario's outputs as n8n produced them (main outputs of the Salesforce node's run) against the
 * routing rule of the mode. Throws with the data on a mismatch.
 */
export function checkRouting(scenario: ErrorScenario, mode: OnErrorMode, outputs: INodeExecutionData[][]): void {
	const paired = (item: INodeExecutionData) => (item.pairedItem as { item: number } | undefined)?.item;
	const [main, errorOutput] = [outputs[0] ?? [], outputs[1] ?? []];
	if (mode === 'continueRegularOutput') {
		if (outputs.length !== 1 || main.length !== 3)
			fail(`${scenario.name}: "Continue" must keep all 3 items on the one main output`, outputs);
		if (main.map(paired).join() !== '0,1,2') fail(`${scenario.name}: pairedItem`, main);
		checkErrorJson(scenario, main[1].json, ['error', 'message']);
		scenario.success(main[0].json, 0);
		scenario.success(main[2].json, 2);
		return;
	}
	if (outputs.length !== 2) fail(`${scenario.name}: "Continue (using error output)" must give 2 outputs`, outputs);
	if (main.length !== 2 || main.map(paired).join() !== '0,2') fail(`${scenario.name}: success output must hold items 0 and 2`, outputs);
	if (errorOutput.length !== 1 || paired(errorOutput[0]) !== 1) fail(`${scenario.name}: error output must hold item 1`, outputs);
	// n8n merges the error over the input item: the input's own fields come back with message and error.
	const input = scenario.items[1];
	checkErrorJson(scenario, errorOutput[0].json, [...new Set([...Object.keys(input), 'error', 'message'])].sort());
	for (const [key, value] of Object.entries(input)) {
		if (errorOutput[0].json[key] !== value) fail(`${scenario.name}: the error item lost the input field ${key}`, errorOutput[0].json);
	}
	scenario.success(main[0].json, 0);
	scenario.success(main[1].json, 2);
}
