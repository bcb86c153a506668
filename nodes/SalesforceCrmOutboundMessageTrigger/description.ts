import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/transport/authentication';

const ACK_OPTIONS: INodeProperties['options'] = [
	{
		name: 'After the Workflow Succeeds',
		value: 'afterSuccess',
		description:
			'Answer when the run has finished: Ack if it succeeded, a SOAP fault if it failed, so Salesforce sends the message again (retries for up to 24 h). A notification already run successfully is acknowledged and not run again.',
	},
	{
		name: 'At Once',
		value: 'atOnce',
		description: 'Acknowledge before the workflow runs (fastest). A failed run is not retried by Salesforce.',
	},
];

/** Version 1 acknowledged at once by default; 1.1 waits for the run (the safe default). */
const acknowledge = (version: number[], defaultMode: string): INodeProperties => ({
	displayName: 'Acknowledge',
	name: 'acknowledge',
	type: 'options',
	noDataExpression: true,
	options: ACK_OPTIONS,
	default: defaultMode,
	displayOptions: { show: { '@version': version } },
});

export const outboundProperties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName:
			"Salesforce must reach this node's Production URL over the internet: set WEBHOOK_URL so n8n shows its public HTTPS address (a reverse proxy in front of n8n), not 127.0.0.1 or localhost, and paste it into the Outbound Message's Endpoint URL (Setup › Outbound Messages). The random part of the URL is its secret: keep it private; the organization check below still applies.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	acknowledge([1], 'atOnce'),
	acknowledge([1.1], 'afterSuccess'),
	{
		displayName:
			'Duplicates are dropped per n8n process: several webhook processes (queue mode) or several main instances each keep their own list, so a redelivery reaching another process can run again.',
		name: 'duplicatesNotice',
		type: 'notice',
		default: '',
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
				description: "Comma-separated org IDs whose messages are accepted. Empty = only the credential's own org.",
			},
			{
				displayName: 'Duplicate Window (Minutes)',
				name: 'dedupeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1440,
				description:
					'A notification run within this window is not run again when Salesforce delivers it again (Salesforce retries for 24 h). 0 = run every delivery.',
			},
			{
				displayName: 'Duplicate Window Size',
				name: 'dedupeMaxEntries',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description: 'Most notification IDs remembered; the oldest are forgotten first',
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
		],
	},
];
