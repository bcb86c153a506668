import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { validId } from '../params';
import type { OperationModule } from '../types';
import { aggregatesOf, type ReportResult } from '../report/reports';

/**
 * Dashboards (Reports and Dashboards REST API, `/analytics/dashboards`). Shapes follow Salesforce's developer
 * guide; what we could not check against a live org is marked "guess".
 */

const show = (operation: string[]) => ({ show: { resource: ['dashboard'], operation } });

/** A dashboard id: a valid Salesforce id with the Dashboard key prefix 01Z, checked before any call. */
export function dashboardIdParam(ctx: IExecuteFunctions, i: number): string {
	const id = validId(ctx.getNodeParameter('dashboardId', i, ''), i, 'Dashboard ID');
	if (!id.startsWith('01Z'))
		throw new SalesforceInputError(`Dashboard ID "${id}" is not a dashboard ID (dashboard IDs start with 01Z)`, {
			itemIndex: i,
			field: 'Dashboard ID',
		});
	return id;
}

interface ComponentMeta {
	id?: string;
	title?: string;
	header?: string | null;
	reportId?: string;
	type?: string;
	properties?: { visualizationType?: string };
}
interface ComponentData {
	componentId?: string;
	reportResult?: ReportResult & { groupingsDown?: { groupings?: Array<{ key?: string; label?: unknown; value?: unknown }> } };
	status?: { dataStatus?: string; refreshStatus?: string; refreshDate?: string; errorCode?: string | null; errorMessage?: string | null };
}
interface DashboardResult {
	componentData?: ComponentData[];
	dashboardMetadata?: { id?: string; name?: string; components?: ComponentMeta[] };
}

/** One item per component: its title, report, status and figures (grand total aggregates, first-level groups). */
function componentItems(result: DashboardResult): IDataObject[] {
	const meta = result.dashboardMetadata ?? {};
	const byId = new Map((meta.components ?? []).map((c) => [c.id, c]));
	return (result.componentData ?? []).map((data) => {
		const comp = byId.get(data.componentId) ?? {};
		const report = data.reportResult;
		const status = data.status ?? {};
		return {
			dashboardId: meta.id ?? null,
			dashboardName: meta.name ?? null,
			componentId: data.componentId ?? null,
			title: comp.title ?? comp.header ?? null,
			reportId: comp.reportId ?? null,
			visualizationType: comp.properties?.visualizationType ?? null,
			dataStatus: status.dataStatus ?? null,
			refreshStatus: status.refreshStatus ?? null,
			refreshDate: status.refreshDate ?? null,
			errorMessage: status.errorMessage ?? null,
			aggregates: report ? aggregatesOf(report) : {},
			groupings: (report?.groupingsDown?.groupings ?? []).map((g) => ({
				label: (g.label ?? null) as string | null,
				value: (g.value ?? null) as string | null,
				aggregates: aggregatesOf(report!, `${g.key}!T`),
			})),
		};
	});
}

const dashboardId = {
	displayName: 'Dashboard ID',
	name: 'dashboardId',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: '01Z…',
	description: 'The ID of the dashboard (starts with 01Z), from its URL in Salesforce or from Dashboard → List',
	displayOptions: show(['get', 'getMetadata', 'refresh', 'clone', 'update']),
};

/** Dashboard → Get: the latest results of every component (as of the last refresh). */
export const get: OperationModule = {
	description: [
		dashboardId,
		{
			displayName: 'Dashboard Options',
			name: 'dashboardOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show(['get']),
			options: [
				{
					displayName: 'Output',
					name: 'output',
					type: 'options',
					options: [
						{
							name: 'One Item per Component',
							value: 'components',
							description: 'Title, report, refresh status, totals and groups of each component',
						},
						{
							name: 'One Item With the Whole Response',
							value: 'raw',
							description: 'Component data and dashboard metadata as Salesforce returns them',
						},
					],
					default: 'components',
				},
			],
		},
	],
	execute: perItem(async function (i, client) {
		const id = dashboardIdParam(this, i);
		const options = this.getNodeParameter('dashboardOptions', i, {}) as IDataObject;
		const result = await client.request<DashboardResult>('GET', `/analytics/dashboards/${id}`);
		if (options.output === 'raw') return [{ json: result as IDataObject, pairedItem: { item: i } }];
		return componentItems(result).map((json) => ({ json, pairedItem: { item: i } }));
	}),
};

/** Dashboard → Refresh: asks Salesforce to refresh every component; the answer holds the status URL to poll. */
export const refresh: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = dashboardIdParam(this, i);
		// A refresh only re-runs the reports; repeating it is harmless, so a retry is safe.
		const result = await client.request<IDataObject>('PUT', `/analytics/dashboards/${id}`, { retry: 'safe' });
		return [{ json: { id, ...(result ?? {}) }, pairedItem: { item: i } }];
	}, 'write'),
};

/** Dashboard → Get Metadata: components, layout, filters and running user (`/describe`). */
export const getMetadata: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = dashboardIdParam(this, i);
		const json = await client.request<IDataObject>('GET', `/analytics/dashboards/${id}/describe`);
		return [{ json, pairedItem: { item: i } }];
	}),
};

/** Dashboard → List: the dashboards the user viewed most recently. */
export const list: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const dashboards = await client.request<IDataObject[]>('GET', '/analytics/dashboards');
		return (Array.isArray(dashboards) ? dashboards : []).map((json) => ({ json, pairedItem: { item: i } }));
	}),
};
