const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Salesforce's 15→18 character id: three checksum characters that encode the case of the first 15. */
export function to18(id15: string): string {
	let suffix = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		let bits = 0;
		for (let i = 0; i < 5; i++) {
			const ch = id15[chunk * 5 + i];
			if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
		}
		suffix += SUFFIX[bits];
	}
	return id15 + suffix;
}

/** True for a 15-character id or an 18-character id whose checksum matches (the suffix is case-insensitive). */
export function isSalesforceId(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	if (/^[a-zA-Z0-9]{15}$/.test(value)) return true;
	if (!/^[a-zA-Z0-9]{18}$/.test(value)) return false;
	return to18(value.slice(0, 15)).slice(15) === value.slice(15).toUpperCase();
}

/** Always the 18-character form. */
export function normalizeId(id: string): string {
	return id.length === 15 ? to18(id) : id.slice(0, 15) + id.slice(15).toUpperCase();
}

/** Extracts a record id from a Lightning or Classic record URL (…/r/Account/001…/view, …/001…). */
export function idFromUrl(url: string): string | undefined {
	const match = /\/r\/[A-Za-z0-9_]+\/([a-zA-Z0-9]{15,18})(?:\/|$|\?)/.exec(url) ?? /\/([a-zA-Z0-9]{15,18})(?:[/?#]|$)/.exec(url);
	return match && isSalesforceId(match[1]) ? match[1] : undefined;
}

/**
 * Salesforce API names: objects and fields (Account, My_Object__c, ns__Thing__c, Foo__e, AccountChangeEvent,
 * Account__r for relationships). Letters, digits and underscores, starting with a letter, no double underscore
 * except the standard suffixes and a namespace prefix, not ending in underscore.
 */
const API_NAME =
	/^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*))?(?:__(?:c|r|e|mdt|x|b|kav|ka|Share|History|Feed|ChangeEvent|hd|pc|pr))?$/;

export function isApiName(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= 120 && API_NAME.test(value);
}

/**
 * The plain object-name check of the trigger (watched objects, polled object) and the Change Data Capture selection:
 * a letter, then letters, digits and underscores. Looser than isApiName.
 */
export function isObjectName(value: string): boolean {
	return /^[A-Za-z][A-Za-z0-9_]*$/.test(value);
}

/** A field path as SOQL accepts it: Name, Account.Name, Owner.Profile.Name, My__r.Other__c. */
export function isFieldPath(value: unknown): value is string {
	return typeof value === 'string' && value.split('.').every((part) => isApiName(part));
}
