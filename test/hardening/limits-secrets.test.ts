import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow, type RunResult } from '../helpers/engine';
import { AUTO_MAP, salesforceNode as node, useEmulator, errorDetails } from '../helpers/workflow';
import { recordFigure } from './report';

/** Issue #7 parts 2 (Keep API Calls in Reserve) and 5 (no secret in anything a run returns). */

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
beforeEach(() => {
	emu.faults.clear();
	emu.dailyApiLimit = 1_000_000;
});

describe('part 2 — Keep API Calls in Reserve', () => {
	test('10 calls left, reserve 5: the node makes 5 calls, then stops with a clear error before going below the reserve', async () => {
		emu.dailyApiLimit = emu.apiUsage + 10;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: Array.from({ length: 500 }, (_, i) => ({ Name: `Reserve ${i}` })),
			nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP, options: { batchSize: 50, reserveCalls: 5 } })],
		});
		expect(emu.apiCalls()).toBe(5);
		expect(emu.dailyApiLimit - emu.apiUsage).toBe(5);
		expect(result.error?.message).toMatch(
			/Item 250: API_RESERVE_REACHED: Stopped before the call: only 5 of the org's \d+ daily API calls remain, and the node keeps 5 in reserve \(option "Keep API Calls in Reserve"\)/,
		);
		expect(result.error?.description).toMatch(/250 other item\(s\) were written/);
		recordFigure(
			'API limit reserve',
			'10 daily calls left, reserve 5, 500 creates in batches of 50',
			`5 calls made (250 records written), then stopped: "${result.error?.message}"; 5 calls left in the org`,
		);
	});

	test('reserve already reached before the run: exactly one call is made (usage is only known from a response), then it stops', async () => {
		emu.dailyApiLimit = emu.apiUsage + 3;
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: Array.from({ length: 100 }, (_, i) => ({ Name: `Reserve late ${i}` })),
			nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP, options: { batchSize: 50, reserveCalls: 5 } })],
		});
		expect(emu.apiCalls()).toBe(1);
		expect(result.error?.message).toMatch(/API_RESERVE_REACHED: Stopped before the call: only 2 of/);
		recordFigure(
			'API limit reserve',
			'3 calls left, reserve 5 (already inside the reserve)',
			'1 call made (usage is only known from a response; a probe call would cost the same one call), then stopped',
		);
	});
});

/** Every string reachable from a value: own properties incl. non-enumerable ones (Error message/stack/cause), cycles cut. */
function allStrings(root: unknown): string[] {
	const out: string[] = [];
	const seen = new Set<object>();
	const walk = (v: unknown, depth: number) => {
		if (typeof v === 'string') {
			out.push(v);
			return;
		}
		if (!v || typeof v !== 'object' || seen.has(v) || depth > 40) return;
		seen.add(v);
		if (Buffer.isBuffer(v)) {
			out.push(v.toString('utf8'));
			return;
		}
		if (v instanceof Map || v instanceof Set) {
			for (const x of v instanceof Map ? [...v.entries()].flat() : [...v]) walk(x, depth + 1);
			return;
		}
		for (const key of Object.getOwnPropertyNames(v)) {
			let x: unknown;
			try {
				x = (v as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			if (typeof x === 'function') continue;
			walk(x, depth + 1);
		}
	};
	walk(root, 0);
	return out;
}

describe('part 5 — secrets never appear in errors or items', () => {
	const runs: Array<{ what: string; result: RunResult; secrets: string[] }> = [];

	async function run(what: string, make: () => Promise<RunResult>, secrets: string[]): Promise<RunResult> {
		const result = await make();
		runs.push({ what, result, secrets });
		return result;
	}

	function secretsOf(creds: Record<string, unknown>): string[] {
		const t = creds.oauthTokenData as { access_token: string; refresh_token: string };
		return [t.access_token, t.refresh_token, String(creds.clientSecret)];
	}

	test('failing and succeeding workflows', async () => {
		jest.setTimeout(60_000);
		// 1. Token refresh with a wrong client secret.
		{
			const creds = credentialData(emu, { clientSecret: 'wrong-secret-5f7d1c9e8a' });
			emu.expireAccessTokens();
			const r = await run(
				'refresh with wrong client secret',
				() =>
					runWorkflow({
						credentials: creds,
						items: [{ Name: 'x' }],
						nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP })],
					}),
				secretsOf(creds),
			);
			expect(r.error?.message).toMatch(/Client authentication failed|invalid_client/i);
		}
		// 2. 401 that survives the refresh.
		{
			const creds = credentialData(emu);
			for (let k = 0; k < 8; k++) emu.faults.queue({ match: '/composite/sobjects', status: 401 });
			const secrets = secretsOf(creds);
			const r = await run(
				'401 after refresh',
				() =>
					runWorkflow({
						credentials: creds,
						items: [{ Name: 'x' }],
						nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP })],
					}),
				secrets,
			);
			secrets.push(...secretsOf(creds)); // the refreshed token too
			emu.faults.clear();
			expect(r.error?.message).toMatch(/401|INVALID_SESSION_ID|Authorization/i);
		}
		// 3. Daily limit 403, 4. 500 with a body, 5. connection reset (unknown outcome) — with continue on fail.
		for (const [what, fault, code] of [
			['403 daily limit', { status: 403 }, 'REQUEST_LIMIT_EXCEEDED'],
			[
				'500 with an error body',
				{ status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred' }] },
				'UNKNOWN_EXCEPTION',
			],
			['connection reset after processing (continue on fail)', { reset: true as const, when: 'after' as const }, 'OUTCOME_UNKNOWN'],
		] as const) {
			const creds = credentialData(emu);
			emu.faults.queue({ match: '/composite/sobjects', ...fault });
			const r = await run(
				what,
				() =>
					runWorkflow({
						credentials: creds,
						items: [{ Name: 'x' }, { Name: 'y' }],
						nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP }, { continueOnFail: true })],
					}),
				secretsOf(creds),
			);
			// Both items of the failed call carry its error code.
			expect(r.output('Salesforce').map((o) => errorDetails(o).errorCode)).toEqual([code, code]);
		}
		// 6. Same failures without continue on fail (the error object itself).
		{
			const creds = credentialData(emu);
			emu.faults.queue({
				match: '/composite/sobjects',
				status: 500,
				body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred' }],
			});
			const r = await run(
				'500 stops the run',
				() =>
					runWorkflow({
						credentials: creds,
						items: [{ Name: 'x' }],
						nodes: [node({ resource: 'account', operation: 'create', fields: AUTO_MAP })],
					}),
				secretsOf(creds),
			);
			expect(r.error?.message).toBe('Item 0: UNKNOWN_EXCEPTION: An unexpected error occurred');
		}
		// 7. Network error: nothing listens at the instance URL.
		{
			const creds = credentialData({ url: emu.url, issueToken: () => ({ ...emu.issueToken(), instance_url: 'http://127.0.0.1:9' }) });
			const r = await run(
				'connection refused',
				() => runWorkflow({ credentials: creds, items: [{}], nodes: [node({ resource: 'org', operation: 'limits', options: {} })] }),
				secretsOf(creds),
			);
			// The node ran and its run failed on the connection (no item came out as if it had worked).
			expect(r.executed).toEqual(['Start', 'Salesforce']);
			expect(r.error?.message).toMatch(/refused the connection|ECONNREFUSED|Could not reach Salesforce/);
		}
		// 8. Validation errors per item, and a succeeding run.
		{
			const creds = credentialData(emu);
			const r = await run(
				'per-item validation errors + successes',
				() =>
					runWorkflow({
						credentials: creds,
						items: [{ LastName: 'ok' }, { FirstName: 'missing last name' }],
						nodes: [node({ resource: 'contact', operation: 'create', fields: AUTO_MAP }, { continueOnFail: true })],
					}),
				secretsOf(creds),
			);
			expect(r.output('Salesforce')).toHaveLength(2);
		}
		let leaks = 0;
		let inspected = 0;
		for (const { what, result, secrets } of runs) {
			const strings = [
				...allStrings(result.error),
				...allStrings(result.error?.raw),
				...allStrings(result.run.data.resultData),
				JSON.stringify(result.run.data.resultData.runData, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
			];
			inspected += strings.length;
			for (const secret of secrets) {
				const hit = strings.find((s) => s.includes(secret));
				if (hit) {
					leaks++;
					console.error(`LEAK in "${what}": ${secret.slice(0, 6)}… inside ${hit.slice(0, 300)}`);
				}
			}
		}
		recordFigure(
			'Secrets',
			`Access token, refresh token, client secret in everything ${runs.length} failing/succeeding runs return`,
			`${leaks} leaks in ${inspected.toLocaleString('en')} strings (error messages, descriptions, causes, raw errors, items, run data)`,
		);
		expect(leaks).toBe(0);
	});
});
