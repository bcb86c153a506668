import type { ResourceDef } from '../types';
import * as dashboardAuthoring from './dashboardAuthoring';
import * as dashboards from './dashboards';

/** Resource "Dashboard": dashboard data, metadata, refresh and authoring. */
export const dashboardResource: ResourceDef = {
	value: 'dashboard',
	name: 'Dashboard',
	description: 'Dashboard data, metadata and refresh',
	operations: [
		{
			value: 'clone',
			name: 'Clone',
			action: 'Clone a dashboard',
			description: 'Copy a dashboard, optionally into another folder',
			module: dashboardAuthoring.clone,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get dashboard results',
			description: 'Get the latest data and status of every component of a dashboard',
			module: dashboards.get,
		},
		{
			value: 'getMetadata',
			name: 'Get Metadata',
			action: 'Get dashboard metadata',
			description: "Get a dashboard's components, layout and filters",
			module: dashboards.getMetadata,
		},
		{
			value: 'list',
			name: 'List',
			action: 'List dashboards',
			description: 'List the dashboards viewed most recently',
			module: dashboards.list,
		},
		{
			value: 'refresh',
			name: 'Refresh',
			action: 'Refresh a dashboard',
			description: 'Ask Salesforce to refresh every component; returns the status URL',
			module: dashboards.refresh,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a dashboard',
			description: 'Save a new name or filters for a dashboard',
			module: dashboardAuthoring.update,
		},
	],
};
