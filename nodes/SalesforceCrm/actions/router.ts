import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SalesforceClient } from '../../shared/transport/client';
import { errorItem, errorsOf, toNodeError } from './common';
import { countOption } from './params';
import { findOperation } from './registry';
import { checkToolMayRun, forModel } from './tool';

/** Builds one client for the execution and hands all items to the chosen operation. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const def = findOperation(resource, operation);
	if (!def) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	try {
		checkToolMayRun(this, resource, operation);
		const client = await SalesforceClient.create(this, {
			apiVersion: options.apiVersion ? String(options.apiVersion) : undefined,
			reserveCalls: countOption(options.reserveCalls, 'Keep API Calls in Reserve'),
		});
		return [forModel(this, await def.module.execute.call(this, client))];
	} catch (error) {
		// Operations turn their own items' failures into error items; what reaches this point failed before any item
		// was done (no credential, a bad API version, an invalid node-wide setting). With "Continue", n8n would pass
		// the input items on unchanged, as if they had succeeded: each becomes an error item instead.
		if (!this.continueOnFail()) throw toNodeError(this, error);
		return [this.getInputData().map((_, i) => errorItem(i, errorsOf(error)))];
	}
}
