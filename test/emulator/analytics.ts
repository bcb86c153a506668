/**
 * Reports and Dashboards REST API (`/analytics/...`), synchronous runs only. Shapes follow Salesforce's
 * "Reports and Dashboards REST API Developer Guide" as remembered; where a detail is a guess it says so.
 *
 * A report here is a stored definition (report type object, detail columns, filters, optional one-level
 * grouping) evaluated as a real SOQL query through the emulator's own engine, so records a test creates show
 * up in the report rows. Two demo reports and one dashboard are seeded per org on first use.
 */
import type { ApiCtx, Route } from './rest';
import { ok, parseJson } from './rest';
import { normalizeId } from './ids';
import type { Fields, OrgStore } from './store';
import { sfDateTime } from './store';
import { type Resp, SfError } from './types';

type DataType = 'string' | 'picklist' | 'currency' | 'date' | 'double' | 'int' | 'id' | 'boolean';
export interface Column {
	name: string;
	label: string;
	dataType: DataType;
	field: string;
	valueField?: string;
}
export interface Filter {
	column: string;
	operator: string;
	value: string;
	isRunPageEditable?: boolean;
}
export interface ReportDef {
	id: string;
	/** The report type's API name (reportType.type): Opportunity, LeadList. */
	type: string;
	name: string;
	developerName: string;
	object: string;
	typeLabel: string;
	columns: Column[];
	detailColumns: string[];
	filters: Filter[];
	booleanFilter: string | null;
	groupingsDown: string[];
	aggregates: string[];
	orderBy: string;
	folderId?: string | null;
}
export interface Component {
	id: string;
	reportId: string;
	title: string;
	visualizationType: string;
}
export interface DashboardDef {
	id: string;
	name: string;
	developerName: string;
	components: Component[];
	refreshDate: string;
	folderId: string | null;
	filters: Fields[];
}
interface Org {
	reports: Map<string, ReportDef>;
	dashboards: Map<string, DashboardDef>;
}

const orgs = new WeakMap<OrgStore, Org>();

const OPP_COLUMNS: Column[] = [
	{ name: 'OPPORTUNITY_NAME', label: 'Opportunity Name', dataType: 'string', field: 'Name', valueField: 'Id' },
	{ name: 'ACCOUNT_NAME', label: 'Account Name', dataType: 'string', field: 'Account.Name', valueField: 'AccountId' },
	{ name: 'STAGE_NAME', label: 'Stage', dataType: 'picklist', field: 'StageName' },
	{ name: 'AMOUNT', label: 'Amount', dataType: 'currency', field: 'Amount' },
	{ name: 'CLOSE_DATE', label: 'Close Date', dataType: 'date', field: 'CloseDate' },
];
const LEAD_COLUMNS: Column[] = [
	{ name: 'FULL_NAME', label: 'Name', dataType: 'string', field: 'Name', valueField: 'Id' },
	{ name: 'COMPANY', label: 'Company', dataType: 'string', field: 'Company' },
	{ name: 'STATUS', label: 'Lead Status', dataType: 'picklist', field: 'Status' },
	{ name: 'LEAD_SOURCE', label: 'Lead Source', dataType: 'picklist', field: 'LeadSource' },
	{ name: 'EMAIL', label: 'Email', dataType: 'string', field: 'Email' },
];

/** The report types the emulator models: API name → object, label, columns and row order. */
export const REPORT_TYPES: Record<string, { object: string; label: string; columns: Column[]; orderBy: string }> = {
	Opportunity: { object: 'Opportunity', label: 'Opportunities', columns: OPP_COLUMNS, orderBy: 'CloseDate ASC NULLS LAST, Name ASC' },
	LeadList: { object: 'Lead', label: 'Leads', columns: LEAD_COLUMNS, orderBy: 'Company ASC, Name ASC' },
};

export function orgOf(c: ApiCtx): Org {
	let org = orgs.get(c.store);
	if (org) return org;
	const ids = c.store.ids;
	const report = (d: Omit<ReportDef, 'id'>): ReportDef => ({ id: ids.next('00O'), ...d });
	const pipeline = report({
		name: 'Opportunity Pipeline',
		developerName: 'Opportunity_Pipeline',
		type: 'Opportunity',
		object: 'Opportunity',
		typeLabel: 'Opportunities',
		columns: OPP_COLUMNS,
		detailColumns: OPP_COLUMNS.map((col) => col.name),
		filters: [],
		booleanFilter: null,
		groupingsDown: [],
		aggregates: ['s!AMOUNT', 'RowCount'],
		orderBy: 'CloseDate ASC NULLS LAST, Name ASC',
	});
	const byStage = report({
		name: 'Opportunities by Stage',
		developerName: 'Opportunities_by_Stage',
		type: 'Opportunity',
		object: 'Opportunity',
		typeLabel: 'Opportunities',
		columns: OPP_COLUMNS,
		detailColumns: ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'AMOUNT', 'CLOSE_DATE'],
		filters: [],
		booleanFilter: null,
		groupingsDown: ['STAGE_NAME'],
		aggregates: ['s!AMOUNT', 'RowCount'],
		orderBy: 'Name ASC',
	});
	const openLeads = report({
		name: 'Open Leads',
		developerName: 'Open_Leads',
		type: 'LeadList',
		object: 'Lead',
		typeLabel: 'Leads',
		columns: LEAD_COLUMNS,
		detailColumns: LEAD_COLUMNS.map((col) => col.name),
		filters: [{ column: 'STATUS', operator: 'notEqual', value: 'Closed - Converted,Closed - Not Converted', isRunPageEditable: true }],
		booleanFilter: null,
		groupingsDown: [],
		aggregates: ['RowCount'],
		orderBy: 'Company ASC, Name ASC',
	});
	const dashboard: DashboardDef = {
		id: ids.next('01Z'),
		name: 'Sales Overview',
		developerName: 'Sales_Overview',
		refreshDate: sfDateTime(c.store.now()),
		folderId: null,
		filters: [],
		components: [
			{ id: ids.next('01a'), reportId: byStage.id, title: 'Pipeline by Stage', visualizationType: 'Bar' },
			{ id: ids.next('01a'), reportId: pipeline.id, title: 'Total Pipeline', visualizationType: 'Metric' },
			{ id: ids.next('01a'), reportId: openLeads.id, title: 'Open Leads', visualizationType: 'Table' },
		],
	};
	org = { reports: new Map([pipeline, byStage, openLeads].map((r) => [r.id, r])), dashboards: new Map([[dashboard.id, dashboard]]) };
	orgs.set(c.store, org);
	return org;
}

export function reportOf(c: ApiCtx, raw: string): ReportDef {
	const id = normalizeId(raw);
	const r = id ? orgOf(c).reports.get(id) : undefined;
	// Wording guessed: Salesforce answers 404 NOT_FOUND for an unknown report id.
	if (!r) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
	return r;
}
export function dashboardOf(c: ApiCtx, raw: string): DashboardDef {
	const id = normalizeId(raw);
	const d = id ? orgOf(c).dashboards.get(id) : undefined;
	if (!d) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
	return d;
}

export const base = (c: ApiCtx) => `/services/data/v${c.version}/analytics`;

// ---------- report metadata ----------
export function metadata(r: ReportDef, filters = r.filters, booleanFilter = r.booleanFilter): Fields {
	return {
		aggregates: r.aggregates,
		currency: null,
		description: null,
		detailColumns: r.detailColumns,
		developerName: r.developerName,
		groupingsAcross: [],
		groupingsDown: r.groupingsDown.map((name) => ({ dateGranularity: 'None', name, sortAggregate: null, sortOrder: 'Asc' })),
		hasDetailRows: true,
		hasRecordCount: true,
		historicalSnapshotDates: [],
		id: r.id,
		name: r.name,
		reportBooleanFilter: booleanFilter,
		reportFilters: filters.map((f) => ({
			column: f.column,
			filterType: 'fieldValue',
			isRunPageEditable: f.isRunPageEditable ?? true,
			operator: f.operator,
			value: f.value,
		})),
		reportFormat: r.groupingsDown.length ? 'SUMMARY' : 'TABULAR',
		reportType: { label: r.typeLabel, type: r.type },
		scope: 'organization',
		showGrandTotal: true,
		showSubtotals: true,
		sortBy: [],
		standardDateFilter: {
			column: r.object === 'Opportunity' ? 'CLOSE_DATE' : 'CREATED_DATE',
			durationValue: 'CUSTOM',
			endDate: null,
			startDate: null,
		},
		standardFilters: null,
	};
}

export function extendedMetadata(r: ReportDef): Fields {
	const col = (name: string) => r.columns.find((x) => x.name === name)!;
	const aggregateColumnInfo: Fields = {};
	for (const a of r.aggregates) {
		aggregateColumnInfo[a] =
			a === 'RowCount'
				? { acrossGroupingContext: null, dataType: 'int', downGroupingContext: null, label: 'Record Count' }
				: {
						acrossGroupingContext: null,
						dataType: col(a.slice(2)).dataType,
						downGroupingContext: null,
						label: `Sum of ${col(a.slice(2)).label}`,
					};
	}
	return {
		aggregateColumnInfo,
		detailColumnInfo: Object.fromEntries(r.detailColumns.map((n) => [n, { dataType: col(n).dataType, label: col(n).label }])),
		groupingColumnInfo: Object.fromEntries(
			r.groupingsDown.map((n, depth) => [n, { dataType: col(n).dataType, groupingLevel: depth, label: col(n).label }]),
		),
	};
}

// ---------- running a report ----------
const OPS: Record<string, string> = {
	equals: '=',
	notEqual: '!=',
	lessThan: '<',
	greaterThan: '>',
	lessOrEqual: '<=',
	greaterOrEqual: '>=',
};
const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function literal(col: Column, v: string): string {
	const t = v.trim();
	if (col.dataType === 'currency' || col.dataType === 'double' || col.dataType === 'int') {
		if (!/^-?\d+(\.\d+)?$/.test(t)) throw new SfError('BAD_REQUEST', `Invalid value specified: ${v}.`); // wording guessed
		return t;
	}
	if (col.dataType === 'date') {
		// ISO dates and relative literals (THIS_YEAR, LAST_N_DAYS:30) as Salesforce's report filters take them.
		if (!/^(\d{4}-\d{2}-\d{2}|[A-Z_]+(:\d+)?)$/.test(t)) throw new SfError('BAD_REQUEST', `Invalid value specified: ${v}.`);
		return t;
	}
	if (col.dataType === 'boolean') return /^(true|1)$/i.test(t) ? 'true' : 'false';
	return quote(v);
}

function condition(r: ReportDef, f: Filter): string {
	if (!f || typeof f !== 'object' || typeof f.column !== 'string')
		throw new SfError('BAD_REQUEST', 'A report filter needs a column, an operator and a value.'); // wording guessed
	const col = r.columns.find((x) => x.name === f.column);
	if (!col) throw new SfError('BAD_REQUEST', `The column ${f.column} is invalid. Specify a valid column name.`); // wording guessed
	const value = String(f.value ?? '');
	const escaped = value
		.replace(/\\/g, '\\\\')
		.replace(/'/g, "\\'")
		.replace(/[%_]/g, (m) => `\\${m}`);
	switch (f.operator) {
		case 'equals':
		case 'notEqual': {
			// Comma-separated values mean "any of" (Salesforce's report filter convention).
			const values = value.split(',').map((v) => v.trim());
			if (value === '') return f.operator === 'equals' ? `${col.field} = null` : `${col.field} != null`;
			if (values.length > 1)
				return `${col.field} ${f.operator === 'equals' ? 'IN' : 'NOT IN'} (${values.map((v) => literal(col, v)).join(', ')})`;
			return `${col.field} ${OPS[f.operator]} ${literal(col, value)}`;
		}
		case 'lessThan':
		case 'greaterThan':
		case 'lessOrEqual':
		case 'greaterOrEqual':
			return `${col.field} ${OPS[f.operator]} ${literal(col, value)}`;
		case 'contains':
			return `${col.field} LIKE ${`'%${escaped}%'`}`;
		case 'notContain':
			return `(NOT ${col.field} LIKE ${`'%${escaped}%'`})`;
		case 'startsWith':
			return `${col.field} LIKE ${`'${escaped}%'`}`;
		default:
			throw new SfError('BAD_REQUEST', `The operator ${String(f.operator)} is invalid for the column ${f.column}.`); // wording guessed
	}
}

export function whereClause(r: ReportDef, filters: Filter[], booleanFilter: string | null): string {
	if (!filters.length) return '';
	const conds = filters.map((f) => condition(r, f));
	if (!booleanFilter) return ` WHERE ${conds.map((x) => `(${x})`).join(' AND ')}`;
	if (!/^[\d\s()]*(?:(AND|OR|NOT)[\d\s()]*)*$/i.test(booleanFilter))
		throw new SfError('BAD_REQUEST', `The filter logic ${booleanFilter} is invalid.`); // wording guessed
	const expr = booleanFilter.replace(/\d+/g, (n) => {
		const x = conds[Number(n) - 1];
		if (!x) throw new SfError('BAD_REQUEST', `The filter logic references filter ${n}, which does not exist.`);
		return `(${x})`;
	});
	return ` WHERE ${expr}`;
}

function path(rec: Fields, field: string): unknown {
	return field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Fields)[k] : null), rec);
}

const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function cell(col: Column, rec: Fields): { label: string; value: unknown } {
	const raw = path(rec, col.field);
	if (raw === null || raw === undefined) return col.dataType === 'currency' ? { label: '-', value: null } : { label: '-', value: null };
	if (col.dataType === 'currency') return { label: money(Number(raw)), value: { amount: Number(raw), currency: null } };
	if (col.dataType === 'date') {
		const [y, m, d] = String(raw).split('-').map(Number);
		return { label: `${m}/${d}/${y}`, value: String(raw) };
	}
	return { label: String(raw), value: col.valueField ? path(rec, col.valueField) : raw };
}

function aggregatesOf(r: ReportDef, recs: Fields[]) {
	return r.aggregates.map((a) => {
		if (a === 'RowCount') return { label: String(recs.length), value: recs.length };
		const col = r.columns.find((x) => x.name === a.slice(2))!;
		const sum = recs.reduce((s, rec) => s + Number(path(rec, col.field) ?? 0), 0);
		return { label: money(sum), value: sum };
	});
}

interface Overrides {
	reportFilters?: Filter[];
	reportBooleanFilter?: string | null;
}

/** Runs the report: one SOQL query (filters as WHERE), then rows, groupings and aggregates as Salesforce lays them out. */
function run(c: ApiCtx, r: ReportDef, includeDetails: boolean, over: Overrides = {}): Fields {
	const filters = over.reportFilters ?? r.filters;
	if (!Array.isArray(filters)) throw new SfError('BAD_REQUEST', 'reportFilters must be an array.'); // wording guessed
	const booleanFilter = over.reportBooleanFilter === undefined ? r.booleanFilter : over.reportBooleanFilter;
	const fields = [...new Set(r.columns.flatMap((col) => [col.field, col.valueField ?? col.field]))];
	const soql = `SELECT ${fields.join(', ')} FROM ${r.object}${whereClause(r, filters, booleanFilter)} ORDER BY ${r.orderBy}`;
	const all = c.store.query(soql);
	// Synchronous runs return at most 2,000 detail rows; allData says whether all were returned.
	const recs = all.slice(0, 2000);
	const detail = (list: Fields[]) =>
		includeDetails
			? list.map((rec) => ({
					dataCells: r.detailColumns.map((n) =>
						cell(
							r.columns.find((x) => x.name === n)!,
							rec,
						),
					),
				}))
			: [];
	const factMap: Fields = {};
	const groupings: Fields[] = [];
	if (r.groupingsDown.length) {
		const col = r.columns.find((x) => x.name === r.groupingsDown[0])!;
		const groups = new Map<string, Fields[]>();
		for (const rec of recs) {
			const key = String(path(rec, col.field) ?? '');
			groups.set(key, [...(groups.get(key) ?? []), rec]);
		}
		[...groups.keys()].sort().forEach((value, k) => {
			const list = groups.get(value)!;
			groupings.push({ groupings: [], key: String(k), label: value || '-', value: value || null });
			factMap[`${k}!T`] = { aggregates: aggregatesOf(r, list), rows: detail(list) };
		});
		// Guess: a summary report's grand total carries aggregates only, its rows sit under each grouping key.
		factMap['T!T'] = { aggregates: aggregatesOf(r, recs), rows: [] };
	} else {
		factMap['T!T'] = { aggregates: aggregatesOf(r, recs), rows: detail(recs) };
	}
	return {
		attributes: {
			describeUrl: `${base(c)}/reports/${r.id}/describe`,
			instancesUrl: `${base(c)}/reports/${r.id}/instances`,
			reportId: r.id,
			reportName: r.name,
			type: 'Report',
		},
		allData: all.length <= 2000,
		factMap,
		groupingsAcross: { groupings: [] },
		groupingsDown: { groupings },
		hasDetailRows: includeDetails,
		reportExtendedMetadata: extendedMetadata(r),
		reportMetadata: metadata(r, filters, booleanFilter),
	};
}

function runRoute(c: ApiCtx, id: string, post: boolean): Resp {
	const r = reportOf(c, id);
	// GET defaults to includeDetails=false; POST too unless asked (as documented for synchronous runs).
	const includeDetails = c.query.get('includeDetails') === 'true';
	let over: Overrides = {};
	if (post && c.body.trim()) {
		const body = parseJson(c.body) as { reportMetadata?: Overrides } | null;
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new SfError('BAD_REQUEST', 'The request body must be a JSON object.'); // wording guessed
		over = body.reportMetadata ?? {};
	}
	return ok(run(c, r, includeDetails, over));
}

export function reportListEntry(c: ApiCtx, r: ReportDef): Fields {
	const url = `${base(c)}/reports/${r.id}`;
	return { describeUrl: `${url}/describe`, id: r.id, instancesUrl: `${url}/instances`, name: r.name, type: 'Report', url };
}

// ---------- dashboards ----------
export function dashboardMetadata(c: ApiCtx, d: DashboardDef): Fields {
	const reports = orgOf(c).reports;
	return {
		attributes: { dashboardId: d.id, dashboardName: d.name, statusUrl: `${base(c)}/dashboards/${d.id}/status`, type: 'Dashboard' },
		canChangeRunningUser: false,
		canUseStickyFilter: false,
		components: d.components.map((comp, k) => {
			const r = reports.get(comp.reportId)!;
			return {
				componentData: k,
				footer: null,
				header: null,
				id: comp.id,
				properties: {
					aggregates: r.aggregates.map((name) => ({ name })),
					autoSelectColumns: false,
					groupings: r.groupingsDown.map((name) => ({ name })),
					maxRows: null,
					reportFormat: r.groupingsDown.length ? 'SUMMARY' : 'TABULAR',
					sort: null,
					useReportChart: false,
					visualizationProperties: {},
					visualizationType: comp.visualizationType,
				},
				reportId: comp.reportId,
				title: comp.title,
				type: 'Report',
			};
		}),
		dashboardType: 'SpecifiedUser',
		description: null,
		developerName: d.developerName,
		filters: d.filters,
		folderId: d.folderId,
		id: d.id,
		layout: { columns: [{ components: d.components.map((_, k) => k) }] },
		name: d.name,
		runningUser: { displayName: 'Ada Admin', id: c.userId },
	};
}

export function dashboardResults(c: ApiCtx, d: DashboardDef): Fields {
	const reports = orgOf(c).reports;
	return {
		componentData: d.components.map((comp) => ({
			componentId: comp.id,
			reportResult: run(c, reports.get(comp.reportId)!, false),
			status: {
				dataStatus: 'DATA',
				errorCode: null,
				errorMessage: null,
				errorSeverity: null,
				refreshDate: d.refreshDate,
				refreshStatus: 'IDLE',
			},
		})),
		dashboardMetadata: dashboardMetadata(c, d),
	};
}

export const analyticsRoutes: Route[] = [
	['GET', /^\/analytics\/reports$/, (c) => ok([...orgOf(c).reports.values()].map((r) => reportListEntry(c, r)))],
	[
		'GET',
		/^\/analytics\/reports\/(\w+)\/describe$/,
		(c, m) => {
			const r = reportOf(c, m[1]);
			return ok({
				reportExtendedMetadata: extendedMetadata(r),
				reportMetadata: metadata(r),
				reportTypeMetadata: {
					categories: [
						{
							columns: Object.fromEntries(
								r.columns.map((col) => [col.name, { dataType: col.dataType, filterable: true, label: col.label }]),
							),
							label: r.typeLabel,
						},
					],
				},
			});
		},
	],
	['GET', /^\/analytics\/reports\/(\w+)$/, (c, m) => runRoute(c, m[1], false)],
	['POST', /^\/analytics\/reports\/(\w+)$/, (c, m) => runRoute(c, m[1], true)],
	[
		'GET',
		/^\/analytics\/dashboards$/,
		(c) =>
			ok(
				[...orgOf(c).dashboards.values()].map((d) => ({
					id: d.id,
					name: d.name,
					statusUrl: `${base(c)}/dashboards/${d.id}/status`,
					url: `${base(c)}/dashboards/${d.id}`,
				})),
			),
	],
	['GET', /^\/analytics\/dashboards\/(\w+)\/describe$/, (c, m) => ok(dashboardMetadata(c, dashboardOf(c, m[1])))],
	[
		'GET',
		/^\/analytics\/dashboards\/(\w+)\/status$/,
		(c, m) => {
			const d = dashboardOf(c, m[1]);
			return ok({
				componentStatus: d.components.map((comp) => ({ componentId: comp.id, refreshDate: d.refreshDate, refreshStatus: 'IDLE' })),
			});
		},
	],
	['GET', /^\/analytics\/dashboards\/(\w+)$/, (c, m) => ok(dashboardResults(c, dashboardOf(c, m[1])))],
	[
		'PUT',
		/^\/analytics\/dashboards\/(\w+)$/,
		(c, m) => {
			const d = dashboardOf(c, m[1]);
			// The emulator refreshes at once; Salesforce queues it and reports RUNNING on the status URL meanwhile.
			d.refreshDate = sfDateTime(c.store.now());
			return ok({ statusUrl: `${base(c)}/dashboards/${d.id}/status` }); // status code guessed
		},
	],
];

/** For tests: the seeded report / dashboard ids of an org. */
export function analyticsIds(c: { store: OrgStore; version?: string }): {
	reports: Record<string, string>;
	dashboards: Record<string, string>;
} {
	const org = orgOf({ store: c.store } as ApiCtx);
	return {
		reports: Object.fromEntries([...org.reports.values()].map((r) => [r.developerName, r.id])),
		dashboards: Object.fromEntries([...org.dashboards.values()].map((d) => [d.developerName, d.id])),
	};
}
