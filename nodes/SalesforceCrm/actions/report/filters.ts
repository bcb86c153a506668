import type { IDataObject } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';

/**
 * Checks for what report and dashboard authoring sends to the Reports and Dashboards REST API: report type names,
 * column API names and filter operators, each refused before any call with the item and field named.
 * Operators: the reportFilters operator values of the Report Metadata reference in Salesforce's Reports and
 * Dashboards REST API Developer Guide (https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/).
 */
export const FILTER_OPERATORS = [
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
] as const;

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** A column API name (OPPORTUNITY_NAME, Account.Industry, Opportunity.Region__c), checked. */
export function columnName(value: unknown, i: number, field: string): string {
	const text = String(value ?? '').trim();
	if (!NAME.test(text) || text.length > 255) {
		throw new SalesforceInputError(
			`Column "${text}" is not a column API name (letters, digits, underscores, dots; e.g. OPPORTUNITY_NAME or Account.Industry)`,
			{ itemIndex: i, field },
		);
	}
	return text;
}

/** A comma-separated list of column API names (or an array), each checked; at least one unless `optional`. */
export function columnList(raw: unknown, i: number, field: string, optional = false): string[] {
	const parts = (Array.isArray(raw) ? raw : String(raw ?? '').split(',')).map((s) => String(s).trim()).filter(Boolean);
	if (!parts.length && !optional)
		throw new SalesforceInputError(`${field} is empty: give at least one column API name`, { itemIndex: i, field });
	return parts.map((p) => columnName(p, i, field));
}

/** A report type's API name (Opportunity, LeadList, a custom report type's name), checked. */
export function reportTypeName(value: unknown, i: number): string {
	const text = String(value ?? '').trim();
	if (!/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(text)) {
		throw new SalesforceInputError(
			`Report Type "${text}" is not a report type API name (letters, digits and underscores, e.g. Opportunity or LeadList)`,
			{ itemIndex: i, field: 'Report Type' },
		);
	}
	return text;
}

/** An optional report or dashboard folder id (key prefix 00l). */
export function folderId(value: unknown, i: number): string | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (!/^00l[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(text))
		throw new SalesforceInputError(`Folder ID "${text}" is not a folder ID (folder IDs start with 00l)`, {
			itemIndex: i,
			field: 'Folder ID',
		});
	return text;
}

export function operatorOf(value: unknown, i: number, field: string, what: string): string {
	if (typeof value === 'string' && (FILTER_OPERATORS as readonly string[]).includes(value)) return value;
	throw new SalesforceInputError(`${what}: operator "${String(value)}" is not one of ${FILTER_OPERATORS.join(', ')}`, {
		itemIndex: i,
		field,
	});
}

function parsed(raw: unknown, i: number, field: string): unknown {
	if (typeof raw !== 'string') return raw;
	if (!raw.trim()) return undefined;
	let problem = '';
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem) throw new SalesforceInputError(`${field} is not valid JSON: ${problem}`, { itemIndex: i, field });
	return value;
}

/**
 * Report filters as partial reportMetadata: an array of reportFilters, or an object with reportFilters /
 * reportBooleanFilter. Each filter needs a column API name, a known operator and a value.
 */
export function reportFilterMetadata(raw: unknown, logic: string, i: number, field = 'Filters (JSON)'): IDataObject | undefined {
	const value = parsed(raw, i, field);
	const metadata: IDataObject = {};
	if (Array.isArray(value)) metadata.reportFilters = value as IDataObject[];
	else if (value && typeof value === 'object') Object.assign(metadata, value as IDataObject);
	else if (value !== undefined && value !== null) {
		throw new SalesforceInputError(`${field} must be an array of filters or an object with "reportFilters"`, { itemIndex: i, field });
	}
	if (metadata.reportFilters !== undefined) {
		const filters = metadata.reportFilters;
		if (!Array.isArray(filters)) throw new SalesforceInputError('reportFilters must be an array', { itemIndex: i, field });
		metadata.reportFilters = filters.map((f, k) => {
			const filter = f as IDataObject;
			if (!filter || typeof filter !== 'object' || typeof filter.column !== 'string' || typeof filter.operator !== 'string') {
				throw new SalesforceInputError(
					`Filter ${k + 1} needs a "column", an "operator" and a "value", e.g. {"column": "STAGE_NAME", "operator": "equals", "value": "Prospecting"}`,
					{ itemIndex: i, field },
				);
			}
			columnName(filter.column, i, field);
			operatorOf(filter.operator, i, field, `Filter ${k + 1}`);
			return filter;
		});
	}
	if (logic.trim()) {
		if (!/^[\d\s()]*(?:(AND|OR|NOT)[\d\s()]*)*$/i.test(logic)) {
			throw new SalesforceInputError(`Filter Logic "${logic}" may only hold filter numbers, AND, OR, NOT and parentheses`, {
				itemIndex: i,
				field: 'Filter Logic',
			});
		}
		metadata.reportBooleanFilter = logic.trim();
	}
	return Object.keys(metadata).length ? metadata : undefined;
}

/**
 * Dashboard filters for a save (PATCH dashboardMetadata.filters): [{ name, options: [{ operation, value }] }],
 * as "Dashboard Describe" lists them; names are labels, operations come from the filter operator list.
 */
export function dashboardFilters(raw: unknown, i: number, field = 'Filters (JSON)'): IDataObject[] | undefined {
	const value = parsed(raw, i, field);
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value))
		throw new SalesforceInputError(
			`${field} must be an array of filters such as [{"name": "Stage", "options": [{"operation": "equals", "value": "Prospecting"}]}]`,
			{ itemIndex: i, field },
		);
	return value.map((f, k) => {
		const filter = f as IDataObject;
		if (
			!filter ||
			typeof filter !== 'object' ||
			typeof filter.name !== 'string' ||
			!filter.name.trim() ||
			!Array.isArray(filter.options) ||
			!filter.options.length
		) {
			throw new SalesforceInputError(`Filter ${k + 1} needs a "name" and a non-empty "options" array`, { itemIndex: i, field });
		}
		const options = (filter.options as IDataObject[]).map((o, n) => {
			if (!o || typeof o !== 'object')
				throw new SalesforceInputError(`Filter ${k + 1}, option ${n + 1} must be an object`, { itemIndex: i, field });
			return { ...o, operation: operatorOf(o.operation, i, field, `Filter ${k + 1}, option ${n + 1}`) };
		});
		return { ...filter, options };
	});
}
