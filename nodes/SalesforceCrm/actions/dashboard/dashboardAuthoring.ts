import type { IDataObject } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';
import { checkedPerItem } from '../common';
import type { OperationModule } from '../types';
import { dashboardIdParam } from './dashboards';
import { dashboardFilters, folderId } from '../report/filters';

/**
 * Dashboard authoring (Reports and Dashboards REST API): "Clone a Dashboard" (POST /analytics/dashboards?cloneId=…,
 * body {folderId}) and "Save a Dashboard" (PATCH /analytics/dashboards/{id}, body {dashboardMetadata: {…}}), see
 * https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_clone_dashboard.htm
 * and https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_save_dashboard.htm. Items are the dashboard's metadata (id, name, filters…).
 */

const show = (operation: string[]) => ({ show: { resource: ['dashboard'], operation } });

/** Dashboard → Clone: a copy of the dashboard, in the same folder or another one. */
export const clone: OperationModule = {
	description: [
		{
			displayName: 'Folder ID',
			name: 'dashboardFolderId',
			type: 'string',
			default: '',
			placeholder: '00l…',
			description: 'The dashboard folder for the copy (empty: the same folder as the original)',
			displayOptions: show(['clone']),
		},
	],
	execute: checkedPerItem(
		function (i) {
			return { id: dashboardIdParam(this, i), folder: folderId(this.getNodeParameter('dashboardFolderId', i, ''), i) };
		},
		async function (i, { id, folder }, client) {
			const res = await client.request<IDataObject>('POST', '/analytics/dashboards', {
				qs: { cloneId: id },
				body: folder ? { folderId: folder } : {},
			});
			return [{ json: { ...(res ?? {}), clonedFrom: id }, pairedItem: { item: i } }];
		},
		'write',
	),
};

/** Dashboard → Update: saves a new name and/or filters; the answer's dashboardMetadata is the item. */
export const update: OperationModule = {
	description: [
		{
			displayName: 'Update Fields',
			name: 'dashboardUpdateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show(['update']),
			options: [
				{
					displayName: 'Filters (JSON)',
					name: 'filtersJson',
					type: 'json',
					default: '',
					placeholder: '[{"name": "Stage", "options": [{"operation": "equals", "value": "Prospecting"}]}]',
					description: 'The dashboard filters (replaces them): an array of {name, options: [{operation, value}]}',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new dashboard name (at most 80 characters)' },
			],
		},
	],
	execute: checkedPerItem(
		function (i) {
			const id = dashboardIdParam(this, i);
			const fields = this.getNodeParameter('dashboardUpdateFields', i, {}) as IDataObject;
			const dashboardMetadata: IDataObject = {};
			if (fields.name !== undefined) {
				const name = String(fields.name ?? '').trim();
				if (!name || name.length > 80)
					throw new SalesforceInputError(`Name must be 1 to 80 characters (got ${name.length})`, { itemIndex: i, field: 'Name' });
				dashboardMetadata.name = name;
			}
			const filters = dashboardFilters(fields.filtersJson, i);
			if (filters) dashboardMetadata.filters = filters;
			if (!Object.keys(dashboardMetadata).length)
				throw new SalesforceInputError('Update Fields is empty: add a name or filters to change', { itemIndex: i, field: 'Update Fields' });
			return { id, dashboardMetadata };
		},
		async function (i, { id, dashboardMetadata }, client) {
			const res = await client.request<IDataObject>('PATCH', `/analytics/dashboards/${id}`, { body: { dashboardMetadata }, retry: 'safe' });
			return [{ json: ((res?.dashboardMetadata as IDataObject | undefined) ?? res ?? { id }) as IDataObject, pairedItem: { item: i } }];
		},
		'write',
	),
};
