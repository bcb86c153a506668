// Test fixture of the queue-mode suite (not part of the pack): on activation it emits one item with a deferred
// "done" promise, the way the Salesforce CRM Trigger hands one to n8n, and POSTs to `reportUrl` the process that
// saw the promise settle (pid, n8n command) and what n8n settled it with.
'use strict';

class QueueProbeTrigger {
	constructor() {
		this.description = {
			displayName: 'Queue Probe Trigger',
			name: 'queueProbeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Test fixture: emits once with a done promise and reports how it settles',
			defaults: { name: 'Queue Probe' },
			inputs: [],
			outputs: ['main'],
			properties: [{ displayName: 'Report URL', name: 'reportUrl', type: 'string', default: '' }],
		};
	}

	async trigger() {
		const reportUrl = this.getNodeParameter('reportUrl');
		const report = async (body) =>
			await this.helpers.httpRequest({
				method: 'POST',
				url: reportUrl,
				body: { pid: process.pid, argv: process.argv.slice(2), ...body },
				json: true,
			});
		const done = this.helpers.createDeferredPromise();
		const emittedAt = Date.now();
		done.promise.then(
			async (run) =>
				await report({ emittedAt, settledAt: Date.now(), resolved: true, status: run && run.status, finished: run && run.finished }),
			async (error) => await report({ emittedAt, settledAt: Date.now(), resolved: false, error: String(error && error.message) }),
		);
		await report({ activatedAt: emittedAt });
		this.emit([[{ json: { emittedAt } }]], undefined, done);
		return {};
	}
}

module.exports = { QueueProbeTrigger };
