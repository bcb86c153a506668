import { SalesforceInputError } from '../transport/errors';
import { isApiName, isFieldPath } from './ids';
import { escapeSoqlString } from './soql';

/** SOSL's reserved characters, backslash-escaped even inside the braces of FIND {…}. */
export function escapeSosl(term: string): string {
	return term.replace(/([?&|!{}[\]()^~*:\\"'+-])/g, '\\$1').replace(/[\r\n\t]+/g, ' ');
}

export interface SimpleSearch {
	text: string;
	/** Objects and, optionally, the fields to return for each. */
	objects: { name: string; fields?: string[]; limit?: number }[];
	scope?: 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';
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
		const limit = o.limit ? ` LIMIT ${Math.max(1, Math.floor(o.limit))}` : '';
		return `${o.name}(${[...new Set(fields)].join(', ')}${limit})`;
	});
	const scope = search.scope ?? 'ALL';
	const limit = search.limit ? ` LIMIT ${Math.max(1, Math.floor(search.limit))}` : '';
	return `FIND {"${escapeSosl(text)}"} IN ${scope} FIELDS RETURNING ${returning.join(', ')}${limit}`;
}

/** A WHERE value inside a SOSL RETURNING clause uses SOQL escaping. */
export { escapeSoqlString as escapeSoslWhereString };
