/**
 * Every parameter of the Salesforce CRM node, classified by what it can reach, and each class held to its check
 * through n8n's engine (issue #13). The node is usableAsTool: an AI agent, an expression or an imported workflow
 * can put any text in any field, so nothing that reaches SOQL, SOSL, a URL path or a SOAP body may go unchecked.
 *
 * - id, name, enum, number, pattern: refused before any API call when hostile (the probe below runs the node with
 *   an injection attempt in that one field, written as an expression so n8n's own form checks do not stop it).
 * - literal: escaped into a query or SOAP body; the probe shows the hostile value arrives as one literal equal to it.
 * - statement: a whole SOQL/SOSL statement or REST sub-request the user writes on purpose (its kind is checked).
 * - data: a value sent as JSON or CSV data (field values, texts), never part of a query, URL path or SOAP structure.
 * - local: read by the node only (flags, output shapes, binary property names, wait times).
 *
 * A parameter added to the node without an entry here fails the first test.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { SalesforceCrm } from '../../nodes/SalesforceCrm/SalesforceCrm.node';
import { escapeSoqlLike, escapeSoqlString } from '../../nodes/shared/services/soql';
import { escapeSosl } from '../../nodes/shared/services/sosl';
import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator } from '../helpers/workflow';
import { INVENTORY, type Probe } from './parameterInventory';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { seed: 'demo' });

/** Every parameter path (collections and fixed collections spelled out), as n8n stores it. */
function parameterPaths(properties: INodeProperties[], prefix = ''): string[] {
	return properties.flatMap((p) => {
		if (p.type === 'collection') return parameterPaths(p.options as INodeProperties[], `${prefix}${p.name}.`);
		if (p.type === 'fixedCollection') {
			return (p.options as Array<{ name: string; values: INodeProperties[] }>).flatMap((o) =>
				parameterPaths(o.values, `${prefix}${p.name}.${o.name}.`),
			);
		}
		return [`${prefix}${p.name}`];
	});
}

const paths = [...new Set(parameterPaths(new SalesforceCrm().description.properties))].sort();

test(`every one of the node's ${paths.length} parameters is classified (a new parameter needs an entry)`, () => {
	expect(paths.filter((p) => !(p in INVENTORY))).toEqual([]);
	expect(Object.keys(INVENTORY).filter((p) => !paths.includes(p))).toEqual([]);
	const counts: Record<string, number> = {};
	for (const entry of Object.values(INVENTORY)) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
	// Each checked class has probes: one per parameter that reaches a query, URL path or SOAP body.
	const unprobed = Object.entries(INVENTORY).filter(([, e]) =>
		e.kind === 'literal' ? !e.literalTest : ['id', 'name', 'enum', 'number', 'pattern', 'statement'].includes(e.kind) && !e.probes?.length,
	);
	expect(unprobed.map(([p]) => p)).toEqual([]);
	const literalTests = Object.values(INVENTORY).flatMap((e) => (e.literalTest ? [e.literalTest] : []));
	for (const title of literalTests) expect(LITERAL_TESTS).toContain(title);
});

/** Puts `value` at a dotted parameter path (collections are objects, fixed collections hold one entry). */
function withValue(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
	const out = structuredClone(base);
	const parts = path.split('.');
	let at = out;
	parts.slice(0, -1).forEach((part, n) => {
		// A fixed collection's entry list: "conditions.condition.field" → conditions: { condition: [{ field }] }.
		const isList = parts.length === 3 && n === 1;
		if (isList) {
			const list = ((at[part] as IDataObject[] | undefined) ?? [{}]) as IDataObject[];
			at[part] = list;
			at = list[0] as Record<string, unknown>;
			return;
		}
		at[part] = (at[part] as Record<string, unknown> | undefined) ?? {};
		at = at[part] as Record<string, unknown>;
	});
	at[parts[parts.length - 1]] = value;
	return out;
}

/** An expression that yields `value`: n8n checks typed values against a field's pattern, not expression results. */
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;

function locator(value: unknown) {
	return { __rl: true, mode: 'id', value: expression(value) };
}

const refused = Object.entries(INVENTORY).flatMap(([path, e]) =>
	['id', 'name', 'enum', 'number', 'pattern', 'statement'].includes(e.kind)
		? (e.probes ?? []).map((probe) => ({ path, probe, kind: e.kind }))
		: [],
);

describe('hostile values are refused before any API call', () => {
	test.each(refused.map((r) => [`${r.kind} ${r.path} (${r.probe.resource} → ${r.probe.operation}): ${JSON.stringify(r.probe.value)}`, r]))(
		'%s',
		async (_title, r) => {
			const { path, probe } = r as { path: string; probe: Probe };
			const value = probe.locator ? locator(probe.value) : probe.raw ? probe.value : expression(probe.value);
			const parameters = withValue({ resource: probe.resource, operation: probe.operation, ...probe.base }, path, value);
			const result = await runWorkflow({ credentials: credentialData(emu), items: [{}], nodes: [salesforceNode(parameters)] });
			expect(result.error?.message).toMatch(probe.error);
			expect(emu.requests.filter((q) => q.apiCall).map((q) => q.endpoint)).toEqual([]);
		},
	);
});

/** The titles of the literal round-trip tests below (INVENTORY's literalTest entries must name one). */
const LITERAL_TESTS = [
	'User → Search (Name or Email), Price Book Entry → Search (Product Name)',
	'Knowledge → Search (Keywords) and Search → Simple (Search Text)',
	'Opportunity → Close (Stage)',
	'Lead → Convert (Converted Status, Opportunity Name)',
	'Record → Get Many (condition value)',
	'Metadata → Create (component field values)',
	'Chatter → Search Posts (Search Text)',
];

const HOSTILE = `x' OR Name != 'y\\' %_ "} RETURNING User(Id) {"\n</urn:x><urn:leadId>`;

describe('literals arrive as one literal equal to the hostile value', () => {
	const run = async (parameters: Record<string, unknown>) => {
		const result = await runWorkflow({ credentials: credentialData(emu), items: [{}], nodes: [salesforceNode(parameters)] });
		expect(result.error).toBeUndefined();
		return result.output('Salesforce');
	};

	test(`${LITERAL_TESTS[0]}: LIKE literals, wildcards escaped`, async () => {
		await run({ resource: 'user', operation: 'search', userSearch: HOSTILE });
		const like = `'%${escapeSoqlLike(HOSTILE.trim())}%'`;
		expect(emu.api.queries.at(-1)).toBe(
			`SELECT Id, Name, Email, Username, Title, IsActive FROM User WHERE IsActive = true AND (Name LIKE ${like} OR Email LIKE ${like}) ORDER BY Name LIMIT 50`,
		);
		await run({ resource: 'priceBookEntry', operation: 'search', productName: HOSTILE });
		expect(emu.api.queries.at(-1)).toContain(`Product2.Name LIKE ${like} AND`);
	});

	test(`${LITERAL_TESTS[1]}: one escaped SOSL phrase`, async () => {
		await run({ resource: 'knowledge', operation: 'search', keywords: HOSTILE });
		expect(emu.api.searches.at(-1)).toMatch(
			new RegExp(`^FIND \\{"${escapeRegExp(escapeSosl(HOSTILE.trim()))}"\\} IN ALL FIELDS RETURNING KnowledgeArticleVersion\\(`),
		);
		await run({
			resource: 'search',
			operation: 'simple',
			searchText: HOSTILE,
			searchObjects: 'Account',
			searchFields: 'Id',
			searchScope: 'NAME',
		});
		expect(emu.api.searches.at(-1)).toBe(`FIND {"${escapeSosl(HOSTILE.trim())}"} IN NAME FIELDS RETURNING Account(Id) LIMIT 50`);
	});

	test(`${LITERAL_TESTS[2]}: a quoted SOQL literal; the unknown stage is then refused by name`, async () => {
		const opp = emu.store.insert('Opportunity', { Name: 'Stage probe', StageName: 'Prospecting', CloseDate: '2026-01-01' });
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}],
			nodes: [
				salesforceNode({
					resource: 'opportunity',
					operation: 'close',
					opportunityId: { __rl: true, mode: 'id', value: opp },
					closeOptions: { stageName: HOSTILE },
				}),
			],
		});
		expect(result.error?.message).toBe(`Item 0: Stage "${HOSTILE}" does not exist`);
		expect(emu.api.queries.at(-1)).toContain(`MasterLabel IN ('${escapeSoqlString(HOSTILE)}')`);
	});

	test(`${LITERAL_TESTS[3]}: XML-escaped in the SOAP body, stored as written`, async () => {
		const lead = emu.store.insert('Lead', { LastName: 'Soap probe', Company: 'Soap Co', Status: 'Open - Not Contacted' });
		const out = await run({
			resource: 'lead',
			operation: 'convert',
			leadId: { __rl: true, mode: 'id', value: lead },
			convertedStatus: 'Closed - Converted',
			opportunityName: HOSTILE,
		});
		expect(emu.store.get('Opportunity', String(out[0].json.opportunityId))?.Name).toBe(HOSTILE);
		const refusedStatus = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}],
			nodes: [
				salesforceNode({
					resource: 'lead',
					operation: 'convert',
					leadId: { __rl: true, mode: 'id', value: emu.store.insert('Lead', { LastName: 'S2', Company: 'S2' }) },
					convertedStatus: HOSTILE,
				}),
			],
		});
		// One status, read whole by the org: it is not a converted status.
		expect(refusedStatus.error?.message).toMatch(/^Item 0: INVALID_STATUS/);
	});

	test(`${LITERAL_TESTS[4]}: one literal, finds exactly its record`, async () => {
		const id = emu.store.insert('Account', { Name: HOSTILE });
		const out = await run({
			resource: 'account',
			operation: 'getMany',
			fieldsToReturn: ['Id'],
			conditions: { condition: [{ field: 'Name', operator: 'equal', value: HOSTILE }] },
		});
		expect(out.map((o) => o.json.Id)).toEqual([id]);
	});
});

test(`${LITERAL_TESTS[6]}: one query parameter equal to the hostile text`, async () => {
	const result = await runWorkflow({
		credentials: credentialData(emu),
		items: [{}],
		nodes: [salesforceNode({ resource: 'chatter', operation: 'searchPosts', chatterSearch: HOSTILE })],
	});
	expect(result.error).toBeUndefined();
	const sent = emu.requests.filter((q) => q.apiCall).map((q) => new URL(q.path, 'http://emulator'));
	expect(sent.map((u) => [u.pathname.replace(/^\/services\/data\/v[\d.]+/, ''), u.searchParams.getAll('q')])).toEqual([
		['/chatter/feed-elements', [HOSTILE.trim()]],
	]);
});

describe('Metadata component fields', () => {
	test(`${LITERAL_TESTS[5]}: XML-escaped in the SOAP body, read back equal`, async () => {
		const metadataType = { __rl: true, mode: 'name', value: 'CustomField' };
		const fields = JSON.stringify({ label: 'Probe', type: 'Text', length: 20, description: HOSTILE, inlineHelpText: HOSTILE.trim() });
		const created = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}],
			nodes: [
				salesforceNode({
					resource: 'metadata',
					operation: 'create',
					metadataType,
					metadataFullName: 'Account.Probe__c',
					metadataFields: fields,
				}),
			],
		});
		expect(created.error).toBeUndefined();
		const read = await runWorkflow({
			credentials: credentialData(emu),
			items: [{}],
			nodes: [salesforceNode({ resource: 'metadata', operation: 'read', metadataType, metadataFullName: 'Account.Probe__c' })],
		});
		expect(read.output('Salesforce')[0].json.metadata).toMatchObject({
			label: 'Probe',
			description: HOSTILE.trim(),
			inlineHelpText: HOSTILE.trim(),
		});
	});
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
