/**
 * Proves the workflow harness against the Salesforce emulator: n8n-core's WorkflowExecute runs a test node
 * that calls the org through httpRequestWithAuthentication; n8n signs with the stored bearer token, gets a 401 for the expired
 * token, posts the refresh grant, writes the new token back through the credentials helper and retries.
 */
import type { IDataObject } from 'n8n-workflow';
import type { SalesforceEmulator } from '../emulator';
import { credentialData, nodeTypes, registerNodeType, runWorkflow } from '../helpers/engine';
import { LimitsProbe } from '../helpers/nodes/LimitsProbe.node';
import { useEmulator } from '../helpers/workflow';

const PROBE = 'n8n-nodes-salesforce-crm.limitsProbe';
let emu: SalesforceEmulator;
useEmulator((started) => {
	emu = started;
	registerNodeType(PROBE, new LimitsProbe());
});

/** [method, path, status] of every request the emulator saw. */
const log = () => emu.requests.map((r) => [r.method, r.path, r.status]);

describe('workflow harness (n8n-core WorkflowExecute)', () => {
	it('runs a node through the engine with bearer signing, feeding it the start items', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [{ name: 'Probe', type: PROBE }],
			items: [{ n: 1 }, { n: 2 }],
		});

		expect(result.error).toBeUndefined();
		expect(result.executed).toEqual(['Start', 'Probe']);
		const out = result.output('Probe');
		expect(out.map((i) => i.json.input)).toEqual([{ n: 1 }, { n: 2 }]);
		expect(out.map((i) => (i.json.DailyApiRequests as IDataObject).Max)).toEqual([1_000_000, 1_000_000]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// The emulator answers 200 only to a valid bearer token: n8n signed both calls.
		expect(log()).toEqual([
			['GET', '/services/data/v66.0/limits', 200],
			['GET', '/services/data/v66.0/limits', 200],
		]);
		expect(emu.apiCalls()).toBe(2);
		expect(result.credentialUpdates).toHaveLength(0);
	});

	it('refreshes an expired token on a 401, retries once, and writes the new token back', async () => {
		const creds = credentialData(emu);
		const before = structuredClone(creds.oauthTokenData) as IDataObject;
		emu.expireAccessTokens();

		const result = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });

		expect(result.error).toBeUndefined();
		expect(result.output('Probe')[0].json.DailyApiRequests).toBeDefined();
		expect(log()).toEqual([
			['GET', '/services/data/v66.0/limits', 401],
			['POST', '/services/oauth2/token', 200],
			['GET', '/services/data/v66.0/limits', 200],
		]);

		const after = result.credentials!.oauthTokenData as IDataObject;
		expect(result.credentials).toBe(creds);
		expect(after.access_token).toEqual(expect.any(String));
		expect(after.access_token).not.toEqual(before.access_token);
		// n8n merges the refresh response over the old token data: the refresh token and instance_url survive.
		expect(after.refresh_token).toBe(before.refresh_token);
		expect(after.instance_url).toBe(emu.url);
		expect(result.credentialUpdates).toHaveLength(1);
		expect(result.credentialUpdates[0].kind).toBe('oauthTokenData');

		// The next run uses the stored, refreshed token: no further refresh.
		emu.resetCounters();
		const again = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });
		expect(again.error).toBeUndefined();
		expect(log()).toEqual([['GET', '/services/data/v66.0/limits', 200]]);
	});

	it('sends the client id and secret with the refresh grant; a wrong secret fails the run visibly', async () => {
		const creds = credentialData(emu, { clientSecret: 'not-the-secret' });
		emu.expireAccessTokens();

		const result = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });

		expect(log()).toEqual([
			['GET', '/services/data/v66.0/limits', 401],
			['POST', '/services/oauth2/token', 400],
		]);
		expect(result.error).toBeDefined();
		expect(result.error!.node).toBe('Probe');
		expect(result.error!.message).toMatch(/Client authentication failed/);
		expect(result.credentialUpdates).toHaveLength(0);
	});

	it("resolves the pack credential class's hidden fields the way n8n does (token URL from the domain)", async () => {
		// Stored as n8n stores a credential saved from the UI: hidden fields left to the class's defaults.
		const creds = credentialData(emu);
		delete creds.accessTokenUrl;
		delete creds.authUrl;
		delete creds.scope;
		delete creds.authentication;
		emu.expireAccessTokens();

		const result = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });

		// The refresh went to `${customDomainUrl}/services/oauth2/token`, computed by the credential class.
		expect(result.error).toBeUndefined();
		expect(log()).toEqual([
			['GET', '/services/data/v66.0/limits', 401],
			['POST', '/services/oauth2/token', 200],
			['GET', '/services/data/v66.0/limits', 200],
		]);
	});

	it('reports a node error with its message in result.error', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [{ name: 'Probe', type: PROBE, parameters: { path: '/services/data/v66.0/sobjects/Nope' } }],
		});

		expect(result.error).toBeDefined();
		expect(result.error!.node).toBe('Probe');
		expect(result.error!.message).toMatch(/could not be found/i);
		expect(result.error!.httpCode).toBe('404');
		expect(result.nodeError('Probe')?.message).toBe(result.error!.message);
		expect(() => result.output('Probe')).toThrow(/Probe/);
	});

	it('continues on fail: the error becomes an item and the next node still runs', async () => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ path: '/services/data/v66.0/sobjects/Nope' }, { path: '/services/data/v66.0/limits' }],
			nodes: [
				// Parameters are n8n expressions over the incoming item.
				{ name: 'Probe', type: PROBE, parameters: { path: '={{ $json.path }}' }, continueOnFail: true },
				{ name: 'Probe again', type: PROBE },
			],
		});

		expect(result.error).toBeUndefined();
		const out = result.output('Probe');
		expect(out).toHaveLength(2);
		expect(out[0].json.error).toMatch(/could not be found/i);
		expect(out[1].json.DailyApiRequests).toBeDefined();
		expect(result.output('Probe again')).toHaveLength(2);
		expect(result.executed).toEqual(['Start', 'Probe', 'Probe again']);
	});

	it('honours explicit connections and plain type names', async () => {
		registerNodeType('limitsProbeAlias', new LimitsProbe());
		const result = await runWorkflow({
			credentials: credentialData(emu),
			nodes: [
				{ name: 'A', type: 'limitsProbeAlias' },
				{ name: 'B', type: PROBE },
				{ name: 'C', type: PROBE },
			],
			// A feeds C directly; B is not connected and never runs.
			connections: { A: { main: [[{ node: 'C', type: 'main', index: 0 }]] } },
		});
		expect(result.error).toBeUndefined();
		expect(result.executed).toEqual(['Start', 'A', 'C']);
		expect(() => result.output('B')).toThrow(/did not run/);
		expect(nodeTypes.getByNameAndVersion('limitsProbeAlias', 1).description.name).toBe('limitsProbe');
	});

	it("loads the pack's nodes lazily through n8n-core's package loader, by package-qualified or plain name", () => {
		const action = nodeTypes.getByNameAndVersion('n8n-nodes-salesforce-crm.salesforceCrm');
		expect(action.description.name).toBe('salesforceCrm');
		expect((action.description.credentials ?? []).map((c) => c.name)).toContain('salesforceCrmOAuth2Api');
		// n8n's loader rewrites file: icons to icon URLs under the package and attaches the codex (.node.json).
		expect(action.description.iconUrl).toBeDefined();
		expect(action.description.codex?.categories).toBeDefined();
		const trigger = nodeTypes.getByNameAndVersion('salesforceCrmTrigger');
		expect(trigger.description.name).toBe('salesforceCrmTrigger');
		expect(trigger.description.inputs).toEqual([]);
	});
});
