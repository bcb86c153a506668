/**
 * What the editor shows, found by looking at the pack in n8n 2.41 (docs/screenshots/capture.mjs):
 * no form (resource + operation) shows two top-level parameters with the same label. Account → Get Many
 * showed two collections both labelled "Options" (the node's shared Options and the query options).
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { SalesforceCrm } from '../../nodes/SalesforceCrm/SalesforceCrm.node';

const description = new SalesforceCrm().description;
const properties = description.properties;

function formsOf(): Array<{ resource: string; operation: string }> {
	const forms: Array<{ resource: string; operation: string }> = [];
	const resource = properties.find((p) => p.name === 'resource') as INodeProperties;
	for (const r of resource.options as Array<{ value: string }>) {
		for (const op of properties.filter(
			(p) => p.name === 'operation' && NodeHelpers.displayParameter({ resource: r.value }, p, { typeVersion: 1 }, description),
		)) {
			for (const o of op.options as Array<{ value: string }>) forms.push({ resource: r.value, operation: o.value });
		}
	}
	return forms;
}

test('no form shows two top-level parameters with the same label', () => {
	const forms = formsOf();
	expect(forms.length).toBeGreaterThan(50);
	const clashes: string[] = [];
	for (const form of forms) {
		const values = NodeHelpers.getNodeParameters(
			properties,
			{ authentication: 'oAuth2', ...form },
			true,
			false,
			null,
			null,
		) as INodeParameters;
		const shown = properties.filter((p) => NodeHelpers.displayParameter(values, p, { typeVersion: 1 }, description));
		const seen = new Map<string, string>();
		for (const p of shown) {
			const other = seen.get(p.displayName);
			if (other !== undefined && other !== p.name)
				clashes.push(`${form.resource}/${form.operation}: "${p.displayName}" (${other}, ${p.name})`);
			seen.set(p.displayName, p.name);
		}
	}
	expect(clashes).toEqual([]);
});
