import type { IDataObject } from 'n8n-workflow';

import { isApiName } from '../../../shared/services/ids';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { perItem, prepareItems, writeResults } from '../common';
import { jsonObjectParam } from '../params';
import type { Operation, OperationModule } from '../types';
import { failedCall, type RecordResult } from '../../../shared/services/records';

/** Flow → List: auto-launched flows that can be invoked. */
export const listFlows: OperationModule = {
	description: [],
	execute: perItem(async function (i, client) {
		const result = await client.request<{ actions?: IDataObject[] }>('GET', '/actions/custom/flow');
		return (result.actions ?? []).map((a) => ({ json: a, pairedItem: { item: i } }));
	}),
};

const invokeShow = { show: { resource: ['flow'], operation: ['invoke'] } };
const FLOW_BATCH = 200;

/** Flow → Invoke: one flow interview per item; inputs of up to 200 items go in one call. */
export const invokeFlow: OperationModule = {
	description: [
		{
			displayName: 'Flow API Name',
			name: 'flowApiName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'My_Autolaunched_Flow',
			displayOptions: invokeShow,
		},
		{
			displayName: 'Input Variables (JSON)',
			name: 'flowInputs',
			type: 'json',
			default: '{}',
			description: 'The flow\'s input variables as a JSON object, e.g. {"recordId": "001..."}',
			displayOptions: invokeShow,
		},
	],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => {
			const name = String(this.getNodeParameter('flowApiName', i, '')).trim();
			if (!isApiName(name))
				throw new SalesforceInputError(`Flow API Name "${name}" is not valid`, { itemIndex: i, field: 'Flow API Name' });
			return { name, inputs: jsonObjectParam(this, i, 'flowInputs', 'Input Variables (JSON)') };
		});
		const valid = prepared.filter((p) => p.input);
		const results: RecordResult[] = [];
		/** Output per item index. */
		const outputs = new Map<number, IDataObject>();
		let start = 0;
		while (start < valid.length) {
			// One flow per call: a batch ends at 200 inputs or where the flow name changes.
			let end = start;
			const name = valid[start].input!.name;
			while (end < valid.length && end - start < FLOW_BATCH && valid[end].input!.name === name) end++;
			const chunk = valid.slice(start, end);
			start = end;
			let response: IDataObject[];
			try {
				response = await client.request<IDataObject[]>('POST', `/actions/custom/flow/${encodeURIComponent(name)}`, {
					body: { inputs: chunk.map((p) => p.input!.inputs) },
					retry: 'never',
				});
			} catch (error) {
				// A failed call (unknown flow, limits…) fails its own items; the batches already run are kept.
				results.push(...failedCall(error, chunk.length));
				for (const p of chunk) outputs.set(p.index, { flow: name });
				continue;
			}
			chunk.forEach((p, n) => {
				const r = (response[n] ?? {}) as IDataObject;
				const errors = ((r.errors as IDataObject[] | null) ?? []).map((e) => ({
					errorCode: String(e.statusCode ?? 'FLOW_ERROR'),
					message: String(e.message ?? ''),
				}));
				results.push({ success: r.isSuccess === true, errors });
				outputs.set(p.index, { flow: name, outputValues: (r.outputValues as IDataObject) ?? {} });
			});
		}
		return writeResults(this, prepared, results, (_, i) => ({ success: true, ...outputs.get(i) }));
	} as Operation,
};
