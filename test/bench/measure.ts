/** Small measuring helpers: RSS sampler, medians, percentiles, formatting. */

export interface RssSampler {
	stop(): number;
}

/**
 * Samples process.memoryUsage().rss every `everyMs` and returns the peak minus the RSS at start (bytes).
 * The sampler runs on the same event loop, so a long synchronous stretch can hide a short peak.
 */
export function sampleRss(everyMs = 10): RssSampler {
	const start = process.memoryUsage().rss;
	let peak = start;
	const timer = setInterval(() => {
		const rss = process.memoryUsage().rss;
		if (rss > peak) peak = rss;
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			const rss = process.memoryUsage().rss;
			if (rss > peak) peak = rss;
			return peak - start;
		},
	};
}

export function gc(): void {
	const g = (globalThis as { gc?: () => void }).gc;
	if (g) {
		g();
		g();
	}
}

export function median(values: number[]): number {
	if (!values.length) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
	if (!values.length) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * s.length));
	return s[rank - 1];
}

export function fmtMs(ms: number): string {
	if (!Number.isFinite(ms)) return '–';
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function fmtMb(bytes: number): string {
	if (!Number.isFinite(bytes)) return '–';
	return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function fmtRatio(r: number): string {
	if (!Number.isFinite(r)) return '–';
	if (r >= 100) return `${r.toFixed(0)}×`;
	if (r >= 10) return `${r.toFixed(1)}×`;
	return `${r.toFixed(2)}×`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
