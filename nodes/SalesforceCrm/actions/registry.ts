import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from './common';
import type { WriteOptionName } from './params';
import * as activities from './task/activities';
import * as lead from './lead/convert.operation';
import { metadataResource } from './metadata/metadata.resource';
import * as opportunity from './opportunity/close.operation';
import * as org from './org/org';
import * as query from './soql/query';
import * as related from './record/related';
import { recordOperations } from './record';
import { platformExtraOperations, platformResources } from './registry.platform';
import { salesExtraOperations, salesResources } from './registry.sales';
import { labelOf, OBJECT_RESOURCES } from './record/objects';
import { article, plural } from './words';

/**
 * Every resource and operation of the Salesforce CRM node, each pointing at the file that implements it.
 * The node description and the router are both built from this table.
 */
export interface OperationModule {
	description: INodeProperties[];
	execute: Operation;
	/** Options of the node's Options collection this operation reads, beyond API Version and the call reserve. */
	options?: readonly WriteOptionName[];
}

export interface OperationDef {
	value: string;
	name: string;
	action: string;
	description: string;
	module: OperationModule;
}

export interface ResourceDef {
	value: string;
	name: string;
	operations: OperationDef[];
}

/** The generic operations, worded for one object resource. */
function recordOperationDefs(label: string, upsert: boolean, deletable: boolean): OperationDef[] {
	const one = `${article(label)} ${label}`;
	const defs: OperationDef[] = [
		{ value: 'create', name: 'Create', action: `Create ${one}`, description: `Create ${one}; many items are sent 200 per call`, module: recordOperations.create },
		{ value: 'delete', name: 'Delete', action: `Delete ${one}`, description: `Delete ${one} (moves it to the recycle bin). Destructive.`, module: recordOperations.delete },
		{ value: 'get', name: 'Get', action: `Get ${one}`, description: `Get ${one} by ID`, module: recordOperations.get },
		{ value: 'getMany', name: 'Get Many', action: `Get many ${plural(label)}`, description: `Find ${plural(label)} matching conditions (SOQL built and escaped for you)`, module: recordOperations.getMany },
		{ value: 'update', name: 'Update', action: `Update ${one}`, description: `Update ${one} by ID; many items are sent 200 per call`, module: recordOperations.update },
	].filter((d) => deletable || d.value !== 'delete');
	if (upsert) {
		defs.push({
			value: 'upsert',
			name: 'Create or Update',
			action: `Create or update ${one}`,
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			module: recordOperations.upsert,
		});
	}
	return defs;
}

const addNote = (label: string): OperationDef => ({
	value: 'addNote',
	name: 'Add Note',
	action: `Add a note to ${article(label)} ${label}`,
	description: `Attach a note (title and body) to the ${label}`,
	module: related.addNote,
});
const addToCampaign = (who: string): OperationDef => ({
	value: 'addToCampaign',
	name: 'Add to Campaign',
	action: `Add ${who} to a campaign`,
	description: `Add the ${who} to a campaign as a campaign member`,
	module: related.addToCampaign,
});

/** Extra operations per object resource (lead convert, opportunity close…), merged into its list. */
export const EXTRA_OPERATIONS: Record<string, OperationDef[]> = {
	record: [addNote('record')],
	account: [addNote('account')],
	contact: [addNote('contact'), addToCampaign('contact')],
	lead: [
		addNote('lead'),
		addToCampaign('lead'),
		{ value: 'convert', name: 'Convert', action: 'Convert a lead', description: 'Convert a lead into an account, a contact and optionally an opportunity', module: lead.convert },
	],
	opportunity: [
		addNote('opportunity'),
		{ value: 'close', name: 'Close', action: 'Close an opportunity as won or lost', description: "Close an opportunity as won or lost, in a closed stage of the org's sales process", module: opportunity.close },
	],
	case: [
		addNote('case'),
		{ value: 'addComment', name: 'Add Comment', action: 'Add a comment to a case', description: 'Add a case comment, private or public', module: related.addComment },
	],
	task: [
		addNote('task'),
		{ value: 'logCall', name: 'Log Call', action: 'Log a call', description: 'Record a completed call (a Task of subtype Call) against a contact or lead and a related record', module: activities.logCall },
		{ value: 'complete', name: 'Complete', action: 'Complete a task', description: 'Mark a task completed', module: activities.complete },
	],
	event: [
		addNote('event'),
		{ value: 'schedule', name: 'Schedule', action: 'Schedule an event', description: 'Book a meeting or callback with a start and an end', module: activities.schedule },
	],
	campaign: [addNote('campaign')],
};

/** Resources that are not record-like. */
export const OTHER_RESOURCES: ResourceDef[] = [
	{
		value: 'soql',
		name: 'SOQL',
		operations: [{ value: 'query', name: 'Query', action: 'Run a SOQL query', description: 'Run a SOQL query and return its records (all pages)', module: query.soqlQuery }],
	},
	{
		value: 'search',
		name: 'Search',
		operations: [
			{ value: 'parameterized', name: 'Parameterized Search', action: 'Search records with parameterized search', description: 'Find records by text with the parameterizedSearch resource: the text is sent as data and Salesforce escapes it', module: query.parameterizedSearch },
			{ value: 'simple', name: 'Simple Search', action: 'Search records by text', description: 'Find records whose fields contain the text, across objects (SOSL built and escaped for you)', module: query.simpleSearch },
			{ value: 'sosl', name: 'SOSL', action: 'Run a SOSL search', description: 'Run a SOSL FIND statement', module: query.soslSearch },
		],
	},
	{
		value: 'object',
		name: 'Object',
		operations: [
			{ value: 'describe', name: 'Describe', action: 'Describe an object', description: 'Get the fields, picklists and relationships of an object', module: org.describe },
			{ value: 'list', name: 'List', action: 'List objects', description: "List the org's objects", module: org.list },
		],
	},
	{
		value: 'org',
		name: 'Org',
		operations: [{ value: 'limits', name: 'Get Limits', action: 'Get org limits', description: 'Get the org\'s API and storage limits and what remains', module: org.limits }],
	},
	{
		value: 'flow',
		name: 'Flow',
		operations: [
			{ value: 'invoke', name: 'Invoke', action: 'Invoke a flow', description: 'Run an auto-launched flow with input variables', module: org.invokeFlow },
			{ value: 'list', name: 'List', action: 'List flows', description: 'List the auto-launched flows that can be invoked', module: org.listFlows },
		],
	},
];

export function resources(): ResourceDef[] {
	const objectResources = OBJECT_RESOURCES.map((r) => ({
		value: r.value,
		name: r.name,
		operations: [
			...recordOperationDefs(labelOf(r), r.upsert, r.deletable !== false),
			...(EXTRA_OPERATIONS[r.value] ?? []),
			...(salesExtraOperations[r.value] ?? []),
			...(platformExtraOperations[r.value] ?? []),
		].sort((a, b) => a.name.localeCompare(b.name)),
	}));
	return [...objectResources, ...OTHER_RESOURCES, ...salesResources, ...platformResources, metadataResource];
}

export function findOperation(resource: string, operation: string): OperationDef | undefined {
	return resources()
		.find((r) => r.value === resource)
		?.operations.find((o) => o.value === operation);
}
