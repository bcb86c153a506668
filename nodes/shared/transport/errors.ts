/** One error as Salesforce reports it (REST arrays use `errorCode`, SaveResults use `statusCode`). */
export interface SalesforceErrorDetail {
	errorCode: string;
	message: string;
	fields?: string[];
}

/**
 * A failed Salesforce call, independent of n8n: HTTP status, Salesforce's errors, and whether the outcome of a
 * write is unknown (the connection dropped after the request was sent, so it may or may not have been applied).
 * The action layer turns it into n8n's NodeApiError carrying `errorCode`.
 */
export class SalesforceApiError extends Error {
	readonly statusCode: number;

	readonly errors: SalesforceErrorDetail[];

	readonly outcomeUnknown: boolean;

	constructor(statusCode: number, errors: SalesforceErrorDetail[], options: { outcomeUnknown?: boolean } = {}) {
		const first = errors[0] ?? { errorCode: `ERROR_HTTP_${statusCode}`, message: `HTTP ${statusCode}` };
		super(errors.length > 1 ? errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ') : `${first.errorCode}: ${first.message}`);
		this.name = 'SalesforceApiError';
		this.statusCode = statusCode;
		this.errors = errors.length ? errors : [first];
		this.outcomeUnknown = options.outcomeUnknown ?? false;
	}

	get errorCode(): string {
		return this.errors.length > 1 ? 'MULTIPLE_API_ERRORS' : this.errors[0].errorCode;
	}

	get fields(): string[] {
		return this.errors.flatMap((e) => e.fields ?? []);
	}
}

/** Raised for input that is wrong before any call is made (bad id, bad name, bad JSON); names item and field. */
export class SalesforceInputError extends Error {
	readonly itemIndex?: number;

	readonly field?: string;

	constructor(message: string, options: { itemIndex?: number; field?: string } = {}) {
		super(message);
		this.name = 'SalesforceInputError';
		this.itemIndex = options.itemIndex;
		this.field = options.field;
	}
}

/** Reads Salesforce's error body (array of errors, one object, OAuth error, or plain text) into details. */
export function parseErrorBody(statusCode: number, body: unknown): SalesforceErrorDetail[] {
	let data = body;
	if (typeof data === 'string') {
		const text = data.trim();
		if (text.startsWith('[') || text.startsWith('{')) {
			try {
				data = JSON.parse(text);
			} catch {
				data = text;
			}
		}
	}
	const one = (e: Record<string, unknown>): SalesforceErrorDetail => ({
		errorCode: String(e.errorCode ?? e.statusCode ?? e.error ?? `ERROR_HTTP_${statusCode}`),
		message: String(e.message ?? e.error_description ?? ''),
		...(Array.isArray(e.fields) ? { fields: e.fields.map(String) } : {}),
	});
	if (Array.isArray(data)) {
		const errors = data.filter((e) => e && typeof e === 'object').map((e) => one(e as Record<string, unknown>));
		if (errors.length) return errors;
		// A 300 from upsert is an array of record URLs: several records match the external id.
		if (statusCode === 300) {
			return [
				{
					errorCode: 'MULTIPLE_CHOICES',
					message: `More than one record matches the external id: ${data.map(String).join(', ')}`,
				},
			];
		}
	}
	if (data && typeof data === 'object') return [one(data as Record<string, unknown>)];
	const text = typeof data === 'string' ? data.slice(0, 500) : '';
	return [{ errorCode: `ERROR_HTTP_${statusCode}`, message: text || `HTTP status ${statusCode}` }];
}
