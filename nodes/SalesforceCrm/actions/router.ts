import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SalesforceClient } from '../transport/client';
import { toNodeError } from './common';
import { findOperation } from './registry';

/** Builds one client for the execution and hands all items to the chosen operation. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const def = findOperation(resource, operation);
	if (!def) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	try {
		const client = await SalesforceClient.create(this, {
			apiVersion: options.apiVersion ? String(options.apiVersion) : undefined,
			reserveCalls: options.reserveCalls ? Number(options.reserveCalls) : 0,
		});
		return [await def.module.execute.call(this, client)];
	} catch (error) {
		throw toNodeError(this, error);
	}
}
