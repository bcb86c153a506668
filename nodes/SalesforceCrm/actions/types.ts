import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SalesforceClient } from '../../shared/transport/client';
import type { WriteOptionName } from './params';

/**
 * The shapes every action file shares: an operation (what runs), its module (form fields and what runs), its entry
 * in a resource's list, and a resource. Types only, so that no operation file imports the registry.
 */

/** Every operation: all input items in, output items out (same order, pairedItem set). */
export type Operation = (this: IExecuteFunctions, client: SalesforceClient) => Promise<INodeExecutionData[]>;

export interface OperationModule {
	description: INodeProperties[];
	execute: Operation;
	/** Options of the node's Options collection this operation reads, beyond API Version and the call reserve. */
	options?: readonly WriteOptionName[];
}

/** One entry of a resource's Operation list; `module` is the file that implements it. */
export interface OperationDef {
	value: string;
	name: string;
	action: string;
	description: string;
	module: OperationModule;
}

export interface ResourceDef {
	value: string;
	name: string;
	/** One line shown under the Resource dropdown's option. */
	description?: string;
	operations: OperationDef[];
}

/** Whether an operation reads, writes or deletes, as an AI agent is told (toolText.ts). */
export type ToolEffect = 'read' | 'write' | 'delete';

/** What an AI agent reads about one operation when the node is one of its tools. */
export interface ToolText {
	effect: ToolEffect;
	text: string;
}
