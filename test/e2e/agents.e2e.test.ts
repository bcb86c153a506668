/**
 * The pack as an AI agent's tools in real n8n 2.41: the example agent workflows (examples/agent-*.json) driven by
 * n8n's AI Agent and OpenAI chat-model nodes against a scripted OpenAI-compatible model (scriptedModel.ts), and the
 * example MCP Server Trigger workflow called by the official MCP TypeScript SDK. Asserted: what the model and the
 * MCP client are told (tool names, descriptions, parameter schemas), what each tool call did in the emulated org,
 * that errors come back to the model readable and get corrected, and the Salesforce API calls a conversation costs.
 */

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { SalesforceEmulator } from '../emulator';
import { resources } from '../../nodes/SalesforceCrm/actions/registry';
import { toolDescriptionOf } from '../../nodes/SalesforceCrm/actions/tool';
import { N8n } from './n8n';
import { emulatorCredential, example, loadExamples, withoutFile, type ExampleWorkflow } from './stack';
import { type ChatRequest, ScriptedModel, lastResult, toolResults } from './scriptedModel';

const VOICE = 'sfExVoiceAgent01';
const QA = 'sfExPipelineQa01';
const MCP = 'sfExMcpServer01';
const GUARD = 'sfAgentDeleteGuard';
const OPENAI = { id: 'openAiScripted01', name: 'OpenAI (scripted test model)' };

let emu: SalesforceEmulator;
let model: ScriptedModel;
let n8n: N8n;

/** The description the pack gives an operation as a tool (what the model must receive unedited). */
function described(resource: string, operation: string): string {
	const r = resources().find((x) => x.value === resource)!;
	return toolDescriptionOf(
		r,
		r.operations.find((o) => o.value === operation)!,
	);
}

interface Workflow {
	id: string;
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, any>;
	[k: string]: unknown;
}

/** An example with the chat model wired to the scripted model's credential. */
function withModel(wf: ExampleWorkflow): Workflow {
	const copy = withoutFile(wf) as unknown as Workflow;
	copy.nodes = copy.nodes.map((n) =>
		n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi' ? { ...n, credentials: { openAiApi: OPENAI } } : n,
	);
	return copy;
}

/** A minimal agent with one Contact → Delete tool, "Allow the Agent to Delete" as given. */
function deleteGuardWorkflow(allow: boolean) {
	const wf = withModel(example(QA));
	const tool = wf.nodes.find((n) => n.name === 'Query pipeline')!;
	return {
		...wf,
		id: `${GUARD}${allow ? 'On' : 'Of'}`,
		name: `Delete guard ${allow ? 'on' : 'off'}`,
		nodes: [
			...wf.nodes
				.filter((n) => n !== tool)
				.map((n) =>
					n.name === 'Question'
						? {
								...n,
								parameters: { ...n.parameters, path: `delete-guard-${allow}` },
								webhookId: `0000000${allow ? 1 : 0}-0000-4000-8000-00000000d31e`,
							}
						: n,
				),
			{
				...tool,
				name: 'Delete contact',
				parameters: {
					resource: 'contact',
					operation: 'delete',
					recordId: { __rl: true, mode: 'id', value: "={{ $fromAI('contactId', 'Id of the contact to delete', 'string') }}" },
					...(allow ? { toolAllowDelete: true } : {}),
				},
			},
		],
		connections: { ...wf.connections, 'Delete contact': wf.connections['Query pipeline'], 'Query pipeline': undefined },
	};
}

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
	const res = await fetch(`${n8n.url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// kept as text
	}
	return { status: res.status, json };
}

/** Requests the emulator served since `from` (an index into its request log), by endpoint; `*` marks an API call (counted against the org's daily limit). */
function callsSince(from: number): string[] {
	return emu.requests.slice(from).map((r) => `${r.apiCall ? '*' : ''}${r.endpoint} ${r.status}`);
}

beforeAll(async () => {
	emu = await SalesforceEmulator.start({ seed: 'demo' });
	model = await ScriptedModel.start();
	n8n = await N8n.prepare();
	await n8n.importCredentials([
		emulatorCredential(emu),
		{ ...OPENAI, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.url, header: false } },
	]);
	const examples = loadExamples();
	await n8n.importWorkflows([
		...[VOICE, QA, MCP].map((id) => withModel(example(id, examples))),
		deleteGuardWorkflow(false),
		deleteGuardWorkflow(true),
	]);
	await n8n.startWithOwner({ apiKey: true });
	for (const id of [VOICE, QA, MCP, `${GUARD}Of`, `${GUARD}On`]) await n8n.activate(id);
}, 300_000);

afterAll(async () => {
	await n8n?.dispose();
	await model?.close();
	await emu?.close();
});

test('voice agent, one scripted call: contact by phone → case → logged call (a bad Who Id corrected) → callback; what the model was told and what it cost', async () => {
	const contact = emu.store.all('Contact').find((c) => c.Phone === '(415) 555-0201')!;
	const start = '2026-12-02T15:00:00.000Z';
	const end = '2026-12-02T15:30:00.000Z';
	const caseId = (r: ChatRequest) => toolResults(r).find((t) => t.name === 'Open_case')!.result[0].id as string;
	model.script([
		() => ({ calls: [{ name: 'Find_contact_by_phone', args: { phone: '(415) 555-0201' } }] }),
		(r) => ({
			calls: [
				{
					name: 'Open_case',
					args: {
						subject: 'Router down',
						description: 'Internet router has been down since this morning.',
						contactId: lastResult(r)[0].Id,
					},
				},
			],
		}),
		// the model mixes up a name and an id: the tool must refuse it readably, before any call
		(r) => ({
			calls: [
				{
					name: 'Log_the_call',
					args: {
						subject: 'Inbound call: router down',
						contactId: 'Jane Doe',
						caseId: caseId(r),
						summary: 'Router down; callback tomorrow 3 pm.',
					},
				},
			],
		}),
		(r) => ({
			calls: [
				{
					name: 'Log_the_call',
					args: {
						subject: 'Inbound call: router down',
						contactId: toolResults(r)[0].result[0].Id,
						caseId: caseId(r),
						summary: 'Router down; callback tomorrow 3 pm.',
					},
				},
			],
		}),
		(r) => ({ calls: [{ name: 'Schedule_callback', args: { start, end, contactId: toolResults(r)[0].result[0].Id, caseId: caseId(r) } }] }),
		() => ({ text: 'Thanks Jane, I opened a case and we will call you back tomorrow at 3 pm.' }),
	]);
	const before = emu.requests.length;
	const from = model.requests.length;
	const reply = await post('salesforce-voice-agent', {
		callerPhone: '(415) 555-0201',
		message: 'Hi, my internet router is down since this morning, can someone call me back tomorrow at 3?',
	});
	expect({ status: reply.status, output: reply.json?.output, pending: model.pending }).toEqual({
		status: 200,
		output: 'Thanks Jane, I opened a case and we will call you back tomorrow at 3 pm.',
		pending: 0,
	});
	const requests = model.requests.slice(from);
	expect(requests).toHaveLength(6);

	// what the model was told: the four tools, each with the operation's own description and its $fromAI inputs
	const tools = Object.fromEntries((requests[0].tools ?? []).map((t) => [t.function.name, t.function]));
	expect(Object.keys(tools).sort()).toEqual(['Find_contact_by_phone', 'Log_the_call', 'Open_case', 'Schedule_callback']);
	expect(tools.Find_contact_by_phone.description).toBe(described('contact', 'getMany'));
	expect(tools.Open_case.description).toBe(described('case', 'create'));
	expect(tools.Log_the_call.description).toBe(described('task', 'logCall'));
	expect(tools.Schedule_callback.description).toBe(described('event', 'schedule'));
	const inputs = (name: string) => Object.keys(tools[name].parameters.properties).sort();
	expect(inputs('Find_contact_by_phone')).toEqual(['phone']);
	expect(inputs('Open_case')).toEqual(['contactId', 'description', 'subject']);
	expect(inputs('Log_the_call')).toEqual(['caseId', 'contactId', 'subject', 'summary']);
	expect(inputs('Schedule_callback')).toEqual(['caseId', 'contactId', 'end', 'start']);
	expect(tools.Schedule_callback.parameters.properties.start.description).toContain('ISO 8601 with time zone');

	// what each call returned to the model: trimmed (no attributes, no empty fields, the contact's key fields)
	const results = toolResults(requests[5]);
	expect(results.map((t) => t.name)).toEqual(['Find_contact_by_phone', 'Open_case', 'Log_the_call', 'Log_the_call', 'Schedule_callback']);
	expect(results[0].result).toEqual([
		{
			Id: contact.Id,
			FirstName: 'Jane',
			LastName: 'Doe',
			Email: 'jane.doe@example.com',
			Phone: '(415) 555-0201',
			AccountId: contact.AccountId,
			Title: 'VP Sales',
			...(contact.OwnerId ? { OwnerId: contact.OwnerId } : {}),
		},
	]);
	const newCase = results[1].result[0].id as string;
	expect(results[1].result).toEqual([{ id: newCase, success: true }]);
	expect(results[2].result).toEqual([{ error: 'Item 0: Who ID "Jane Doe" is not a valid Salesforce id (15 or 18 letters and digits)' }]);
	const task = results[3].result[0].id as string;
	const event = results[4].result[0].id as string;
	expect(results.slice(3).map((t) => t.result)).toEqual([[{ id: task, success: true }], [{ id: event, success: true }]]);

	// what landed in the org
	expect(emu.store.get('Case', newCase)).toMatchObject({ Subject: 'Router down', ContactId: contact.Id, Origin: 'Phone', Status: 'New' });
	expect(emu.store.get('Task', task)).toMatchObject({
		WhoId: contact.Id,
		WhatId: newCase,
		TaskSubtype: 'Call',
		CallType: 'Inbound',
		Status: 'Completed',
		Subject: 'Inbound call: router down',
	});
	const booked = emu.store.get('Event', event)!;
	expect(booked).toMatchObject({ WhoId: contact.Id, WhatId: newCase, Subject: 'Callback' });
	expect([Date.parse(String(booked.StartDateTime)), Date.parse(String(booked.EndDateTime))]).toEqual([Date.parse(start), Date.parse(end)]);
	expect(emu.store.all('Task').filter((t) => t.Subject === 'Inbound call: router down')).toHaveLength(1);

	// what it cost: the refused call made none
	expect(callsSince(before)).toEqual([
		'*GET /sobjects/Contact/describe 200', // Find contact by phone: the condition's field type
		'*GET /query 200',
		'*POST /composite/sobjects 200', // Open case
		'GET /services/oauth2/userinfo 200', // Log the call: today in the user's time zone (not an API call)
		'*POST /composite/sobjects 200',
		'*POST /composite/sobjects 200', // Schedule callback
	]);
}, 180_000);

test("pipeline Q&A over SOQL: Salesforce's error goes back to the model, the corrected query answers; a non-SELECT is refused before any call", async () => {
	model.script([
		() => ({
			calls: [
				{
					name: 'Query_pipeline',
					args: { soql: 'SELECT StageName, SUM(Revenue) total FROM Opportunity WHERE IsClosed = false GROUP BY StageName' },
				},
			],
		}),
		() => ({ calls: [{ name: 'Query_pipeline', args: { soql: 'DELETE FROM Opportunity' } }] }),
		() => ({
			calls: [
				{
					name: 'Query_pipeline',
					args: {
						soql: 'SELECT StageName, SUM(Amount) total FROM Opportunity WHERE IsClosed = false GROUP BY StageName ORDER BY StageName',
					},
				},
			],
		}),
		(r) => ({
			text: `Open pipeline: ${(lastResult(r) as Array<{ StageName: string; total: number }>).map((row) => `${row.StageName} ${row.total}`).join(', ')}`,
		}),
	]);
	const before = emu.requests.length;
	const from = model.requests.length;
	const reply = await post('salesforce-pipeline-qa', { question: 'What is in my open pipeline by stage?' });
	const requests = model.requests.slice(from);
	expect(requests[0].tools!.map((t) => [t.function.name, t.function.description])).toEqual([
		['Query_pipeline', described('soql', 'query')],
	]);
	const results = toolResults(requests[3]).map((t) => t.result);
	expect(results[0][0].error).toMatch(/^Item 0: INVALID_FIELD: .*No such column 'Revenue' on entity 'Opportunity'/s);
	expect(results[1]).toEqual([{ error: 'Item 0: SOQL Query must start with SELECT' }]);
	const open = emu.store.all('Opportunity').filter((o) => !o.IsClosed);
	const expected = [...new Set(open.map((o) => o.StageName as string))].sort().map((stage) => ({
		StageName: stage,
		total: open.filter((o) => o.StageName === stage).reduce((sum, o) => sum + Number(o.Amount), 0),
	}));
	expect(results[2]).toEqual(expected);
	expect(reply.json.output).toBe(`Open pipeline: ${expected.map((row) => `${row.StageName} ${row.total}`).join(', ')}`);
	// two queries reached Salesforce; the DELETE did not
	expect(callsSince(before)).toEqual(['*GET /query 400', '*GET /query 200']);
}, 120_000);

test('a deleting tool refuses unless "Allow the Agent to Delete" is on: the model is told, nothing is deleted, no call is made', async () => {
	const victim = emu.store.all('Contact').find((c) => c.LastName === 'Gibbons')!;
	const victimId = String(victim.Id);
	for (const allow of [false, true]) {
		model.script([() => ({ calls: [{ name: 'Delete_contact', args: { contactId: victimId } }] }), () => ({ text: 'done' })]);
		const before = emu.requests.length;
		const from = model.requests.length;
		await post(`delete-guard-${allow}`, { question: 'Delete Peter Gibbons' });
		const tool = model.requests[from].tools![0].function;
		expect(tool.description).toBe(described('contact', 'delete'));
		expect(tool.description).toContain('DESTRUCTIVE');
		const result = lastResult(model.requests[from + 1]);
		if (!allow) {
			expect(result).toEqual([
				{
					error: expect.stringMatching(
						/^Not allowed: this tool deletes Salesforce data and this workflow does not let the AI agent delete/,
					),
				},
			]);
			expect(emu.store.get('Contact', victimId)).toBeTruthy();
			expect(callsSince(before)).toEqual([]);
		} else {
			expect(result).toEqual([{ id: victimId, success: true, deleted: true }]);
			expect(emu.store.get('Contact', victimId)).toBeFalsy();
		}
	}
}, 120_000);

test('MCP Server Trigger: the MCP SDK client lists the curated tools (descriptions, input schemas) and creates, finds and updates through them', async () => {
	const client = new Client({ name: 'salesforce-e2e', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(`${n8n.url}/mcp/salesforce`)));
	try {
		const { tools } = await client.listTools();
		const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
		expect(tools.map((t) => t.name).sort()).toEqual([
			'create_lead',
			'find_contact_by_email',
			'log_call',
			'pipeline_soql',
			'update_lead_status',
		]);
		expect(byName.create_lead.description).toBe(described('lead', 'create'));
		expect(byName.find_contact_by_email.description).toBe(described('contact', 'getMany'));
		expect(byName.update_lead_status.description).toBe(described('lead', 'update'));
		expect(byName.log_call.description).toBe(described('task', 'logCall'));
		expect(byName.pipeline_soql.description).toBe(described('soql', 'query'));
		const schema = (name: string) =>
			byName[name].inputSchema as { type: string; properties: Record<string, { type: string; description?: string }>; required?: string[] };
		expect(schema('create_lead')).toMatchObject({
			type: 'object',
			required: expect.arrayContaining(['company', 'email', 'firstName', 'lastName']),
		});
		expect(Object.keys(schema('create_lead').properties).sort()).toEqual(['company', 'email', 'firstName', 'lastName']);
		expect(schema('update_lead_status').properties.status).toMatchObject({
			type: 'string',
			description: expect.stringContaining('Working - Contacted'),
		});
		expect(Object.keys(schema('find_contact_by_email').properties)).toEqual(['email']);

		const text = (result: any) => JSON.parse((result.content as Array<{ text: string }>)[0].text);
		const created = text(
			await client.callTool({
				name: 'create_lead',
				arguments: { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', email: 'ada@engines.example.com' },
			}),
		);
		expect(created).toEqual([{ id: expect.stringMatching(/^00Q/), success: true }]);
		expect(emu.store.get('Lead', created[0].id)).toMatchObject({
			FirstName: 'Ada',
			LastName: 'Lovelace',
			Company: 'Analytical Engines',
			LeadSource: 'Other',
			Status: 'Open - Not Contacted',
		});

		const found = text(await client.callTool({ name: 'find_contact_by_email', arguments: { email: 'mary.jones@example.com' } }));
		expect(found).toEqual([expect.objectContaining({ Id: expect.stringMatching(/^003/), FirstName: 'Mary', LastName: 'Jones' })]);
		expect(found[0]).not.toHaveProperty('attributes');

		const updated = text(
			await client.callTool({ name: 'update_lead_status', arguments: { leadId: created[0].id, status: 'Working - Contacted' } }),
		);
		expect(updated).toEqual([{ id: created[0].id, success: true }]);
		expect(emu.store.get('Lead', created[0].id)).toMatchObject({ Status: 'Working - Contacted' });

		// a query answering 60 rows hands the client 50 and a note; the trimmed rows hold no attributes or empty fields
		for (let n = 0; n < 60; n++) emu.store.insert('Lead', { LastName: `Bulk ${n}`, Company: 'Bulk Co' });
		const before = emu.requests.length;
		const rows = text(
			await client.callTool({
				name: 'pipeline_soql',
				arguments: { soql: "SELECT Id, LastName, Email FROM Lead WHERE Company = 'Bulk Co'" },
			}),
		);
		expect(rows).toHaveLength(51);
		expect(rows.slice(0, 50).every((row: object) => Object.keys(row).join() === 'Id,LastName')).toBe(true);
		expect(rows[50]).toEqual({
			note: 'Only the first 50 results are shown; there are more. Narrow the search (conditions, WHERE, LIMIT) to see others.',
		});
		expect(callsSince(before)).toEqual(['*GET /query 200']);

		// a bad argument: the client gets a readable error, and nothing is written
		const bad = await client.callTool({ name: 'update_lead_status', arguments: { leadId: 'Ada Lovelace', status: 'Working - Contacted' } });
		expect(JSON.stringify(bad.content)).toContain(
			'Record ID \\"Ada Lovelace\\" is not a valid Salesforce id (15 or 18 letters and digits)',
		);
	} finally {
		await client.close();
	}
}, 120_000);
