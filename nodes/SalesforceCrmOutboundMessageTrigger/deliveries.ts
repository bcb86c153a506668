/**
 * Which notifications of an Outbound Message run, and the SOAP answer Salesforce gets.
 *
 * "At once": a notification is recorded as run when it is first received, and every delivery is acknowledged
 * before the workflow runs (a failed run is not retried by Salesforce).
 * "After the workflow succeeds": a notification is claimed while its run is going on and recorded only when the
 * run succeeded and the Ack was sent; a failed run (n8n answers 500 → SOAP fault, no Ack) forgets it, so
 * Salesforce's retry runs it again. A redelivery that arrives while the first delivery still runs waits for its
 * outcome (it holds no claim while waiting, so two deliveries never wait on each other), then runs what is left.
 */
import { ACK_XML, soapFault } from './notifications';
import type { SeenWindow } from './seenWindow';

export type AckMode = 'atOnce' | 'afterSuccess';

const XML_TYPE = 'text/xml; charset=utf-8';

/** The parts of n8n's (express) response object the node uses. */
export interface SoapResponse {
	statusCode: number;
	headersSent: boolean;
	writableEnded: boolean;
	writableFinished: boolean;
	destroyed: boolean;
	once(event: 'close', listener: () => void): unknown;
	setHeader(name: string, value: string | number): unknown;
	removeHeader(name: string): unknown;
	end(body?: unknown, ...rest: unknown[]): unknown;
}

const closed = (res: SoapResponse) => res.destroyed || res.writableEnded;

/**
 * For each key (in order): true = run it in this delivery. Keys repeated within the message run once.
 * With "after success", the claims are settled when `res` closes: recorded if the answer was a 2xx, else forgotten.
 */
export async function admit(window: SeenWindow, keys: string[], mode: AckMode, res: SoapResponse): Promise<boolean[]> {
	if (mode === 'afterSuccess') {
		// wait (holding nothing) until no other delivery is running one of these notifications
		for (;;) {
			const running = keys.map((key) => window.pending(key)).filter((p): p is Promise<void> => p !== undefined);
			if (!running.length || closed(res)) break;
			await Promise.all(running);
		}
		if (closed(res)) return keys.map(() => false); // Salesforce gave up on this delivery: it will send it again
	}
	const now = Date.now();
	const inMessage = new Set<string>();
	const settles: Array<(succeeded: boolean, now: number) => void> = [];
	const fresh = keys.map((key) => {
		if (inMessage.has(key) || window.has(key, now) || window.pending(key)) return false;
		inMessage.add(key);
		if (mode === 'atOnce') window.record(key, now);
		else settles.push(window.claim(key));
		return true;
	});
	if (settles.length) {
		res.once('close', () => {
			const succeeded = res.writableFinished && res.statusCode >= 200 && res.statusCode < 300;
			for (const settle of settles) settle(succeeded, Date.now());
		});
	}
	return fresh;
}

/** Answers the request now: a SOAP Ack (200) or a SOAP fault with `status`. */
export function answer(res: SoapResponse, status: number, fault?: string): void {
	const body = fault === undefined ? ACK_XML : soapFault(fault, status >= 500 ? 'soapenv:Server' : 'soapenv:Client');
	res.statusCode = status;
	res.setHeader('Content-Type', XML_TYPE);
	res.setHeader('Content-Length', byteLength(body));
	res.end(body);
}

/**
 * "After success": n8n answers when the run ends (200, or 500 "Error in workflow"). Whatever n8n writes, Salesforce
 * gets SOAP: the Ack for a 2xx, a SOAP fault (no Ack, so Salesforce retries) otherwise — whatever the last node
 * outputs, even nothing.
 */
export function answerAsSoapWhenRunEnds(res: SoapResponse): void {
	const end = res.end.bind(res);
	res.end = (...args: unknown[]) => {
		if (res.headersSent) return end(...args);
		const ok = res.statusCode >= 200 && res.statusCode < 300;
		const body = ok ? ACK_XML : soapFault('The workflow did not finish successfully; Salesforce will resend the message', 'soapenv:Server');
		res.removeHeader('ETag');
		res.setHeader('Content-Type', XML_TYPE);
		res.setHeader('Content-Length', byteLength(body));
		return end(body);
	};
}

function byteLength(text: string): number {
	return new TextEncoder().encode(text).length;
}
