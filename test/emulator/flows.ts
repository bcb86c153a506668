import { normalizeId } from './ids';
import { type ApiCtx, jsonObject, ok, type Route } from './rest';
import type { Fields } from './store';
import { SfError } from './types';

/**
 * Invocable auto-launched flows (`/actions/custom/flow`), a small subset:
 * GET lists the flows as `{ actions: [{ label, name, type: 'FLOW' }] }`; POST `/actions/custom/flow/{name}`
 * with `{ inputs: [...] }` runs one interview per input and answers one result per input, in order:
 * `{ actionName, errors: null | [{ statusCode, message, fields }], isSuccess, outputValues }`.
 * Each interview runs in its own transaction: a failed one leaves nothing behind, the others are kept.
 */
interface DemoFlow {
	label: string;
	run(ctx: ApiCtx, input: Fields): Fields;
}

const FLOWS: Record<string, DemoFlow> = {
	/** Creates a follow-up Task on the record `recordId` (an account, opportunity, case… or a contact/lead). */
	Create_Follow_Up_Task: {
		label: 'Create Follow-Up Task',
		run(ctx, input) {
			const id = normalizeId(String(input.recordId ?? ''));
			if (!id) throw new SfError('INVALID_INPUT', 'The flow input "recordId" is missing or not a record id', ['recordId']);
			const who = id.startsWith('003') || id.startsWith('00Q');
			const taskId = ctx.store.insert(
				'Task',
				{ Subject: String(input.subject ?? 'Follow up'), [who ? 'WhoId' : 'WhatId']: id, ActivityDate: input.dueDate ?? null },
				ctx.wctx,
			);
			return { taskId };
		},
	},
	/** Returns its inputs uppercased: a flow with no side effects. */
	Echo_Flow: {
		label: 'Echo Flow',
		run(_ctx, input) {
			return { echoed: String(input.text ?? '').toUpperCase() };
		},
	},
};

export const flowRoutes: Route[] = [
	[
		'GET',
		/^\/actions\/custom\/flow$/,
		() => ok({ actions: Object.entries(FLOWS).map(([name, f]) => ({ label: f.label, name, type: 'FLOW' })) }),
	],
	[
		'GET',
		/^\/actions\/custom\/flow\/(\w+)$/,
		(_c, m) => {
			const flow = FLOWS[m[1]];
			if (!flow) throw new SfError('NOT_FOUND', `Invalid flow API name: ${m[1]}`, undefined, 404); // wording guessed
			return ok({ name: m[1], label: flow.label, type: 'FLOW' });
		},
	],
	[
		'POST',
		/^\/actions\/custom\/flow\/(\w+)$/,
		(c, m) => {
			const flow = FLOWS[m[1]];
			if (!flow) throw new SfError('NOT_FOUND', `Invalid flow API name: ${m[1]}`, undefined, 404); // wording guessed
			const body = jsonObject(c.body);
			const inputs = body.inputs;
			if (!Array.isArray(inputs)) throw new SfError('JSON_PARSER_ERROR', 'Missing "inputs"');
			if (inputs.length > 200) throw new SfError('INVALID_BATCH_SIZE', 'Maximum number of inputs allowed is 200'); // wording guessed
			return ok(
				inputs.map((input: Fields) => {
					try {
						const outputValues = c.store.transaction(() => flow.run(c, input ?? {}), c.wctx.transactionKey);
						return {
							actionName: m[1],
							errors: null,
							isSuccess: true,
							outputValues: { ...outputValues, Flow__InterviewStatus: 'Finished' },
						};
					} catch (e) {
						if (!(e instanceof SfError)) throw e;
						return {
							actionName: m[1],
							errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }],
							isSuccess: false,
							outputValues: null,
						};
					}
				}),
			);
		},
	],
];
