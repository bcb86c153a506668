import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeType } from 'n8n-workflow';

// Loaded first: the emulator's route tables (rest.ts) and sosl.ts import each other, so rest.ts must load before sosl.ts.
import type { SalesforceEmulator } from '../emulator';
import '../emulator/rest';
import { unescapeSoql } from '../emulator/soql';
import { readBraces, unescapeTerm } from '../emulator/sosl';
import { CREDENTIAL_TYPE, HarnessCredentialsHelper, createAdditionalData, credentialData, nodeTypes, runWorkflow } from '../helpers/engine';
import { AUTO_MAP, SALESFORCE_CRM, salesforceNode as node, useEmulator } from '../helpers/workflow';
import { isApiName, isFieldPath, isSalesforceId } from '../../nodes/shared/services/ids';
import { hostileStrings, prng, FRAGMENTS } from './generators';
import { recordFigure } from './report';

/**
 * Issue #7 through n8n's engine and the emulator over HTTP: hostile values in getMany / Simple Search / the
 * record list search (part 3), names and ids refused before any call (part 4), the API-call reserve (part 2),
 * and no secret in anything a run returns (part 5).
 */

const NODE = SALESFORCE_CRM;

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
beforeEach(() => {
	emu.faults.clear();
});

/** Hostile names that are distinct even case-insensitively (SOQL = compares case-insensitively), 2+ characters. */
function hostileNames(count: number, seed: number): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const v of hostileStrings(count * 3, seed)) {
		const key = v.toLowerCase();
		if (v.trim().length < 2 || v !== v.trim() || seen.has(key)) continue;
		seen.add(key);
		out.push(v);
		if (out.length === count) break;
	}
	return out;
}

describe('part 3 — hostile values through the node over HTTP', () => {
	jest.setTimeout(60_000);

	test('Record getMany, condition Name = value: 200 values, each query has one literal equal to the value and finds exactly its record', async () => {
		const names = hostileNames(200, 11);
		const ids = names.map((Name) => emu.store.insert('Account', { Name }));
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: names.map((v) => ({ v })),
			nodes: [
				node({
					resource: 'record',
					operation: 'getMany',
					sobject: { mode: 'name', value: 'Account' },
					returnAll: true,
					fieldsToReturn: ['Id', 'Name'],
					conditions: { condition: [{ field: 'Name', operator: 'equal', value: '={{ $json.v }}' }] },
				}),
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		const perItem = names.map((_, i) => out.filter((o) => (o.pairedItem as { item: number }).item === i));
		const wrong = perItem.filter((rows, i) => rows.length !== 1 || rows[0].json.Id !== ids[i] || rows[0].json.Name !== names[i]).length;
		expect(wrong).toBe(0);
		// Every query the org received: exactly one condition whose literal is the value.
		const queries = emu.queries.filter((q) => q.startsWith('SELECT Id, Name FROM Account WHERE Name = '));
		expect(queries).toHaveLength(200);
		queries.forEach((q, i) => {
			const m = /^SELECT Id, Name FROM Account WHERE Name = ('(?:[^'\\]|\\[\s\S])*')$/.exec(q);
			expect(m).not.toBeNull();
			expect(unescapeSoql(m![1], false, q)).toBe(names[i]);
		});
		recordFigure(
			'Injection',
			'getMany over HTTP (Name = value)',
			`200 hostile values: 200 queries, each one literal equal to its value, each found exactly its own record (${wrong} wrong)`,
		);
	});

	test('Search → Simple: 150 values, the FIND term the org parsed is the value, and it finds its record', async () => {
		// A common word so the phrase is searchable; whitespace runs as one space, because the emulator compares a phrase
		// with stored text literally (odd whitespace in the FIND term itself is covered by the 10,000-string test).
		const names = hostileNames(150, 12).map((v) => `Zq ${v.replace(/\s+/g, ' ')}`);
		const ids = names.map((Name) => emu.store.insert('Account', { Name }));
		emu.resetCounters();
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: names.map((v) => ({ v })),
			nodes: [
				node({
					resource: 'search',
					operation: 'simple',
					searchText: '={{ $json.v }}',
					searchObjects: 'Account',
					searchFields: 'Id,Name',
					searchScope: 'NAME',
					limit: 2000,
				}),
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		let missing = 0;
		names.forEach((v, i) => {
			const rows = out.filter((o) => (o.pairedItem as { item: number }).item === i);
			if (!rows.some((r) => r.json.Id === ids[i])) missing++;
			const phrase = v
				.replace(/[\r\n\t]+/g, ' ')
				.trim()
				.replace(/\s+/g, ' ')
				.toLowerCase();
			// Whatever the org returned contains the phrase literally (no OR/AND/wildcard widened the search).
			for (const r of rows) expect(String(r.json.Name).replace(/\s+/g, ' ').toLowerCase()).toContain(phrase);
		});
		expect(missing).toBe(0);
		expect(emu.searches).toHaveLength(150);
		emu.searches.forEach((q, i) => {
			const { raw, rest } = readBraces(q);
			expect(rest).toBe(' IN NAME FIELDS RETURNING Account(Id, Name) LIMIT 2000');
			expect(raw.slice(1, -1).replace(/\\([\s\S])/g, '$1')).toBe(names[i].trim().replace(/[\r\n\t]+/g, ' '));
			expect(unescapeTerm(raw)).toEqual([
				[
					{
						text: names[i]
							.replace(/[\r\n\t]+/g, ' ')
							.trim()
							.replace(/\s+/g, ' ')
							.toLowerCase(),
						wildcardEnd: false,
					},
				],
			]);
		});
		recordFigure(
			'Injection',
			'Search → Simple over HTTP',
			`150 hostile values: every FIND term parsed by the org as one phrase equal to the value; ${missing} records not found; no result outside the phrase`,
		);
	});

	test('record list search (listSearch.searchRecords, real LoadOptionsContext): 100 filters, one LIKE literal each', async () => {
		const names = hostileNames(100, 13);
		names.forEach((Name) => emu.store.insert('Account', { Name: `Lq ${Name} end` }));
		emu.resetCounters();
		const type = nodeTypes.getByName(NODE) as INodeType;
		const n: INode = {
			id: 'ls',
			name: 'Salesforce',
			type: NODE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'record', operation: 'get', sobject: { __rl: true, mode: 'name', value: 'Account' } },
			credentials: { [CREDENTIAL_TYPE]: { id: 'c', name: 'c' } },
		};
		const workflow = new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes });
		const additionalData = createAdditionalData(new HarnessCredentialsHelper({ [CREDENTIAL_TYPE]: credentialData(emu) }));
		additionalData.currentNodeParameters = n.parameters; // what the editor sends with a list-search request
		const ctx = new LoadOptionsContext(workflow, n, additionalData, 'recordId');
		let notListed = 0;
		for (const v of names) {
			const { results } = await type.methods!.listSearch!.searchRecords.call(ctx, v);
			for (const r of results) expect(String(r.name).toLowerCase()).toContain(v.toLowerCase());
			if (results.length < 50 && !results.some((r) => r.name === `Lq ${v} end`)) notListed++;
		}
		expect(notListed).toBe(0);
		const queries = emu.queries.filter((q) => q.includes(' WHERE Name LIKE ') && q.endsWith(' ORDER BY Name LIMIT 50'));
		expect(queries).toHaveLength(100);
		queries.forEach((q, i) => {
			const m = /^SELECT Id, Name, BillingCity FROM Account WHERE Name LIKE ('(?:[^'\\]|\\[\s\S])*') ORDER BY Name LIMIT 50$/.exec(q);
			expect(m).not.toBeNull();
			expect(unescapeSoql(m![1], true, q)).toBe(`%${names[i].replace(/[\\%_]/g, '\\$&')}%`);
		});
		recordFigure(
			'Injection',
			'Record list search (LIKE filter) over HTTP',
			`100 hostile filters: each query one LIKE literal, %/_ literal, only matching records listed`,
		);
	});
});

describe('part 4 — names and ids outside Salesforce’s grammar are refused before any call', () => {
	test('the validators accept only grammar-shaped strings (20,000 generated candidates)', () => {
		const rnd = prng(99);
		const alphabet = ['A', 'z', '0', '_', '__', '.', ' ', "'", ';', '-', ')', '(', '\n', '%', 'é', '__c', '__r', 'c', 'Name'];
		let acceptedNames = 0;
		for (let n = 0; n < 20_000; n++) {
			let s = '';
			const len = 1 + Math.floor(rnd() * 8);
			for (let k = 0; k < len; k++)
				s += (rnd() < 0.3 ? FRAGMENTS : alphabet)[Math.floor(rnd() * (rnd() < 0.3 ? FRAGMENTS.length : alphabet.length))] ?? 'A';
			if (isApiName(s)) {
				acceptedNames++;
				if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(s) || s.endsWith('_')) throw new Error(`isApiName accepted ${JSON.stringify(s)}`);
			}
			if (isFieldPath(s) && !/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(s))
				throw new Error(`isFieldPath accepted ${JSON.stringify(s)}`);
			if (isSalesforceId(s) && !/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(s))
				throw new Error(`isSalesforceId accepted ${JSON.stringify(s)}`);
		}
		// Each refused by every validator on its own (a conjunction would pass if any one refused it).
		for (const bad of [
			'Account; DELETE',
			'Name) FROM User--',
			"001' OR '1'='1",
			'Account ',
			'Acc-ount',
			'Name,Id',
			'001000000000001AAB',
			'00100000000000',
			'',
		]) {
			expect({ bad, name: isApiName(bad), path: isFieldPath(bad), id: isSalesforceId(bad) }).toEqual({
				bad,
				name: false,
				path: false,
				id: false,
			});
		}
		expect(isSalesforceId('001000000000001AAB')).toBe(false); // wrong checksum
		expect(acceptedNames).toBeGreaterThan(0);
	});

	// Hostile values come in through expressions: a typed constant that breaks a resource locator's pattern is
	// already refused by n8n ("the workflow has issues"); expressions are only checked by the node itself.
	const hostileId = [{ id: "001' OR '1'='1" }];
	const cases: Array<{ what: string; parameters: Record<string, unknown>; items?: object[]; message: RegExp }> = [
		{
			what: 'object `Account; DELETE` (create)',
			parameters: {
				resource: 'record',
				operation: 'create',
				sobject: { mode: 'name', value: '={{ "Account; DELETE" }}' },
				fields: AUTO_MAP,
			},
			items: [{ Name: 'x' }],
			message: /Object "Account; DELETE" is not a valid Salesforce API name/,
		},
		{
			what: 'object `Account; DELETE` (getMany)',
			parameters: {
				resource: 'record',
				operation: 'getMany',
				sobject: { mode: 'name', value: '={{ "Account; DELETE" }}' },
				returnAll: true,
			},
			message: /is not a valid Salesforce API name/,
		},
		{
			what: 'field `Name) FROM User--` (getMany fields)',
			parameters: {
				resource: 'record',
				operation: 'getMany',
				sobject: { mode: 'name', value: 'Account' },
				returnAll: true,
				fieldsToReturn: ['Id', 'Name) FROM User--'],
			},
			message: /Name\) FROM User--/,
		},
		{
			what: 'field `Name) FROM User--` (getMany condition)',
			parameters: {
				resource: 'record',
				operation: 'getMany',
				sobject: { mode: 'name', value: 'Account' },
				returnAll: true,
				fieldsToReturn: ['Id'],
				conditions: { condition: [{ field: 'Name) FROM User--', operator: 'equal', value: 'x' }] },
			},
			message: /Name\) FROM User--/,
		},
		{
			what: 'sort field `Name; DROP` (getMany)',
			parameters: {
				resource: 'record',
				operation: 'getMany',
				sobject: { mode: 'name', value: 'Account' },
				returnAll: true,
				fieldsToReturn: ['Id'],
				queryOptions: { sortBy: "Name' DESC" },
			},
			message: /is not a valid Salesforce API name/,
		},
		{
			what: 'field `Name) FROM User--` (get)',
			parameters: {
				resource: 'account',
				operation: 'get',
				recordId: { mode: 'id', value: '001000000000001AAA' },
				fieldsToReturn: ['Name) FROM User--'],
			},
			message: /Name\) FROM User--/,
		},
		{
			what: 'field name key `Name) FROM User--` (create)',
			parameters: { resource: 'account', operation: 'create', fields: AUTO_MAP },
			items: [{ 'Name) FROM User--': 'x' }],
			message: /Field "Name\) FROM User--" is not a valid/,
		},
		{
			what: "id `001' OR '1'='1` (get)",
			parameters: { resource: 'account', operation: 'get', recordId: { mode: 'id', value: '={{ $json.id }}' } },
			items: hostileId,
			message: /is not a valid Salesforce id/,
		},
		{
			what: "id `001' OR '1'='1` (update)",
			parameters: {
				resource: 'account',
				operation: 'update',
				recordId: { mode: 'id', value: '={{ $json.id }}' },
				fields: { mappingMode: 'defineBelow', value: { Name: 'x' } },
			},
			items: hostileId,
			message: /is not a valid Salesforce id/,
		},
		{
			what: "id `001' OR '1'='1` (delete)",
			parameters: { resource: 'account', operation: 'delete', recordId: { mode: 'id', value: '={{ $json.id }}' } },
			items: hostileId,
			message: /is not a valid Salesforce id/,
		},
		{
			what: 'external id field `External_Id__c/../Id` (upsert)',
			parameters: {
				resource: 'record',
				operation: 'upsert',
				sobject: { mode: 'name', value: 'Account' },
				externalIdField: 'External_Id__c/../Id',
				fields: AUTO_MAP,
			},
			items: [{ Name: 'x' }],
			message: /External ID field/,
		},
		{
			what: 'search object `Account(Id), User` (Simple Search)',
			parameters: { resource: 'search', operation: 'simple', searchText: 'acme', searchObjects: 'Account(Id)', searchFields: 'Id' },
			message: /not a valid Salesforce API name/,
		},
		{
			what: 'search field `Name) , User(Id` (Simple Search)',
			parameters: { resource: 'search', operation: 'simple', searchText: 'acme', searchObjects: 'Account', searchFields: 'Name) LIMIT 1' },
			message: /not a valid Salesforce API name/,
		},
	];

	test.each(cases)('$what: refused, zero API calls', async ({ parameters, items, message }) => {
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: (items ?? [{}]) as IDataObject[],
			nodes: [node(parameters)],
		});
		expect(result.error?.message).toMatch(message);
		expect(emu.apiCalls()).toBe(0);
	});

	test('a typed (non-expression) hostile id is already refused by n8n: the workflow has issues, zero API calls', async () => {
		await expect(
			runWorkflow({
				credentials: credentialData(emu),
				nodes: [node({ resource: 'account', operation: 'get', recordId: { mode: 'id', value: "001' OR '1'='1" } })],
			}),
		).rejects.toThrow(/issues/);
		expect(emu.apiCalls()).toBe(0);
	});

	afterAll(() =>
		recordFigure(
			'Hostile names and ids',
			'Object/field/id/external-id/search names through the node',
			`${cases.length} workflows (e.g. \`Account; DELETE\`, \`Name) FROM User--\`, \`001' OR '1'='1\`): all refused with a named error, 0 API calls; 20,000 generated candidates: validators accept only grammar-shaped names and ids`,
		),
	);
});
