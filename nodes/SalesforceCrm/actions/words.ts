/** Wording helpers for the action names n8n's node panel shows ("Create a contact", "Get many opportunities"). */

/** "a" or "an" by sound: "an account", "an event", but "a user" (a leading "u" read as "you"). */
export function article(word: string): string {
	return /^[aeio]|^u(?!s|n[iu])/i.test(word) ? 'an' : 'a';
}

/** The plural of a resource label: "contacts", "opportunities", "records". */
export function plural(label: string): string {
	return /[^aeiou]y$/.test(label) ? `${label.slice(0, -1)}ies` : `${label}s`;
}
