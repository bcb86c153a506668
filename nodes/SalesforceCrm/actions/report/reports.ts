import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SalesforceClient } from '../../../shared/transport/client';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem } from '../common';
import { validId } from '../params';
import type { OperationModule } from '../types';
import { reportFilterMetadata } from './filters';

/**
 * Reports (Reports and Dashboards REST API, `/analytics/reports`). Response shapes follow Salesforce's
 * "Reports and Dashboards REST API Developer Guide"; details we could not check against a live org are marked
 * "guess".
 */

const show = (operation: string[]) => ({ show: { resource: ['report'], operation } });

/** A report id: a valid Salesforce id with the Report key prefix 00O, checked before any call. */
export function reportIdParam(ctx: IExecuteFunctions, i: number): string {
	const id = validId(ctx.getNodeParameter('reportId', i, ''), i, 'Report ID');
	if (!id.startsWith('00O'))
		throw new SalesforceInputError(`Report ID "${id}" is not a report ID (report IDs start with 00O)`, {
			itemIndex: i,
			field: 'Report ID',
		});
	return id;
}

interface Cell {
	label?: unknown;
	value?: unknown;
}
interface FactEntry {
	aggregates?: Cell[];
	rows?: Array<{ dataCells?: Cell[] }>;
}
interface Grouping {
	key?: string;
	label?: unknown;
	value?: unknown;
	groupings?: Grouping[];
}
export interface ReportResult {
	factMap?: Record<string, FactEntry>;
	groupingsDown?: { groupings?: Grouping[] };
	reportMetadata?: {
		detailColumns?: string[];
		groupingsDown?: Array<{ name?: string }>;
		aggregates?: string[];
		reportFormat?: string;
		name?: string;
		id?: string;
	};
	reportExtendedMetadata?: {
		detailColumnInfo?: Record<string, { label?: string }>;
		groupingColumnInfo?: Record<string, { label?: string }>;
	};
	allData?: boolean;
}

export interface RowOptions {
	cellValue: 'label' | 'value';
	keys: 'name' | 'label';
}

/** A cell as the user asked for it. Currency values come as `{ amount, currency }`: the raw value is the amount. */
function pick(cell: Cell | undefined, how: 'label' | 'value'): unknown {
	if (!cell) return null;
	if (how === 'label') return cell.label ?? null;
	const value = cell.value;
	if (value && typeof value === 'object' && !Array.isArray(value) && 'amount' in value) return (value as IDataObject).amount ?? null;
	return value ?? null;
}

/**
 * Detail rows of a tabular or summary run, one object per row keyed by the detail columns (API names or labels).
 * Tabular rows sit in factMap['T!T']; a summary report's rows sit under each grouping key ('0!T', '0_1!T', …), and
 * each such row also gets the values of its groupings.
 */
export function reportRows(result: ReportResult, options: RowOptions): IDataObject[] {
	const meta = result.reportMetadata ?? {};
	const columns = meta.detailColumns ?? [];
	const info = result.reportExtendedMetadata ?? {};
	const keyOf = (name: string, kind: 'detail' | 'grouping') => {
		if (options.keys === 'name') return name;
		const table = kind === 'detail' ? info.detailColumnInfo : info.groupingColumnInfo;
		return table?.[name]?.label ?? name;
	};
	const factMap = result.factMap ?? {};
	const toRow = (cells: Cell[], groups: IDataObject): IDataObject => {
		const row: IDataObject = { ...groups };
		columns.forEach((name, k) => (row[keyOf(name, 'detail')] = pick(cells[k], options.cellValue) as IDataObject[string]));
		return row;
	};
	const out: IDataObject[] = [];
	const total = factMap['T!T']?.rows ?? [];
	if (total.length) {
		for (const r of total) out.push(toRow(r.dataCells ?? [], {}));
		return out;
	}
	const groupNames = (meta.groupingsDown ?? []).map((g) => String(g.name ?? ''));
	const walk = (groupings: Grouping[], depth: number, groups: IDataObject) => {
		for (const g of groupings) {
			const here: IDataObject = { ...groups };
			if (groupNames[depth]) here[keyOf(groupNames[depth], 'grouping')] = pick(g, options.cellValue) as IDataObject[string];
			for (const r of factMap[`${g.key}!T`]?.rows ?? []) out.push(toRow(r.dataCells ?? [], here));
			walk(g.groupings ?? [], depth + 1, here);
		}
	};
	walk(result.groupingsDown?.groupings ?? [], 0, {});
	return out;
}

/** The aggregates of one factMap entry keyed by their names in reportMetadata.aggregates (RowCount, s!AMOUNT…). */
export function aggregatesOf(result: ReportResult, key = 'T!T', how: 'label' | 'value' = 'value'): IDataObject {
	const names = result.reportMetadata?.aggregates ?? [];
	const cells = result.factMap?.[key]?.aggregates ?? [];
	const out: IDataObject = {};
	cells.forEach((cell, k) => (out[names[k] ?? String(k)] = pick(cell, how) as IDataObject[string]));
	return out;
}

/** Runs a report synchronously with its detail rows; filter overrides are POSTed as partial reportMetadata. */
export async function runReport(
	client: SalesforceClient,
	id: string,
	overrides?: IDataObject,
	includeDetails = true,
): Promise<ReportResult> {
	const qs = { includeDetails: includeDetails ? 'true' : 'false' };
	if (!overrides) return await client.request<ReportResult>('GET', `/analytics/reports/${id}`, { qs });
	// Guess: Salesforce merges a partial reportMetadata (filters only) over the saved report, as the run page does.
	// A run writes nothing, so retrying it is safe.
	return await client.request<ReportResult>('POST', `/analytics/reports/${id}`, { qs, body: { reportMetadata: overrides }, retry: 'safe' });
}

const reportId = {
	displayName: 'Report ID',
	name: 'reportId',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: '00O…',
	description: 'The ID of the report (starts with 00O), from its URL in Salesforce or from Report → List',
	displayOptions: show(['run', 'describe', 'update', 'clone', 'delete']),
};

/** Report → Run: a synchronous run (at most 2,000 detail rows), one item per row or the whole response. */
export const run: OperationModule = {
	description: [
		reportId,
		{
			displayName: 'Report Options',
			name: 'reportOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show(['run']),
			options: [
				{
					displayName: 'Cell Values',
					name: 'cellValue',
					type: 'options',
					options: [
						{ name: 'Labels (as Shown in Salesforce)', value: 'label', description: 'E.g. "Acme Corp", "$10,000.00", "1/15/2026".' },
						{ name: 'Raw Values', value: 'value', description: 'E.g. the record ID, 10000, "2026-01-15".' },
					],
					default: 'label',
				},
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
						"Replace the report's filters for this run: an array of reportFilters (column, operator such as equals, notEqual, greaterThan, contains; value), or an object with reportFilters and reportBooleanFilter",
				},
				{
					displayName: 'Keys',
					name: 'keys',
					type: 'options',
					options: [
						{ name: 'Column API Names', value: 'name', description: 'E.g. OPPORTUNITY_NAME or Account.Industry.' },
						{ name: 'Column Labels', value: 'label', description: 'E.g. "Opportunity Name".' },
					],
					default: 'name',
				},
				{
					displayName: 'Output',
					name: 'output',
					type: 'options',
					options: [
						{ name: 'One Item per Row', value: 'rows' },
						{
							name: 'One Item With the Whole Response',
							value: 'raw',
							description: 'Metadata, groupings, aggregates and the fact map as Salesforce returns them',
						},
					],
					default: 'rows',
				},
			],
		},
	],
	execute: perItem(async function (i, client) {
		const id = reportIdParam(this, i);
		const options = this.getNodeParameter('reportOptions', i, {}) as IDataObject;
		const overrides = reportFilterMetadata(options.filtersJson, String(options.booleanFilter ?? ''), i);
		const result = await runReport(client, id, overrides);
		// Matrix reports (groupings across) have no row list to flatten: they come out whole.
		if (options.output === 'raw' || result.reportMetadata?.reportFormat === 'MATRIX') {
			return [{ json: result as IDataObject, pairedItem: { item: i } }];
		}
		const rows = reportRows(result, {
			cellValue: options.cellValue === 'value' ? 'value' : 'label',
			keys: options.keys === 'label' ? 'label' : 'name',
		});
		return rows.map((json) => ({ json, pairedItem: { item: i } }));
	}),
};

/** Report → Describe: the report's metadata, extended metadata and report type columns. */
export const describe: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const id = reportIdParam(this, i);
		const json = await client.request<IDataObject>('GET', `/analytics/reports/${id}/describe`);
		return [{ json, pairedItem: { item: i } }];
	}),
};

/** Report → List: the reports the user viewed most recently (Salesforce returns up to 200). */
export const list: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const reports = await client.request<IDataObject[]>('GET', '/analytics/reports');
		return (Array.isArray(reports) ? reports : []).map((json) => ({ json, pairedItem: { item: i } }));
	}),
};
