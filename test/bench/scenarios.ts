/**
 * The benchmark scenarios: for each, how to prepare the org (outside the timed part), the items fed in, the
 * parameters of the pack's node and of n8n's built-in node for the same job, and a check of the outcome.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';

export interface Scenario {
	id: string;
	title: string;
	/** Our node's parameters (contact resource unless said otherwise). */
	ours: INodeParameters;
	/** The built-in node's parameters, or undefined when it has no such operation. */
	builtin?: INodeParameters;
	/** Fills the org and returns the input items; not timed. */
	prepare(emu: SalesforceEmulator, n: number): IDataObject[];
	/** Checks the output and the org after the run; returns a problem description or undefined. */
	verify(emu: SalesforceEmulator, n: number, outputCount: number): string | undefined;
	/** Expected minimum number of API calls for ours, for the targets section. */
	kind: 'write' | 'get' | 'query' | 'convert';
}

const fromJson = (key = 'id') => ({ __rl: true, mode: 'id', value: `={{ $json.${key} }}` });
const autoMap = { mappingMode: 'autoMapInputData', value: null };

function insertContacts(emu: SalesforceEmulator, n: number, extra: (i: number) => IDataObject = () => ({})): string[] {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) ids.push(emu.store.insert('Contact', { FirstName: 'Bench', LastName: `Contact ${i}`, Email: `c${i}@bench.example.com`, ...extra(i) }));
	return ids;
}

const contacts = (emu: SalesforceEmulator) => emu.store.all('Contact');
const expectCount = (what: string, got: number, want: number) => (got === want ? undefined : `${what}: ${got} (expected ${want})`);

export const SCENARIOS: Scenario[] = [
	{
		id: 'create',
		title: 'Create N contacts',
		kind: 'write',
		ours: { resource: 'contact', operation: 'create', fields: autoMap },
		builtin: {
			resource: 'contact',
			operation: 'create',
			lastname: '={{ $json.LastName }}',
			additionalFields: { firstName: '={{ $json.FirstName }}', email: '={{ $json.Email }}' },
		},
		prepare: (_emu, n) => Array.from({ length: n }, (_, i) => ({ FirstName: 'Bench', LastName: `Created ${i}`, Email: `n${i}@bench.example.com` })),
		verify: (emu, n, out) =>
			expectCount('output items', out, n) ?? expectCount('contacts in the org', contacts(emu).filter((c) => String(c.LastName).startsWith('Created ')).length, n),
	},
	{
		id: 'update',
		title: 'Update N contacts by id',
		kind: 'write',
		ours: {
			resource: 'contact',
			operation: 'update',
			recordId: fromJson(),
			fields: { mappingMode: 'defineBelow', value: { Title: '={{ $json.Title }}' } },
		},
		builtin: { resource: 'contact', operation: 'update', contactId: '={{ $json.id }}', updateFields: { title: '={{ $json.Title }}' } },
		prepare: (emu, n) => insertContacts(emu, n).map((id, i) => ({ id, Title: `Title ${i}` })),
		verify: (emu, n, out) =>
			expectCount('output items', out, n) ?? expectCount('contacts with the new title', contacts(emu).filter((c) => String(c.Title ?? '').startsWith('Title ')).length, n),
	},
	{
		id: 'upsert',
		title: 'Upsert N by External_Id__c (half exist)',
		kind: 'write',
		ours: { resource: 'contact', operation: 'upsert', externalIdField: 'External_Id__c', fields: autoMap },
		builtin: {
			resource: 'contact',
			operation: 'upsert',
			externalId: 'External_Id__c',
			externalIdValue: '={{ $json.External_Id__c }}',
			lastname: '={{ $json.LastName }}',
		},
		prepare: (emu, n) => {
			insertContacts(emu, Math.floor(n / 2), (i) => ({ External_Id__c: `EXT-${i}` }));
			return Array.from({ length: n }, (_, i) => ({ External_Id__c: `EXT-${i}`, LastName: `Upserted ${i}` }));
		},
		verify: (emu, n, out) =>
			expectCount('output items', out, n) ??
			expectCount('contacts after upsert', contacts(emu).filter((c) => String(c.LastName).startsWith('Upserted ')).length, n) ??
			expectCount('contacts in the org', contacts(emu).length, n),
	},
	{
		id: 'get',
		title: 'Get N contacts by id',
		kind: 'get',
		ours: { resource: 'contact', operation: 'get', recordId: fromJson() },
		builtin: { resource: 'contact', operation: 'get', contactId: '={{ $json.id }}' },
		prepare: (emu, n) => insertContacts(emu, n).map((id) => ({ id })),
		verify: (_emu, n, out) => expectCount('output items', out, n),
	},
	{
		id: 'delete',
		title: 'Delete N contacts by id',
		kind: 'write',
		ours: { resource: 'contact', operation: 'delete', recordId: fromJson() },
		builtin: { resource: 'contact', operation: 'delete', contactId: '={{ $json.id }}' },
		prepare: (emu, n) => insertContacts(emu, n).map((id) => ({ id })),
		verify: (emu, n, out) => expectCount('output items', out, n) ?? expectCount('contacts left', contacts(emu).length, 0),
	},
	{
		id: 'query',
		title: 'SOQL return-all of N records',
		kind: 'query',
		ours: { resource: 'soql', operation: 'query', soql: 'SELECT Id, FirstName, LastName, Email FROM Contact' },
		builtin: { resource: 'search', operation: 'query', query: 'SELECT Id, FirstName, LastName, Email FROM Contact' },
		prepare: (emu, n) => {
			insertContacts(emu, n);
			return [{}];
		},
		verify: (_emu, n, out) => expectCount('output items', out, n),
	},
	{
		id: 'convert',
		title: 'Lead convert of N leads',
		kind: 'convert',
		ours: { resource: 'lead', operation: 'convert', leadId: fromJson(), convertedStatus: 'Closed - Converted', createOpportunity: false },
		prepare: (emu, n) => {
			const ids: string[] = [];
			for (let i = 0; i < n; i++) ids.push(emu.store.insert('Lead', { LastName: `Lead ${i}`, Company: `Company ${i}`, Status: 'Open - Not Contacted' }));
			return ids.map((id) => ({ id }));
		},
		verify: (emu, n, out) => expectCount('output items', out, n) ?? expectCount('converted leads', emu.store.all('Lead').filter((l) => l.IsConverted === true).length, n),
	},
];
