/**
 * The commit decision per mode for the runs n8n hands back on the done promise: a workflow that ran (success or
 * failure) and a run n8n lost before the workflow ran — n8n 2.41's queue mode settles a killed worker's execution
 * with `status: 'error'`, the stalled-job error and no node data (WorkflowRunner.processError).
 */
import type { IRun } from 'n8n-workflow';

import { Committer, runNeverStarted, type CommitState } from '../../nodes/SalesforceCrmTrigger/streaming/commit';
import type { StreamEvent } from '../../nodes/SalesforceCrmTrigger/streaming/bayeuxProtocol';

const CH = '/data/AccountChangeEvent';
const events = (from: number, n: number): StreamEvent[] =>
	Array.from({ length: n }, (_, i) => ({ channel: CH, replayId: from + i, data: {} }) as StreamEvent);

const run = (status: IRun['status'], nodes: string[], error?: string): IRun =>
	({
		status,
		finished: status === 'success',
		mode: 'trigger',
		startedAt: new Date(),
		data: {
			resultData: {
				runData: Object.fromEntries(nodes.map((n) => [n, [{ startTime: 0, executionTime: 1, source: [] }]])),
				...(error ? { error: { message: error } } : {}),
			},
		},
	}) as unknown as IRun;

const lostOnWorker = run('error', [], 'job stalled more than maxStalledCount');
const ranAndFailed = run('error', ['Salesforce CRM Trigger', 'Update'], 'INVALID_FIELD');
const ranOk = run('success', ['Salesforce CRM Trigger', 'Update']);

test('runNeverStarted: only an unsuccessful run with no node data', () => {
	expect([lostOnWorker, ranAndFailed, ranOk, run('crashed', [])].map(runNeverStarted)).toEqual([true, false, false, true]);
	expect(runNeverStarted(undefined)).toBe(false);
});

test('After the Execution Finishes: commits runs that ran (failed or not), asks again for a lost run, skips it after the attempts', () => {
	const state: CommitState = {};
	const c = new Committer(state, 'afterExecution', 3);
	expect(c.settle(events(1, 5), ranOk)).toBeUndefined();
	expect(c.position(CH)).toBe(5);
	expect(c.settle(events(6, 5), ranAndFailed)).toBeUndefined();
	expect(c.position(CH)).toBe(10);
	// lost before the workflow ran: redelivered from the committed position, twice; the third loss skips it
	expect(c.settle(events(11, 5), lostOnWorker)).toEqual({ redeliverFrom: { [CH]: 10 }, reason: expect.stringContaining('1/3') });
	expect(c.settle(events(11, 5), lostOnWorker)).toEqual({ redeliverFrom: { [CH]: 10 }, reason: expect.stringContaining('2/3') });
	expect(c.position(CH)).toBe(10);
	expect(c.settle(events(11, 5), lostOnWorker)).toBeUndefined();
	expect(c.position(CH)).toBe(15);
	expect(c.takeSkipped()).toEqual([expect.objectContaining({ fromReplayId: 11, toReplayId: 15, events: 5, attempts: 3 })]);
});

test('After It Succeeds asks again for both; On Receipt commits both', () => {
	const strict = new Committer({}, 'afterSuccess', 3);
	expect(strict.settle(events(1, 2), ranAndFailed)).toMatchObject({ redeliverFrom: { [CH]: 0 } });
	expect(strict.settle(events(1, 2), lostOnWorker)).toMatchObject({ redeliverFrom: { [CH]: 0 } });
	const fast = new Committer({}, 'onReceipt', 1);
	expect(fast.settle(events(1, 2), lostOnWorker)).toBeUndefined();
	expect(fast.position(CH)).toBe(2);
});
