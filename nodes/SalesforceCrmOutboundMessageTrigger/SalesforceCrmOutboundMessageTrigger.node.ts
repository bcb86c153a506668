import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type NodeConnectionType,
} from 'n8n-workflow';

import { authenticationCredentials } from '../shared/transport/authentication';
import { OutboundParseError, parseOutboundMessage, type OutboundMessage } from './notifications';
import { SalesforceClient } from '../shared/transport/client';
import { credentialTypeFor, id15, JWT_CREDENTIAL_TYPE, orgIdFromIdentity } from '../shared/transport/org';
import { admit, answer, answerAsSoapWhenRunEnds, type AckMode, type SoapResponse } from './deliveries';
import { outboundProperties } from './description';
import { windowFor } from './seenWindow';

const OUTPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main];

interface OutboundStaticData extends IDataObject {
	/** `${notificationId}-${actionId}` → first run (epoch ms): the newest entries of this process's window */
	seen?: IDataObject;
}

interface RawRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: { length: number; toString(encoding: 'utf8'): string };
	body?: unknown;
	readRawBody?: () => Promise<void>;
}

/**
 * Receives Salesforce Outbound Messages (SOAP) on a webhook and answers with the SOAP Ack.
 * A separate node from the streaming trigger: n8n activates a node that declares `webhooks` as a webhook node,
 * so one node cannot be both a long-lived trigger() and a webhook cleanly.
 */
export class SalesforceCrmOutboundMessageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce CRM Outbound Message Trigger',
		name: 'salesforceCrmOutboundMessageTrigger',
		icon: { light: 'file:../../icons/salesforce.svg', dark: 'file:../../icons/salesforce.dark.svg' },
		group: ['trigger'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: 'Outbound Message',
		description: 'Starts the workflow when Salesforce sends an Outbound Message (workflow rule, Flow or approval action)',
		defaults: { name: 'Salesforce CRM Outbound Message Trigger' },
		inputs: [],
		outputs: OUTPUTS,
		credentials: authenticationCredentials,
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// "at once": the node writes the Ack itself. "after success": n8n answers when the run has ended (200, or
				// 500 if it failed); the node turns that answer into the SOAP Ack or a SOAP fault (deliveries.ts).
				responseMode: '={{$parameter["acknowledge"] === "afterSuccess" ? "lastNode" : "onReceived"}}',
				responseData: 'noData',
				path: 'salesforce-outbound-message',
			},
		],
		properties: outboundProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: import('n8n-workflow').IHookFunctions): Promise<boolean> {
				// nothing is registered in Salesforce: the user pastes the URL into the Outbound Message
				return true;
			},
			async create(this: import('n8n-workflow').IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: import('n8n-workflow').IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as RawRequest;
		const res = this.getResponseObject() as unknown as SoapResponse;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const mode = this.getNodeParameter('acknowledge', 'atOnce') as AckMode;
		const maxBytes = Math.max(1, Number(options.maxBodyKb ?? 1024)) * 1024;

		const refuse = (status: number, message: string): IWebhookResponseData => {
			answer(res, status, message);
			return { noWebhookResponse: true };
		};

		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > maxBytes) return refuse(413, `Request body larger than ${maxBytes} bytes`);
		const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
		if (!contentType.includes('xml')) return refuse(415, 'Expected a SOAP (text/xml) request');
		if (!req.rawBody && req.readRawBody) await req.readRawBody();
		let xml: string;
		if (req.rawBody) {
			if (req.rawBody.length > maxBytes) return refuse(413, `Request body larger than ${maxBytes} bytes`);
			xml = req.rawBody.toString('utf8');
		} else if (typeof req.body === 'string') {
			xml = req.body;
		} else {
			return refuse(400, 'The request body could not be read');
		}
		if (xml.length > maxBytes) return refuse(413, `Request body larger than ${maxBytes} bytes`);

		let message: OutboundMessage;
		try {
			message = parseOutboundMessage(xml);
		} catch (error) {
			return refuse(400, error instanceof OutboundParseError ? error.message : 'Malformed request');
		}

		// Organization check: the credential's own org, or the allow-list
		const allowed = String(options.allowedOrgIds ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (!allowed.length) {
			const orgId = await credentialOrgId.call(this);
			if (!orgId) {
				return refuse(403, 'The credential does not name its organization (reconnect it), and no allowed organization IDs are set');
			}
			allowed.push(orgId);
		}
		if (!allowed.some((a) => id15(a) === id15(message.organizationId))) {
			return refuse(403, 'Organization not allowed');
		}
		const expectedAction = String(options.actionId ?? '').trim();
		if (expectedAction && id15(expectedAction) !== id15(message.actionId)) {
			return refuse(403, 'Outbound Message not allowed');
		}

		// Duplicates (Salesforce delivers at least once): keyed on notification id + action id (seenWindow.ts)
		const windowMs = Number(options.dedupeMinutes ?? 1440) * 60_000;
		let fresh = message.notifications;
		if (windowMs > 0) {
			const limits = { maxAgeMs: windowMs, maxEntries: Math.max(1, Number(options.dedupeMaxEntries ?? 10_000)) };
			const window = windowFor(`${this.getWorkflow().id}|${this.getNode().id}|${this.getMode()}`, limits);
			const staticData = this.getWorkflowStaticData('node') as OutboundStaticData;
			window.merge(staticData.seen, Date.now());
			const keys = message.notifications.map((n) => `${n.notificationId}-${message.actionId}`);
			const run = await admit(window, keys, mode, res);
			fresh = message.notifications.filter((_, i) => run[i]);
			// n8n saves static data after a request that changed it: only when this one runs something
			if (fresh.length) staticData.seen = window.mirror();
		}
		if (res.destroyed || res.writableEnded) return { noWebhookResponse: true };

		const items: INodeExecutionData[] = fresh.map((n) => ({
			json: {
				source: 'outboundMessage',
				notificationId: n.notificationId,
				object: n.sObjectType,
				recordId: (n.record.Id as string) ?? null,
				record: n.record,
				organizationId: message.organizationId,
				actionId: message.actionId,
				// A session id (if the Outbound Message sends one) is a live Salesforce token: never put it in
				// execution data. Callbacks use the node's credential instead.
				sessionIdSent: Boolean(message.sessionId),
				enterpriseUrl: message.enterpriseUrl,
				partnerUrl: message.partnerUrl,
			},
		}));

		if (mode === 'afterSuccess' && items.length) {
			// n8n answers when the run ends; the answer becomes the Ack (2xx) or a SOAP fault
			answerAsSoapWhenRunEnds(res);
			return { workflowData: [items] };
		}
		answer(res, 200);
		return items.length ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
	}
}

/** The org of whichever credential is chosen: OAuth2 token data, the JWT login's identity URL, or a first login. */
async function credentialOrgId(this: IWebhookFunctions): Promise<string | undefined> {
	const credentialType = credentialTypeFor(this);
	const jwt = credentialType === JWT_CREDENTIAL_TYPE;
	const credentials = await this.getCredentials(credentialType);
	const orgId = orgIdFromIdentity(jwt ? credentials.identityUrl : (credentials.oauthTokenData as IDataObject | undefined)?.id);
	if (orgId) return orgId;
	// a credential that has not logged in yet (JWT, client credentials): the client's first use logs in
	return await SalesforceClient.create(this).then(
		(client) => client.orgId,
		() => undefined,
	);
}
