import * as dashboardAuthoring from './dashboard/dashboardAuthoring';
import * as dashboards from './dashboard/dashboards';
import * as reportAuthoring from './report/reportAuthoring';
import * as reports from './report/reports';
import * as bulk from './bulk/bulk';
import * as cdc from './changeDataCapture/cdc';
import { graphAndBatchOperations } from './composite/composite.operations';
import * as composite from './composite/composite';
import * as files from './file/files';
import type { OperationDef, ResourceDef } from './registry';

/** Resources and extra operations for platform operations (Bulk API 2.0, Composite, Platform Event publish, files, reports), merged into registry.ts. */
export const platformResources: ResourceDef[] = [
	{
		value: 'bulk',
		name: 'Bulk (API 2.0)',
		operations: [
			{ value: 'delete', name: 'Delete', action: 'Bulk delete records', description: 'Delete many records in one Bulk API 2.0 job (thousands to millions)', module: bulk.remove },
			{ value: 'getJob', name: 'Get Job', action: 'Get a bulk job', description: 'Get the state and counts of a Bulk API 2.0 job', module: bulk.getJobOp },
			{ value: 'getResults', name: 'Get Results', action: 'Get bulk job results', description: 'Get the successful, failed and unprocessed rows of an ingest job, or the rows of a query job', module: bulk.getResultsOp },
			{ value: 'insert', name: 'Insert', action: 'Bulk insert records', description: 'Create many records in one Bulk API 2.0 job; one result per item, in input order', module: bulk.insert },
			{ value: 'query', name: 'Query', action: 'Run a bulk SOQL query', description: 'Run a SOQL query as a Bulk API 2.0 job and stream its rows page by page', module: bulk.query },
			{ value: 'update', name: 'Update', action: 'Bulk update records', description: 'Update many records by ID in one Bulk API 2.0 job', module: bulk.update },
			{ value: 'upsert', name: 'Create or Update', action: 'Bulk create or update records', description: 'Create a new record, or update the current one if it already exists (upsert)', module: bulk.upsert },
		],
	},
	{
		value: 'changeDataCapture',
		name: 'Change Data Capture',
		operations: [
			{ value: 'listSelection', name: 'List Selection', action: 'List objects selected for change data capture', description: 'List the objects whose changes Salesforce publishes as change events', module: cdc.listSelection },
			{ value: 'removeSelection', name: 'Remove Selection', action: 'Remove objects from change data capture', description: 'Stop publishing change events for objects (e.g. those a trigger selected on activation). Affects every subscriber.', module: cdc.removeSelection },
		],
	},
	{
		value: 'composite',
		name: 'Composite',
		operations: [
			{ value: 'execute', name: 'Execute', action: 'Execute composite sub-requests', description: 'Run up to 25 REST sub-requests in one call, with @{ref} references and an all-or-none option', module: composite.execute },
			{ value: 'tree', name: 'Create Tree', action: 'Create a record tree', description: 'Create parent records with their children (sObject Tree) in one call, all or none', module: composite.tree },
			...graphAndBatchOperations,
		].sort((a, b) => a.name.localeCompare(b.name)),
	},
	{
		value: 'platformEvent',
		name: 'Platform Event',
		operations: [
			{ value: 'publish', name: 'Publish', action: 'Publish a platform event', description: 'Publish one event per item, 25 per call', module: composite.publish },
		],
	},
	{
		value: 'file',
		name: 'File',
		operations: [
			{ value: 'download', name: 'Download', action: 'Download a file', description: 'Download the latest version of a Salesforce File into binary data', module: files.download },
			{ value: 'list', name: 'List', action: 'List files of a record', description: 'List the files linked to a record', module: files.list },
			{ value: 'upload', name: 'Upload', action: 'Upload a file', description: 'Upload binary data as a Salesforce File (ContentVersion) linked to a record', module: files.upload },
		],
	},
	{
		value: 'attachment',
		name: 'Attachment',
		operations: [
			{ value: 'create', name: 'Create', action: 'Create an attachment', description: 'Attach binary data to a record (classic Attachment)', module: files.attachmentCreate },
			{ value: 'download', name: 'Download', action: 'Download an attachment', description: 'Download an attachment body into binary data', module: files.attachmentDownload },
			{ value: 'get', name: 'Get', action: 'Get an attachment', description: 'Get an attachment\'s details', module: files.attachmentGet },
		],
	},
	{
		value: 'report',
		name: 'Report',
		operations: [
			{ value: 'clone', name: 'Clone', action: 'Clone a report', description: 'Copy a report under a new name', module: reportAuthoring.clone },
			{ value: 'create', name: 'Create', action: 'Create a report', description: 'Create a report from a report type, columns and optional filters and grouping', module: reportAuthoring.create },
			{ value: 'delete', name: 'Delete', action: 'Delete a report', description: 'Delete a report. Destructive.', module: reportAuthoring.remove },
			{ value: 'describe', name: 'Describe', action: 'Describe a report', description: 'Get a report\'s metadata: columns, filters, groupings and report type', module: reports.describe },
			{ value: 'list', name: 'List', action: 'List reports', description: 'List the reports viewed most recently', module: reports.list },
			{ value: 'run', name: 'Run', action: 'Run a report', description: 'Run a report now (up to 2,000 detail rows), optionally with other filters; one item per row', module: reports.run },
			{ value: 'update', name: 'Update', action: 'Update a report', description: 'Save a new name, columns, filters or grouping for a report', module: reportAuthoring.update },
		],
	},
	{
		value: 'dashboard',
		name: 'Dashboard',
		operations: [
			{ value: 'clone', name: 'Clone', action: 'Clone a dashboard', description: 'Copy a dashboard, optionally into another folder', module: dashboardAuthoring.clone },
			{ value: 'get', name: 'Get', action: 'Get dashboard results', description: 'Get the latest data and status of every component of a dashboard', module: dashboards.get },
			{ value: 'getMetadata', name: 'Get Metadata', action: 'Get dashboard metadata', description: 'Get a dashboard\'s components, layout and filters', module: dashboards.getMetadata },
			{ value: 'list', name: 'List', action: 'List dashboards', description: 'List the dashboards viewed most recently', module: dashboards.list },
			{ value: 'refresh', name: 'Refresh', action: 'Refresh a dashboard', description: 'Ask Salesforce to refresh every component; returns the status URL', module: dashboards.refresh },
			{ value: 'update', name: 'Update', action: 'Update a dashboard', description: 'Save a new name or filters for a dashboard', module: dashboardAuthoring.update },
		],
	},
];

/** Extra operations for existing object resources, by resource value (e.g. opportunity → Add Product). */
export const platformExtraOperations: Record<string, OperationDef[]> = {};
