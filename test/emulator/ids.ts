/** Salesforce ids: 15-char case-sensitive base-62 plus a 3-char case-insensitive checksum (SOAP API Developer Guide, "ID Field Type"; wire notes §3). */
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function to18(id15: string): string {
	let s = '';
	for (let c = 0; c < 3; c++) {
		let bits = 0;
		for (let i = 0; i < 5; i++) {
			const ch = id15[c * 5 + i];
			if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
		}
		s += SUFFIX[bits];
	}
	return id15 + s;
}

const ID_RE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Returns the 18-char form of a well-formed 15/18-char id, or null when the value is not an id. */
export function normalizeId(value: unknown): string | null {
	if (typeof value !== 'string' || !ID_RE.test(value)) return null;
	const full = to18(value.slice(0, 15));
	if (value.length === 18 && value.slice(15).toUpperCase() !== full.slice(15)) return null;
	return full;
}

export function toBase62(n: number, width: number): string {
	let s = '';
	while (n > 0) {
		s = B62[n % 62] + s;
		n = Math.floor(n / 62);
	}
	return s.padStart(width, '0');
}

/** prefix (3) + instance char + zero-padded base-62 counter → 15 chars → to18. */
export class IdFactory {
	private counter = 0;
	constructor(private readonly instanceChar = '5') {}
	next(prefix: string): string {
		this.counter++;
		return to18(prefix + this.instanceChar + toBase62(this.counter, 11));
	}
	/** Random-looking opaque id, used for query locators. */
	locator(): string {
		this.counter++;
		return '01g' + this.instanceChar + toBase62(this.counter, 11);
	}
}
