/**
 * The Outbound Message trigger's seen window: bounded by size and age, its static-data copy bounded, the number
 * of windows per process bounded; the memory of a full window measured (README, Outbound Messages).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { MAX_WINDOWS, MIRROR_ENTRIES, SeenWindow, windowFor } from '../../nodes/SalesforceCrmOutboundMessageTrigger/seenWindow';

const DAY = 24 * 3600_000;
/** A key as the node builds it: notification id (04l…) + action id (04k…), 18 characters each. */
const key = (i: number) => `04l${String(i).padStart(12, '0')}AAA-04k7F0000008V3hQAE`;

test('size: 100,000 notifications through a 10,000 window keep the newest 9,000 to 10,000', () => {
	const w = new SeenWindow({ maxEntries: 10_000, maxAgeMs: DAY });
	const t0 = Date.now();
	for (let i = 0; i < 100_000; i++) w.record(key(i), t0);
	expect(w.size).toBeLessThanOrEqual(10_000);
	expect(w.size).toBeGreaterThanOrEqual(9_000);
	expect(w.has(key(89_999), t0)).toBe(false);
	expect(Array.from({ length: 9_000 }, (_, i) => w.has(key(91_000 + i), t0)).every(Boolean)).toBe(true);
});

test('age: entries older than the window are not duplicates and are dropped on the next record', () => {
	const w = new SeenWindow({ maxEntries: 10_000, maxAgeMs: 60_000 });
	for (let i = 0; i < 500; i++) w.record(key(i), 1_000);
	expect(w.has(key(1), 61_000)).toBe(true);
	expect(w.has(key(1), 61_001)).toBe(false);
	w.record(key(999), 61_001);
	expect(w.size).toBe(1);
});

test('a claim is pending until settled: success records it, failure forgets it, both wake the waiters', async () => {
	const w = new SeenWindow({ maxEntries: 10, maxAgeMs: DAY });
	const settleA = w.claim('a');
	const settleB = w.claim('b');
	const woken: string[] = [];
	void w.pending('a')!.then(() => woken.push('a'));
	void w.pending('b')!.then(() => woken.push('b'));
	settleA(true, 5);
	settleB(false, 5);
	await Promise.resolve();
	expect(woken.sort()).toEqual(['a', 'b']);
	expect([w.has('a', 5), w.has('b', 5), w.pending('a'), w.pending('b')]).toEqual([true, false, undefined, undefined]);
});

test('merge takes saved entries within the window, ignores expired and malformed ones, and stays bounded', () => {
	const w = new SeenWindow({ maxEntries: 10, maxAgeMs: 1_000 });
	w.record('mine', 5_000);
	w.merge({ old: 3_000, a: 4_500, b: 4_800, c: 4_900, junk: 'x' }, 5_000);
	expect(w.size).toBe(4);
	expect(['mine', 'c', 'b', 'a', 'old', 'junk'].map((k) => w.has(k, 5_000))).toEqual([true, true, true, true, false, false]);
	// over the size limit: the oldest go first, down to 90 % of the limit
	w.merge(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`n${i}`, 4_950 + i])), 5_000);
	expect(w.size).toBe(9);
	expect(['a', 'b', 'c', 'n0', 'mine'].map((k) => w.has(k, 5_000))).toEqual([false, false, false, true, true]);
});

test(`the static-data copy holds the newest ${MIRROR_ENTRIES} entries (measured size)`, () => {
	const w = new SeenWindow({ maxEntries: 10_000, maxAgeMs: DAY });
	const t0 = Date.now();
	for (let i = 0; i < 10_000; i++) w.record(key(i), t0 + i);
	const mirror = w.mirror();
	expect(Object.keys(mirror)).toHaveLength(MIRROR_ENTRIES);
	expect(mirror[key(9_999)]).toBe(t0 + 9_999);
	expect(mirror[key(8_999)]).toBeUndefined();
	const bytes = JSON.stringify(mirror).length;
	console.log(`[seen window] static-data copy of ${MIRROR_ENTRIES} entries: ${bytes} bytes of JSON`);
	expect(bytes).toBeLessThan(60_000);
});

test(`at most ${MAX_WINDOWS} windows per process (least recently used dropped)`, () => {
	const limits = { maxEntries: 10, maxAgeMs: DAY };
	const first = windowFor('scope-0', limits);
	first.record('x', 1);
	for (let i = 1; i <= MAX_WINDOWS; i++) windowFor(`scope-${i}`, limits);
	expect(windowFor('scope-0', limits)).not.toBe(first);
	expect(windowFor(`scope-${MAX_WINDOWS}`, limits).size).toBe(0);
});

test('memory of a full 10,000-entry window (measured, after garbage collection)', () => {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	const before = process.memoryUsage().heapUsed;
	const w = new SeenWindow({ maxEntries: 10_000, maxAgeMs: DAY });
	const t0 = Date.now();
	for (let i = 0; i < 10_000; i++) w.record(key(i), t0);
	gc();
	const bytes = process.memoryUsage().heapUsed - before;
	expect(w.size).toBe(10_000);
	console.log(
		`[seen window] 10,000 entries: ${Math.round(bytes / 1024)} KiB (${Math.round(bytes / 10_000)} bytes per entry, key strings included)`,
	);
	expect(bytes).toBeLessThan(10_000 * 300);
});
