import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';
import { checkedPerItem } from '../common';
import type { OperationModule } from '../types';
import { columnList, columnName, folderId, reportFilterMetadata, reportTypeName } from './filters';
import { reportIdParam } from './reports';

/**
 * Report authoring (Reports and Dashboards REST API): create and clone with POST /analytics/reports (a
 * reportMetadata body; `?cloneId=` copies a report), save changes with PATCH /analytics/reports/{id}, delete with
 * DELETE. Salesforce's guide: "Create a Report", "Clone a Report", "Save Changes to Reports", "Delete a Report"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/examples_analytics_rest_api_reports_intro.htm).
 * Every answer holds reportMetadata; the item is that metadata (id, name, columns, filters…).
 */

const show = (operation: string[]) => ({ show: { resource: ['report'], operation } });

/** Salesforce caps a report's name at 40 characters. */
function reportName(value: unknown, i: number, field = 'Report Name'): string {
	const name = String(value ?? '').trim();
	if (!name) throw new SalesforceInputError(`${field} is empty`, { itemIndex: i, field });
	if (name.length > 40)
		throw new SalesforceInputError(`${field} is ${name.length} characters long; Salesforce allows 40`, { itemIndex: i, field });
	return name;
}

const grouping = (name: string) => [{ name, sortOrder: 'Asc', dateGranularity: 'None' }];

const filterProps: INodeProperties[] = [
	{
		displayName: 'Filter Logic',
		name: 'booleanFilter',
		type: 'string',
		default: '',
		placeholder: '1 AND (2 OR 3)',
		description: 'Boolean logic over the numbered filters (reportBooleanFilter)',
	},
	{
		displayName: 'Filters (JSON)',
		name: 'filtersJson',
		type: 'json',
		default: '',
		placeholder: '[{"column": "STAGE_NAME", "operator": "equals", "value": "Prospecting"}]',
		description:
			"The report's filters: an array of {column, operator, value}; operators such as equals, notEqual, greaterThan, contains, startsWith",
	},
	{
		displayName: 'Group By Column',
		name: 'groupBy',
		type: 'string',
		default: '',
		placeholder: 'STAGE_NAME',
		description: 'A column API name to group rows by (makes a summary report); empty for a tabular report',
	},
];

function readMetadata(ctx: IExecuteFunctions, i: number, collection: string): IDataObject {
	const o = ctx.getNodeParameter(collection, i, {}) as IDataObject;
	const metadata: IDataObject = { ...(reportFilterMetadata(o.filtersJson, String(o.booleanFilter ?? ''), i) ?? {}) };
	if (o.name !== undefined) metadata.name = reportName(o.name, i, 'Name');
	if (o.columns !== undefined) metadata.detailColumns = columnList(o.columns, i, 'Columns');
	if (String(o.groupBy ?? '').trim()) {
		metadata.groupingsDown = grouping(columnName(o.groupBy, i, 'Group By Column'));
		metadata.reportFormat = 'SUMMARY';
	}
	const folder = folderId(o.folderId, i);
	if (folder) metadata.folderId = folder;
	return metadata;
}

const metadataOf = (res: IDataObject | undefined) => ((res?.reportMetadata as IDataObject | undefined) ?? res ?? {}) as IDataObject;

/** Report → Create: a tabular (or, grouped, summary) report of a report type with the given columns. */
export const create: OperationModule = {
	description: [
		{
			displayName: 'Report Name',
			name: 'reportName',
			type: 'string',
			default: '',
			required: true,
			description: 'The name of the new report (at most 40 characters)',
			displayOptions: show(['create', 'clone']),
		},
		{
			displayName: 'Report Type',
			name: 'reportType',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Opportunity',
			description: "The report type's API name (reportType.type in Report → Describe), e.g. Opportunity or LeadList",
			displayOptions: show(['create']),
		},
		{
			displayName: 'Columns',
			name: 'reportColumns',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'OPPORTUNITY_NAME, STAGE_NAME, AMOUNT',
			description: 'Detail column API names, comma-separated, in order',
			displayOptions: show(['create']),
		},
		{
			displayName: 'Report Options',
			name: 'reportCreateOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show(['create']),
			options: [
				...filterProps,
				{
					displayName: 'Folder ID',
					name: 'folderId',
					type: 'string',
					default: '',
					placeholder: '00l…',
					description: 'The report folder to save in (default: my private reports)',
				},
			],
		},
	],
	execute: checkedPerItem(
		function (i) {
			const name = reportName(this.getNodeParameter('reportName', i, ''), i);
			const type = reportTypeName(this.getNodeParameter('reportType', i, ''), i);
			const detailColumns = columnList(this.getNodeParameter('reportColumns', i, ''), i, 'Columns');
			return { reportFormat: 'TABULAR', ...readMetadata(this, i, 'reportCreateOptions'), name, reportType: { type }, detailColumns };
		},
		async function (i, reportMetadata, client) {
			const res = await client.request<IDataObject>('POST', '/analytics/reports', { body: { reportMetadata } });
			return [{ json: metadataOf(res), pairedItem: { item: i } }];
		},
		'write',
	),
};

/** Report → Clone: a copy of a report under a new name (POST /analytics/reports?cloneId=…). */
export const clone: OperationModule = {
	description: [],
	execute: checkedPerItem(
		function (i) {
			return { id: reportIdParam(this, i), name: reportName(this.getNodeParameter('reportName', i, ''), i) };
		},
		async function (i, { id, name }, client) {
			const res = await client.request<IDataObject>('POST', '/analytics/reports', {
				qs: { cloneId: id },
				body: { reportMetadata: { name } },
			});
			return [{ json: { ...metadataOf(res), clonedFrom: id }, pairedItem: { item: i } }];
		},
		'write',
	),
};

/** Report → Update: saves a new name, columns, filters or grouping (PATCH, only what is given). */
export const update: OperationModule = {
	description: [
		{
			displayName: 'Update Fields',
			name: 'reportUpdateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show(['update']),
			options: [
				{
					displayName: 'Columns',
					name: 'columns',
					type: 'string',
					default: '',
					placeholder: 'OPPORTUNITY_NAME, AMOUNT',
					description: 'The new detail column API names, comma-separated (replaces the columns)',
				},
				...filterProps,
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new report name (at most 40 characters)' },
			],
		},
	],
	execute: checkedPerItem(
		function (i) {
			const id = reportIdParam(this, i);
			const reportMetadata = readMetadata(this, i, 'reportUpdateFields');
			if (!Object.keys(reportMetadata).length)
				throw new SalesforceInputError('Update Fields is empty: add a name, columns or filters to change', {
					itemIndex: i,
					field: 'Update Fields',
				});
			return { id, reportMetadata };
		},
		async function (i, { id, reportMetadata }, client) {
			// Saving the same metadata twice leaves the same report: a retry is safe.
			const res = await client.request<IDataObject>('PATCH', `/analytics/reports/${id}`, { body: { reportMetadata }, retry: 'safe' });
			return [{ json: metadataOf(res), pairedItem: { item: i } }];
		},
		'write',
	),
};

/** Report → Delete: removes the report (to the recycle bin). */
export const remove: OperationModule = {
	description: [],
	execute: checkedPerItem(
		function (i) {
			return reportIdParam(this, i);
		},
		async function (i, id, client) {
			await client.request('DELETE', `/analytics/reports/${id}`);
			return [{ json: { id, success: true }, pairedItem: { item: i } }];
		},
		'write',
	),
};
