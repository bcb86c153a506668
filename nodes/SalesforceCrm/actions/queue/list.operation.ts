import type { IDataObject } from 'n8n-workflow';

import { groupBy } from '../../../shared/services/group';
import { isApiName } from '../../../shared/services/ids';
import { queryAll } from '../../../shared/services/query';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import type { OperationModule } from '../types';

const queueShow = { show: { resource: ['queue'], operation: ['list'] } };

/** Queue → List: Group rows of Type Queue with the objects each takes (QueueSobject); optionally one object only. */
export const listQueues: OperationModule = {
	description: [
		{
			displayName: 'For Object',
			name: 'queueObject',
			type: 'string',
			default: '',
			placeholder: 'e.g. Case',
			description: 'Only queues that take records of this object (API name); empty lists every queue',
			displayOptions: queueShow,
		},
	],
	execute: perItem(async function (i, client) {
		const object = String(this.getNodeParameter('queueObject', i, '') ?? '').trim();
		if (object && !isApiName(object))
			throw new SalesforceInputError(`For Object "${object}" is not a valid Salesforce API name`, { itemIndex: i, field: 'For Object' });
		const groups = await queryAll(client, "SELECT Id, Name, DeveloperName, Email FROM Group WHERE Type = 'Queue' ORDER BY Name");
		const objects = await queryAll(client, 'SELECT QueueId, SobjectType FROM QueueSobject');
		const byQueue = groupBy(objects.records, (row) => String(row.QueueId));
		return groups.records
			.map((g) => ({
				queueId: g.Id,
				name: g.Name,
				developerName: g.DeveloperName,
				email: g.Email ?? null,
				objects: (byQueue.get(String(g.Id)) ?? []).map((row) => String(row.SobjectType)),
			}))
			.filter((q) => !object || q.objects.some((o) => o.toLowerCase() === object.toLowerCase()))
			.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
	}),
};
