import type { INodeProperties } from 'n8n-workflow';

import { type OperationModule, resources } from './registry';

export function buildProperties(): INodeProperties[] {
	const all = resources();
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: all.map((r) => ({ name: r.name, value: r.value })).sort((a, b) => a.name.localeCompare(b.name)),
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
	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'All or None',
				name: 'allOrNone',
				type: 'boolean',
				default: false,
				description: 'Whether one failed record rolls back the other records of its batch (writes only)',
			},
			{
				displayName: 'API Version',
				name: 'apiVersion',
				type: 'string',
				default: '',
				placeholder: '66.0',
				description: "Overrides the credential's API version for this node",
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 200 },
				default: 200,
				description: 'Records per Salesforce call for writes (1–200); fewer calls with larger batches',
			},
			{
				displayName: 'Keep API Calls in Reserve',
				name: 'reserveCalls',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					"Stop with an error instead of calling Salesforce when the org's remaining daily API calls (from the Sforce-Limit-Info header) fall to this number",
			},
			{
				displayName: 'Use Bulk API From (Items)',
				name: 'bulkThreshold',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Record writes of at least this many items go through one Bulk API 2.0 job per object (a handful of calls whatever the size, but asynchronous: seconds to minutes) instead of 200-record batches. 0 = never. Not used with All or None.',
			},
		],
	});
	return properties;
}

