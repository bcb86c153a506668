/**
 * Outbound Message sender as Salesforce runs it (SOAP API Developer Guide, "Understanding Outbound Messaging"; wire notes §S5): builds the SOAP notifications
 * document (≤ 100 notifications), POSTs it as text/xml with `SOAPAction: ""`, accepts only HTTP 2xx with
 * <Ack>true</Ack> (namespaced or not), and retries with growing intervals (capped) until acknowledged or the
 * cutoff passes. Intervals are on a test scale (milliseconds); Salesforce's are up to 2 h apart, 24 h cutoff.
 */
import { randomBytes } from 'node:crypto';

export interface OutboundRecord {
	Id: string;
	[field: string]: string | number | boolean | null;
}

export interface SendOutboundOptions {
	url: string;
	orgId: string;
	actionId?: string;
	sessionId?: string | null;
	sobjectType: string;
	records: OutboundRecord[];
	apiVersion?: string;
	/** notification ids (04l…); generated when absent. Re-use them to simulate a duplicate delivery. */
	notificationIds?: string[];
	/** retry schedule (test scale) */
	firstRetryMs?: number;
	maxRetryMs?: number;
	cutoffMs?: number;
	maxAttempts?: number;
	/** replaces the generated body (malformed / hostile payload tests) */
	rawBody?: string;
	contentType?: string;
}

export interface DeliveryAttempt {
	status: number;
	acked: boolean;
	contentType: string;
	body: string;
	ms: number;
}

export interface DeliveryResult {
	acked: boolean;
	attempts: DeliveryAttempt[];
	notificationIds: string[];
	xml: string;
}

const esc = (v: string) =>
	v.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);

function newId(prefix: string): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(15);
	return prefix + Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

export function buildNotificationsXml(o: SendOutboundOptions & { notificationIds: string[]; actionId: string }): string {
	if (o.records.length > 100) throw new Error('Salesforce sends at most 100 notifications per message');
	const version = o.apiVersion ?? '66.0';
	const org15 = o.orgId.slice(0, 15);
	const host = 'https://emulator.my.salesforce.com';
	const notifications = o.records
		.map((r, i) => {
			const fields = [
				'Id',
				...Object.keys(r)
					.filter((k) => k !== 'Id')
					.sort(),
			]
				.filter((k) => r[k] !== null && r[k] !== undefined) // null fields omitted (unverified, §8.6)
				.map((k) => `<sf:${k}>${esc(String(r[k]))}</sf:${k}>`)
				.join('');
			return `<Notification><Id>${o.notificationIds[i]}</Id><sObject xsi:type="sf:${o.sobjectType}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
		})
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		'<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">' +
		`<OrganizationId>${o.orgId}</OrganizationId><ActionId>${o.actionId}</ActionId>` +
		(o.sessionId ? `<SessionId>${esc(o.sessionId)}</SessionId>` : '<SessionId xsi:nil="true"/>') +
		`<EnterpriseUrl>${host}/services/Soap/c/${version}/${org15}</EnterpriseUrl>` +
		`<PartnerUrl>${host}/services/Soap/u/${version}/${org15}</PartnerUrl>` +
		notifications +
		'</notifications></soapenv:Body></soapenv:Envelope>'
	);
}

/** Salesforce counts a delivery as done only for HTTP 2xx whose body holds Ack = true. */
export function isAck(status: number, body: string): boolean {
	return status >= 200 && status < 300 && /<(?:[\w-]+:)?Ack>\s*true\s*<\/(?:[\w-]+:)?Ack>/.test(body);
}

export const deliveryLog: Array<{ url: string; result: DeliveryResult }> = [];

export async function sendOutboundMessage(o: SendOutboundOptions): Promise<DeliveryResult> {
	const notificationIds = o.notificationIds ?? o.records.map(() => newId('04l'));
	const actionId = o.actionId ?? '04k000000000001AAA';
	const xml = o.rawBody ?? buildNotificationsXml({ ...o, notificationIds, actionId });
	const attempts: DeliveryAttempt[] = [];
	const started = Date.now();
	let delay = o.firstRetryMs ?? 20;
	const maxAttempts = o.maxAttempts ?? 10;
	for (;;) {
		const t0 = Date.now();
		let attempt: DeliveryAttempt;
		try {
			const res = await fetch(o.url, {
				method: 'POST',
				headers: { 'Content-Type': o.contentType ?? 'text/xml; charset=utf-8', SOAPAction: '""' },
				body: xml,
			});
			const body = await res.text();
			attempt = {
				status: res.status,
				acked: isAck(res.status, body),
				contentType: res.headers.get('content-type') ?? '',
				body,
				ms: Date.now() - t0,
			};
		} catch (error) {
			attempt = { status: 0, acked: false, contentType: '', body: String((error as Error).message), ms: Date.now() - t0 };
		}
		attempts.push(attempt);
		if (attempt.acked) break;
		if (attempts.length >= maxAttempts || Date.now() - started + delay > (o.cutoffMs ?? 10_000)) break;
		await new Promise((r) => setTimeout(r, delay));
		delay = Math.min(delay * 2, o.maxRetryMs ?? 500);
	}
	const result = { acked: attempts[attempts.length - 1].acked, attempts, notificationIds, xml };
	deliveryLog.push({ url: o.url, result });
	return result;
}
