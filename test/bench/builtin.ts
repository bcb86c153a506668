/**
 * n8n's built-in Salesforce node (n8n-nodes-base 2.41.0, the real dist code from the e2e install) loaded into the
 * same n8n-core engine the pack's workflow tests use.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { INodeType } from 'n8n-workflow';

import { registerNodeType } from '../helpers/engine';

export const BUILTIN_NODE = 'n8n-nodes-base.salesforce';
export const BUILTIN_CREDENTIAL = 'salesforceOAuth2Api';

export function n8nInstallDir(): string {
	const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
	return path.join(cache, 'n8n-nodes-salesforce-crm', 'n8n-2.41.0');
}

export function nodesBaseDir(): string {
	return path.join(n8nInstallDir(), 'node_modules', 'n8n-nodes-base');
}

export interface BuiltinInfo {
	version: string;
	nodeFile: string;
}

/** Requires the built-in node class and registers it; throws with the install hint when n8n is not installed. */
export function loadBuiltinSalesforce(): BuiltinInfo {
	const base = nodesBaseDir();
	const nodeFile = path.join(base, 'dist', 'nodes', 'Salesforce', 'Salesforce.node.js');
	if (!existsSync(nodeFile)) {
		throw new Error(`n8n's built-in Salesforce node not found at ${nodeFile}; run test/e2e/install-n8n.sh first`);
	}
	const { Salesforce } = require(nodeFile) as { Salesforce: new () => INodeType };
	registerNodeType(BUILTIN_NODE, new Salesforce());
	const version = (require(path.join(base, 'package.json')) as { version: string }).version;
	return { version, nodeFile };
}

/** The built-in poll trigger class (for its description / interval facts). */
export function loadBuiltinSalesforceTrigger(): INodeType {
	const file = path.join(nodesBaseDir(), 'dist', 'nodes', 'Salesforce', 'SalesforceTrigger.node.js');
	const { SalesforceTrigger } = require(file) as { SalesforceTrigger: new () => INodeType };
	return new SalesforceTrigger();
}
