import type { IExecuteFunctions } from 'n8n-workflow';

import { getArticle, searchArticles } from '../../../shared/services/knowledge';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { fieldListParam, intParam, validId } from '../params';
import type { OperationModule } from '../types';

const show = (operation: string[]) => ({ show: { resource: ['knowledge'], operation } });

function language(ctx: IExecuteFunctions, i: number): string {
	const value = String(ctx.getNodeParameter('language', i, 'en_US') ?? '').trim();
	if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(value))
		throw new SalesforceInputError(`Language "${value}" is not a locale code such as en_US or fr`, { itemIndex: i, field: 'Language' });
	return value;
}

export const search: OperationModule = {
	description: [
		{
			displayName: 'Keywords',
			name: 'keywords',
			type: 'string',
			default: '',
			required: true,
			description: 'Words to find in published articles (searched literally)',
			displayOptions: show(['search']),
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: 'en_US',
			description: 'Article language (locale code)',
			displayOptions: show(['search', 'getArticle']),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: show(['search']),
		},
	],
	execute: perItem(async function (i, client) {
		const text = String(this.getNodeParameter('keywords', i, '')).trim();
		if (text.length < 2) throw new SalesforceInputError('Keywords need at least 2 characters', { itemIndex: i, field: 'Keywords' });
		const records = await searchArticles(client, text, language(this, i), intParam(this, i, 'limit', 'Limit', 50));
		return records.map((json) => ({ json, pairedItem: { item: i } }));
	}),
};

export const get: OperationModule = {
	description: [
		{
			displayName: 'Article ID',
			name: 'articleId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'kA0XXXXXXXXXXXXXXX or ka0XXXXXXXXXXXXXXX',
			description: 'Article ID or article version ID',
			displayOptions: show(['getArticle']),
		},
		{
			displayName: 'Additional Fields',
			name: 'articleFields',
			type: 'string',
			default: '',
			placeholder: 'Body__c',
			description: 'Comma-separated fields of your article type to return too, such as the body field',
			displayOptions: show(['getArticle']),
		},
	],
	execute: perItem(async function (i, client) {
		const id = validId(this.getNodeParameter('articleId', i, ''), i, 'Article ID');
		const fields = fieldListParam(this, i, 'articleFields', 'Additional Fields');
		const article = await getArticle(client, id, language(this, i), fields);
		if (!article)
			throw new SalesforceInputError(`No published article ${id} in ${language(this, i)}`, { itemIndex: i, field: 'Article ID' });
		return [{ json: article, pairedItem: { item: i } }];
	}),
};
