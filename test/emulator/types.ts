import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Salesforce-style error. `status` is the HTTP status when it ends a REST call. */
export class SfError extends Error {
	constructor(
		public readonly errorCode: string,
		message: string,
		public readonly fields?: string[],
		public readonly status = 400,
	) {
		super(message);
	}
	/** REST body element (`errorCode` key). */
	toRest(): Record<string, unknown> {
		const o: Record<string, unknown> = { message: this.message, errorCode: this.errorCode };
		if (this.fields) o.fields = this.fields;
		return o;
	}
	/** SaveResult element (`statusCode` key, always with fields). */
	toSave(): Record<string, unknown> {
		return { statusCode: this.errorCode, message: this.message, fields: this.fields ?? [] };
	}
}

/** A handler's answer before it is written to the socket (lets faults replace it and composite reuse it). */
export interface Resp {
	status: number;
	headers?: Record<string, string>;
	/** JSON-serialised unless `raw` is set. undefined → empty body. */
	body?: unknown;
	raw?: string | Buffer;
	contentType?: string;
}

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

export interface ChangeEvent {
	entityName: string;
	changeType: ChangeType;
	recordIds: string[];
	changedFields: string[];
	values: Record<string, unknown>;
	commitTimestamp: number;
	commitUser: string;
	transactionKey: string;
	changeOrigin: string;
}

/** Who writes and in which transaction; one per HTTP request. */
export interface WriteCtx {
	userId?: string;
	transactionKey?: string;
	changeOrigin?: string;
	/** Seeding / convertLead: skip the read-only check for system-maintained fields. */
	system?: boolean;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	endpoint: string;
	status: number;
	ms: number;
	apiCall: boolean;
}

export interface PluginCtx {
	/** The authenticated user, or null (plugins decide whether to refuse). */
	auth: { userId: string } | null;
	url: URL;
}

export type MountHandler = (req: IncomingMessage, res: ServerResponse, ctx: PluginCtx) => Promise<void>;

/**
 * A per-record failure inside the next sObject Collections write (create, update, upsert or delete) whose method
 * matches: the records at `positions` of that call fail with `errorCode` instead of being written (in one
 * transaction per record, as Salesforce does with allOrNone false; with allOrNone true the call rolls back).
 */
export interface RecordFault {
	method?: 'POST' | 'PATCH' | 'DELETE';
	positions: number[];
	errorCode: string;
	message: string;
}

export interface QueuedFault {
	/** Matched against the request path (pathname + search): substring for a string, test() for a RegExp. */
	match?: RegExp | string;
	method?: string;
	status?: number;
	body?: unknown;
	/** Destroy the socket instead of answering. */
	reset?: true;
	/** 'before' (default): nothing is processed. 'after': the request is processed, then its answer is replaced. */
	when?: 'before' | 'after';
}
