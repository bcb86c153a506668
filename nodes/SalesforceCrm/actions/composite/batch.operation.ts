import { type BatchResult, executeBatch, normaliseBatch } from '../../../shared/services/batch';
import { failedCall } from '../../../shared/services/records';
import { type Prepared, prepareItems, writeResults } from '../common';
import { jsonParam } from '../params';
import type { OperationModule } from '../types';

const show = { show: { resource: ['composite'], operation: ['batch'] } };

/**
 * Composite → Batch: per item up to 25 independent sub-requests in one call, each committed on its own; one output
 * per sub-request (a failed one as an error item). "Halt on Error" skips the ones after the first failure.
 */
export const batch: OperationModule = {
	description: [
		{
			displayName: 'Batch Requests (JSON)',
			name: 'batchRequests',
			type: 'json',
			default:
				'[\n  { "method": "PATCH", "url": "/sobjects/Account/001000000000001AAA", "richInput": { "Rating": "Hot" } },\n  { "method": "GET", "url": "/sobjects/Account/001000000000001AAA?fields=Name,Rating" }\n]',
			description:
				'Up to 25 sub-requests, each a method, a URL relative to the REST API (/sobjects/…, /query?q=…) and an optional richInput body. They cannot refer to each other; each is committed on its own.',
			displayOptions: show,
		},
		{
			displayName: 'Halt on Error',
			name: 'batchHaltOnError',
			type: 'boolean',
			default: false,
			description: 'Whether the sub-requests after the first failed one are skipped (BATCH_PROCESSING_HALTED) instead of run',
			displayOptions: show,
		},
	],
	async execute(client) {
		const prepared = prepareItems(this, (i) => normaliseBatch(client, jsonParam(this, i, 'batchRequests', 'Batch Requests (JSON)'), i));
		const entries: Array<Prepared<number>> = [];
		const results: Array<BatchResult & { request: number }> = [];
		for (const p of prepared) {
			if (!p.input) {
				entries.push({ index: p.index, error: p.error });
				continue;
			}
			const halt = this.getNodeParameter('batchHaltOnError', p.index, false) === true;
			let got: BatchResult[];
			try {
				got = await executeBatch(client, p.input, halt);
			} catch (error) {
				got = failedCall(error, p.input.length).map((r) => ({ ...r, statusCode: 0, result: null }));
			}
			p.input.forEach((_, n) => entries.push({ index: p.index, input: n }));
			results.push(...got.map((r, n) => ({ ...r, request: n })));
		}
		return writeResults(this, entries, results, (r) => {
			const result = r as BatchResult & { request: number };
			return {
				request: result.request,
				statusCode: result.statusCode,
				success: true,
				...(result.id ? { id: result.id } : {}),
				result: result.result as never,
			};
		});
	},
};
