/**
 * `npm run schemas`: writes the output schemas n8n's editor shows before a node runs (as n8n's built-in nodes ship
 * them: JSON Schema under nodes/<Node>/__schema__/v<version>/<resource>/<operation>.json, served by n8n at
 * /schemas/<package>.<node>/<version>/<resource>/<operation>.json). Each schema is inferred from the first output
 * item of a real run of the operation through n8n-core's engine against the emulator's demo org (samples.ts).
 * `npm run build` copies the folder into dist/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow, shutdownEngine } from '../helpers/engine';
import { salesforceNode } from '../helpers/workflow';
import { SAMPLES } from './samples';

export const SCHEMA_DIR = path.resolve(__dirname, '../../nodes/SalesforceCrm/__schema__/v1.0.0');

type Schema = { type: string; properties?: Record<string, Schema>; items?: Schema };

/** The JSON Schema of a value, as n8n's built-in schemas are written (type + properties, arrays by first element). */
export function schemaOf(value: unknown): Schema {
	if (value === null || value === undefined) return { type: 'null' };
	if (Array.isArray(value)) return value.length ? { type: 'array', items: schemaOf(value[0]) } : { type: 'array' };
	if (typeof value === 'object') {
		const properties: Record<string, Schema> = {};
		for (const key of Object.keys(value).sort()) properties[key] = schemaOf((value as Record<string, unknown>)[key]);
		return { type: 'object', properties };
	}
	return { type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string' };
}

/** Runs every sample and returns the schemas by `<resource>/<operation>`. */
export async function generateSchemas(): Promise<Record<string, Schema>> {
	const emu = await SalesforceEmulator.start({ seed: 'demo' });
	const ids: Record<string, string> = {};
	const out: Record<string, Schema> = {};
	try {
		for (const s of SAMPLES) {
			const result = await runWorkflow({
				credentials: credentialData(emu),
				items: s.items ?? [{}],
				nodes: [salesforceNode({ resource: s.resource, operation: s.operation, ...s.parameters(ids) })],
			});
			if (result.error) throw new Error(`${s.resource}/${s.operation}: ${String(result.error.message)}`);
			const first = result.output('Salesforce')[0]?.json;
			if (!first) throw new Error(`${s.resource}/${s.operation}: no output`);
			if (s.save) ids[s.save] = String(first.id ?? first.Id);
			out[`${s.resource}/${s.operation}`] = schemaOf(first);
		}
	} finally {
		await emu.close();
		shutdownEngine();
	}
	return out;
}

export function writeSchemas(schemas: Record<string, Schema>, dir = SCHEMA_DIR): string[] {
	fs.rmSync(dir, { recursive: true, force: true });
	return Object.entries(schemas).map(([key, schema]) => {
		const file = path.join(dir, `${key}.json`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, `${JSON.stringify(schema, null, '\t')}\n`);
		return path.relative(process.cwd(), file);
	});
}

if (require.main === module) {
	void generateSchemas().then(
		(schemas) => {
			const files = writeSchemas(schemas);
			process.stdout.write(`${files.length} output schemas written:\n  ${files.join('\n  ')}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
			process.exit(1);
		},
	);
}
