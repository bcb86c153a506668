import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { publishEvents } from '../../../shared/services/composite';
import { isApiName } from '../../../shared/services/ids';
import type { RecordResult } from '../../../shared/services/records';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeResults } from '../common';
import { jsonObjectParam } from '../params';
import type { OperationModule } from '../types';

const publishShow = { show: { resource: ['platformEvent'], operation: ['publish'] } };

/** Platform Event → Publish: one event per item, 25 per call; the EventUuid is returned per item. */
export const publish: OperationModule = {
	description: [
		{
			displayName: 'Event API Name',
			name: 'eventName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Order_Shipped__e',
			description: 'API name of the platform event (ends in __e)',
			displayOptions: publishShow,
		},
		{
			displayName: 'Event Fields (JSON)',
			name: 'eventFields',
			type: 'json',
			default: '={{ $json }}',
			description: 'The event\'s fields, by default the whole input item, e.g. {"Order_Number__c": "1001"}',
			displayOptions: publishShow,
		},
	],
	execute: async function (this: IExecuteFunctions, client): Promise<INodeExecutionData[]> {
		const eventName = String(this.getNodeParameter('eventName', 0, '')).trim();
		if (!/^[A-Za-z]\w*__e$/.test(eventName)) {
			throw new SalesforceInputError(`Event API Name "${eventName}" is not a platform event name (it ends in __e)`, {
				field: 'Event API Name',
			});
		}
		const prepared = prepareItems(this, (i) => {
			const fields = jsonObjectParam(this, i, 'eventFields', 'Event Fields (JSON)');
			for (const key of Object.keys(fields)) {
				if (!isApiName(key))
					throw new SalesforceInputError(`Field "${key}" is not a valid Salesforce API name`, { itemIndex: i, field: key });
			}
			return fields;
		});
		const valid = prepared.filter((p) => p.input);
		const published = await publishEvents(
			client,
			eventName,
			valid.map((p) => p.input!),
		);
		const results: RecordResult[] = published.map((p) => ({
			success: p.success,
			id: p.eventUuid,
			errors: p.errors,
			...(p.outcomeUnknown ? { outcomeUnknown: true } : {}),
		}));
		return writeResults(this, prepared, results, (r) => ({ success: true, eventUuid: r.id, event: eventName }));
	},
};
