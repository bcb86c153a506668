import type { SalesforceEmulator } from '../emulator';
import { toolingOf } from '../emulator/streamingPlugin';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator, errorDetails } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;

describe('Record → Get Updated / Get Deleted', () => {
	test('ids changed and removed in a window, for a fixed resource and for the Record resource', async () => {
		// Salesforce covers whole minutes up to now: the changes are stamped three minutes ago
		const start = new Date(Date.now() - 5 * 60_000).toISOString();
		const realNow = emu.store.now;
		emu.store.now = () => new Date(Date.now() - 3 * 60_000);
		const a = emu.store.insert('Account', { Name: 'Changed' });
		const b = emu.store.insert('Account', { Name: 'Removed' });
		emu.store.delete('Account', b);
		emu.store.now = realNow;
		const credentials = credentialData(emu);
		const updated = await runWorkflow({ credentials, nodes: [node({ resource: 'account', operation: 'getUpdated', windowStart: start })] });
		expect(updated.error).toBeUndefined();
		const ids = updated.output('Salesforce').map((o) => o.json.id);
		expect(ids).toContain(a);
		expect(updated.output('Salesforce')[0].json.latestDateCovered).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(emu.count('GET /sobjects/Account/updated')).toBe(1);

		const deleted = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'record',
					operation: 'getDeleted',
					sobject: { mode: 'name', value: 'Account' },
					windowStart: start,
					windowEnd: new Date(Date.now() + 60_000).toISOString(),
				}),
			],
		});
		expect(deleted.output('Salesforce').map((o) => o.json)).toEqual([
			expect.objectContaining({ id: b, object: 'Account', deletedDate: expect.any(String) }),
		]);

		const bad = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'account', operation: 'getUpdated', windowStart: 'yesterday' })],
		});
		expect(bad.error?.message).toMatch(/Start "yesterday" is not an ISO 8601 date-time/);
		const tooOld = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'account', operation: 'getDeleted', windowStart: '2020-01-01T00:00:00Z' })],
		});
		expect(tooOld.error?.message).toMatch(/INVALID_REPLICATION_DATE/);
	});
});

describe('Tooling API', () => {
	test('create, get, query, update, describe and delete an ApexClass; create a CustomField with Metadata', async () => {
		const credentials = credentialData(emu);
		const tooling = toolingOf(emu).sobjects.store;
		const created = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'tooling',
					operation: 'create',
					toolingObject: 'ApexClass',
					toolingBody: JSON.stringify({ Name: 'Greeter', Body: 'public class Greeter { }', ApiVersion: 66 }),
				}),
			],
		});
		expect(created.error).toBeUndefined();
		const id = String(created.output('Salesforce')[0].json.id);
		expect(tooling.get('ApexClass', id)).toMatchObject({ Name: 'Greeter', Status: 'Active', ApiVersion: 66 });

		const got = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'tooling', operation: 'get', toolingObject: 'ApexClass', toolingId: id, toolingFields: 'Name, Status' })],
		});
		expect(got.output('Salesforce')[0].json).toEqual({ Name: 'Greeter', Status: 'Active' });

		const queried = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'tooling', operation: 'query', toolingSoql: "SELECT Id, Name FROM ApexClass WHERE Name = 'Greeter'" })],
		});
		expect(queried.output('Salesforce').map((o) => o.json)).toEqual([{ Id: id, Name: 'Greeter' }]);

		await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'tooling',
					operation: 'update',
					toolingObject: 'ApexClass',
					toolingId: id,
					toolingBody: '{"Body": "public class Greeter { void hi() {} }"}',
				}),
			],
		});
		expect(tooling.get('ApexClass', id)?.Body).toBe('public class Greeter { void hi() {} }');

		const described = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'tooling', operation: 'describe', toolingObject: 'ApexClass' })],
		});
		expect((described.output('Salesforce')[0].json.fields as Array<{ name: string }>).map((f) => f.name)).toContain('Body');

		const compileError = await runWorkflow({
			credentials,
			nodes: [
				node(
					{
						resource: 'tooling',
						operation: 'create',
						toolingObject: 'ApexClass',
						toolingBody: '{"Name": "Broken", "Body": "nothing here"}',
					},
					{ continueOnFail: true },
				),
			],
		});
		expect(errorDetails(compileError.output('Salesforce')[0]).errorCode).toBe('COMPILE_ERROR');

		const field = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'tooling',
					operation: 'create',
					toolingObject: 'CustomField',
					toolingBody: JSON.stringify({ FullName: 'Account.Tier__c', Metadata: { label: 'Tier', type: 'Text', length: 20 } }),
				}),
			],
		});
		const fieldId = String(field.output('Salesforce')[0].json.id);
		expect(tooling.get('CustomField', fieldId)).toMatchObject({ DeveloperName: 'Tier', TableEnumOrId: 'Account' });

		const removed = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'tooling', operation: 'delete', toolingObject: 'ApexClass', toolingId: id })],
		});
		expect(removed.output('Salesforce')[0].json.success).toBe(true);
		expect(tooling.get('ApexClass', id)).toBeUndefined();

		const badName = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'tooling', operation: 'get', toolingObject: 'Apex Class; DROP', toolingId: id })],
		});
		expect(badName.error?.message).toMatch(/not a valid API name/);
	});
});
