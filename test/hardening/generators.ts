/**
 * Deterministic hostile-string generator (no dependency): a seeded PRNG glues fragments that are dangerous in
 * SOQL, SOSL or JSON — quotes, backslashes, LIKE wildcards, control characters, unicode incl. astral characters,
 * every SOSL reserved character, and injection attempts such as `' OR Name != '`.
 */
import { seeded as prng } from '../helpers/random';

export { prng };

export const FRAGMENTS = [
	"'",
	'"',
	'\\',
	'\\\\',
	"\\'",
	'%',
	'_',
	'\\%',
	'\\_',
	'\n',
	'\r',
	'\t',
	'\r\n',
	'\b',
	'\f',
	'\u000b',
	' ',
	'  ',
	'é',
	'ß',
	'Ω',
	'中文',
	'ü',
	'\u00a0',
	'\u2028',
	'😀',
	'𝔘𝔫𝔦',
	'👩‍👩‍👧',
	'\u200b',
	...'?&|!{}[]()^~*:+-'.split(''),
	"' OR Name != '",
	"' OR '1'='1",
	'AND',
	'OR',
	'OR NOT',
	'AND NOT',
	' AND ',
	' OR NOT ',
	"') OR (Name LIKE '%",
	'} RETURNING User(Id',
	'"} IN ALL FIELDS RETURNING User(Id) //',
	'--',
	'/*',
	'*/',
	';',
	' LIMIT 1',
	'\\u0027',
	'\\n',
	'SELECT Id FROM User',
	'${x}',
	'{{ $json }}',
	'<b>',
	'&amp;',
	'Acme',
	'acme',
	'Corp',
	'x',
	'Name',
	'0',
	'42',
	'null',
	'true',
];

/** `count` strings; each joins 1–10 fragments, or sometimes random code points (BMP and astral). */
export function hostileStrings(count: number, seed = 7): string[] {
	const rnd = prng(seed);
	const out: string[] = [];
	for (let n = 0; n < count; n++) {
		let s = '';
		const parts = 1 + Math.floor(rnd() * 10);
		for (let p = 0; p < parts; p++) {
			if (rnd() < 0.15) {
				// A random code point, avoiding lone surrogates (not valid text) and NUL.
				let cp = 1 + Math.floor(rnd() * 0x2ffff);
				if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41 + (cp % 26);
				s += String.fromCodePoint(cp);
			} else {
				s += FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)];
			}
		}
		out.push(s);
	}
	return out;
}
