/**
 * Report and dashboard authoring on the emulator, in the shapes of Salesforce's Reports and Dashboards REST API
 * Developer Guide (https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/):
 *   POST   /analytics/reports                 { reportMetadata: { name, reportType: { type }, detailColumns, … } }  "Create a Report"
 *   POST   /analytics/reports?cloneId={id}    { reportMetadata: { name } }                                         "Clone a Report"
 *   PATCH  /analytics/reports/{id}            { reportMetadata: { …changes } }                                     "Save Changes to Reports"
 *   DELETE /analytics/reports/{id}            → 204                                                                 "Delete a Report"
 *   POST   /analytics/dashboards?cloneId={id} { folderId }                                                         "Clone a Dashboard"
 *   PATCH  /analytics/dashboards/{id}         { dashboardMetadata: { name, filters } } → dashboard results        "Save a Dashboard"
 * Report answers are the describe shape (reportMetadata, reportExtendedMetadata, reportTypeMetadata). Error wording
 * is guessed (errorCode BAD_REQUEST as the guide's error table lists for a malformed request).
 */
import {
	base,
	type DashboardDef,
	dashboardMetadata,
	dashboardOf,
	dashboardResults,
	extendedMetadata,
	type Filter,
	metadata,
	orgOf,
	REPORT_TYPES,
	type ReportDef,
	reportOf,
	whereClause,
} from './analytics';
import { type ApiCtx, jsonObject, ok, type Route } from './rest';
import type { Fields } from './store';
import { type Resp, SfError } from './types';

const bad = (message: string) => new SfError('BAD_REQUEST', message);
const OPERATORS = new Set([
	'equals',
	'notEqual',
	'lessThan',
	'greaterThan',
	'lessOrEqual',
	'greaterOrEqual',
	'contains',
	'notContain',
	'startsWith',
	'includes',
	'excludes',
	'within',
	'between',
]);

function describeOf(c: ApiCtx, r: ReportDef): Fields {
	const categories = [
		{
			columns: Object.fromEntries(r.columns.map((col) => [col.name, { dataType: col.dataType, filterable: true, label: col.label }])),
			label: r.typeLabel,
		},
	];
	return {
		reportExtendedMetadata: extendedMetadata(r),
		reportMetadata: { ...metadata(r), folderId: r.folderId ?? null },
		reportTypeMetadata: { categories },
		url: `${base(c)}/reports/${r.id}`,
	};
}

function nameOf(raw: unknown, limit: number): string {
	const name = typeof raw === 'string' ? raw.trim() : '';
	if (!name) throw bad('The report name is required.'); // wording guessed
	if (name.length > limit) throw bad(`The name can't be longer than ${limit} characters.`);
	return name;
}

const developerName = (name: string, id: string) =>
	`${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'Report'}_${id.slice(-5)}`;

/** Applies a (partial) reportMetadata to a report definition, checking columns, groupings and filters as a save does. */
function apply(r: ReportDef, m: Fields): ReportDef {
	const next: ReportDef = { ...r };
	if (m.name !== undefined) next.name = nameOf(m.name, 40);
	const known = (name: unknown) => {
		if (typeof name !== 'string' || !r.columns.some((col) => col.name === name))
			throw bad(`The column ${String(name)} is invalid. Specify a valid column name.`);
		return name;
	};
	if (m.detailColumns !== undefined) {
		if (!Array.isArray(m.detailColumns) || !m.detailColumns.length) throw bad('A report needs at least one detail column.');
		next.detailColumns = m.detailColumns.map(known);
	}
	if (m.groupingsDown !== undefined) {
		const groups = Array.isArray(m.groupingsDown) ? (m.groupingsDown as Fields[]) : [];
		if (groups.length > 1) throw bad('The emulator models one grouping level.');
		next.groupingsDown = groups.map((g) => known(g?.name));
	}
	if (m.reportFilters !== undefined) {
		if (!Array.isArray(m.reportFilters)) throw bad('reportFilters must be an array.');
		next.filters = (m.reportFilters as Filter[]).map((f) => {
			if (!OPERATORS.has(String(f?.operator))) throw bad(`The operator ${String(f?.operator)} is invalid.`);
			return { column: f.column, operator: f.operator, value: String(f.value ?? ''), isRunPageEditable: f.isRunPageEditable ?? true };
		});
	}
	if (m.reportBooleanFilter !== undefined) next.booleanFilter = (m.reportBooleanFilter as string | null) || null;
	if (m.folderId !== undefined) next.folderId = String(m.folderId);
	// A save runs nothing, but Salesforce refuses filters the report could not run: check them the same way.
	whereClause(next, next.filters, next.booleanFilter);
	return next;
}

function reportMetadataOf(c: ApiCtx): Fields {
	const body = jsonObject(c.body);
	const m = body.reportMetadata;
	if (!m || typeof m !== 'object' || Array.isArray(m)) throw bad('The request body needs reportMetadata.');
	return m as Fields;
}

function createReport(c: ApiCtx): Resp {
	const org = orgOf(c);
	const m = reportMetadataOf(c);
	const cloneId = c.query.get('cloneId');
	let r: ReportDef;
	if (cloneId) {
		const source = reportOf(c, cloneId);
		const id = c.store.ids.next('00O');
		r = { ...source, id, name: nameOf(m.name, 40), developerName: developerName(String(m.name), id) };
	} else {
		const typeName = (m.reportType as Fields | undefined)?.type;
		const type = REPORT_TYPES[String(typeName)];
		if (!type) throw bad(`The report type ${String(typeName)} is invalid.`); // wording guessed
		const id = c.store.ids.next('00O');
		const blank: ReportDef = {
			id,
			type: String(typeName),
			name: '',
			developerName: '',
			object: type.object,
			typeLabel: type.label,
			columns: type.columns,
			detailColumns: [],
			filters: [],
			booleanFilter: null,
			groupingsDown: [],
			aggregates: ['RowCount'],
			orderBy: type.orderBy,
		};
		if (m.detailColumns === undefined) throw bad('A report needs at least one detail column.');
		r = apply(blank, { ...m, name: m.name ?? '' });
		r.developerName = developerName(r.name, id);
	}
	org.reports.set(r.id, r);
	return ok(describeOf(c, r));
}

/** Dashboard filters as saved: each named, each option with a known operation, ids assigned (0IC). */
function dashboardFilters(c: ApiCtx, raw: unknown): Fields[] {
	if (!Array.isArray(raw)) throw bad('filters must be an array.');
	if (raw.length > 3) throw bad('A dashboard can have up to 3 filters.'); // documented limit: filter1…filter3
	return raw.map((f: Fields) => {
		if (!f || typeof f.name !== 'string' || !f.name.trim() || !Array.isArray(f.options) || !f.options.length)
			throw bad('Each dashboard filter needs a name and options.');
		const options = (f.options as Fields[]).map((o) => {
			if (!OPERATORS.has(String(o?.operation))) throw bad(`The operation ${String(o?.operation)} is invalid.`);
			return {
				alias: o.alias ?? null,
				endValue: o.endValue ?? null,
				id: c.store.ids.next('0IC'),
				operation: o.operation,
				startValue: o.startValue ?? null,
				value: o.value === undefined ? null : String(o.value),
			};
		});
		return { errorMessage: null, name: f.name.trim(), options, selectedOption: null };
	});
}

function cloneDashboard(c: ApiCtx): Resp {
	const source = dashboardOf(c, c.query.get('cloneId') ?? '');
	const body = c.body.trim() ? jsonObject(c.body) : {};
	const id = c.store.ids.next('01Z');
	const d: DashboardDef = {
		...source,
		id,
		developerName: `${source.developerName}_${id.slice(-5)}`,
		folderId: body.folderId === undefined ? source.folderId : String(body.folderId),
		components: source.components.map((comp) => ({ ...comp, id: c.store.ids.next('01a') })),
		filters: source.filters.map((f) => ({ ...f })),
	};
	orgOf(c).dashboards.set(id, d);
	return ok(dashboardMetadata(c, d)); // status guessed
}

function saveDashboard(c: ApiCtx, id: string): Resp {
	const d = dashboardOf(c, id);
	const m = jsonObject(c.body).dashboardMetadata as Fields | undefined;
	if (!m || typeof m !== 'object') throw bad('The request body needs dashboardMetadata.');
	const name = m.name === undefined ? d.name : nameOf(m.name, 80);
	const filters = m.filters === undefined ? d.filters : dashboardFilters(c, m.filters);
	Object.assign(d, { name, filters });
	return ok(dashboardResults(c, d));
}

export const analyticsAuthoringRoutes: Route[] = [
	['POST', /^\/analytics\/reports$/, (c) => createReport(c)],
	[
		'PATCH',
		/^\/analytics\/reports\/(\w+)$/,
		(c, m) => {
			const r = reportOf(c, m[1]);
			const next = apply(r, reportMetadataOf(c));
			orgOf(c).reports.set(r.id, next);
			return ok(describeOf(c, next));
		},
	],
	[
		'DELETE',
		/^\/analytics\/reports\/(\w+)$/,
		(c, m) => {
			const r = reportOf(c, m[1]);
			orgOf(c).reports.delete(r.id);
			return { status: 204 };
		},
	],
	['POST', /^\/analytics\/dashboards$/, (c) => cloneDashboard(c)],
	['PATCH', /^\/analytics\/dashboards\/(\w+)$/, (c, m) => saveDashboard(c, m[1])],
];
