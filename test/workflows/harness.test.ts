/**
 * Proves the workflow harness: n8n-core's WorkflowExecute runs a node that calls a Salesforce-like server
 * through httpRequestWithAuthentication; n8n signs with the stored bearer token, gets a 401 for the expired
 * token, posts the refresh grant, writes the new token back through the credentials helper and retries.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import {
	credentialData,
	nodeTypes,
	registerNodeType,
	runWorkflow,
	shutdownEngine,
} from '../helpers/engine';
import { LimitsProbe } from '../helpers/nodes/LimitsProbe.node';

interface LoggedRequest {
	method: string;
	path: string;
	authorization?: string;
	status: number;
	form?: Record<string, string>;
}

/** A minimal org: one token endpoint, `/limits`, and a 404 for anything else. */
class MiniOrg {
	readonly requests: LoggedRequest[] = [];
	private readonly validTokens = new Set<string>();
	private tokenCounter = 0;
	private server!: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Token response as Salesforce sends it for an authorization_code grant. */
	issueToken(): IDataObject {
		return { ...this.newAccessToken(), refresh_token: 'refresh-1' };
	}

	expireAccessTokens(): void {
		this.validTokens.clear();
	}

	private newAccessToken(): IDataObject {
		this.tokenCounter += 1;
		const accessToken = `00Dxx0000000001!token-${this.tokenCounter}`;
		this.validTokens.add(accessToken);
		return {
			access_token: accessToken,
			instance_url: this.url,
			id: `${this.url}/id/00Dxx0000000001EAA/005xx0000000001AAA`,
			token_type: 'Bearer',
			issued_at: String(Date.now()),
			signature: 'c2lnbmF0dXJl',
			scope: 'api refresh_token',
		};
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		const path = (req.url ?? '/').split('?')[0];
		const entry: LoggedRequest = { method: req.method ?? 'GET', path, authorization: req.headers.authorization, status: 0 };
		this.requests.push(entry);
		const send = (status: number, payload: unknown) => {
			entry.status = status;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(payload));
		};

		if (req.method === 'POST' && path === '/services/oauth2/token') {
			const form = Object.fromEntries(new URLSearchParams(body));
			entry.form = form;
			if (form.client_id !== 'test-client-id' || form.client_secret !== 'test-client-secret') {
				return send(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
			}
			if (form.grant_type !== 'refresh_token' || form.refresh_token !== 'refresh-1') {
				return send(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
			}
			// Salesforce answers a refresh without a refresh_token (and without expires_in).
			return send(200, this.newAccessToken());
		}

		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (!token || !this.validTokens.has(token)) {
			return send(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
		}
		if (req.method === 'GET' && path === '/services/data/v66.0/limits') {
			return send(200, { DailyApiRequests: { Max: 15000, Remaining: 14990 } });
		}
		return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
	}
}

const PROBE = 'n8n-nodes-salesforce-crm.limitsProbe';
let org: MiniOrg;

beforeAll(async () => {
	registerNodeType(PROBE, new LimitsProbe());
	org = new MiniOrg();
	await org.start();
});

afterAll(async () => {
	await org.close();
	shutdownEngine();
});

beforeEach(() => {
	org.requests.length = 0;
});

function dataCalls(): number {
	return org.requests.filter((r) => r.path.startsWith('/services/data/')).length;
}

describe('workflow harness (n8n-core WorkflowExecute)', () => {
	it('runs a node through the engine with bearer signing, feeding it the start items', async () => {
		const creds = credentialData(org);
		const token = (creds.oauthTokenData as IDataObject).access_token;

		const result = await runWorkflow({
			credentials: creds,
			nodes: [{ name: 'Probe', type: PROBE }],
			items: [{ n: 1 }, { n: 2 }],
		});

		expect(result.error).toBeUndefined();
		expect(result.executed).toEqual(['Start', 'Probe']);
		const out = result.output('Probe');
		expect(out.map((i) => i.json)).toEqual([
			{ DailyApiRequests: { Max: 15000, Remaining: 14990 }, input: { n: 1 } },
			{ DailyApiRequests: { Max: 15000, Remaining: 14990 }, input: { n: 2 } },
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(org.requests.map((r) => [r.method, r.path, r.authorization, r.status])).toEqual([
			['GET', '/services/data/v66.0/limits', `Bearer ${token}`, 200],
			['GET', '/services/data/v66.0/limits', `Bearer ${token}`, 200],
		]);
		expect(dataCalls()).toBe(2);
		expect(result.credentialUpdates).toHaveLength(0);
	});

	it('refreshes an expired token on a 401, retries once, and writes the new token back', async () => {
		const creds = credentialData(org);
		const before = structuredClone(creds.oauthTokenData) as IDataObject;
		org.expireAccessTokens();

		const result = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });

		expect(result.error).toBeUndefined();
		expect(result.output('Probe')[0].json.DailyApiRequests).toEqual({ Max: 15000, Remaining: 14990 });
		expect(org.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/services/data/v66.0/limits', 401],
			['POST', '/services/oauth2/token', 200],
			['GET', '/services/data/v66.0/limits', 200],
		]);
		// authentication 'body': client id and secret travel as form fields.
		expect(org.requests[1].form).toMatchObject({
			grant_type: 'refresh_token',
			refresh_token: 'refresh-1',
			client_id: 'test-client-id',
			client_secret: 'test-client-secret',
		});

		const after = result.credentials!.oauthTokenData as IDataObject;
		expect(result.credentials).toBe(creds);
		expect(after.access_token).not.toEqual(before.access_token);
		expect(org.requests[2].authorization).toBe(`Bearer ${after.access_token}`);
		// n8n merges the refresh response over the old token data: the refresh token and instance_url survive.
		expect(after.refresh_token).toBe('refresh-1');
		expect(after.instance_url).toBe(org.url);
		expect(result.credentialUpdates).toHaveLength(1);
		expect(result.credentialUpdates[0].kind).toBe('oauthTokenData');

		// The next run uses the stored, refreshed token: no further refresh.
		org.requests.length = 0;
		const again = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });
		expect(again.error).toBeUndefined();
		expect(org.requests.map((r) => r.status)).toEqual([200]);
	});

	it("resolves the pack credential class's hidden fields the way n8n does (token URL from the domain)", async () => {
		// Stored as n8n stores a credential saved from the UI: hidden fields left to the class's defaults.
		const creds = credentialData(org);
		delete creds.accessTokenUrl;
		delete creds.authUrl;
		delete creds.scope;
		delete creds.authentication;
		org.expireAccessTokens();

		const result = await runWorkflow({ credentials: creds, nodes: [{ name: 'Probe', type: PROBE }] });

		expect(result.error).toBeUndefined();
		// The refresh went to `${customDomainUrl}/services/oauth2/token` with the secret in the body.
		expect(org.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/services/data/v66.0/limits', 401],
			['POST', '/services/oauth2/token', 200],
			['GET', '/services/data/v66.0/limits', 200],
		]);
		expect(org.requests[1].form?.client_secret).toBe('test-client-secret');
	});

	it('reports a node error with its message in result.error', async () => {
		const result = await runWorkflow({
			credentials: credentialData(org),
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
			credentials: credentialData(org),
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
			credentials: credentialData(org),
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
