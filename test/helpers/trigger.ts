/**
 * Runs a trigger node's `trigger()` and a webhook node's `webhook()` with n8n-core's real TriggerContext /
 * WebhookContext and TriggersAndPollers (the class n8n's ActiveWorkflowManager uses), on top of engine.ts's node
 * types, credentials helper and additionalData.
 *
 * What stands in for n8n's server: `emit` (n8n: save static data, start an execution) saves a snapshot of the
 * workflow's static data when it changed — as n8n's WorkflowStaticDataService.saveStaticData does — and records
 * the items; a stop/restart passes the last saved snapshot to the next activation, like a restart of n8n would.
 * As in n8n 2.41, static data is saved at activation and at each emit only: not when a run ends, not after
 * `closeFunction`. A deferred "done" promise handed to emit is settled when the run ends, with an IRun whose status
 * `onRun` decides (default: success); `crash()` stops everything with no further save and leaves runs unfinished,
 * like a SIGKILL of n8n.
 * Emitted items are run through n8n-core's WorkflowExecute (the trigger node as start node) when `execute` is set.
 */
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { TriggerContext, WebhookContext } from 'n8n-core/dist/execution-engine/node-execution-context';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
import {
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IRun,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type ITriggerResponse,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	CREDENTIAL_TYPE,
	HarnessCredentialsHelper,
	createAdditionalData,
	nextExecutionId,
	nodeTypes,
	setupEngine,
	type SchedulerApi,
} from './engine';

export const TRIGGER_TYPE = 'n8n-nodes-salesforce-crm.salesforceCrmTrigger';
export const OUTBOUND_TYPE = 'n8n-nodes-salesforce-crm.salesforceCrmOutboundMessageTrigger';

function buildWorkflow(node: INode, staticData: IDataObject | undefined, downstream: INode[] = [], id = 'trigger-workflow'): Workflow {
	const chain = [node, ...downstream];
	const connections: IConnections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return new Workflow({
		id,
		name: 'Trigger workflow',
		nodes: chain,
		connections,
		active: true,
		nodeTypes,
		staticData: staticData ? structuredClone(staticData) : undefined,
		settings: { executionOrder: 'v1' },
	});
}

/** The node's `authentication` parameter picks the credential type ('jwt' → the JWT credential). */
function credentialTypeOf(parameters: INodeParameters): string {
	return parameters.authentication === 'jwt' ? 'salesforceCrmJwtApi' : CREDENTIAL_TYPE;
}

function makeNode(type: string, parameters: INodeParameters, webhookId?: string): INode {
	return {
		id: 'trigger-node',
		name: 'Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(parameters),
		credentials: { [credentialTypeOf(parameters)]: { id: `cred-${credentialTypeOf(parameters)}`, name: 'Salesforce (test)' } },
		...(webhookId ? { webhookId } : {}),
	};
}

/** Runs the emitted items through n8n-core's WorkflowExecute with the trigger node as the start node. */
async function executeEmitted(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	data: INodeExecutionData[][],
	mode: WorkflowExecuteMode,
) {
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: data }, source: null }] },
	});
	additionalData.hooks = new ExecutionLifecycleHooks(mode, additionalData.executionId ?? nextExecutionId(), {
		id: workflow.id,
		name: workflow.name,
		active: true,
		isArchived: false,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	// the trigger node is the start node and already has its data: WorkflowExecute passes it through
	return await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);
}

export interface TriggerRunOptions {
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** static data saved by a previous activation */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
	type?: string;
	/** the run of each emitted batch: throw (or reject) = the execution failed; default: it succeeds */
	onRun?: (items: IDataObject[]) => Promise<void> | void;
}

export interface RunningTrigger {
	/** every emitted batch, in order */
	batches: INodeExecutionData[][];
	/** all emitted items (flattened) */
	items(): IDataObject[];
	errors: Error[];
	/** the static data as n8n last saved it (at the last emit that changed it) */
	savedStaticData(): IDataObject;
	/** the live static data object of the workflow */
	workflow: Workflow;
	response: ITriggerResponse;
	credentialsHelper: HarnessCredentialsHelper;
	/** whether this n8n's trigger context has saveFailedExecution (n8n 2.x) */
	savesFailedExecutions: boolean;
	/** cron expressions the node registered with this.helpers.registerCron during activation */
	crons: string[];
	/** runs every registered cron's onTick now, as n8n's cron would, and awaits what it returns */
	tick(): Promise<void>;
	/** resolves when at least `n` items have been emitted (rejects after timeoutMs) */
	waitForItems(n: number, timeoutMs?: number): Promise<IDataObject[]>;
	stop(): Promise<void>;
	/** a SIGKILL of n8n: no save from now on, runs in flight never finish, the trigger's loop is stopped */
	crash(): Promise<void>;
	/** executions whose run has not finished yet */
	inFlight(): number;
}

/** Activates a trigger node as n8n's ActiveWorkflowManager does (mode 'trigger', activation 'activate'). */
export async function startTrigger(options: TriggerRunOptions): Promise<RunningTrigger> {
	setupEngine();
	const node = makeNode(options.type ?? TRIGGER_TYPE, options.parameters);
	const workflow = buildWorkflow(node, options.staticData);
	const credentialsHelper = new HarnessCredentialsHelper({ [credentialTypeOf(options.parameters)]: options.credentials });
	const mode: WorkflowExecuteMode = options.mode ?? 'trigger';
	const hooks = new ExecutionLifecycleHooks(mode, nextExecutionId(), {
		id: workflow.id,
		name: workflow.name,
		active: true,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	const additionalData = createAdditionalData(credentialsHelper, hooks);
	const batches: INodeExecutionData[][] = [];
	const errors: Error[] = [];
	let saved: IDataObject = structuredClone(options.staticData ?? {});
	const waiters: Array<() => void> = [];
	const notify = () => waiters.splice(0).forEach((w) => w());

	let crashed = false;
	let running = 0;
	const unfinished = new Set<(e: Error) => void>();
	const saveStaticData = () => {
		if (crashed) return;
		const sd = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (sd.__dataChanged === true) {
			const copy = JSON.parse(JSON.stringify(sd)) as IDataObject; // an ObservableObject proxy: JSON, as n8n stores it
			delete copy.__dataChanged;
			saved = copy;
			sd.__dataChanged = false;
		}
	};

	let savesFailedExecutions = false;
	const getTriggerFunctions = (
		wf: Workflow,
		n: INode,
		ad: IWorkflowExecuteAdditionalData,
		m: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
	) => {
		const ctx = new TriggerContext(
			wf,
			n,
			ad,
			m,
			activation,
			(data: INodeExecutionData[][], _response?: unknown, done?: { resolve: (run: IRun) => void; reject: (e: Error) => void }) => {
				if (crashed) return;
				saveStaticData();
				batches.push(data[0] ?? []);
				notify();
				if (!done) return;
				running++;
				unfinished.add(done.reject);
				const items = (data[0] ?? []).map((i) => i.json);
				void (async () => {
					const status = await Promise.resolve()
						.then(async () => await options.onRun?.(items))
						.then(
							() => 'success',
							() => 'error',
						);
					if (crashed) return; // the process is gone: the run never ends
					running--;
					unfinished.delete(done.reject);
					done.resolve({
						status,
						finished: status === 'success',
						mode: 'trigger',
						data: { resultData: { runData: {} } },
					} as unknown as IRun);
				})();
			},
			(error: Error) => {
				errors.push(error);
				notify();
			},
			(error: unknown) => {
				errors.push(error as Error);
				notify();
			},
		);
		// n8n 2.x trigger contexts record a failed execution without deactivating the workflow; n8n 1.x has no such call
		savesFailedExecutions = typeof (ctx as { saveFailedExecution?: unknown }).saveFailedExecution === 'function';
		return ctx;
	};

	// The real ScheduledTaskManager registers the node's crons; the harness also keeps each onTick so a test can
	// fire a poll deterministically (tick()) instead of waiting for the clock.
	const scheduler = Container.get(ScheduledTaskManager) as unknown as SchedulerApi;
	const method = scheduler.register ? 'register' : 'registerCron';
	const register = scheduler[method]!;
	const cronTicks: Array<{ expression: string; onTick: () => unknown }> = [];
	scheduler[method] = function (this: unknown, ctx: any, onTick: (...args: unknown[]) => unknown) {
		if ((ctx.group?.id ?? ctx.workflowId) === workflow.id) cronTicks.push({ expression: ctx.expression, onTick });
		return register.call(this, ctx, onTick);
	};
	let response: ITriggerResponse | undefined;
	const triggers = Container.get(TriggersAndPollers) as unknown as Record<
		string,
		(...args: unknown[]) => Promise<ITriggerResponse | undefined>
	>;
	const runTrigger = (triggers.runTriggerFunction ?? triggers.runTrigger).bind(triggers);
	try {
		response = await runTrigger(workflow, node, getTriggerFunctions, additionalData, mode, options.activation ?? 'activate');
	} finally {
		scheduler[method] = register;
	}
	if (!response) throw new Error('trigger() returned nothing');
	// n8n's ActiveWorkflowManager saves the static data once a workflow is activated
	if (mode !== 'manual') saveStaticData();

	const items = () => batches.flatMap((b) => b.map((i) => i.json));
	return {
		batches,
		items,
		errors,
		savedStaticData: () => structuredClone(saved),
		workflow,
		response,
		credentialsHelper,
		savesFailedExecutions,
		crons: cronTicks.map((c) => c.expression),
		async tick() {
			for (const c of cronTicks) await c.onTick();
		},
		async waitForItems(n, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (items().length < n) {
				if (errors.length) throw errors[0];
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`Timed out waiting for ${n} items (got ${items().length})`);
				await new Promise<void>((resolve) => {
					const t = setTimeout(resolve, Math.min(left, 1000));
					waiters.push(() => {
						clearTimeout(t);
						resolve();
					});
				});
			}
			return items();
		},
		async stop() {
			// as n8n's ActiveWorkflows.remove: crons first, then the trigger's closeFunction
			if (scheduler.deregisterGroup) scheduler.deregisterGroup({ type: 'workflow', id: workflow.id! });
			else scheduler.deregisterCrons?.(workflow.id!);
			await response.closeFunction?.();
		},
		async crash() {
			crashed = true;
			// the in-process trigger outlives the "killed" n8n: let its close see the runs as failed (nothing is saved)
			for (const reject of unfinished) reject(new Error('n8n was killed'));
			if (scheduler.deregisterGroup) scheduler.deregisterGroup({ type: 'workflow', id: workflow.id! });
			else scheduler.deregisterCrons?.(workflow.id!);
			await response.closeFunction?.();
		},
		inFlight: () => running,
	};
}

/** Manual ("test step") run: resolves with the first emitted data and closes the trigger as the editor does. */
export async function manualTrigger(options: TriggerRunOptions): Promise<{ data: INodeExecutionData[][]; closed: Promise<void> }> {
	const running = await startTrigger({ ...options, mode: 'manual', activation: 'manual' });
	// as n8n's WorkflowExecute runs a trigger node in manual mode
	if (running.response.manualTriggerFunction) await running.response.manualTriggerFunction();
	const data = (await running.response.manualTriggerResponse) as INodeExecutionData[][];
	return { data, closed: running.stop() };
}

/* ------------------------------------------------------------------------------------------------------------
 * Webhooks: a real HTTP server in front of a webhook node, as n8n's webhook server would call it.
 * ---------------------------------------------------------------------------------------------------------- */

export interface WebhookServerOptions {
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** the workflow's static data as saved before the first request */
	staticData?: IDataObject;
	type?: string;
	typeVersion?: number;
	webhookId?: string;
	/** the workflow's id (n8n process state is kept per workflow: another id stands for a process that never saw it) */
	workflowId?: string;
	/** nodes after the webhook node (a chain), e.g. one that fails, to test "acknowledge after success" */
	downstream?: Array<{ name: string; type: string; parameters?: INodeParameters }>;
}

export interface WebhookExecution {
	items: IDataObject[];
	/** the WorkflowExecute run of the emitted items */
	error?: string;
}

export interface RunningWebhook {
	url: string;
	executions: WebhookExecution[];
	/**
	 * One entry per request, recorded as soon as the node's webhook() returned (before the answer is sent): whether
	 * it asked n8n to run the workflow. Once a sender has the answer, this says whether a run was started, with no
	 * need to wait and see whether an execution shows up.
	 */
	decisions: boolean[];
	/** the workflow's static data as last saved (what n8n's database holds) */
	savedStaticData(): IDataObject;
	close(): Promise<void>;
}

/**
 * Serves POST <url> like n8n's production webhook endpoint (n8n 2.41 LiveWebhooks.executeWebhook +
 * WebhookHelpers.executeWebhook): per request, builds a new Workflow from the static data as last saved (n8n loads
 * the workflow and its static data from the database for every request), reads the raw body (n8n keeps
 * `req.rawBody`), runs the node's webhook() in a real WebhookContext, and saves that request's whole static data
 * object when the answer is sent (n8n's responseCallback → WorkflowStaticDataService.saveStaticData, only if it
 * changed): concurrent requests overwrite each other's changes as they do in n8n. The workflow data the node
 * returns runs through WorkflowExecute; for `responseMode: 'lastNode'` the answer is sent after the run, the way
 * n8n sends it (status, then express's send → res.end).
 */
export async function startWebhook(options: WebhookServerOptions): Promise<RunningWebhook> {
	setupEngine();
	const webhookId = options.webhookId ?? 'b6a0ad0b-5c2e-4d51-9a3a-4f7f4f3a0001';
	const node = { ...makeNode(options.type ?? OUTBOUND_TYPE, options.parameters, webhookId), typeVersion: options.typeVersion ?? 1.1 };
	const downstream: INode[] = (options.downstream ?? []).map((d, i) => ({
		id: `downstream-${i}`,
		name: d.name,
		type: d.type,
		typeVersion: 1,
		position: [(i + 1) * 220, 0],
		parameters: d.parameters ?? {},
	}));
	let saved: IDataObject = structuredClone(options.staticData ?? {});
	const credentialsHelper = new HarnessCredentialsHelper({ [credentialTypeOf(options.parameters)]: options.credentials });
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookDescription = nodeType.description.webhooks![0];
	const executions: WebhookExecution[] = [];
	const decisions: boolean[] = [];

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		// n8n: findWebhook + loadWebhookExecutionData (database reads), then a new Workflow with that static data
		await new Promise((r) => setImmediate(r));
		const workflow = buildWorkflow(node, saved, downstream, options.workflowId);
		const saveStaticData = async () => {
			await new Promise((r) => setImmediate(r)); // the database write
			if (workflow.staticData.__dataChanged === true) {
				const copy = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject; // the JSON column
				delete copy.__dataChanged;
				saved = copy;
				workflow.staticData.__dataChanged = false;
			}
		};
		const rawBody = Buffer.concat(chunks);
		const r = req as IncomingMessage & { rawBody: Buffer; body: unknown; query: IDataObject; params: IDataObject };
		r.rawBody = rawBody;
		r.body = {};
		r.query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
		r.params = {};
		r.readRawBody = async () => undefined;
		const additionalData = createAdditionalData(credentialsHelper);
		additionalData.httpRequest = req as never;
		additionalData.httpResponse = res as never;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: String(webhookDescription.path),
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId,
		};
		const ctx = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(ctx);
			decisions.push(Boolean(result.workflowData));
		} catch (error) {
			decisions.push(false);
			send(res, 500, 'application/json', JSON.stringify({ message: (error as Error).message }));
			return;
		}
		const responseMode = workflow.expression.getSimpleParameterValue(
			node,
			webhookDescription.responseMode,
			'webhook',
			{},
			undefined,
			'onReceived',
		);
		if (result.noWebhookResponse || responseMode !== 'lastNode' || !result.workflowData) {
			if (!result.noWebhookResponse)
				send(res, 200, 'application/json', JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
			await saveStaticData();
		}
		if (result.workflowData) {
			const items = result.workflowData[0].map((i) => i.json);
			const run = await executeEmitted(workflow, node, createAdditionalData(credentialsHelper), result.workflowData, 'webhook');
			const error = run.data.resultData.error?.message;
			executions.push({ items, error });
			if (responseMode === 'lastNode' && !result.noWebhookResponse) {
				// as n8n's webhook service: a failed run answers 500 "Error in workflow"; otherwise the last node's
				// first item (responseData firstEntryJson, responsePropertyName) or, with responseData noData, no body
				if (error) {
					send(res, 500, 'application/json', JSON.stringify({ message: 'Error in workflow' }));
				} else {
					const last = run.data.resultData.lastNodeExecuted!;
					const first = run.data.resultData.runData[last]?.[0]?.data?.main?.[0]?.[0]?.json ?? {};
					const responseData = workflow.expression.getSimpleParameterValue(
						node,
						webhookDescription.responseData,
						'webhook',
						{},
						undefined,
						'firstEntryJson',
					);
					const prop = workflow.expression.getSimpleParameterValue(node, webhookDescription.responsePropertyName, 'webhook', {}) as
						string | undefined;
					const contentType = workflow.expression.getSimpleParameterValue(node, webhookDescription.responseContentType, 'webhook', {}) as
						string | undefined;
					const body = responseData === 'noData' ? '' : prop ? (first as IDataObject)[prop] : first;
					send(res, 200, contentType ?? 'application/json', typeof body === 'string' ? body : JSON.stringify(body ?? ''));
				}
				await saveStaticData();
			}
		}
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			executions.push({ items: [], error: `harness: ${error.stack ?? error.message}` });
			send(res, 500, 'text/plain', String(error.message));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/${webhookId}/${String(webhookDescription.path)}`,
		executions,
		decisions,
		savedStaticData: () => structuredClone(saved),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** As express's res.status(code).type(...).send(body): headers set, then res.end(body). */
function send(res: ServerResponse, status: number, contentType: string, body: string): void {
	if (res.headersSent || res.writableEnded) return;
	res.statusCode = status;
	res.setHeader('content-type', contentType);
	res.setHeader('content-length', Buffer.byteLength(body));
	res.end(body);
}
