import type { INodeProperties } from 'n8n-workflow';

import { resources } from './registry';
import type { OperationModule, ResourceDef } from './types';
import { toolProperties } from './tool';

/**
 * The node's subtitle on the canvas: the action of the chosen resource and operation ("Convert a lead"), as the
 * node panel names it, instead of the internal values ("convert: lead").
 */
export function buildSubtitle(): string {
	const actions: Record<string, string> = {};
	for (const r of resources()) for (const o of r.operations) actions[`${r.value}.${o.value}`] = o.action;
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"] + "." + $parameter["operation"]] ?? $parameter["operation"] }}`;
}

export function buildProperties(): INodeProperties[] {
	const all = resources();
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: all.map((r) => ({ name: r.name, value: r.value, description: r.description })).sort((a, b) => a.name.localeCompare(b.name)),
			default: 'record',
		},
	];
	for (const r of all) {
		const defaultOperation = r.operations.find((o) => o.value === 'get')?.value ?? r.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [r.value] } },
			options: r.operations.map((o) => ({ name: o.name, value: o.value, action: o.action, description: o.description })),
			default: defaultOperation,
		});
	}
	// Operation modules shared between resources contribute their properties once.
	const seen = new Set<OperationModule>();
	for (const r of all) {
		for (const o of r.operations) {
			if (seen.has(o.module)) continue;
			seen.add(o.module);
			properties.push(...o.module.description);
		}
	}
	properties.push(...optionsCollections(all), ...toolProperties(all));
	return properties;
}

/** Every option of the node's Options collection; each operation shows the universal ones and those it declares. */
const OPTIONS: Record<string, INodeProperties> = {
	allOrNone: {
		displayName: 'All or None',
		name: 'allOrNone',
		type: 'boolean',
		default: false,
		description: 'Whether one failed record rolls back the other records of its batch',
	},
	apiVersion: {
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'string',
		default: '',
		placeholder: '66.0',
		description: "Overrides the credential's API version for this node",
	},
	batchSize: {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 200 },
		default: 200,
		description: 'Records per Salesforce call (1–200); fewer calls with larger batches',
	},
	reserveCalls: {
		displayName: 'Keep API Calls in Reserve',
		name: 'reserveCalls',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"Stop with an error instead of calling Salesforce when the org's remaining daily API calls (from the Sforce-Limit-Info header) fall to this number",
	},
	bulkThreshold: {
		displayName: 'Use Bulk API From (Items)',
		name: 'bulkThreshold',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Record writes of at least this many items go through one Bulk API 2.0 job per object (a handful of calls whatever the size, but asynchronous: seconds to minutes) instead of 200-record batches. 0 = never. Not used with All or None.',
	},
};

/** Read by the router for every operation: the client's API version and the API-call reserve. */
export const UNIVERSAL_OPTIONS = ['apiVersion', 'reserveCalls'] as const;

/** The option names an operation shows: the universal ones and those its module declares it reads. */
export function optionsOf(module: OperationModule): string[] {
	return [...UNIVERSAL_OPTIONS, ...(module.options ?? [])].sort();
}

/**
 * The "Options" collections: each shows one option set for a group of resources × operations, and a group only
 * ever covers pairs with that set (every existing pair of its resources and operations has exactly that set), so
 * each operation sees exactly one collection. Resources are packed into the first group that stays exact.
 */
function optionsCollections(all: ResourceDef[]): INodeProperties[] {
	const setOf = new Map<string, string>();
	for (const r of all) for (const o of r.operations) setOf.set(`${r.value}.${o.value}`, optionsOf(o.module).join(','));
	const groups: Array<{ set: string; resources: string[]; operations: Set<string> }> = [];
	const exact = (set: string, resources: string[], operations: Set<string>) =>
		resources.every((r) => [...operations].every((o) => (setOf.get(`${r}.${o}`) ?? set) === set));
	for (const r of all) {
		const bySet = new Map<string, string[]>();
		for (const o of r.operations)
			bySet.set(setOf.get(`${r.value}.${o.value}`)!, [...(bySet.get(setOf.get(`${r.value}.${o.value}`)!) ?? []), o.value]);
		for (const [set, operations] of bySet) {
			const group = groups.find((g) => g.set === set && exact(set, [...g.resources, r.value], new Set([...g.operations, ...operations])));
			if (group) {
				group.resources.push(r.value);
				operations.forEach((o) => group.operations.add(o));
			} else groups.push({ set, resources: [r.value], operations: new Set(operations) });
		}
	}
	return groups.map((g) => ({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: g.resources, operation: [...g.operations].sort() } },
		options: g.set.split(',').map((name) => OPTIONS[name]),
	}));
}
