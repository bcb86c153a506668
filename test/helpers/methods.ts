/**
 * Calls a node's listSearch / loadOptions / resourceMapping method the way n8n's editor does: n8n's
 * DynamicNodeParametersService builds a one-node temporary Workflow ("Temp-Node") from the form's current
 * parameters, puts them on additionalData.currentNodeParameters and runs the method with n8n-core's real
 * LoadOptionsContext (whose httpRequestWithAuthentication signs through the harness credentials helper).
 */
import { LoadOptionsContext } from 'n8n-core';
import { NodeHelpers, Workflow, type ILoadOptionsFunctions, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { CREDENTIAL_TYPE, createAdditionalData, nodeTypes, type HarnessCredentialsHelper } from './engine';

export type MethodKind = 'loadOptions' | 'listSearch' | 'resourceMapping';

export interface NodeMethodCall {
	nodeType: string;
	kind: MethodKind;
	method: string;
	/** The form's values; defaults are filled in as the editor sends them (e.g. authentication: 'oAuth2'). */
	parameters: INodeParameters;
	/** The parameter the method serves, e.g. 'parameters.sobject'. */
	path: string;
	args?: unknown[];
	credentialsHelper: HarnessCredentialsHelper;
	credentialType?: string;
}

export async function callNodeMethod(call: NodeMethodCall): Promise<unknown> {
	const type = nodeTypes.getByNameAndVersion(call.nodeType, 1) as INodeType;
	const parameters =
		NodeHelpers.getNodeParameters(type.description.properties, call.parameters, true, false, null, type.description) ?? call.parameters;
	const credentialType = call.credentialType ?? CREDENTIAL_TYPE;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: call.nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [credentialType]: { id: 'cred', name: 'Salesforce (test)' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData(call.credentialsHelper);
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(workflow, workflow.nodes[node.name], additionalData, call.path);
	const fn = (type.methods?.[call.kind] as Record<string, (this: ILoadOptionsFunctions, ...a: unknown[]) => Promise<unknown>>)[call.method];
	return await fn.call(context, ...(call.args ?? []));
}
