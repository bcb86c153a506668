import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type Graph, type GraphResult, executeGraphs, graphErrors } from '../../../shared/services/graph';
import type { RecordResult } from '../../../shared/services/records';
import type { SalesforceClient } from '../../../shared/transport/client';
import { type Prepared, writeResults } from '../common';

type GraphInput = { graph: Graph; kinds: Set<string> };

/**
 * Sends the graphs of every item (Composite → Graph, Create Account With Contacts…) packed into as few calls as
 * the limits allow, then one output per graph, paired with its item: `toJson` for a graph that succeeded (it was
 * written whole), an error item (or a stopped run listing the written graphs) for one that did not (nothing of it
 * was written).
 */
export async function runGraphs(
	ctx: IExecuteFunctions,
	client: SalesforceClient,
	prepared: Array<Prepared<GraphInput[]>>,
	toJson: (result: GraphResult, index: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const entries = prepared.flatMap((p): Array<Prepared<GraphInput>> =>
		p.input ? p.input.map((input) => ({ index: p.index, input })) : [{ index: p.index, error: p.error }],
	);
	const results = await executeGraphs(
		client,
		entries.flatMap((e) => (e.input ? [e.input] : [])),
	);
	const asRecords = results.map((r) => ({
		success: r.isSuccessful,
		errors: r.isSuccessful ? [] : graphErrors(r).map((e) => ({ ...e, message: `Graph ${r.graphId}, ${e.message}` })),
		...(r.outcomeUnknown ? { outcomeUnknown: true } : {}),
		graph: r,
	}));
	return writeResults(ctx, entries, asRecords, (r: RecordResult, index) =>
		toJson((r as RecordResult & { graph: GraphResult }).graph, index),
	);
}
