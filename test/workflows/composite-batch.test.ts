/**
 * Composite → Batch through n8n's engine against the emulator's /composite/batch: up to 25 independent sub-requests a
 * call, each committed on its own, one output per sub-request, Halt on Error, bad requests refused before any call.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));

const BATCH = 'POST /composite/batch';
const run = async (items: IDataObject[], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	await runWorkflow({
		credentials: credentialData(emu),
		items,
		nodes: [salesforceNode({ resource: 'composite', operation: 'batch', batchRequests: '={{ $json.requests }}', ...parameters }, extra)],
	});

test('one call per item; a result per sub-request in order; a failed one does not undo the others', async () => {
	const id = emu.store.insert('Account', { Name: 'Batch Co' });
	const requests = [
		{ method: 'POST', url: '/sobjects/Account', richInput: { Name: 'Batch New' } },
		{ method: 'PATCH', url: `sobjects/Account/${id}`, richInput: { Rating: 'Hot' } },
		{ method: 'POST', url: '/services/data/v66.0/sobjects/Contact', richInput: { FirstName: 'No last name' } },
		{ method: 'GET', url: `v66.0/sobjects/Account/${id}?fields=Name,Rating` },
		{ method: 'GET', url: `/query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name = 'Batch New'")}` },
	];
	const result = await run([{ requests }, { requests: requests.slice(3) }], {}, { continueOnFail: true });
	expect(emu.count(BATCH)).toBe(2);
	const out = result.output('Salesforce');
	expect(out.map((o) => o.pairedItem)).toEqual([0, 0, 0, 0, 0, 1, 1].map((item) => ({ item })));
	expect(out[0].json).toMatchObject({ request: 0, statusCode: 201, success: true, id: expect.stringMatching(/^001/) });
	expect(out[1].json).toMatchObject({ request: 1, statusCode: 204, success: true });
	expect(errorDetails(out[2])).toMatchObject({
		errorCode: 'REQUIRED_FIELD_MISSING',
		message: expect.stringMatching(/^request 2: Required fields are missing/),
	});
	expect(out[3].json).toMatchObject({ request: 3, statusCode: 200, result: { Name: 'Batch Co', Rating: 'Hot' } });
	expect(out[4].json).toMatchObject({ request: 4, result: { totalSize: 1 } });
	expect(emu.store.get('Account', String(out[0].json.id))?.Name).toBe('Batch New');
});

test('Halt on Error: the sub-requests after the first failure are not run (BATCH_PROCESSING_HALTED)', async () => {
	const requests = [
		{ method: 'POST', url: '/sobjects/Contact', richInput: { LastName: 'Before' } },
		{ method: 'DELETE', url: '/sobjects/Account/001000000000000AAA' },
		{ method: 'POST', url: '/sobjects/Contact', richInput: { LastName: 'After halt' } },
	];
	const result = await run([{ requests }], { batchHaltOnError: true }, { continueOnFail: true });
	const codes = result.output('Salesforce').map((o) => errorDetails(o).errorCode ?? 'ok');
	expect(codes).toEqual(['ok', 'NOT_FOUND', 'BATCH_PROCESSING_HALTED']);
	expect(emu.store.all('Contact').some((c) => c.LastName === 'After halt')).toBe(false);
	expect(emu.store.all('Contact').some((c) => c.LastName === 'Before')).toBe(true);
	// Without "Continue" the run stops naming the failed sub-request and the ones already written.
	const stopped = await run([{ requests: requests.slice(0, 2) }], {});
	expect(stopped.error?.message).toMatch(/^Item 0: NOT_FOUND: request 1:/);
	expect(stopped.error?.description).toMatch(/1 other item\(s\) were written before the run stopped: item 0 \(id 003\w+\)/);
});

test('bad sub-requests are refused before any call', async () => {
	const cases: Array<[IDataObject[], RegExp]> = [
		[
			[{ method: 'GET', url: 'https://evil.example.com/x' }],
			/^Item 0: Request 0: url "https:\/\/evil\.example\.com\/x" must be a REST API path/,
		],
		[[{ method: 'GET', url: '/sobjects/../../services/apexrest/x' }], /^Item 0: Request 0: url .* must be a REST API path/],
		[[{ method: 'GET', url: '/services/apexrest/x' }], /^Item 0: Request 0: url "\/services\/apexrest\/x" must be a REST API path/],
		[[{ method: 'TRACE', url: '/sobjects' }], /^Item 0: Request 0: method "TRACE" is not GET, POST, PATCH, PUT, DELETE or HEAD/],
		[Array.from({ length: 26 }, () => ({ method: 'GET', url: '/limits' })), /^Item 0: Batch takes at most 25 sub-requests; got 26/],
		[[], /^Item 0: Batch requests must be a non-empty JSON array/],
	];
	for (const [requests, error] of cases) {
		const result = await run([{ requests }], {});
		expect(result.error?.message).toMatch(error);
	}
	expect(emu.apiCalls()).toBe(0);
});
