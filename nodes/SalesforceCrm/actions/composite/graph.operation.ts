import type { IDataObject } from 'n8n-workflow';

import { graphIds, normaliseGraph } from '../../../shared/services/graph';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems } from '../common';
import { jsonParam } from '../params';
import type { OperationModule } from '../types';
import { runGraphs } from './graphs';

const show = { show: { resource: ['composite'], operation: ['graph'] } };

/**
 * Composite → Graph: each item gives one or more graphs (sub-requests with @{ref} references, each graph written all
 * or none); the graphs of all items go to Salesforce in as few calls as the limits allow (75 graphs, 500 nodes a call).
 */
export const graph: OperationModule = {
	description: [
		{
			displayName: 'Graphs (JSON)',
			name: 'compositeGraphs',
			type: 'json',
			default:
				'[\n  { "graphId": "1", "compositeRequest": [\n    { "method": "POST", "url": "/sobjects/Account", "referenceId": "account", "body": { "Name": "Acme" } },\n    { "method": "POST", "url": "/sobjects/Contact", "referenceId": "contact", "body": { "LastName": "Doe", "AccountId": "@{account.id}" } }\n  ] }\n]',
			description:
				'One graph {graphId, compositeRequest: [...]} or a list of them. Nodes: POST /sobjects/Object, GET/PATCH/DELETE /sobjects/Object/ID, or /sobjects/Object/ExternalIdField/value; @{referenceId.field} uses an earlier node of the same graph. Each graph is written all or none.',
			displayOptions: show,
		},
	],
	async execute(client) {
		const prepared = prepareItems(this, (i) => {
			const raw = jsonParam(this, i, 'compositeGraphs', 'Graphs (JSON)');
			const list =
				Array.isArray(raw) && raw.length && raw.every((g) => g && typeof g === 'object' && !Array.isArray(g) && 'compositeRequest' in g)
					? raw
					: [raw];
			const graphs = (
				raw && typeof raw === 'object' && Array.isArray((raw as IDataObject).graphs) ? ((raw as IDataObject).graphs as unknown[]) : list
			).map((g, n) => normaliseGraph(client, g, i, String(n + 1)));
			const ids = graphs.map((g) => g.graph.graphId);
			const twice = ids.find((id, n) => ids.indexOf(id) !== n);
			if (twice) throw new SalesforceInputError(`graphId "${twice}" is used twice`, { itemIndex: i, field: 'Graphs (JSON)' });
			return graphs;
		});
		return await runGraphs(this, client, prepared, (result) => ({
			graphId: result.graphId,
			success: true,
			ids: graphIds(result),
			results: result.responses.map((r) => ({ referenceId: r.referenceId, httpStatusCode: r.httpStatusCode, body: r.body as IDataObject })),
		}));
	},
};
