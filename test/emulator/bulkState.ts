/** Bulk API 2.0 job state per emulator (no imports from rest.ts, so tests can import it without a cycle). */
import type { RestApi } from './rest';
import type { WriteCtx } from './types';

export interface Job {
	id: string;
	kind: 'ingest' | 'query';
	operation: string;
	object: string;
	createdById: string;
	createdDate: string;
	systemModstamp: string;
	state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
	externalIdFieldName?: string;
	apiVersion: number;
	lineEnding: string;
	columnDelimiter: string;
	uploads: string[];
	pollsLeft: number;
	processed: number;
	failed: number;
	errorMessage?: string;
	success: string[];
	failures: string[];
	unprocessed: string[];
	header: string[];
	/** Query jobs: CSV lines (header excluded) of the snapshot taken at creation. */
	lines: string[];
	query?: string;
	retries: number;
	totalProcessingTime: number;
	wctx?: WriteCtx;
}

export interface BulkControls {
	/** How many polls see InProgress before an ingest/query job completes (default 0: done on the first poll). */
	pollsBeforeDone: number;
	/** Rows per query results page when the client sends no maxRecords (Salesforce picks one; guessed). */
	queryPageSize: number;
	/** Fail the next closed ingest job as a whole with this message (state Failed, every row unprocessed). */
	failNextJob?: string;
	readonly jobs: Map<string, Job>;
}

const states = new WeakMap<RestApi, BulkControls>();

export function bulkOf(api: RestApi): BulkControls {
	let s = states.get(api);
	if (!s) {
		s = { pollsBeforeDone: 0, queryPageSize: 2000, jobs: new Map() };
		states.set(api, s);
	}
	return s;
}
