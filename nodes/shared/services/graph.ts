import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { type SalesforceErrorDetail, SalesforceInputError } from '../transport/errors';
import { type SubRequest, type SubResponse, normaliseSubRequests, subErrors } from './composite';
import { failedCall } from './records';

/**
 * Composite Graph (REST API Developer Guide, "Composite Graph", "Composite Graph Limits"; API 50.0+): graphs of
 * composite sub-requests ("nodes"), each graph all-or-none, many graphs in one call. The graphs of all items are
 * packed into as few calls as the limits allow, and a graph Salesforce did not process (PROCESSING_HALTED after 14
 * failed graphs in a call) is sent again in the next call.
 */
export const GRAPH_LIMITS = {
	/** "Maximum number of graphs in one payload." */
	graphsPerCall: 75,
	/** "Maximum number of nodes supported in one payload" (and in one graph). */
	nodesPerCall: 500,
	/** "Maximum depth of a graph." */
	depth: 15,
	/** "Maximum number of different nodes in one payload": API version + HTTP method + object. */
	kindsPerCall: 15,
};

export interface Graph {
	graphId: string;
	compositeRequest: SubRequest[];
}

export interface GraphResult {
	graphId: string;
	isSuccessful: boolean;
	responses: SubResponse[];
	/** The call failed as a whole (or the graph got no answer): these errors, nothing of the graph written. */
	errors?: SalesforceErrorDetail[];
	outcomeUnknown?: boolean;
}

/** Graph nodes: sObject create, sObject rows by id (GET, PATCH, DELETE) and by external id (GET, PATCH, DELETE, POST). */
const NODE_URL = /^\/services\/data\/v(\d+\.\d)\/sobjects\/([A-Za-z]\w*)(?:\/([^/?]+)(?:\/([^/?]+))?)?\/?(?:\?.*)?$/;
const GRAPH_ID = /^[A-Za-z0-9]\w{0,38}$/;
const REF = /@\{([A-Za-z]\w*)[.[]/g;

function kindOf(node: SubRequest, graphId: string, n: number, itemIndex: number): string {
	const m = NODE_URL.exec(node.url);
	const methods = !m ? [] : !m[3] ? ['POST'] : !m[4] ? ['GET', 'PATCH', 'DELETE'] : ['GET', 'PATCH', 'DELETE', 'POST'];
	if (!methods.includes(node.method)) {
		throw new SalesforceInputError(
			`Graph ${graphId}, node ${n}: ${node.method} ${node.url} cannot be a graph node (POST /sobjects/Object, GET/PATCH/DELETE /sobjects/Object/id, or /sobjects/Object/ExternalIdField/value)`,
			{ itemIndex, field: 'Graphs (JSON)' },
		);
	}
	return `${m![1]} ${node.method} ${m![2].toLowerCase()}`;
}

/**
 * Validates one graph: its nodes as composite sub-requests (≤500), node URLs graphs accept, references only to
 * earlier nodes of the same graph, depth ≤15, ≤15 kinds of node. Returns the graph and its node kinds.
 */
export function normaliseGraph(
	client: SalesforceClient,
	raw: unknown,
	itemIndex: number,
	fallbackId: string,
): { graph: Graph; kinds: Set<string> } {
	const entry = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : { compositeRequest: raw }) as IDataObject;
	const graphId = String(entry.graphId ?? fallbackId);
	if (!GRAPH_ID.test(graphId)) {
		throw new SalesforceInputError(
			`graphId "${graphId}" must start with a letter or digit and hold up to 39 letters, digits and underscores`,
			{ itemIndex, field: 'Graphs (JSON)' },
		);
	}
	const nodes = normaliseSubRequests(client, entry.compositeRequest, itemIndex, {
		limit: GRAPH_LIMITS.nodesPerCall,
		field: 'Graphs (JSON)',
		what: `Graph ${graphId}, node`,
		container: `Graph ${graphId}`,
	});
	const depth = new Map<string, number>();
	const kinds = new Set<string>();
	nodes.forEach((node, n) => {
		kinds.add(kindOf(node, graphId, n, itemIndex));
		let deepest = 0;
		for (const [, ref] of JSON.stringify([node.url, node.body ?? null]).matchAll(REF)) {
			const d = depth.get(ref);
			if (d === undefined)
				throw new SalesforceInputError(`Graph ${graphId}, node ${n}: @{${ref}…} is not an earlier node of this graph`, {
					itemIndex,
					field: 'Graphs (JSON)',
				});
			deepest = Math.max(deepest, d);
		}
		depth.set(node.referenceId, deepest + 1);
	});
	if (Math.max(...depth.values()) > GRAPH_LIMITS.depth)
		throw new SalesforceInputError(`Graph ${graphId} is deeper than ${GRAPH_LIMITS.depth} nodes`, { itemIndex, field: 'Graphs (JSON)' });
	if (kinds.size > GRAPH_LIMITS.kindsPerCall) {
		throw new SalesforceInputError(
			`Graph ${graphId} has ${kinds.size} different kinds of node (version, method, object); a call takes ${GRAPH_LIMITS.kindsPerCall}`,
			{ itemIndex, field: 'Graphs (JSON)' },
		);
	}
	return { graph: { graphId, compositeRequest: nodes }, kinds };
}

interface Pending {
	n: number;
	graph: Graph;
	kinds: Set<string>;
}

/** Packs graphs in order into calls within the limits (graphs, nodes, kinds of node per call). */
export function packGraphs<T extends { graph: Graph; kinds: Set<string> }>(graphs: T[]): T[][] {
	const calls: T[][] = [];
	let current: T[] = [];
	let nodes = 0;
	let kinds = new Set<string>();
	for (const g of graphs) {
		const merged = new Set([...kinds, ...g.kinds]);
		const size = g.graph.compositeRequest.length;
		if (
			current.length &&
			(current.length >= GRAPH_LIMITS.graphsPerCall || nodes + size > GRAPH_LIMITS.nodesPerCall || merged.size > GRAPH_LIMITS.kindsPerCall)
		) {
			calls.push(current);
			[current, nodes, kinds] = [[], 0, new Set(g.kinds)];
		} else kinds = merged;
		current.push(g);
		nodes += size;
	}
	if (current.length) calls.push(current);
	return calls;
}

function halted(responses: SubResponse[]): boolean {
	return (
		responses.length > 0 &&
		responses.every((r) => subErrors(r).every((e) => e.errorCode === 'PROCESSING_HALTED') && r.httpStatusCode >= 400)
	);
}

/**
 * Sends the graphs (graph ids made unique per call: `g<position>`), returns one result per graph in input order.
 * A call that fails as a whole fails its own graphs (nothing of them was written, or the outcome is unknown).
 */
export async function executeGraphs(client: SalesforceClient, graphs: Array<{ graph: Graph; kinds: Set<string> }>): Promise<GraphResult[]> {
	const out: GraphResult[] = new Array(graphs.length);
	let queue: Pending[] = graphs.map((g, n) => ({ n, ...g }));
	while (queue.length) {
		const retry: Pending[] = [];
		for (const call of packGraphs(queue)) {
			let answer: { graphs?: Array<{ graphId: string; isSuccessful: boolean; graphResponse?: { compositeResponse?: SubResponse[] } }> };
			try {
				answer = await client.request('POST', '/composite/graph', {
					body: { graphs: call.map((p) => ({ graphId: `g${p.n}`, compositeRequest: p.graph.compositeRequest })) },
					retry: 'never',
				});
			} catch (error) {
				const [failed] = failedCall(error, 1);
				for (const p of call)
					out[p.n] = {
						graphId: p.graph.graphId,
						isSuccessful: false,
						responses: [],
						errors: failed.errors,
						...(failed.outcomeUnknown ? { outcomeUnknown: true } : {}),
					};
				continue;
			}
			const byId = new Map((answer.graphs ?? []).map((g) => [String(g.graphId), g]));
			const haltedHere: Pending[] = [];
			for (const p of call) {
				const got = byId.get(`g${p.n}`);
				const responses = got?.graphResponse?.compositeResponse ?? [];
				if (got && !got.isSuccessful && halted(responses)) {
					haltedHere.push(p);
					continue;
				}
				out[p.n] = got
					? { graphId: p.graph.graphId, isSuccessful: got.isSuccessful === true, responses }
					: {
							graphId: p.graph.graphId,
							isSuccessful: false,
							responses: [],
							errors: [{ errorCode: 'NO_RESULT', message: `Salesforce returned no result for graph ${p.graph.graphId}` }],
						};
			}
			// A call that processed none of its graphs would be sent again for ever: report them instead.
			if (haltedHere.length < call.length) retry.push(...haltedHere);
			else
				for (const p of haltedHere)
					out[p.n] = {
						graphId: p.graph.graphId,
						isSuccessful: false,
						responses: byId.get(`g${p.n}`)?.graphResponse?.compositeResponse ?? [],
					};
		}
		queue = retry;
	}
	return out;
}

/** The errors of a failed graph: the nodes that failed for a reason of their own (not PROCESSING_HALTED), named. */
export function graphErrors(result: GraphResult): SalesforceErrorDetail[] {
	if (result.errors) return result.errors;
	const own = result.responses.filter((r) => r.httpStatusCode >= 400 && !subErrors(r).every((e) => e.errorCode === 'PROCESSING_HALTED'));
	const failing = own.length ? own : result.responses.filter((r) => r.httpStatusCode >= 400);
	const errors = failing.flatMap((r) => subErrors(r).map((e) => ({ ...e, message: `${r.referenceId}: ${e.message}` })));
	return errors.length ? errors : [{ errorCode: 'GRAPH_FAILED', message: `Graph ${result.graphId} was not successful` }];
}

/** The ids the graph's create nodes returned, by referenceId. */
export function graphIds(result: GraphResult): IDataObject {
	const ids: IDataObject = {};
	for (const r of result.responses) {
		const id = (r.body as IDataObject | null)?.id;
		if (r.httpStatusCode < 300 && typeof id === 'string') ids[r.referenceId] = id;
	}
	return ids;
}
