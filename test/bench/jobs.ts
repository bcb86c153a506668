/**
 * The benchmark jobs: for each, how to fill the org (not timed), the items fed in, the parameters of the pack's
 * node and of n8n's built-in Salesforce node for the same job (both map the same expressions), the expressions the
 * floor's Edit Fields (Set) node maps, and a check of the outcome in the org.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';

export type JobId = 'create' | 'update' | 'upsert' | 'get' | 'delete' | 'query';

export interface Job {
	id: JobId;
	title: string;
	/** Our node's parameters (contact resource). */
	ours: IDataObject;
	/** The built-in node's parameters (n8n-nodes-base.salesforce, typeVersion 1). */
	builtin: IDataObject;
	/** Item fields the Salesforce node maps with `{{ $json.<field> }}`: the floor's Set node maps the same. */
	mapped: string[];
	/** 'items': N input items, one record each; 'query': one input item, N records out. */
	shape: 'items' | 'query';
	/** Fills the org and returns the input items; not timed. */
	prepare(emu: SalesforceEmulator, n: number): IDataObject[];
	/** Checks the org after the run; returns a problem or undefined. */
	verify(emu: SalesforceEmulator, n: number): string | undefined;
}

const expr = (field: string) => `={{ $json.${field} }}`;
const byId = { __rl: true, mode: 'id', value: expr('id') };
const mapper = (fields: string[]) => ({
	mappingMode: 'defineBelow',
	value: Object.fromEntries(fields.map((f) => [f, expr(f)])),
	matchingColumns: [],
	schema: [],
});

function insertContacts(emu: SalesforceEmulator, n: number, extra: (i: number) => IDataObject = () => ({})): string[] {
	const ids: string[] = [];
	for (let i = 0; i < n; i++)
		ids.push(emu.store.insert('Contact', { FirstName: 'Bench', LastName: `Contact ${i}`, Email: `c${i}@bench.example.com`, ...extra(i) }));
	return ids;
}

const contacts = (emu: SalesforceEmulator) => emu.store.all('Contact');
const expectCount = (what: string, got: number, want: number) => (got === want ? undefined : `${what}: ${got} (expected ${want})`);
const CONTACT_FIELDS = ['FirstName', 'LastName', 'Email'];

/** A job on N contacts already in the org, one item naming each by id: the operation has the same name in both nodes. */
const byIdJob = (operation: 'get' | 'delete', title: string, verify: Job['verify']): Job => ({
	id: operation,
	title,
	shape: 'items',
	mapped: ['id'],
	ours: { resource: 'contact', operation, recordId: byId },
	builtin: { resource: 'contact', operation, contactId: expr('id') },
	prepare: (emu, n) => insertContacts(emu, n).map((id) => ({ id })),
	verify,
});

export const JOBS: Job[] = [
	{
		id: 'create',
		title: 'Create contacts',
		shape: 'items',
		mapped: CONTACT_FIELDS,
		ours: { resource: 'contact', operation: 'create', fields: mapper(CONTACT_FIELDS), additionalFieldsJson: '{}' },
		builtin: {
			resource: 'contact',
			operation: 'create',
			lastname: expr('LastName'),
			additionalFields: { firstName: expr('FirstName'), email: expr('Email') },
		},
		prepare: (_emu, n) =>
			Array.from({ length: n }, (_, i) => ({ FirstName: 'Bench', LastName: `Created ${i}`, Email: `n${i}@bench.example.com` })),
		verify: (emu, n) =>
			expectCount('contacts in the org', contacts(emu).filter((c) => String(c.LastName).startsWith('Created ')).length, n),
	},
	{
		id: 'update',
		title: 'Update by id',
		shape: 'items',
		mapped: ['id', 'Title'],
		ours: { resource: 'contact', operation: 'update', recordId: byId, fields: mapper(['Title']), additionalFieldsJson: '{}' },
		builtin: { resource: 'contact', operation: 'update', contactId: expr('id'), updateFields: { title: expr('Title') } },
		prepare: (emu, n) => insertContacts(emu, n).map((id, i) => ({ id, Title: `Title ${i}` })),
		verify: (emu, n) =>
			expectCount('contacts with the new title', contacts(emu).filter((c) => String(c.Title ?? '').startsWith('Title ')).length, n),
	},
	{
		id: 'upsert',
		title: 'Upsert by external id (half exist)',
		shape: 'items',
		mapped: ['External_Id__c', 'LastName'],
		ours: {
			resource: 'contact',
			operation: 'upsert',
			externalIdField: 'External_Id__c',
			fields: mapper(['External_Id__c', 'LastName']),
			additionalFieldsJson: '{}',
		},
		builtin: {
			resource: 'contact',
			operation: 'upsert',
			externalId: 'External_Id__c',
			externalIdValue: expr('External_Id__c'),
			lastname: expr('LastName'),
		},
		prepare: (emu, n) => {
			insertContacts(emu, Math.floor(n / 2), (i) => ({ External_Id__c: `EXT-${i}` }));
			return Array.from({ length: n }, (_, i) => ({ External_Id__c: `EXT-${i}`, LastName: `Upserted ${i}` }));
		},
		verify: (emu, n) =>
			expectCount('upserted contacts', contacts(emu).filter((c) => String(c.LastName).startsWith('Upserted ')).length, n) ??
			expectCount('contacts in the org', contacts(emu).length, n),
	},
	byIdJob('get', 'Get by id', () => undefined),
	byIdJob('delete', 'Delete by id', (emu) => expectCount('contacts left', contacts(emu).length, 0)),
	{
		id: 'query',
		title: 'SOQL return-all',
		shape: 'query',
		mapped: [],
		ours: { resource: 'soql', operation: 'query', soql: 'SELECT Id, FirstName, LastName, Email FROM Contact', returnAll: true },
		builtin: { resource: 'search', operation: 'query', query: 'SELECT Id, FirstName, LastName, Email FROM Contact' },
		prepare: (emu, n) => {
			insertContacts(emu, n);
			return [{}];
		},
		verify: () => undefined,
	},
];

export function job(id: string): Job {
	const found = JOBS.find((j) => j.id === id);
	if (!found) throw new Error(`no bench job "${id}" (jobs: ${JOBS.map((j) => j.id).join(', ')})`);
	return found;
}

/**
 * API calls our node makes for a job of N items, as the README states them: sObject Collections take 200 records
 * a call (2,000 ids per retrieve, plus one describe for Get without a field list); a SOQL page holds 2,000 rows.
 */
export function expectedCalls(id: JobId, n: number): number {
	if (id === 'get') return 1 + Math.ceil(n / 2000);
	if (id === 'query') return Math.max(1, Math.ceil(n / 2000));
	return Math.ceil(n / 200);
}
