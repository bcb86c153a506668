import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationDef, ResourceDef, ToolText } from './types';
import { OBJECT_RESOURCES, usefulFieldsOf } from './record/objects';
import { TOOL_TEXTS, effectNote, recordToolText } from './toolText';

/**
 * The node as an AI agent's tool (n8n's AI Agent, or an MCP Server Trigger). n8n derives a tool variant from a
 * `usableAsTool` node (type `salesforceCrmTool`) and describes it to the model by its "Tool Description", which it
 * prefills with "<action> in Salesforce CRM" unless the node declares its own `toolDescription` parameter (n8n's
 * tool-generation/ai-tools.ts; NodeHelpers.getToolDescriptionForNode). This node declares one per operation, shown
 * only in the tool variant (`@tool`), defaulting to what the operation does, its inputs and their format, what it
 * returns and whether it reads, writes or deletes (toolText.ts). n8n fills parameter defaults when it loads a
 * workflow, so the model gets that text unless the user edits it.
 *
 * Also tool-variant only: deleting operations refuse to run unless "Allow the Agent to Delete" is on, and results are
 * trimmed for the model ("Tool Output").
 */

export function toolTextOf(resource: string, operation: string): ToolText | undefined {
	const object = OBJECT_RESOURCES.find((r) => r.value === resource);
	return (object && recordToolText(object, operation)) ?? TOOL_TEXTS[`${resource}.${operation}`] ?? TOOL_TEXTS[`*.${operation}`];
}

/** "Salesforce Contact → Get Many: Find contacts matching … Read-only." */
export function toolDescriptionOf(r: ResourceDef, o: OperationDef): string {
	const t = toolTextOf(r.value, o.value);
	const text = t ? `${t.text} ${effectNote(t.effect)}` : o.description;
	return `Salesforce ${r.name} → ${o.name}: ${text}`;
}

export function isDestructive(resource: string, operation: string): boolean {
	return toolTextOf(resource, operation)?.effect === 'delete';
}

const TOOL = { '@tool': [true] };

/** The tool variant's own parameters, for every resource and operation of the node. */
export function toolProperties(all: ResourceDef[]): INodeProperties[] {
	const descriptions = all.flatMap((r) =>
		r.operations.map((o): INodeProperties => ({
			displayName: 'Tool Description',
			name: 'toolDescription',
			type: 'string',
			typeOptions: { rows: 4 },
			default: toolDescriptionOf(r, o),
			description: 'What the AI model reads about this tool: what it does, its inputs and whether it changes or deletes data',
			displayOptions: { show: { ...TOOL, resource: [r.value], operation: [o.value] } },
		})),
	);
	const allowDelete = all
		.map((r) => ({ r, deleting: r.operations.filter((o) => isDestructive(r.value, o.value)).map((o) => o.value) }))
		.filter(({ deleting }) => deleting.length)
		.map(({ r, deleting }): INodeProperties => ({
			displayName: 'Allow the Agent to Delete',
			name: 'toolAllowDelete',
			type: 'boolean',
			noDataExpression: true,
			default: false,
			description:
				'Whether the model may run this deleting operation. Off: the tool deletes nothing and tells the model that deleting is not allowed.',
			displayOptions: { show: { ...TOOL, resource: [r.value], operation: deleting } },
		}));
	const output: INodeProperties = {
		displayName: 'Tool Output',
		name: 'toolOutput',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Trimmed for the Model',
				value: 'trimmed',
				description: `No attributes or empty fields; Get and Get Many without a field list return the object's key fields; at most ${TOOL_MAX_RESULTS} results`,
			},
			{ name: 'Full', value: 'full', description: 'Everything the operation returns, as in a workflow' },
		],
		default: 'trimmed',
		displayOptions: { show: TOOL },
	};
	return [...descriptions, ...allowDelete, output];
}

/** Records a tool call hands the model, at most; a note says how many more there were. */
export const TOOL_MAX_RESULTS = 50;

/** The node runs as a tool: n8n's tool variant of it (an AI Agent's or an MCP Server Trigger's tool). */
export function isToolRun(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

function trimmed(ctx: IExecuteFunctions): boolean {
	return isToolRun(ctx) && ctx.getNodeParameter('toolOutput', 0, 'trimmed') !== 'full';
}

/** Before any call: a deleting operation run by a model needs "Allow the Agent to Delete". */
export function checkToolMayRun(ctx: IExecuteFunctions, resource: string, operation: string): void {
	if (!isToolRun(ctx) || !isDestructive(resource, operation)) return;
	if (ctx.getNodeParameter('toolAllowDelete', 0, false) === true) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Not allowed: this tool deletes Salesforce data and this workflow does not let the AI agent delete (Allow the Agent to Delete is off). Nothing was deleted; tell the user a person has to do it.`,
	);
}

/** Get / Get Many without a field list, trimmed for a model: Id and the object's key fields instead of every field. */
export function toolKeyFields(ctx: IExecuteFunctions, object: string): string[] | undefined {
	const useful = usefulFieldsOf(object);
	return trimmed(ctx) && useful.length ? ['Id', ...useful] : undefined;
}

/** Rows a query may read for a model: one more than shown, to say that there were more. */
export function toolRowCap(ctx: IExecuteFunctions): number {
	return trimmed(ctx) ? TOOL_MAX_RESULTS + 1 : Infinity;
}

function compact(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(compact);
	if (!value || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [key, v] of Object.entries(value as IDataObject)) {
		if (key === 'attributes' || v === null || v === undefined || v === '') continue;
		const c = compact(v);
		if (Array.isArray(c) && !c.length) continue;
		out[key] = c as IDataObject;
	}
	return out;
}

/** What a tool call returns to the model: without `attributes` and empty values, at most TOOL_MAX_RESULTS items. */
export function forModel(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	if (!trimmed(ctx)) return items;
	const shown = items.slice(0, TOOL_MAX_RESULTS).map((item) => ({ ...item, json: compact(item.json) as IDataObject }));
	if (items.length > TOOL_MAX_RESULTS) {
		shown.push({
			json: {
				note: `Only the first ${TOOL_MAX_RESULTS} results are shown; there are more. Narrow the search (conditions, WHERE, LIMIT) to see others.`,
			},
			pairedItem: { item: 0 },
		});
	}
	return shown;
}
