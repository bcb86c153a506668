import {
	NodeConnectionTypes,
	type NodeConnectionType,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { authenticationCredentials } from '../shared/transport/authentication';
import { SalesforceClient } from '../shared/transport/client';
import { triggerProperties } from './description';
import { getCdcObjects, getCustomChannels, getPlatformEvents, getPollableObjects } from './loadOptions';
import { pollingTrigger } from './polling/trigger';
import { streamingSetup } from './streaming/setup';
import { streamingTrigger } from './streaming/trigger';
import type { TriggerStaticData } from './types';

const OUTPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main];

/**
 * Salesforce CRM Trigger: Change Data Capture and Platform Events over the Streaming API (streaming/), or polling
 * for orgs without CDC (polling/). Its parameters: description.ts; its dropdowns: loadOptions.ts.
 */
export class SalesforceCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce CRM Trigger',
		name: 'salesforceCrmTrigger',
		icon: { light: 'file:../../icons/salesforce.svg', dark: 'file:../../icons/salesforce.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["source"] === "platformEvent" ? "On " + $parameter["eventName"] : $parameter["source"] === "polling" ? "Polling " + $parameter["pollObject"] : "Change Data Capture: " + ($parameter["scope"] === "all" ? "all objects" : $parameter["objects"].join(", "))}}',
		description:
			'Starts the workflow on changes in Salesforce (Change Data Capture or Platform Events within a second, or polling for orgs without CDC), resuming where it stopped',
		defaults: { name: 'Salesforce CRM Trigger' },
		inputs: [],
		outputs: OUTPUTS,
		credentials: authenticationCredentials,
		properties: triggerProperties,
	};

	methods = {
		loadOptions: { getCustomChannels, getCdcObjects, getPollableObjects, getPlatformEvents },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const source = this.getNodeParameter('source', 'changeDataCapture') as string;
		const client = await SalesforceClient.create(this);
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		if (source === 'polling') return await pollingTrigger.call(this, client, staticData);

		const setup = await streamingSetup(this, client, staticData, source as 'changeDataCapture' | 'platformEvent');
		return await streamingTrigger.call(this, client, staticData, setup);
	}
}
