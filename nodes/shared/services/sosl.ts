import { SalesforceInputError } from '../transport/errors';
import { isApiName, isFieldPath } from './ids';

/**
 * SOSL's reserved characters, backslash-escaped even inside the braces of FIND {…} (SOQL and SOSL Reference,
 * "FIND {SearchQuery}"; docs/salesforce-wire-notes.md §4).
 */
export function escapeSosl(term: string): string {
	return term.replace(/([?&|!{}[\]()^~*:\\"'+-])/g, '\\$1').replace(/[\r\n\t]+/g, ' ');
}

/** The search groups of SOSL's IN … FIELDS clause (SOQL and SOSL Reference, "IN SearchGroup"). */
export const SOSL_SCOPES = ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'] as const;

export interface SimpleSearch {
	text: string;
	/** Objects and, optionally, the fields to return for each. */
	objects: { name: string; fields?: string[]; limit?: number }[];
	scope?: (typeof SOSL_SCOPES)[number];
	limit?: number;
}

/**
 * FIND {text} IN <scope> FIELDS RETURNING Obj(fields LIMIT n), … LIMIT n.
 * The text is a literal phrase: its reserved characters are escaped and it is wrapped in double quotes so that
 * words like AND / OR are not operators.
 */
export function buildSosl(search: SimpleSearch): string {
	const text = search.text.trim();
	if (text.length < 2) throw new SalesforceInputError('Search text needs at least 2 characters', { field: 'text' });
	if (!search.objects.length) throw new SalesforceInputError('Choose at least one object to search', { field: 'objects' });
	const returning = search.objects.map((o) => {
		if (!isApiName(o.name)) throw new SalesforceInputError(`Object "${o.name}" is not a valid Salesforce API name`);
		const fields = o.fields?.length ? o.fields : ['Id'];
		for (const f of fields) {
			if (!isFieldPath(f)) throw new SalesforceInputError(`Field "${f}" is not a valid Salesforce API name`);
		}
		const limit = o.limit === undefined ? '' : ` LIMIT ${wholeNumber(o.limit, 'Limit')}`;
		return `${o.name}(${[...new Set(fields)].join(', ')}${limit})`;
	});
	const scope = search.scope ?? 'ALL';
	if (!SOSL_SCOPES.includes(scope))
		throw new SalesforceInputError(`Search In "${String(scope)}" is not one of ${SOSL_SCOPES.join(', ')}`, { field: 'Search In' });
	const limit = search.limit === undefined ? '' : ` LIMIT ${wholeNumber(search.limit, 'Limit')}`;
	return `FIND {"${escapeSosl(text)}"} IN ${scope} FIELDS RETURNING ${returning.join(', ')}${limit}`;
}

/** A positive whole number for a LIMIT clause, or an input error (never NaN or text inside the statement). */
export function wholeNumber(value: unknown, label: string): number {
	const n = typeof value === 'number' ? value : Number.NaN;
	if (!Number.isInteger(n) || n < 1)
		throw new SalesforceInputError(`${label} "${String(value)}" must be a whole number from 1 up`, { field: label });
	return n;
}
