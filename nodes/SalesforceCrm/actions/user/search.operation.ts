import type { IDataObject } from 'n8n-workflow';

import { queryAll } from '../../../shared/services/query';
import { stripAttributes } from '../../../shared/services/records';
import { escapeSoqlLike } from '../../../shared/services/soql';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { intParam } from '../params';
import type { OperationModule } from '../types';

const userShow = { show: { resource: ['user'], operation: ['search'] } };

/** User → Search: active users whose name or email contains the text (escaped LIKE). */
export const searchUsers: OperationModule = {
	description: [
		{
			displayName: 'Name or Email',
			name: 'userSearch',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ada or ada@example.com',
			description: "Text the user's name or email contains (matched literally, case-insensitive)",
			displayOptions: userShow,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: userShow,
		},
	],
	execute: perItem(async function (i, client) {
		const text = String(this.getNodeParameter('userSearch', i, '')).trim();
		if (!text) throw new SalesforceInputError('Name or Email is empty', { itemIndex: i, field: 'Name or Email' });
		const like = `'%${escapeSoqlLike(text)}%'`;
		const limit = intParam(this, i, 'limit', 'Limit', 50);
		const soql = `SELECT Id, Name, Email, Username, Title, IsActive FROM User WHERE IsActive = true AND (Name LIKE ${like} OR Email LIKE ${like}) ORDER BY Name LIMIT ${limit}`;
		const { records } = await queryAll(client, soql);
		return records.map((r) => ({ json: stripAttributes(r) as IDataObject, pairedItem: { item: i } }));
	}),
};
