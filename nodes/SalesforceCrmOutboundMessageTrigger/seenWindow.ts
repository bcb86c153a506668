/**
 * Which Outbound Message notifications this n8n process has already run (or is running), bounded in size and age.
 *
 * Why in process memory: n8n gives a webhook node no store that is safe when deliveries arrive at the same time.
 * Workflow static data is loaded per request and the whole object is written back afterwards (the last writer wins,
 * so concurrent deliveries erase each other's entries), and n8n's de-duplication helpers (`checkProcessedAndRecord`,
 * table `processed_data`) are not offered to webhook functions (n8n-core 1.x and 2.x) and read, change and write one
 * row per workflow or node without a lock. A check-and-claim on a Map is atomic in Node's event loop, so within one
 * n8n process every notification is claimed by exactly one delivery. A copy of the newest entries is kept in static
 * data so a restart of n8n still knows them (best effort: see `mirror`). Several n8n processes (queue mode with
 * webhook processes, multi-main) each have their own window.
 */

export interface WindowLimits {
	/** most notifications remembered (oldest dropped first) */
	maxEntries: number;
	/** entries older than this are forgotten (Salesforce stops retrying after 24 h) */
	maxAgeMs: number;
}

/** Entries copied into the workflow's static data (saved by n8n with every request that changes it). */
export const MIRROR_ENTRIES = 1000;
/** Windows kept per process (one per workflow × trigger node × mode); the least recently used is dropped. */
export const MAX_WINDOWS = 100;

export class SeenWindow {
	/** key → when it was recorded (ms); Map order = insertion order, oldest first */
	private readonly done = new Map<string, number>();
	/** key → settles when the delivery running it has been answered */
	private readonly running = new Map<string, Promise<void>>();
	private lastAgePrune = 0;

	constructor(public limits: WindowLimits) {}

	get size(): number {
		return this.done.size + this.running.size;
	}

	/** Already run (and, with "after success", acknowledged) within the window. */
	has(key: string, now: number): boolean {
		const at = this.done.get(key);
		return at !== undefined && now - at <= this.limits.maxAgeMs;
	}

	/** A delivery of this notification is running now: settles when it has been answered. */
	pending(key: string): Promise<void> | undefined {
		return this.running.get(key);
	}

	/** Remembers `key` as run. */
	record(key: string, now: number): void {
		this.done.delete(key);
		this.done.set(key, now);
		this.prune(now);
	}

	/**
	 * Marks `key` as running. The returned `settle(succeeded)` records it (succeeded) or forgets it so the next
	 * delivery runs it (failed); either way it wakes deliveries waiting on `pending(key)`.
	 */
	claim(key: string): (succeeded: boolean, now: number) => void {
		let wake!: () => void;
		this.running.set(key, new Promise<void>((resolve) => (wake = resolve)));
		return (succeeded, now) => {
			this.running.delete(key);
			if (succeeded) this.record(key, now);
			wake();
		};
	}

	/**
	 * Drops entries past the age limit (at most once a second: `has` checks the age anyway), and when the size limit
	 * is passed, the oldest down to 90 % of it (the Map is in time order; evicting in batches keeps a record cheap).
	 */
	prune(now: number): void {
		if (now - this.lastAgePrune >= 1000 || now < this.lastAgePrune) {
			this.lastAgePrune = now;
			for (const [key, at] of this.done) {
				if (now - at <= this.limits.maxAgeMs) break;
				this.done.delete(key);
			}
		}
		if (this.done.size <= this.limits.maxEntries) return;
		let excess = this.done.size - Math.floor(this.limits.maxEntries * 0.9);
		for (const key of this.done.keys()) {
			if (excess-- <= 0) break;
			this.done.delete(key);
		}
	}

	/** Takes in entries another request (or an earlier n8n process) saved in static data. */
	merge(saved: unknown, now: number): void {
		if (!saved || typeof saved !== 'object') return;
		const entries = Object.entries(saved as Record<string, unknown>)
			.filter(([key, at]) => typeof at === 'number' && !this.done.has(key) && !this.running.has(key) && now - at <= this.limits.maxAgeMs)
			.sort((a, b) => (a[1] as number) - (b[1] as number));
		if (!entries.length) return;
		// keep the Map in time order: rebuild it with the merged entries in place
		const all = [...this.done.entries(), ...(entries as Array<[string, number]>)].sort((a, b) => a[1] - b[1]);
		this.done.clear();
		for (const [key, at] of all) this.done.set(key, at);
		this.prune(now);
	}

	/** The newest `max` entries, for the static-data copy. */
	mirror(max = MIRROR_ENTRIES): Record<string, number> {
		const entries = [...this.done.entries()];
		return Object.fromEntries(entries.slice(Math.max(0, entries.length - max)));
	}
}

const windows = new Map<string, SeenWindow>();

/** The window of one workflow's trigger node in this process (created on first use). */
export function windowFor(scope: string, limits: WindowLimits): SeenWindow {
	let window = windows.get(scope);
	if (window) {
		windows.delete(scope); // most recently used last
		window.limits = limits;
	} else {
		window = new SeenWindow(limits);
	}
	windows.set(scope, window);
	for (const key of windows.keys()) {
		if (windows.size <= MAX_WINDOWS) break;
		windows.delete(key);
	}
	return window;
}
