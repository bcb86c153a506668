import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { SalesforceApiError, SalesforceInputError, parseErrorBody } from './errors';
import { resolveOrg, type OrgSettings, type SalesforceContext } from './login';
import { JWT_CREDENTIAL_TYPE } from './org';

export type { SalesforceContext } from './login';

/** Sent on every call; it shows up as `changeOrigin` in CDC events, so our trigger can recognise its own writes. */
export const CALL_OPTIONS_CLIENT = 'n8n-nodes-salesforce-crm';

export interface RequestOptions {
	qs?: IDataObject;
	body?: unknown;
	headers?: Record<string, string>;
	/** Milliseconds; default 120 s. */
	timeout?: number;
	abortSignal?: AbortSignal;
	/** Parse/send JSON (default true). SOAP and CSV calls set false. */
	json?: boolean;
	/**
	 * 'safe': the call may be repeated without harm (reads, updates, deletes, upserts by external id): retried with
	 * backoff on 503, REQUEST_LIMIT_EXCEEDED (concurrency), UNABLE_TO_LOCK_ROW and lost connections.
	 * 'never': a create; retried only where Salesforce certainly did nothing (connection refused, 503, limit
	 * refusals). A lost connection after sending is reported as an unknown outcome, never repeated.
	 */
	retry?: 'safe' | 'never';
	/** Error statuses returned as a response instead of thrown (SOAP faults come as HTTP 500). */
	okStatuses?: number[];
	/** 'arraybuffer' for binary downloads (file bodies): the body comes back as a Buffer. */
	encoding?: 'arraybuffer';
}

export interface FullResponse<T> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
}

export interface LimitInfo {
	used: number;
	max: number;
}

export interface ClientOptions {
	/** Overrides the credential's API version (node option). */
	apiVersion?: string;
	/** Stop before a call when fewer than this many daily API calls would remain (from Sforce-Limit-Info). */
	reserveCalls?: number;
	/** Retries after the first attempt (default 4) and the first backoff in ms (default 250, doubled each time). */
	maxRetries?: number;
	backoffMs?: number;
}

/** n8n's `ignoreHttpStatusErrors` object form: error statuses resolve as responses, except the ones listed. */
const EVERY_ERROR_STATUS_BUT_401 = { ignore: true as const, except: [401] };
/** Refusals: Salesforce did not run the call. (A 503 is retried by its status; a 500 never is.) */
const RETRYABLE_ERROR_CODES = new Set(['REQUEST_LIMIT_EXCEEDED', 'UNABLE_TO_LOCK_ROW']);
/** Network errors where the request never reached Salesforce: always safe to repeat. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Network errors after the request may have been processed: repeat only idempotent calls. */
const LOST = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** One Salesforce org as seen through the credential: base URL, JSON calls, retries, limits, error mapping. */
export class SalesforceClient {
	readonly instanceUrl: string;

	readonly apiVersion: string;

	readonly dataPath: string;

	/** The org id (00D…) from the identity URL in the token response, when Salesforce sent one. */
	readonly orgId?: string;

	/** The identity URL (…/id/00D…/005…) from the token response, when Salesforce sent one. */
	readonly identityUrl?: string;

	limitInfo?: LimitInfo;

	/** Calls made by this client (retries included): handy for tests and the "API calls" output. */
	callCount = 0;

	/** 'salesforceCrmOAuth2Api' or 'salesforceCrmJwtApi', as chosen by the node's Authentication parameter. */
	readonly credentialType: string;

	private readonly reserveCalls: number;

	private readonly maxRetries: number;

	private readonly backoffMs: number;

	private constructor(
		private readonly ctx: SalesforceContext,
		settings: OrgSettings,
		options: ClientOptions,
	) {
		this.credentialType = settings.credentialType;
		this.instanceUrl = settings.instanceUrl;
		this.apiVersion = settings.apiVersion;
		this.dataPath = `/services/data/v${settings.apiVersion}`;
		this.orgId = settings.orgId;
		this.identityUrl = settings.identityUrl;
		this.reserveCalls = options.reserveCalls ?? 0;
		this.maxRetries = options.maxRetries ?? 4;
		this.backoffMs = options.backoffMs ?? 250;
	}

	/**
	 * The client for the node's credential. A credential that has never logged in (JWT, or OAuth2 with the client
	 * credentials grant) logs in first with one call, so every node works on a fresh credential (transport/login.ts).
	 */
	static async create(ctx: SalesforceContext, options: ClientOptions = {}): Promise<SalesforceClient> {
		return new SalesforceClient(ctx, await resolveOrg(ctx, options.apiVersion), options);
	}

	/** The current access token (SOAP session id), read from the credential each time so a renewed one is used. */
	async accessToken(): Promise<string> {
		const credentials = await this.ctx.getCredentials<ICredentialDataDecryptedObject>(this.credentialType);
		if (this.credentialType === JWT_CREDENTIAL_TYPE) return String(credentials.accessToken ?? '');
		return String((credentials.oauthTokenData as IDataObject | undefined)?.access_token ?? '');
	}

	/** Absolute URL for a path: '/services/…' and '/cometd/…' hang off the instance, anything else off the data path. */
	url(path: string): string {
		if (/^https?:\/\//i.test(path)) {
			if (!path.startsWith(this.instanceUrl + '/')) {
				throw new SalesforceInputError(`Refusing to call ${path}: it is not on the org's instance ${this.instanceUrl}`);
			}
			return path;
		}
		if (path.startsWith('/services/') || path.startsWith('/cometd/')) return this.instanceUrl + path;
		return this.instanceUrl + this.dataPath + (path.startsWith('/') ? path : `/${path}`);
	}

	async request<T = unknown>(method: IHttpRequestMethods, path: string, options: RequestOptions = {}): Promise<T> {
		return (await this.requestFull<T>(method, path, options)).body;
	}

	async requestFull<T = unknown>(method: IHttpRequestMethods, path: string, options: RequestOptions = {}): Promise<FullResponse<T>> {
		const retry = options.retry ?? (method === 'POST' ? 'never' : 'safe');
		for (let attempt = 0; ; attempt++) {
			this.checkReserve();
			try {
				const response = await this.send<T>(method, path, options);
				if (response.statusCode >= 400 && !options.okStatuses?.includes(response.statusCode)) {
					throw { response: { status: response.statusCode, data: response.body, headers: response.headers } };
				}
				return response;
			} catch (error) {
				const failure = this.classify(error, retry);
				if (!failure.retry || attempt >= this.maxRetries || options.abortSignal?.aborted) throw failure.error;
				await sleep(this.backoffMs * 2 ** attempt);
			}
		}
	}

	private async send<T>(method: IHttpRequestMethods, path: string, options: RequestOptions): Promise<FullResponse<T>> {
		const json = options.json ?? true;
		const request: IHttpRequestOptions = {
			method,
			url: this.url(path),
			qs: options.qs,
			headers: {
				'Sforce-Call-Options': `client=${CALL_OPTIONS_CLIENT}`,
				...(json ? { Accept: 'application/json' } : {}),
				...options.headers,
			},
			json,
			returnFullResponse: true,
			timeout: options.timeout ?? 120_000,
			...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
			...(options.encoding ? { encoding: options.encoding } : {}),
		};
		if (options.body !== undefined) request.body = options.body as IDataObject;
		const call = async (ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors']) => {
			this.callCount++;
			return (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, this.credentialType, {
				...request,
				ignoreHttpStatusErrors,
			})) as FullResponse<T>;
		};
		// Error statuses come back as responses so Salesforce's error body (an array n8n's errors drop) can be read,
		// all but 401: n8n's helper takes that as an expired session, renews the token (OAuth2 refresh grant, a new
		// client-credentials token, or the JWT credential's preAuthentication), stores it and repeats the call once
		// (a 401 means Salesforce did nothing, so repeating is safe even for a create). One failed call per expiry.
		let response = await call(EVERY_ERROR_STATUS_BUT_401);
		if (response.statusCode === 401) {
			// An n8n whose request helper predates the { ignore, except } form ignores every status, 401 included:
			// repeat the call letting n8n see the 401 (two failed calls per expiry there).
			response = await call(false);
		}
		this.readLimitInfo(response.headers);
		return response;
	}

	private readLimitInfo(headers: Record<string, unknown> | undefined): void {
		const raw = headers?.['sforce-limit-info'] ?? headers?.['Sforce-Limit-Info'];
		const match = /api-usage=(\d+)\/(\d+)/.exec(String(raw ?? ''));
		if (match) this.limitInfo = { used: Number(match[1]), max: Number(match[2]) };
	}

	private checkReserve(): void {
		if (!this.reserveCalls || !this.limitInfo) return;
		const remaining = this.limitInfo.max - this.limitInfo.used;
		if (remaining <= this.reserveCalls) {
			throw new SalesforceApiError(403, [
				{
					errorCode: 'API_RESERVE_REACHED',
					message: `Stopped before the call: only ${remaining} of the org's ${this.limitInfo.max} daily API calls remain, and the node keeps ${this.reserveCalls} in reserve (option "Keep API Calls in Reserve")`,
				},
			]);
		}
	}

	/** Maps anything n8n's request helper threw to a SalesforceApiError, and decides whether to try again. */
	private classify(error: unknown, retry: 'safe' | 'never'): { error: Error; retry: boolean } {
		if (error instanceof SalesforceApiError || error instanceof SalesforceInputError) return { error, retry: false };
		const err = error as {
			response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
			cause?: { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
			code?: string;
			httpCode?: string | null;
			message?: string;
			messages?: string[];
		};
		// Our own throw and n8n's raw request errors carry `response`; n8n's NodeApiError keeps the request error
		// (with its response: status, body, headers) as `cause`, e.g. a 401 that survived n8n's token renewal.
		const response = err.response ?? err.cause?.response;
		if (response?.status) {
			this.readLimitInfo(response.headers);
			const errors = parseErrorBody(response.status, response.data);
			const apiError = new SalesforceApiError(response.status, errors);
			const daily = errors.some((e) => /TotalRequests Limit exceeded/i.test(e.message));
			const retryable = !daily && (response.status === 503 || errors.some((e) => RETRYABLE_ERROR_CODES.has(e.errorCode)));
			return { error: apiError, retry: retryable };
		}
		// n8n's helper threw (a failed token refresh, or a network error): its NodeApiError keeps the original
		// message (e.g. "read ECONNRESET") in `messages`, and the HTTP status in `httpCode`.
		const text = [err.message ?? '', ...(err.messages ?? [])].join(' ');
		const status = Number(err.httpCode);
		if (status >= 400) {
			return { error: new SalesforceApiError(status, [{ errorCode: `ERROR_HTTP_${status}`, message: err.message ?? '' }]), retry: false };
		}
		const code = err.code ?? /\b(E[A-Z_]{4,})\b/.exec(text)?.[1] ?? '';
		if (NOT_SENT.has(code)) {
			return {
				error: new SalesforceApiError(0, [{ errorCode: code, message: `Could not reach Salesforce (${text})` }]),
				retry: true,
			};
		}
		if (LOST.has(code) || /socket hang up|aborted|timeout/i.test(text)) {
			const apiError = new SalesforceApiError(
				0,
				[
					{
						errorCode: 'OUTCOME_UNKNOWN',
						message: `The connection to Salesforce was lost after the request was sent (${code || text}); it may or may not have been applied`,
					},
				],
				{ outcomeUnknown: true },
			);
			return { error: apiError, retry: retry === 'safe' };
		}
		return {
			error: new SalesforceApiError(0, [{ errorCode: code || 'REQUEST_FAILED', message: text || 'The request to Salesforce failed' }]),
			retry: false,
		};
	}
}
