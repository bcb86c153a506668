import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { groupBy } from './group';
import { elementJson, listXml, resultErrors } from './metadataXml';
import { type RecordResult, failedCall } from './records';
import { type SoapApi, soapCall } from './soap';
import { type XmlElement, child, children, escapeXml } from './xml';

/**
 * The Metadata API's CRUD-based calls (Metadata API Developer Guide, "CRUD-Based Calls"): describeMetadata,
 * listMetadata, readMetadata, createMetadata, updateMetadata, upsertMetadata, deleteMetadata and renameMetadata,
 * SOAP at /services/Soap/m/<version> through soap.ts (envelope, session id, token renewal on INVALID_SESSION_ID).
 * Results come back one per input, in input order.
 */
export const METADATA_API: SoapApi = { path: 'm', namespace: 'http://soap.sforce.com/2006/04/metadata' };

export type Session = () => Promise<string>;

/**
 * Components per call, from each call's "Arguments" table: createMetadata, updateMetadata, readMetadata and
 * deleteMetadata "Limit: 10. (For CustomMetadata and CustomApplication only, the limit is 200.)"; upsertMetadata
 * "Limit: 10."; renameMetadata renames one component; listMetadata takes "up to three ListMetadataQuery queries for
 * each call". Every call takes components of one type only.
 */
export const METADATA_LIMIT = 10;
export const METADATA_LIMIT_LARGE = 200;
export const LIST_QUERIES_PER_CALL = 3;
const LARGE_TYPES = new Set(['CustomMetadata', 'CustomApplication']);

export type SaveCall = 'create' | 'update' | 'upsert';

export function componentsPerCall(call: SaveCall | 'read' | 'delete', type: string): number {
	return call !== 'upsert' && LARGE_TYPES.has(type) ? METADATA_LIMIT_LARGE : METADATA_LIMIT;
}

export interface MetadataResult extends RecordResult {
	fullName?: string;
}

/** A component to save, its XML already built (and so checked) before any call: metadataXml.ts componentXml. */
export interface Component {
	type: string;
	fullName: string;
	xml: string;
}

/** One Metadata API SOAP call (metadata.ts and metadataDescribe.ts). */
export function metadataCall(
	client: SalesforceClient,
	session: Session,
	operation: string,
	body: string,
	options: { allOrNone?: boolean; read?: boolean } = {},
) {
	// AllOrNoneHeader (API 34.0+): roll back the call's other components when one fails; without it Salesforce saves
	// the valid ones (Metadata API Developer Guide, "AllOrNoneHeader").
	const headers = options.allOrNone ? '<urn:AllOrNoneHeader><urn:allOrNone>true</urn:allOrNone></urn:AllOrNoneHeader>' : '';
	return soapCall(client, operation, body, session, { api: METADATA_API, headers, retry: options.read ? 'safe' : 'never' });
}

/**
 * Runs `send` for the inputs of each type, `per` at a time, and puts each result back at its input's position. A
 * failed call (a SOAP fault, e.g. INVALID_TYPE) fails exactly its own inputs; calls already made stand.
 */
async function byTypeInChunks<T extends { type: string }, R>(
	inputs: T[],
	per: (type: string) => number,
	send: (type: string, chunk: T[]) => Promise<R[]>,
	failed: (error: unknown, count: number) => R[],
): Promise<R[]> {
	const out: R[] = new Array(inputs.length);
	for (const [type, positions] of groupBy(inputs.keys(), (n) => inputs[n].type)) {
		const size = per(type);
		for (let start = 0; start < positions.length; start += size) {
			const slice = positions.slice(start, start + size);
			let results: R[];
			try {
				results = await send(
					type,
					slice.map((n) => inputs[n]),
				);
			} catch (error) {
				results = failed(error, slice.length);
			}
			slice.forEach((n, k) => (out[n] = results[k]));
		}
	}
	return out;
}

function noResult(fullName: string): MetadataResult {
	return { success: false, fullName, errors: [{ errorCode: 'NO_RESULT', message: `Salesforce returned no result for ${fullName}` }] };
}

/** A SaveResult, UpsertResult or DeleteResult (success, fullName, errors; `created` for upserts). */
function metadataResult(result: XmlElement | undefined, fullName: string): MetadataResult {
	if (!result) return noResult(fullName);
	const created = child(result, 'created')?.text;
	return {
		success: child(result, 'success')?.text === 'true',
		fullName: child(result, 'fullName')?.text || fullName,
		...(created !== undefined ? { created: created === 'true' } : {}),
		errors: resultErrors(result),
	};
}

/** createMetadata / updateMetadata / upsertMetadata, grouped by type, 10 components a call (200 for the large types). */
export async function saveMetadata(
	client: SalesforceClient,
	session: Session,
	kind: SaveCall,
	components: Component[],
	allOrNone: boolean,
): Promise<MetadataResult[]> {
	return await byTypeInChunks(
		components,
		(type) => componentsPerCall(kind, type),
		async (_type, chunk) => {
			const body = chunk.map((c) => c.xml).join('');
			const results = await metadataCall(client, session, `${kind}Metadata`, body, { allOrNone });
			return chunk.map((c, k) => metadataResult(results[k], c.fullName));
		},
		failedCall,
	);
}

/** deleteMetadata, grouped by type, 10 full names a call (200 for the large types). */
export async function deleteMetadata(
	client: SalesforceClient,
	session: Session,
	targets: Array<{ type: string; fullName: string }>,
	allOrNone: boolean,
): Promise<MetadataResult[]> {
	return await byTypeInChunks(
		targets,
		(type) => componentsPerCall('delete', type),
		async (type, chunk) => {
			const body = `<urn:metadataType>${escapeXml(type)}</urn:metadataType>${listXml(
				'fullNames',
				chunk.map((c) => c.fullName),
			)}`;
			const results = await metadataCall(client, session, 'deleteMetadata', body, { allOrNone });
			return chunk.map((c, k) => metadataResult(results[k], c.fullName));
		},
		failedCall,
	);
}

/** renameMetadata: one component per call (it takes one old and one new full name). */
export async function renameMetadata(
	client: SalesforceClient,
	session: Session,
	type: string,
	oldFullName: string,
	newFullName: string,
): Promise<MetadataResult> {
	const body = `<urn:metadataType>${escapeXml(type)}</urn:metadataType><urn:oldFullName>${escapeXml(oldFullName)}</urn:oldFullName><urn:newFullName>${escapeXml(newFullName)}</urn:newFullName>`;
	try {
		return metadataResult((await metadataCall(client, session, 'renameMetadata', body))[0], newFullName);
	} catch (error) {
		return failedCall(error, 1)[0];
	}
}

export interface ReadComponent {
	success: boolean;
	metadata?: IDataObject;
	errors: RecordResult['errors'];
}

/**
 * readMetadata, grouped by type, 10 full names a call (200 for the large types). A ReadResult holds the records found.
 * For a name that does not exist Salesforce returns a record without a fullName rather than an error (not in the
 * guide; reported by its users, e.g. certinia/apex-mdapi#142), so records are matched to the names asked by fullName,
 * case-insensitively, and a name without one gets NOT_FOUND.
 */
export async function readMetadata(
	client: SalesforceClient,
	session: Session,
	targets: Array<{ type: string; fullName: string }>,
): Promise<ReadComponent[]> {
	return await byTypeInChunks(
		targets,
		(type) => componentsPerCall('read', type),
		async (type, chunk) => {
			const body = `<urn:metadataType>${escapeXml(type)}</urn:metadataType>${listXml(
				'fullNames',
				chunk.map((c) => c.fullName),
			)}`;
			const records = children((await metadataCall(client, session, 'readMetadata', body, { read: true }))[0], 'records');
			const found = new Map<string, IDataObject>();
			for (const record of records) {
				const json = elementJson(record);
				if (json && typeof json === 'object' && typeof (json as IDataObject).fullName === 'string') {
					found.set(String((json as IDataObject).fullName).toLowerCase(), json as IDataObject);
				}
			}
			return chunk.map((c): ReadComponent => {
				const metadata = found.get(c.fullName.toLowerCase());
				if (metadata) return { success: true, metadata, errors: [] };
				return { success: false, errors: [{ errorCode: 'NOT_FOUND', message: `No ${type} named ${c.fullName} in the org` }] };
			});
		},
		(error, count) => failedCall(error, count),
	);
}

export interface ListQuery {
	type: string;
	folder?: string;
}

/**
 * listMetadata, three queries a call; one list of FileProperties per query, in the order given. Results are matched to
 * their query by type, and for folder queries by the folder their full name starts with.
 */
export async function listMetadata(client: SalesforceClient, session: Session, queries: ListQuery[]): Promise<IDataObject[][]> {
	const out: IDataObject[][] = [];
	for (let start = 0; start < queries.length; start += LIST_QUERIES_PER_CALL) {
		const chunk = queries.slice(start, start + LIST_QUERIES_PER_CALL);
		const body =
			chunk
				.map(
					(q) =>
						`<urn:queries>${q.folder ? `<urn:folder>${escapeXml(q.folder)}</urn:folder>` : ''}<urn:type>${escapeXml(q.type)}</urn:type></urn:queries>`,
				)
				.join('') + `<urn:asOfVersion>${escapeXml(client.apiVersion)}</urn:asOfVersion>`;
		const files = (await metadataCall(client, session, 'listMetadata', body, { read: true })).map((r) => elementJson(r) as IDataObject);
		for (const q of chunk) {
			out.push(
				files.filter(
					(f) =>
						String(f.type ?? '').toLowerCase() === q.type.toLowerCase() &&
						(!q.folder ||
							String(f.fullName ?? '')
								.toLowerCase()
								.startsWith(`${q.folder.toLowerCase()}/`)),
				),
			);
		}
	}
	return out;
}
