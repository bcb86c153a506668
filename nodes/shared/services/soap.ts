import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';
import { type XmlElement, XmlError, child, children, escapeXml, parseXml, path } from './xml';

/**
 * Salesforce's SOAP APIs, for calls REST lacks: the partner API (convertLead) and the Metadata API (services/
 * metadata.ts). The OAuth access token is the session id; n8n's request helper adds it as a Bearer header, and we
 * need it in the SessionHeader too. Salesforce answers an invalid session with HTTP 500 and an INVALID_SESSION_ID
 * fault, not 401, so n8n would not refresh: on that fault we make one cheap REST call (which n8n refreshes on 401)
 * and send the envelope again.
 */

/** Where a SOAP call goes: `/services/Soap/<path>/<version>`, with its namespace bound to the `urn` prefix. */
export interface SoapApi {
	path: string;
	namespace: string;
}

export const PARTNER_API: SoapApi = { path: 'u', namespace: 'urn:partner.soap.sforce.com' };

export interface SoapCallOptions {
	api?: SoapApi;
	/** More SOAP header elements after the SessionHeader (e.g. the Metadata API's AllOrNoneHeader). */
	headers?: string;
	/** 'safe' for reads (repeated on 503 or a lost connection); default 'never'. */
	retry?: 'safe' | 'never';
}

export function soapElement(name: string, value: unknown): string {
	if (value === undefined || value === null || value === '') return '';
	if (typeof value === 'object' && !Array.isArray(value)) {
		return `<urn:${name}>${Object.entries(value as IDataObject)
			.map(([k, v]) => soapElement(k, v))
			.join('')}</urn:${name}>`;
	}
	return `<urn:${name}>${escapeXml(value)}</urn:${name}>`;
}

function envelope(sessionId: string, body: string, namespace: string, headers: string): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soapenv:Header><urn:SessionHeader><urn:sessionId>${escapeXml(sessionId)}</urn:sessionId></urn:SessionHeader>${headers}</soapenv:Header>` +
		`<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
	);
}

function faultOf(doc: XmlElement): { code: string; message: string } | undefined {
	const fault = path(doc, 'Body', 'Fault');
	if (!fault) return undefined;
	const code = (child(fault, 'faultcode')?.text ?? '').replace(/^.*:/, '') || 'SOAP_FAULT';
	const message = (child(fault, 'faultstring')?.text ?? '').replace(/^[A-Z_]+: /, '');
	return { code, message };
}

/**
 * Posts a SOAP call (partner API unless `options.api` says otherwise) and returns the children of
 * `<{operation}Response>`. The session id is read from the credential through `sessionId()` each time, so a
 * refreshed token is used on the retry.
 */
export async function soapCall(
	client: SalesforceClient,
	operation: string,
	bodyXml: string,
	sessionId: () => Promise<string>,
	options: SoapCallOptions = {},
): Promise<XmlElement[]> {
	const api = options.api ?? PARTNER_API;
	for (let attempt = 0; attempt < 2; attempt++) {
		const response = await client.requestFull<string>('POST', `/services/Soap/${api.path}/${client.apiVersion}`, {
			body: envelope(await sessionId(), `<urn:${operation}>${bodyXml}</urn:${operation}>`, api.namespace, options.headers ?? ''),
			headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""', Accept: 'text/xml' },
			json: false,
			retry: options.retry ?? 'never',
			// Faults come back as HTTP 500 with the envelope in the body.
			okStatuses: [500],
		});
		let doc: XmlElement | undefined;
		let reason = '';
		try {
			doc = parseXml(String(response.body));
		} catch (error) {
			reason = error instanceof XmlError ? error.message : String(error);
		}
		if (!doc) {
			throw new SalesforceApiError(response.statusCode, [
				{ errorCode: 'INVALID_SOAP_RESPONSE', message: `Salesforce sent a SOAP response that could not be read: ${reason}` },
			]);
		}
		const fault = faultOf(doc);
		if (fault) {
			if (fault.code === 'INVALID_SESSION_ID' && attempt === 0) {
				// One REST call through n8n's helper: its 401 makes n8n refresh and store the token.
				await client.request('GET', '/limits');
				continue;
			}
			throw new SalesforceApiError(response.statusCode, [{ errorCode: fault.code, message: fault.message }]);
		}
		return children(path(doc, 'Body', `${operation}Response`), 'result');
	}
	throw new SalesforceApiError(500, [
		{ errorCode: 'INVALID_SESSION_ID', message: 'The session stayed invalid after a token refresh: reconnect the credential' },
	]);
}

/** Reads a SOAP result's simple children into an object; `errors` become Salesforce error details. */
export function resultObject(result: XmlElement): IDataObject {
	const out: IDataObject = {};
	for (const c of result.children) {
		if (c.name === 'errors') continue;
		const nil = c.attributes['xsi:nil'] === 'true';
		out[c.name] = nil ? null : c.text === 'true' ? true : c.text === 'false' ? false : c.text;
	}
	out.errors = children(result, 'errors').map((e) => ({
		errorCode: child(e, 'statusCode')?.text ?? 'UNKNOWN_ERROR',
		message: child(e, 'message')?.text ?? '',
		fields: children(e, 'fields')
			.map((f) => f.text)
			.filter(Boolean),
	}));
	return out;
}
