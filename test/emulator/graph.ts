/**
 * POST /composite/graph (REST API Developer Guide, "Composite Graph", "Composite Graph Limits"; v50.0+):
 * { graphs: [{ graphId, compositeRequest: [...] }] } → { graphs: [{ graphId, graphResponse: { compositeResponse },
 * isSuccessful }] }. Each graph runs all-or-none in its own transaction (composite.ts runSubrequests). Limits: 75
 * graphs, 500 nodes in all, depth 15, 15 different nodes (API version + HTTP method + object) per payload; only
 * sObject create, row GET/PATCH/DELETE and external-id row calls as nodes; after 14 failed graphs the rest are
 * PROCESSING_HALTED. Guessed: the shape of a halted graph (every node answering PROCESSING_HALTED), the codes and
 * wordings of refused payloads (INVALID_INPUT / LIMIT_EXCEEDED, 400).
 */
import { type SubReq, checkSubrequests, err400, runSubrequests } from './composite';
import { type ApiCtx, jsonObject, ok, type Route } from './rest';
import type { Resp } from './types';

const NODE_URL = /^\/services\/data\/v(\d+\.\d)\/sobjects\/([A-Za-z]\w*)(?:\/([^/?]+)(?:\/([^/?]+))?)?\/?$/;
const HALTED_GRAPH = {
	errorCode: 'PROCESSING_HALTED',
	message: 'The number of graph failures exceeded the limit of 14; this graph was not processed',
};

/** "Nodes are considered different if they use resources from different API versions, a different HTTP method, or different types of objects." */
function kindOf(r: SubReq): string {
	const m = NODE_URL.exec(r.url.split('?')[0]);
	if (!m) throw err400(`Invalid URL for a composite graph node: ${r.url}`);
	const allowed = !m[3] ? ['POST'] : !m[4] ? ['GET', 'PATCH', 'DELETE'] : ['GET', 'PATCH', 'DELETE', 'POST'];
	if (!allowed.includes(r.method.toUpperCase())) throw err400(`HTTP method ${r.method} is not supported for ${r.url} in a composite graph`);
	return `${m[1]} ${r.method.toUpperCase()} ${m[2].toLowerCase()}`;
}

/** Longest chain of @{ref} references, counting the node itself. */
function depthOf(reqs: SubReq[]): number {
	const depth = new Map<string, number>();
	for (const r of reqs) {
		const refs = [...JSON.stringify([r.url, r.body ?? null]).matchAll(/@\{([A-Za-z]\w*)[.[]/g)].map((m) => depth.get(m[1]) ?? 0);
		depth.set(r.referenceId, 1 + Math.max(0, ...refs));
	}
	return Math.max(0, ...depth.values());
}

function graph(c: ApiCtx): Resp {
	const graphs = jsonObject(c.body).graphs as Array<{ graphId?: unknown; compositeRequest?: SubReq[] }> | undefined;
	if (!Array.isArray(graphs) || !graphs.length) throw err400('graphs is required', 'JSON_PARSER_ERROR');
	if (graphs.length > 75)
		throw err400(`A composite graph request can contain up to 75 graphs; this one has ${graphs.length}`, 'LIMIT_EXCEEDED');
	const ids = new Set<string>();
	const kinds = new Set<string>();
	let nodes = 0;
	for (const g of graphs) {
		const id = String(g?.graphId ?? '');
		if (!/^[A-Za-z0-9][^.]{0,38}$/.test(id)) throw err400(`Invalid graphId: ${id}`);
		if (ids.has(id)) throw err400(`Duplicate graphId: ${id}`);
		ids.add(id);
		const reqs = g.compositeRequest;
		if (!Array.isArray(reqs) || !reqs.length) throw err400(`Graph ${id} has no compositeRequest`, 'JSON_PARSER_ERROR');
		checkSubrequests(reqs);
		for (const r of reqs) kinds.add(kindOf(r));
		if (depthOf(reqs) > 15) throw err400(`Graph ${id} is deeper than 15 nodes`, 'LIMIT_EXCEEDED');
		nodes += reqs.length;
	}
	if (nodes > 500) throw err400(`A composite graph request can contain up to 500 nodes; this one has ${nodes}`, 'LIMIT_EXCEEDED');
	if (kinds.size > 15)
		throw err400(`A composite graph request can contain up to 15 different nodes; this one has ${kinds.size}`, 'LIMIT_EXCEEDED');
	let failures = 0;
	return ok({
		graphs: graphs.map((g) => {
			const reqs = g.compositeRequest!;
			if (failures > 14) {
				const halted = reqs.map((r) => ({ body: [HALTED_GRAPH], httpHeaders: {}, httpStatusCode: 400, referenceId: r.referenceId }));
				return { graphId: g.graphId, graphResponse: { compositeResponse: halted }, isSuccessful: false };
			}
			const compositeResponse = runSubrequests(c, reqs, true);
			const isSuccessful = compositeResponse.every((r) => (r.httpStatusCode as number) < 400);
			if (!isSuccessful) failures++;
			return { graphId: g.graphId, graphResponse: { compositeResponse }, isSuccessful };
		}),
	});
}

export const graphRoutes: Route[] = [['POST', /^\/composite\/graph$/, graph]];
