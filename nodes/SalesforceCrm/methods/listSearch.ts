import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { describeGlobal, describeObject } from '../../shared/services/describe';
import { queryAll } from '../../shared/services/query';
import { escapeSoqlLike } from '../../shared/services/soql';
import { clientFor, currentObject } from './context';

/** Objects from global describe, filtered by label or API name. */
export async function searchObjects(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await clientFor(this);
	const needle = (filter ?? '').toLowerCase();
	const objects = (await describeGlobal(client))
		.filter((o) => o.queryable && !o.name.endsWith('ChangeEvent') && !o.name.endsWith('__e'))
		.filter((o) => !needle || o.name.toLowerCase().includes(needle) || o.label.toLowerCase().includes(needle))
		.sort((a, b) => a.label.localeCompare(b.label));
	return { results: objects.map((o) => ({ name: `${o.label} (${o.name})`, value: o.name })) };
}

/** The field that names a record of this object (Name, Subject, CaseNumber…). */
export function nameFieldOf(fields: Array<{ name: string; nameField?: boolean }>): string {
	const flagged = fields.find((f) => f.nameField);
	if (flagged) return flagged.name;
	for (const candidate of ['Name', 'Subject', 'CaseNumber', 'Title']) {
		if (fields.some((f) => f.name === candidate)) return candidate;
	}
	return 'Id';
}

/**
 * What the record list shows besides the name, and which records it leaves out, for the everyday objects: a
 * converted lead cannot be updated or converted again (CANNOT_UPDATE_CONVERTED_LEAD), so the lead list hides them.
 * Fields the org lacks are skipped.
 */
const LIST_DETAILS: Record<string, { fields: string[]; where?: { field: string; soql: string } }> = {
	Lead: { fields: ['Company', 'Status'], where: { field: 'IsConverted', soql: 'IsConverted = false' } },
	Opportunity: { fields: ['StageName', 'CloseDate'] },
	Contact: { fields: ['Email'] },
	Account: { fields: ['BillingCity'] },
	Case: { fields: ['Subject', 'Status'] },
	Task: { fields: ['Status', 'ActivityDate'] },
};

/** Records of the current object whose name contains the filter: a server-side SOQL search, 50 at a time. */
export async function searchRecords(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const object = currentObject(this);
	if (!object) return { results: [] };
	const client = await clientFor(this);
	const describe = await describeObject(client, object);
	const fields = describe.fields as Array<{ name: string; nameField?: boolean }>;
	const has = (name: string) => fields.some((f) => f.name === name);
	const nameField = nameFieldOf(fields);
	const details = LIST_DETAILS[object];
	const extra = (details?.fields ?? []).filter((f) => has(f) && f !== nameField);
	const conditions = [
		...(filter && nameField !== 'Id' ? [`${nameField} LIKE '%${escapeSoqlLike(filter)}%'`] : []),
		...(details?.where && has(details.where.field) ? [details.where.soql] : []),
	];
	// The token is ours (the next offset), echoed back by the editor: only a whole number 0–2000 goes into OFFSET.
	const token = Number(paginationToken ?? 0);
	const offset = Number.isInteger(token) && token > 0 && token <= 2000 ? token : 0;
	const select = [...new Set(['Id', nameField, ...extra])].join(', ');
	const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
	const soql = `SELECT ${select} FROM ${object}${where} ORDER BY ${nameField} LIMIT 50${offset ? ` OFFSET ${offset}` : ''}`;
	const { records } = await queryAll(client, soql, { max: 50 });
	return {
		results: records.map((r) => {
			const more = extra.map((f) => r[f]).filter((v) => v !== null && v !== undefined && v !== '');
			return {
				name: `${String(r[nameField] ?? r.Id)}${more.length ? ` — ${more.map(String).join(' · ')}` : ''}`,
				value: String(r.Id),
				url: `${client.instanceUrl}/lightning/r/${object}/${String(r.Id)}/view`,
			};
		}),
		paginationToken: records.length === 50 && offset + 50 <= 2000 ? String(offset + 50) : undefined,
	};
}
