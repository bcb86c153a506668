/**
 * Runs n8n workflows through n8n-core's real `WorkflowExecute` inside jest.
 *
 * What is real: the pack's node and credential classes are loaded by n8n-core's own `PackageDirectoryLoader`
 * (the class n8n uses for installed community packages; it instantiates the classes, applies special node
 * parameters, fixes icon paths), `Workflow` (default parameter values), `WorkflowExecute` (execution stack,
 * continue-on-fail, error capture), the node execution contexts and `httpRequestWithAuthentication`, which for a
 * credential whose parent is `oAuth2Api` signs the request with the stored bearer token and, on a 401, posts
 * the refresh grant to `accessTokenUrl`, saves the new token through the credentials helper and retries once.
 *
 * What stands in for the n8n server: a credentials helper that keeps the decrypted credential data in memory
 * (but resolves defaults and `={{ }}` expressions of the credential class the way n8n's CredentialsHelper
 * does), and a plain `additionalData` object.
 */
import { Container } from '@n8n/di';
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Logger } from '@n8n/backend-common';
import {
	Credentials,
	ExecutionLifecycleHooks,
	InstanceSettings,
	ExternalSecretsProxy,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
// Not re-exported from n8n-core's index; the same module instances the DI container holds.
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentials,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const PACKAGE_NAME = 'n8n-nodes-salesforce-crm';
export const CREDENTIAL_TYPE = 'salesforceCrmOAuth2Api';
export const START_NODE_NAME = 'Start';
export const START_NODE_TYPE = 'n8n-nodes-base.manualTrigger';

const REPO_ROOT = path.resolve(__dirname, '../..');

/* ------------------------------------------------------------------------------------------------------------
 * n8n-core's DI container: the minimum the execution engine asks for.
 * ---------------------------------------------------------------------------------------------------------- */

let engineReady = false;
let engineFolder: string | undefined;

/**
 * Sets up what n8n-core takes from its DI container: a silent Logger (N8N_LOG_LEVEL overrides) and
 * InstanceSettings in a throw-away n8n folder (so nothing is written to ~/.n8n). Idempotent.
 */
export function setupEngine(): void {
	if (engineReady) return;
	const globalConfig = Container.get(GlobalConfig);
	globalConfig.logging.level = (process.env.N8N_LOG_LEVEL as typeof globalConfig.logging.level) ?? 'silent';
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	engineFolder = folder;
	const instanceConfig = Container.get(InstanceSettingsConfig);
	Object.assign(instanceConfig, {
		n8nFolder: path.join(folder, '.n8n'),
		userHome: folder,
		encryptionKey: 'harness-test-encryption-key',
		enforceSettingsFilePermissions: false,
	});
	const logger = Container.get(Logger);
	Container.set(InstanceSettings, new InstanceSettings(instanceConfig, logger));
	engineReady = true;
}

/** Stops n8n-core's long-lived handles (SSH client cleanup interval, cron log interval). Call in afterAll. */
export function shutdownEngine(): void {
	if (!engineReady) return;
	// Container.get would construct (and start) them when absent; both shut down idempotently.
	Container.get(SSHClientsManager).onShutdown();
	const scheduler = Container.get(ScheduledTaskManager) as unknown as SchedulerApi;
	if (scheduler.deregisterGroups) scheduler.deregisterGroups('workflow');
	else scheduler.deregisterAllCrons?.();
	if (engineFolder) rmSync(engineFolder, { recursive: true, force: true });
	engineFolder = undefined;
}

/**
 * n8n-core's cron registry changed between the supported n8n versions (1.x/2.8: registerCron(ctx{workflowId}),
 * deregisterCrons(workflowId), deregisterAllCrons(); 2.41: register(ctx{group:{type:'workflow',id}}),
 * deregisterGroup(group), deregisterGroups(type)). The harness speaks to whichever the installed n8n-core has.
 */
export interface SchedulerApi {
	register?: (ctx: any, onTick: (...args: unknown[]) => unknown) => unknown;
	registerCron?: (ctx: any, onTick: (...args: unknown[]) => unknown) => unknown;
	deregisterGroup?: (group: { type: string; id: string }) => unknown;
	deregisterGroups?: (type: string) => unknown;
	deregisterCrons?: (workflowId: string) => unknown;
	deregisterAllCrons?: () => unknown;
}

/* ------------------------------------------------------------------------------------------------------------
 * Node and credential types, loaded as n8n loads a community package.
 * ---------------------------------------------------------------------------------------------------------- */

type AnyNodeType = INodeType | IVersionedNodeType;

/** Node name → TypeScript source (relative to the repo root) for the pack's nodes. */
const PACK_NODE_SOURCES: Record<string, string> = {
	salesforceCrm: 'nodes/SalesforceCrm/SalesforceCrm.node.ts',
	salesforceCrmTrigger: 'nodes/SalesforceCrmTrigger/SalesforceCrmTrigger.node.ts',
};
const PACK_CREDENTIAL_SOURCES: Record<string, string> = {
	salesforceCrmOAuth2Api: 'credentials/SalesforceCrmOAuth2Api.credentials.ts',
};

let loader: PackageDirectoryLoader | undefined;
function packageLoader(): PackageDirectoryLoader {
	setupEngine();
	if (!loader) {
		loader = new PackageDirectoryLoader(REPO_ROOT);
		// n8n reads a node's codex from `<file>.js` + 'on' (X.node.json); we load the .ts source instead.
		const withCodex = loader as unknown as { getCodex(filePath: string): unknown };
		const getCodex = withCodex.getCodex.bind(loader);
		withCodex.getCodex = (filePath: string) => getCodex(filePath.replace(/\.ts$/, '.js'));
		// Anything package.json lists under n8n.nodes / n8n.credentials is known too (dist path → ts source).
		const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
			n8n?: { nodes?: string[]; credentials?: string[] };
		};
		const toSource = (p: string) => p.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		for (const p of pkg.n8n?.nodes ?? []) {
			const name = path.basename(p).split('.')[0];
			const key = name.charAt(0).toLowerCase() + name.slice(1);
			PACK_NODE_SOURCES[key] ??= toSource(p);
		}
		for (const p of pkg.n8n?.credentials ?? []) {
			const name = path.basename(p).split('.')[0];
			const key = name.charAt(0).toLowerCase() + name.slice(1);
			PACK_CREDENTIAL_SOURCES[key] ??= toSource(p);
		}
	}
	return loader;
}

const customNodeTypes = new Map<string, AnyNodeType>();

/** Adds (or replaces) a node type, reachable as `typeName` (and as `<package>.<name>` if given that way). */
export function registerNodeType(typeName: string, instance: AnyNodeType): void {
	customNodeTypes.set(typeName, instance);
}

function stripPackage(typeName: string): string {
	return typeName.startsWith(`${PACKAGE_NAME}.`) ? typeName.slice(PACKAGE_NAME.length + 1) : typeName;
}

function loadPackNode(name: string): AnyNodeType | undefined {
	const l = packageLoader();
	const source = PACK_NODE_SOURCES[name];
	if (!source) return undefined;
	if (!(name in l.nodeTypes)) l.loadNodeFromFile(source);
	return l.nodeTypes[name]?.type;
}

/** The start node: like n8n's Manual Trigger it has no inputs; it passes on the items the harness feeds it. */
export class HarnessStartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start (test harness)',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Feeds the test items into the workflow',
		defaults: { name: START_NODE_NAME },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}

export class HarnessNodeTypes implements INodeTypes {
	getByName(nodeType: string): AnyNodeType {
		const found = this.lookup(nodeType);
		if (!found) throw new Error(`Unknown node type "${nodeType}" (not registered and not part of the pack)`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	private lookup(nodeType: string): AnyNodeType | undefined {
		if (nodeType === START_NODE_TYPE) return startNode;
		const custom = customNodeTypes.get(nodeType) ?? customNodeTypes.get(stripPackage(nodeType));
		if (custom) return custom;
		return loadPackNode(stripPackage(nodeType));
	}
}

const startNode = new HarnessStartNode();
export const nodeTypes = new HarnessNodeTypes();

/* ------------------------------------------------------------------------------------------------------------
 * Credentials.
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * The properties n8n's built-in `oAuth2Api` credential (n8n-nodes-base, not in this repository) contributes to
 * every credential that extends it, summarised for n8n 2.8. n8n merges parent properties under the child's.
 */
const OAUTH2_API_PROPERTIES: INodeProperties[] = [
	{ displayName: 'Use Dynamic Client Registration', name: 'useDynamicClientRegistration', type: 'hidden', default: false },
	{
		displayName: 'Grant Type',
		name: 'grantType',
		type: 'options',
		options: [
			{ name: 'Authorization Code', value: 'authorizationCode' },
			{ name: 'Client Credentials', value: 'clientCredentials' },
			{ name: 'PKCE', value: 'pkce' },
		],
		default: 'authorizationCode',
	},
	{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '', required: true },
	{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '', required: true },
	{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
	{
		displayName: 'Client Secret',
		name: 'clientSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
	},
	{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
	{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Body', value: 'body' },
			{ name: 'Header', value: 'header' },
		],
		default: 'header',
	},
	{ displayName: 'Ignore SSL Issues (Insecure)', name: 'ignoreSSLIssues', type: 'boolean', default: false },
];

const BUILTIN_CREDENTIALS: Record<string, Pick<ICredentialType, 'name' | 'extends' | 'properties'>> = {
	oAuth2Api: { name: 'oAuth2Api', properties: OAUTH2_API_PROPERTIES },
	oAuth1Api: { name: 'oAuth1Api', properties: [] },
};

function credentialTypeOf(
	type: string,
): Pick<ICredentialType, 'name' | 'extends' | 'properties' | 'authenticate' | 'preAuthentication'> | undefined {
	if (BUILTIN_CREDENTIALS[type]) return BUILTIN_CREDENTIALS[type];
	const l = packageLoader();
	const source = PACK_CREDENTIAL_SOURCES[type];
	if (!source) return undefined;
	if (!(type in l.credentialTypes)) l.loadCredentialFromFile(source);
	return l.credentialTypes[type]?.type;
}

/** Decrypted credential data, keyed by credential type; the harness's stand-in for n8n's credentials table. */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export interface CredentialUpdate {
	type: string;
	kind: 'oauthTokenData' | 'full';
	data: ICredentialDataDecryptedObject;
}

/**
 * n8n's CredentialsHelper, minus the database: `getDecrypted` returns a copy of the stored data with the
 * credential type's defaults filled in and `={{ }}` expressions resolved (as n8n's applyDefaultsAndOverwrites
 * does); `updateCredentialsOauthTokenData` writes the refreshed token back into the stored object.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly updates: CredentialUpdate[] = [];

	constructor(readonly store: CredentialStore) {
		super();
	}

	getParentTypes(name: string): string[] {
		const type = credentialTypeOf(name);
		if (!type) {
			// The pack's credential class may not exist yet; its contract is `extends: ['oAuth2Api']`.
			return name === CREDENTIAL_TYPE ? ['oAuth2Api'] : [];
		}
		const parents = type.extends ?? [];
		return parents.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = credentialTypeOf(type);
		if (!credentialType) {
			return type === CREDENTIAL_TYPE ? [...OAUTH2_API_PROPERTIES] : [];
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends ?? []) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypeOf(typeName)?.authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate !== undefined) {
			throw new Error(`Harness: generic "authenticate" of credential type "${typeName}" is not supported`);
		}
		// No `authenticate` property: n8n returns the options unchanged (OAuth2 signs in requestOAuth2).
		return requestOptions as IHttpRequestOptions;
	}

	/** As n8n's CredentialsHelper: only credential types with `restrictToSupportedNodes` are limited (none here). */
	isCredentialUsableByNode(): boolean {
		return true;
	}

	/**
	 * As n8n 2.41's CredentialsHelper.runPreAuthentication, which n8n-core's OAuth2 request path calls on every
	 * request: runs the type's `preAuthentication` unconditionally and returns its output (nothing is persisted).
	 */
	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = credentialTypeOf(typeName) as ICredentialType | undefined;
		if (typeof credentialType?.preAuthentication !== 'function') return undefined;
		this.preAuthentications.push(typeName);
		const output = await credentialType.preAuthentication.call({ helpers: { httpRequest: helpers.helpers.httpRequest } }, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	/** Logins run by `preAuthentication` (credential type per call), for tests that count them. */
	readonly preAuthentications: string[] = [];

	/**
	 * As n8n's CredentialsHelper.preAuthentication (n8n 2.x): for a credential type with a hidden `expirable`
	 * property and a `preAuthentication` function, runs it when that property is empty or the request got a 401
	 * (`credentialsExpired`), persists its output (but not over expressions, except the expirable property) and
	 * returns it; otherwise undefined.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = credentialTypeOf(typeName) as ICredentialType | undefined;
		const expirable = credentialType?.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!credentialType || expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthentications.push(typeName);
		const output = await credentialType.preAuthentication.call({ helpers: { httpRequest: helpers.helpers.httpRequest } }, credentials);
		if (output[expirable.name] === undefined || !node.credentials) return undefined;
		const stored = this.stored(typeName);
		const toPersist: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(stored[key])) toPersist[key] = value as ICredentialDataDecryptedObject[string];
		}
		await this.updateCredentials(node.credentials[typeName], typeName, toPersist);
		return Object.assign(credentials, output);
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const credentials = new Credentials(nodeCredentials, type);
		credentials.setData(this.stored(type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = structuredClone(this.stored(type));
		if (raw) return original;
		void additionalData; // n8n uses it for external-secrets keys; the harness has none
		return this.applyDefaults(original, type, mode, executeData, expressionResolveValues);
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const target = this.stored(type);
		for (const key of Object.keys(target)) delete target[key];
		Object.assign(target, structuredClone(data));
		this.updates.push({ type, kind: 'full', data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		// n8n saves only the token data into the stored (encrypted) credential.
		this.stored(type).oauthTokenData = structuredClone(data.oauthTokenData);
		this.updates.push({ type, kind: 'oauthTokenData', data: structuredClone(data) });
	}

	private stored(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (!data) throw new Error(`Harness: no credential data of type "${type}" was given to the run`);
		return data;
	}

	private applyDefaults(
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		resolve?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = (NodeHelpers.getNodeParameters(properties, original as INodeParameters, true, false, null, null) ??
			{}) as ICredentialDataDecryptedObject;
		// Values the type does not declare (oauthTokenData, fields of a credential class not written yet) are kept.
		const data: ICredentialDataDecryptedObject = { ...original, ...withDefaults };
		if (resolve) {
			return resolve.workflow.expression.getParameterValue(
				data as INodeParameters,
				resolve.runExecutionData,
				resolve.runIndex,
				resolve.itemIndex,
				resolve.node.name,
				resolve.connectionInputData,
				mode,
				{},
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		const mockNode: INode = {
			id: 'credential-mock',
			name: 'mock',
			type: START_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes });
		return workflow.expression.getComplexParameterValue(
			mockNode,
			data as INodeParameters,
			mode,
			{},
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}
}

/** The emulator's surface the harness needs (test/emulator/index.ts's SalesforceEmulator has it). */
export interface TokenIssuer {
	url: string;
	issueToken(): IDataObject | object;
}

/**
 * The decrypted Salesforce credential for the emulator, as n8n would hold it after "Connect": hidden fields
 * resolved to concrete values, `oauthTokenData` a fresh token response.
 */
export function credentialData(emu: TokenIssuer, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		customDomainUrl: emu.url,
		apiVersion: '66.0',
		grantType: 'pkce',
		clientId: 'test-client-id',
		clientSecret: 'test-client-secret',
		accessTokenUrl: `${emu.url}/services/oauth2/token`,
		authUrl: `${emu.url}/services/oauth2/authorize`,
		scope: 'api refresh_token',
		authentication: 'body',
		oauthTokenData: emu.issueToken() as IDataObject,
		...overrides,
	};
}

/* ------------------------------------------------------------------------------------------------------------
 * additionalData and running a workflow.
 * ---------------------------------------------------------------------------------------------------------- */

let executionCounter = 0;

export function nextExecutionId(): string {
	executionCounter += 1;
	return String(executionCounter);
}

/**
 * A plain `IWorkflowExecuteAdditionalData` (no auto-mock) with the given credentials helper and hooks.
 * Sub-workflows and task runners are not available in the harness and throw when asked for.
 */
export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
	executionId = nextExecutionId(),
): IWorkflowExecuteAdditionalData {
	setupEngine();
	const base = 'http://localhost:5678';
	const unsupported = (what: string) => async () => {
		throw new Error(`Harness: ${what} is not available in workflow tests`);
	};
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper,
		executionId,
		hooks,
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formBaseUrl: `${base}/form`,
		formTestBaseUrl: `${base}/form-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		getRuntimeCredential: async () => undefined,
		variables: {},
		userId: 'harness-user',
		executeWorkflow: unsupported('executeWorkflow') as IWorkflowExecuteAdditionalData['executeWorkflow'],
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: unsupported('startRunnerTask') as IWorkflowExecuteAdditionalData['startRunnerTask'],
	};
	return additionalData;
}

export interface HarnessNode {
	name: string;
	/** `n8n-nodes-salesforce-crm.salesforceCrm`, plain `salesforceCrm`, or a type added with registerNodeType. */
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	/** Shorthand for `onError: 'continueRegularOutput'` (n8n's "On Error: Continue"). */
	continueOnFail?: boolean;
	onError?: INode['onError'];
	/** Defaults to every credential type the node type declares and the run holds data for. */
	credentials?: INodeCredentials;
	disabled?: boolean;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export interface RunWorkflowOptions {
	/** The Salesforce credential's decrypted data (see credentialData); mutated in place on token refresh. */
	credentials?: ICredentialDataDecryptedObject;
	/** Further credentials by type, for test node types that use other credential types. */
	otherCredentials?: CredentialStore;
	nodes: HarnessNode[];
	/** Items the start node emits: plain objects (become `{ json }`) or `{ json, binary? }` items. */
	items?: Array<IDataObject | INodeExecutionData>;
	/** Main connections between `nodes`; the start node is always wired to the first node. Default: a chain. */
	connections?: IConnections;
	staticData?: IDataObject;
	settings?: IWorkflowSettings;
	mode?: WorkflowExecuteMode;
}

export interface NodeRunError {
	message: string;
	description?: string | null;
	name?: string;
	httpCode?: string | null;
	node?: string;
	raw: unknown;
}

export interface RunResult {
	/** Items on output `outputIndex` (default 0) of run `runIndex` (default 0); throws if the node did not run. */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** All outputs of a node's run. */
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][];
	/** The error a node ended with (undefined if it succeeded or did not run). */
	nodeError(nodeName: string, runIndex?: number): NodeRunError | undefined;
	/** Names of the nodes that ran, in order. */
	executed: string[];
	/** The execution error (the failed node's error) when the run failed. */
	error: NodeRunError | undefined;
	/** The Salesforce credential after the run (same object as passed in; refreshed oauthTokenData written back). */
	credentials: ICredentialDataDecryptedObject | undefined;
	/** Every write the engine made to the credentials (token refreshes). */
	credentialUpdates: CredentialUpdate[];
	/** The raw IRun returned by WorkflowExecute. */
	run: IRun;
	workflow: Workflow;
}

function isExecutionItem(item: IDataObject | INodeExecutionData): item is INodeExecutionData {
	const json = (item as INodeExecutionData).json;
	return (
		typeof json === 'object' &&
		json !== null &&
		!Array.isArray(json) &&
		Object.keys(item).every((k) => ['json', 'binary', 'pairedItem'].includes(k))
	);
}

function toNodeRunError(error: unknown, nodeName?: string): NodeRunError | undefined {
	if (!error) return undefined;
	const e = error as { message?: string; description?: string | null; name?: string; httpCode?: string | null; node?: INode };
	return {
		message: e.message ?? String(error),
		description: e.description,
		name: e.name,
		httpCode: e.httpCode,
		node: e.node?.name ?? nodeName,
		raw: error,
	};
}

function credentialTypesOf(type: AnyNodeType, version: number | undefined): string[] {
	const description = NodeHelpers.getVersionedNodeType(type, version).description;
	return (description.credentials ?? []).map((c) => c.name);
}

/** Runs the nodes after a start node that emits `items`, through n8n-core's WorkflowExecute. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	setupEngine();
	const store: CredentialStore = { ...(options.otherCredentials ?? {}) };
	if (options.credentials) store[CREDENTIAL_TYPE] = options.credentials;
	const credentialsHelper = new HarnessCredentialsHelper(store);

	if (options.nodes.length === 0) throw new Error('runWorkflow: give at least one node');
	const names = new Set<string>([START_NODE_NAME]);
	const nodes: INode[] = [
		{
			id: 'start',
			name: START_NODE_NAME,
			type: START_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	options.nodes.forEach((spec, index) => {
		if (names.has(spec.name)) throw new Error(`runWorkflow: duplicate node name "${spec.name}"`);
		names.add(spec.name);
		const type = nodeTypes.getByName(spec.type);
		const typeVersion =
			spec.typeVersion ??
			('nodeVersions' in type
				? type.currentVersion
				: Array.isArray(type.description.version)
					? type.description.version[type.description.version.length - 1]
					: type.description.version);
		let credentials = spec.credentials;
		if (!credentials) {
			const held = credentialTypesOf(type, typeVersion).filter((t) => t in store);
			if (held.length > 0) {
				credentials = Object.fromEntries(held.map((t) => [t, { id: `cred-${t}`, name: `${t} (test)` }]));
			}
		}
		const node: INode = {
			id: `node-${index + 1}`,
			name: spec.name,
			type: spec.type,
			typeVersion,
			position: [(index + 1) * 220, 0],
			parameters: structuredClone(spec.parameters ?? {}),
			...(credentials && { credentials }),
			...(spec.disabled !== undefined && { disabled: spec.disabled }),
			...(spec.alwaysOutputData !== undefined && { alwaysOutputData: spec.alwaysOutputData }),
			...(spec.executeOnce !== undefined && { executeOnce: spec.executeOnce }),
			...(spec.retryOnFail !== undefined && { retryOnFail: spec.retryOnFail }),
			...(spec.maxTries !== undefined && { maxTries: spec.maxTries }),
			...(spec.waitBetweenTries !== undefined && { waitBetweenTries: spec.waitBetweenTries }),
		};
		const onError = spec.onError ?? (spec.continueOnFail ? 'continueRegularOutput' : undefined);
		if (onError) node.onError = onError;
		nodes.push(node);
	});

	const connections: IConnections = structuredClone(options.connections ?? {});
	if (!options.connections) {
		for (let i = 0; i < options.nodes.length - 1; i++) {
			connections[options.nodes[i].name] = { main: [[{ node: options.nodes[i + 1].name, type: 'main', index: 0 }]] };
		}
	}
	if (!connections[START_NODE_NAME]) {
		connections[START_NODE_NAME] = { main: [[{ node: options.nodes[0].name, type: 'main', index: 0 }]] };
	}

	const workflowId = 'harness-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData,
		settings: { executionOrder: 'v1', ...(options.settings ?? {}) },
	});

	const mode = options.mode ?? 'manual';
	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflowId,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	const executed: string[] = [];
	hooks.addHandler('nodeExecuteBefore', (nodeName) => {
		executed.push(nodeName);
	});
	const additionalData = createAdditionalData(credentialsHelper, hooks, executionId);

	const items = (options.items ?? [{}]).map((item) => (isExecutionItem(item) ? item : ({ json: item } as INodeExecutionData)));
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [items] }, source: null }],
		},
	});

	const run = await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);
	const resultRunData = run.data.resultData.runData;

	const taskData = (nodeName: string, runIndex: number) => {
		const tasks = resultRunData[nodeName];
		if (!tasks || !tasks[runIndex]) {
			const ran = Object.keys(resultRunData).join(', ');
			const why = run.data.resultData.error ? ` (run error: ${run.data.resultData.error.message})` : '';
			throw new Error(`Node "${nodeName}" did not run (run ${runIndex}); nodes that ran: ${ran}${why}`);
		}
		return tasks[runIndex];
	};

	return {
		output(nodeName, outputIndex = 0, runIndex = 0) {
			const task = taskData(nodeName, runIndex);
			if (task.error && !task.data) {
				throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
			}
			return task.data?.main?.[outputIndex] ?? [];
		},
		outputs(nodeName, runIndex = 0) {
			return (taskData(nodeName, runIndex).data?.main ?? []).map((o) => o ?? []);
		},
		nodeError(nodeName, runIndex = 0) {
			return toNodeRunError(resultRunData[nodeName]?.[runIndex]?.error, nodeName);
		},
		executed,
		error: toNodeRunError(run.data.resultData.error, run.data.resultData.lastNodeExecuted),
		credentials: options.credentials,
		credentialUpdates: credentialsHelper.updates,
		run,
		workflow,
	};
}
