import * as fs from 'node:fs';
import * as path from 'node:path';

import { SCHEMA_DIR, generateSchemas } from './generate';

test('the committed output schemas are those of real runs (npm run schemas regenerates them)', async () => {
	const schemas = await generateSchemas();
	expect(Object.keys(schemas).length).toBeGreaterThanOrEqual(30);
	for (const [key, schema] of Object.entries(schemas)) {
		const file = path.join(SCHEMA_DIR, `${key}.json`);
		expect({ key, committed: JSON.parse(fs.readFileSync(file, 'utf8')) }).toEqual({ key, committed: schema });
	}
	expect(schemas['lead/convert'].properties).toEqual(
		expect.objectContaining({ accountId: { type: 'string' }, contactId: { type: 'string' } }),
	);
}, 120_000);
