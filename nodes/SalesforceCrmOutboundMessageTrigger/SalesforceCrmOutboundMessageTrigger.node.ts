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

import { authenticationCredentials, authenticationProperty } from '../SalesforceCrm/transport/authentication';
import {
	ACK_XML,
	id15,
	orgIdFromIdentityUrl,
	OutboundParseError,
	parseOutboundMessage,
	soapFault,
	type OutboundMessage,
} from '../SalesforceCrmTrigger/outbound/notifications';
import { SalesforceClient } from '../SalesforceCrm/transport/client';

const OUTPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main];
const XML_TYPE = 'text/xml; charset=utf-8';

interface OutboundStaticData extends IDataObject {
	/** `${notificationId}-${actionId}` → first seen (epoch ms) */
	seen?: IDataObject;
}

interface RawRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: { length: number; toString(encoding: 'utf8'): string };
	body?: unknown;
	readRawBody?: () => Promise<void>;
}

interface RawResponse {
	headersSent?: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
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
		version: 1,
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
				// "at once": the node writes the Ack itself. "after success": n8n answers when the last node finishes with
				// the `salesforceAck` field of its first item (each emitted item carries it), or a 500 if the run fails,
				// so Salesforce's retries cover a failed run.
				responseMode: '={{$parameter["acknowledge"] === "afterSuccess" ? "lastNode" : "onReceived"}}',
				responseData: 'firstEntryJson',
				responsePropertyName: 'salesforceAck',
				responseContentType: 'text/xml; charset=utf-8',
				path: 'salesforce-outbound-message',
			},
		],
		properties: [
			authenticationProperty,
			{
				displayName:
					'Paste this node\'s Production URL into the Outbound Message\'s "Endpoint URL" in Salesforce (Setup › Outbound Messages). The random ID in the URL is its secret: keep it private.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Acknowledge',
				name: 'acknowledge',
				type: 'options',
				options: [
					{
						name: 'At Once',
						value: 'atOnce',
						description: 'Answer Salesforce before the workflow runs (Salesforce does not resend)',
					},
					{
						name: 'After the Workflow Succeeds',
						value: 'afterSuccess',
						description:
							'Answer when the last node finishes; a failed run is not acknowledged, so Salesforce sends the message again. The last node must pass the items on (or keep their "salesforceAck" field).',
					},
				],
				default: 'atOnce',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Allowed Organization IDs',
						name: 'allowedOrgIds',
						type: 'string',
						default: '',
						placeholder: '00D5g000004ABCDEAA, 00D7F00000107XsUAI',
						description:
							"Comma-separated org IDs whose messages are accepted. Empty = only the credential's own org.",
					},
					{
						displayName: 'Expected Outbound Message ID',
						name: 'actionId',
						type: 'string',
						default: '',
						placeholder: '04k7F0000008V3hQAE',
						description: 'Accept only this Outbound Message (ActionId). Empty = any.',
					},
					{
						displayName: 'Maximum Body Size (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1024,
						description: 'Larger requests are refused with HTTP 413',
					},
					{
						displayName: 'Duplicate Window (Minutes)',
						name: 'dedupeMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 1440,
						description:
							'Notifications seen again within this window (Salesforce retries for 24 h) are dropped. 0 = no deduplication. Not used with "After the Workflow Succeeds".',
					},
				],
			},
		],
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
		const res = this.getResponseObject() as unknown as RawResponse;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const acknowledge = this.getNodeParameter('acknowledge', 'atOnce') as string;
		const maxBytes = Math.max(1, Number(options.maxBodyKb ?? 1024)) * 1024;

		const refuse = (status: number, message: string): IWebhookResponseData => {
			res.writeHead(status, { 'Content-Type': XML_TYPE });
			res.end(soapFault(message, status >= 500 ? 'soapenv:Server' : 'soapenv:Client'));
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
			// the org of whichever credential is chosen: OAuth2 token data, or the JWT login's identity URL
			const jwt = this.getNode().parameters.authentication === 'jwt';
			const credentials = await this.getCredentials(jwt ? 'salesforceCrmJwtApi' : 'salesforceCrmOAuth2Api');
			let orgId = orgIdFromIdentityUrl(
				jwt ? credentials.identityUrl : (credentials.oauthTokenData as IDataObject | undefined)?.id,
			);
			if (!orgId) {
				// a credential that has not logged in yet (JWT, client credentials): the client's first use logs in
				orgId = await SalesforceClient.create(this).then(
					(client) => client.orgId,
					() => undefined,
				);
			}
			if (!orgId) {
				return refuse(
					403,
					'The credential does not name its organization (reconnect it), and no allowed organization IDs are set',
				);
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

		// Duplicates (at-least-once delivery): keyed on notification id + action id, kept in workflow static data
		const windowMs = Number(options.dedupeMinutes ?? 1440) * 60_000;
		const dedupe = acknowledge !== 'afterSuccess' && windowMs > 0;
		const staticData = this.getWorkflowStaticData('node') as OutboundStaticData;
		const now = Date.now();
		const seen = { ...((staticData.seen ?? {}) as IDataObject) };
		let fresh = message.notifications;
		if (dedupe) {
			for (const [k, t] of Object.entries(seen)) if (now - Number(t) > windowMs) delete seen[k];
			fresh = message.notifications.filter((n) => {
				const key = `${n.notificationId}-${message.actionId}`;
				if (seen[key] !== undefined) return false;
				seen[key] = now;
				return true;
			});
			staticData.seen = seen;
		}

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
				...(acknowledge === 'afterSuccess' ? { salesforceAck: ACK_XML } : {}),
			},
		}));

		if (acknowledge === 'afterSuccess') {
			// n8n answers after the run (lastNode); nothing new: acknowledge now
			if (!items.length) {
				res.writeHead(200, { 'Content-Type': XML_TYPE });
				res.end(ACK_XML);
				return { noWebhookResponse: true };
			}
			return { workflowData: [items] };
		}
		res.writeHead(200, { 'Content-Type': XML_TYPE });
		res.end(ACK_XML);
		return items.length ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
	}
}
