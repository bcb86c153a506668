import type { ResourceDef } from '../types';
import * as reportAuthoring from './reportAuthoring';
import * as reports from './reports';

/** Resource "Report": run, describe and author reports (Analytics REST API). */
export const reportResource: ResourceDef = {
	value: 'report',
	name: 'Report',
	description: 'Run and describe reports',
	operations: [
		{
			value: 'clone',
			name: 'Clone',
			action: 'Clone a report',
			description: 'Copy a report under a new name',
			module: reportAuthoring.clone,
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a report',
			description: 'Create a report from a report type, columns and optional filters and grouping',
			module: reportAuthoring.create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a report',
			description: 'Delete a report. Destructive.',
			module: reportAuthoring.remove,
		},
		{
			value: 'describe',
			name: 'Describe',
			action: 'Describe a report',
			description: "Get a report's metadata: columns, filters, groupings and report type",
			module: reports.describe,
		},
		{ value: 'list', name: 'List', action: 'List reports', description: 'List the reports viewed most recently', module: reports.list },
		{
			value: 'run',
			name: 'Run',
			action: 'Run a report',
			description: 'Run a report now (up to 2,000 detail rows), optionally with other filters; one item per row',
			module: reports.run,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a report',
			description: 'Save a new name, columns, filters or grouping for a report',
			module: reportAuthoring.update,
		},
	],
};
