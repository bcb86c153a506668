/**
 * The node as an AI agent's tool, as n8n sees its description: the tool variant's own parameters (shown only when
 * `@tool`), the description n8n hands the model (n8n-workflow's getToolDescriptionForNode on the parameters n8n fills
 * in when it loads a workflow), and the size of every description (the figures in the README).
 */
import { NodeHelpers, type INode, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { SalesforceCrm } from '../../nodes/SalesforceCrm/SalesforceCrm.node';
import { resources } from '../../nodes/SalesforceCrm/actions/registry';
import { isDestructive, toolDescriptionOf, toolTextOf } from '../../nodes/SalesforceCrm/actions/tool';

const base = new SalesforceCrm();

/** The tool variant as n8n derives it (n8n/dist/tool-generation/ai-tools.js): name + 'Tool', ai_tool output. */
function toolVariant(): INodeType {
	const description: INodeTypeDescription = { ...base.description, name: `${base.description.name}Tool`, inputs: [], outputs: ['ai_tool'] };
	return { description } as INodeType;
}

function loaded(type: INodeType, parameters: Record<string, unknown>): INode {
	const node = {
		id: '1',
		name: 'Salesforce',
		type: `n8n-nodes-salesforce-crm.${type.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	} as unknown as INode;
	// what n8n's Workflow constructor does with every node: fill in the defaults of the parameters shown
	node.parameters = NodeHelpers.getNodeParameters(type.description.properties, node.parameters, true, false, node, type.description)!;
	return node;
}

const all = resources().flatMap((r) => r.operations.map((o) => ({ r, o, key: `${r.value}.${o.value}`, text: toolDescriptionOf(r, o) })));

test('every operation has its own tool text (effect + what it does), none falls back to the editor wording', () => {
	expect(all.filter(({ r, o }) => !toolTextOf(r.value, o.value)).map((x) => x.key)).toEqual([]);
	for (const { text } of all)
		expect(text).toMatch(/(Read-only|Writes to Salesforce|DESTRUCTIVE: deletes data; runs only if the workflow allows deleting)\.$/);
});

test('the deleting operations are exactly the destructive ones', () => {
	const deleting = all
		.filter(({ r, o }) => isDestructive(r.value, o.value))
		.map((x) => x.key)
		.sort();
	const recordDeletes = ['account', 'campaign', 'case', 'contact', 'event', 'lead', 'opportunity', 'product', 'record', 'task'].map(
		(r) => `${r}.delete`,
	);
	expect(deleting).toEqual(
		[
			...recordDeletes,
			'bulk.delete',
			'campaign.removeMember',
			'chatter.deletePost',
			'metadata.delete',
			'opportunity.removeProduct',
			'report.delete',
			'tooling.delete',
		].sort(),
	);
});

test('descriptions are short enough for a model context: measured per tool', () => {
	const sizes = all.map((x) => x.text.length).sort((a, b) => a - b);
	const figures = {
		tools: sizes.length,
		min: sizes[0],
		median: sizes[Math.floor(sizes.length / 2)],
		max: sizes[sizes.length - 1],
		total: sizes.reduce((a, b) => a + b, 0),
	};
	// the README's figures ("AI agents and MCP")
	expect(figures).toEqual({ tools: 177, min: 86, median: 190, max: 315, total: 34110 });
});

test("n8n hands the model the operation's own description in the tool variant; the plain node has no tool parameters", () => {
	const tool = toolVariant();
	const node = loaded(tool, { resource: 'contact', operation: 'getMany' });
	expect(node.parameters.toolDescription).toBe(
		"Salesforce Contact → Get Many: Find contacts matching the workflow's conditions; the values you give are matched exactly (LIKE: % wildcard). Returns up to Limit records (Id, FirstName, LastName, Email, Phone, AccountId…); [] when none match. Read-only.",
	);
	expect(NodeHelpers.getToolDescriptionForNode(node, tool)).toBe(node.parameters.toolDescription);
	expect(node.parameters.toolOutput).toBe('trimmed');
	expect(node.parameters).not.toHaveProperty('toolAllowDelete');
	// a deleting operation shows "Allow the Agent to Delete", off
	const deleting = loaded(tool, { resource: 'contact', operation: 'delete' });
	expect(deleting.parameters.toolAllowDelete).toBe(false);
	expect(NodeHelpers.getToolDescriptionForNode(deleting, tool)).toContain('DESTRUCTIVE');
	// a user's own text wins
	const edited = loaded(tool, { resource: 'soql', operation: 'query', toolDescription: 'Answer pipeline questions with SOQL' });
	expect(NodeHelpers.getToolDescriptionForNode(edited, tool)).toBe('Answer pipeline questions with SOQL');
	// the node in a workflow (not a tool) shows none of them
	const plain = loaded(base, { resource: 'contact', operation: 'delete' });
	expect(Object.keys(plain.parameters).filter((k) => k.startsWith('tool'))).toEqual([]);
});

test('"Allow the Agent to Delete" and "Tool Output" cannot be handed to the model ($fromAI): no expressions', () => {
	for (const p of base.description.properties.filter((p) => p.name === 'toolAllowDelete' || p.name === 'toolOutput')) {
		expect(p.noDataExpression).toBe(true);
	}
});
