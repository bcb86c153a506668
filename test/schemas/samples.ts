/**
 * The runs `npm run schemas` makes to learn each operation's output: parameters for one item of each operation,
 * against the emulator's demo org. `ids` holds records the earlier runs created or found.
 */
import type { IDataObject } from 'n8n-workflow';

export interface Sample {
	resource: string;
	operation: string;
	parameters: (ids: Record<string, string>) => Record<string, unknown>;
	items?: IDataObject[];
	/** Saves an id from the output for later samples. */
	save?: string;
}

const auto = { mappingMode: 'autoMapInputData', value: null };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Create (auto-mapped from the item), Get, Get Many, Update, Create or Update and Delete of an object resource. */
function record(resource: string, object: string, item: IDataObject, opts: { upsert?: boolean; delete?: boolean } = {}): Sample[] {
	const samples: Sample[] = [
		{ resource, operation: 'create', parameters: () => ({ fields: auto }), items: [item], save: resource },
		{ resource, operation: 'get', parameters: (ids) => ({ recordId: byId(ids[resource]) }) },
		{ resource, operation: 'getMany', parameters: () => ({ returnAll: false, limit: 1 }) },
		{ resource, operation: 'update', parameters: (ids) => ({ recordId: byId(ids[resource]), fields: auto }), items: [item] },
	];
	if (opts.upsert === true) {
		samples.push({ resource, operation: 'upsert', parameters: () => ({ externalIdField: 'Id', fields: auto }), items: [item] });
	}
	if (opts.delete !== false) samples.push({ resource, operation: 'delete', parameters: (ids) => ({ recordId: byId(ids[resource]) }) });
	void object;
	return samples;
}

export const SAMPLES: Sample[] = [
	...record('account', 'Account', { Name: 'Schema Account', Industry: 'Energy' }),
	...record('contact', 'Contact', { LastName: 'Schema', FirstName: 'Sam', Email: 'sam@example.com' }),
	...record('lead', 'Lead', { LastName: 'Schema', Company: 'Schema Co' }),
	...record('opportunity', 'Opportunity', { Name: 'Schema deal', StageName: 'Prospecting', CloseDate: '2026-12-31' }),
	...record('case', 'Case', { Subject: 'Schema case' }),
	...record('task', 'Task', { Subject: 'Schema task' }),
	{
		resource: 'lead',
		operation: 'create',
		parameters: () => ({ fields: auto }),
		items: [{ LastName: 'Convert', Company: 'Convert Co' }],
		save: 'convertLead',
	},
	{ resource: 'lead', operation: 'convert', parameters: (ids) => ({ leadId: byId(ids.convertLead), createOpportunity: true }) },
	{
		resource: 'opportunity',
		operation: 'create',
		parameters: () => ({ fields: auto }),
		items: [{ Name: 'Close me', StageName: 'Prospecting', CloseDate: '2026-12-31' }],
		save: 'closeOpportunity',
	},
	{ resource: 'opportunity', operation: 'close', parameters: (ids) => ({ opportunityId: byId(ids.closeOpportunity), outcome: 'won' }) },
	{
		resource: 'soql',
		operation: 'query',
		parameters: () => ({ soql: 'SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity', returnAll: false, limit: 1 }),
	},
];
