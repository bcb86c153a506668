/**
 * Outbound Message SOAP notifications (salesforce-streaming.md §5): parsing, the Ack and SOAP faults.
 */
import type { IDataObject } from 'n8n-workflow';

import { child, children, escapeXml, parseXml, XmlError, type XmlElement } from '../shared/services/xml';
import { isOrgId } from '../shared/transport/org';

const MAX_NOTIFICATIONS = 100;

export interface OutboundNotification {
	notificationId: string;
	sObjectType: string;
	record: IDataObject;
}

export interface OutboundMessage {
	organizationId: string;
	actionId: string;
	sessionId: string | null;
	enterpriseUrl: string;
	partnerUrl: string;
	notifications: OutboundNotification[];
}

export class OutboundParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OutboundParseError';
	}
}

function isNil(el: XmlElement): boolean {
	return Object.entries(el.attributes).some(([k, v]) => (k === 'xsi:nil' || k.endsWith(':nil')) && v === 'true');
}

function valueOf(el: XmlElement): unknown {
	if (isNil(el)) return null;
	if (el.children.length) {
		const out: IDataObject = {};
		for (const c of el.children) out[c.name] = valueOf(c) as IDataObject;
		return out;
	}
	return el.text;
}

/** Parses the SOAP body Salesforce POSTs. Throws OutboundParseError for anything that is not a valid notification set. */
export function parseOutboundMessage(xml: string): OutboundMessage {
	let root: XmlElement;
	try {
		root = parseXml(xml);
	} catch (error) {
		return fail(error instanceof XmlError ? error.message : 'Unreadable XML');
	}
	if (root.name !== 'Envelope') return fail('Not a SOAP envelope');
	const notifications = child(child(root, 'Body'), 'notifications');
	if (!notifications) return fail('No <notifications> element in the SOAP body');
	const text = (name: string) => child(notifications, name)?.text.trim() ?? '';
	const organizationId = text('OrganizationId');
	if (!isOrgId(organizationId)) return fail('Missing or invalid OrganizationId');
	const session = child(notifications, 'SessionId');
	const list = children(notifications, 'Notification');
	if (!list.length) return fail('No <Notification> elements');
	if (list.length > MAX_NOTIFICATIONS) return fail(`More than ${MAX_NOTIFICATIONS} notifications in one message`);
	const parsed: OutboundNotification[] = list.map((n) => {
		const id = child(n, 'Id')?.text.trim() ?? '';
		const sObject = child(n, 'sObject');
		if (!id || !sObject) fail('A <Notification> lacks <Id> or <sObject>');
		const type = Object.entries(sObject!.attributes).find(([k]) => k === 'xsi:type' || k.endsWith(':type'))?.[1] ?? '';
		const record: IDataObject = {};
		for (const f of sObject!.children) record[f.name] = valueOf(f) as IDataObject;
		return { notificationId: id, sObjectType: type.includes(':') ? type.split(':')[1] : type, record };
	});
	return {
		organizationId,
		actionId: text('ActionId'),
		sessionId: session && !isNil(session) && session.text.trim() ? session.text.trim() : null,
		enterpriseUrl: text('EnterpriseUrl'),
		partnerUrl: text('PartnerUrl'),
		notifications: parsed,
	};
}

function fail(message: string): never {
	throw new OutboundParseError(message);
}

export const ACK_XML =
	'<?xml version="1.0" encoding="UTF-8"?>' +
	'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:out="http://soap.sforce.com/2005/09/outbound">' +
	'<soapenv:Header/><soapenv:Body><out:notificationsResponse><out:Ack>true</out:Ack></out:notificationsResponse></soapenv:Body></soapenv:Envelope>';

export function soapFault(message: string, faultCode: 'soapenv:Client' | 'soapenv:Server' = 'soapenv:Client'): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
		`<faultcode>${faultCode}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
		'</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
	);
}
