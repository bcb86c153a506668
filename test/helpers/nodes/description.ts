import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * The description of a test-only node type: version 1, no parameters, its default name its display name; a
 * transform with one main input and output unless `extra` says otherwise.
 */
export function testNodeDescription(
	displayName: string,
	name: string,
	description: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description,
		defaults: { name: displayName },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
		...extra,
	};
}
