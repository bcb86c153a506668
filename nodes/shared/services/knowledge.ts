import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { queryAll } from './query';
import { stripAttributes } from './records';
import { soqlString } from './soql';
import { escapeSosl, wholeNumber } from './sosl';

/**
 * Knowledge: published article versions (KnowledgeArticleVersion, PublishStatus 'Online') in one language, found
 * with SOSL or read with SOQL. Salesforce requires both filters on article-version queries. Lightning Knowledge
 * orgs also expose Knowledge__kav, with the article body in custom fields: those go in `extraFields`.
 */
export const ARTICLE_FIELDS = ['Id', 'KnowledgeArticleId', 'ArticleNumber', 'Title', 'Summary', 'UrlName', 'Language', 'LastPublishedDate'];

export async function searchArticles(client: SalesforceClient, text: string, language: string, limit: number): Promise<IDataObject[]> {
	const where = `PublishStatus = 'Online' AND Language = ${soqlString(language)}`;
	const sosl = `FIND {"${escapeSosl(text)}"} IN ALL FIELDS RETURNING KnowledgeArticleVersion(${ARTICLE_FIELDS.join(', ')} WHERE ${where}) LIMIT ${wholeNumber(limit, 'Limit')}`;
	const result = await client.request<{ searchRecords?: IDataObject[] }>('GET', '/search', { qs: { q: sosl } });
	return (result.searchRecords ?? []).map((r) => stripAttributes(r) as IDataObject);
}

/** The online version of an article, by version id (ka…) or article id (kA…); fields are validated by the caller. */
export async function getArticle(
	client: SalesforceClient,
	id: string,
	language: string,
	extraFields: string[],
): Promise<IDataObject | undefined> {
	const byVersion = id.startsWith('ka');
	const soql = `SELECT ${[...new Set([...ARTICLE_FIELDS, ...extraFields])].join(', ')} FROM KnowledgeArticleVersion WHERE PublishStatus = 'Online' AND Language = ${soqlString(language)} AND ${byVersion ? 'Id' : 'KnowledgeArticleId'} = ${soqlString(id)} LIMIT 1`;
	const { records } = await queryAll(client, soql);
	return records[0] ? (stripAttributes(records[0]) as IDataObject) : undefined;
}
