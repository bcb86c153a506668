import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;
const fromInput = { mappingMode: 'autoMapInputData', value: null };
const standardBook = () => String(emu.store.all('Pricebook2').find((b) => b.IsStandard)!.Id);

describe('Product, Price Book Entry and opportunity products through n8n’s engine', () => {
	test('Product: create, get, get many, update, upsert by ExternalId, delete', async () => {
		const credentials = credentialData(emu);
		const created = await runWorkflow({
			credentials,
			items: [
				{ Name: 'GenWatt Diesel 1000kW', ProductCode: 'GC1060', Family: 'Hardware', IsActive: true },
				{ Name: "O'Neil's 100% widget_", ProductCode: 'W-1' },
			],
			nodes: [node({ resource: 'product', operation: 'create', fields: fromInput })],
		});
		expect(created.error).toBeUndefined();
		const ids = created.output('Salesforce').map((i) => String(i.json.id));
		expect(emu.count('POST /composite/sobjects')).toBe(1);
		expect(emu.store.get('Product2', ids[0])).toMatchObject({ Name: 'GenWatt Diesel 1000kW', Family: 'Hardware', IsActive: true });

		const got = await runWorkflow({
			credentials,
			items: [{ id: ids[1] }],
			nodes: [
				node({
					resource: 'product',
					operation: 'get',
					recordId: { mode: 'id', value: '={{ $json.id }}' },
					fieldsToReturn: ['Name', 'ProductCode'],
				}),
			],
		});
		expect(got.output('Salesforce')[0].json).toMatchObject({ Name: "O'Neil's 100% widget_", ProductCode: 'W-1' });

		const many = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'product',
					operation: 'getMany',
					returnAll: true,
					fieldsToReturn: ['Id', 'Name'],
					conditions: { condition: [{ field: 'ProductCode', operator: 'equal', value: 'GC1060' }] },
				}),
			],
		});
		expect(many.output('Salesforce').map((i) => i.json.Id)).toEqual([ids[0]]);

		await runWorkflow({
			credentials,
			items: [{ id: ids[1] }],
			nodes: [
				node({
					resource: 'product',
					operation: 'update',
					recordId: { mode: 'id', value: '={{ $json.id }}' },
					fields: { mappingMode: 'defineBelow', value: { IsActive: true, Family: 'Software' } },
				}),
			],
		});
		expect(emu.store.get('Product2', ids[1])).toMatchObject({ IsActive: true, Family: 'Software' });

		const upserted = await runWorkflow({
			credentials,
			items: [{ ExternalId: 'ERP-77', Name: 'Installation service', Family: 'Services' }],
			nodes: [node({ resource: 'product', operation: 'upsert', externalIdField: 'ExternalId', fields: fromInput })],
		});
		expect(upserted.output('Salesforce')[0].json.created).toBe(true);
		expect(emu.store.findBy('Product2', 'ExternalId', 'ERP-77')).toHaveLength(1);

		const deleted = await runWorkflow({
			credentials,
			items: [{ id: String(upserted.output('Salesforce')[0].json.id) }],
			nodes: [node({ resource: 'product', operation: 'delete', recordId: { mode: 'id', value: '={{ $json.id }}' } })],
		});
		expect(deleted.output('Salesforce')[0].json.success).toBe(true);
		expect(emu.store.findBy('Product2', 'ExternalId', 'ERP-77')).toHaveLength(0);
	});

	test('Price Book Entry → Search (standard or chosen book, escaped), Opportunity → Add Product / Remove Product', async () => {
		const credentials = credentialData(emu);
		const std = standardBook();
		const p1 = emu.store.insert('Product2', { Name: 'Solar Panel 300W', ProductCode: 'SP-300', IsActive: true });
		const p2 = emu.store.insert('Product2', { Name: "Solar Panel 100% 'Pro'", ProductCode: 'SP-PRO', IsActive: true });
		const e1 = emu.store.insert('PricebookEntry', { Pricebook2Id: std, Product2Id: p1, UnitPrice: 250, IsActive: true });
		const e2 = emu.store.insert('PricebookEntry', { Pricebook2Id: std, Product2Id: p2, UnitPrice: 400, IsActive: true });
		const partner = emu.store.insert('Pricebook2', { Name: 'Partner', IsActive: true });
		const e1p = emu.store.insert('PricebookEntry', { Pricebook2Id: partner, Product2Id: p1, UnitPrice: 200, IsActive: true });

		const search = await runWorkflow({
			credentials,
			items: [{ q: 'solar panel' }, { q: "100% 'Pro'" }],
			nodes: [node({ resource: 'priceBookEntry', operation: 'search', productName: '={{ $json.q }}' })],
		});
		expect(search.error).toBeUndefined();
		const found = search.output('Salesforce');
		expect(
			found
				.filter((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)
				.map((i) => i.json.pricebookEntryId)
				.sort(),
		).toEqual([e1, e2].sort());
		expect(found.filter((i) => (i.pairedItem as { item: number }).item === 1).map((i) => i.json.pricebookEntryId)).toEqual([e2]);
		expect(found[0].json).toMatchObject({ pricebookId: std, pricebookName: 'Standard Price Book' });
		expect(emu.queries.some((q) => q.includes("LIKE '%100\\% \\'Pro\\'%'"))).toBe(true);

		const inPartner = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'priceBookEntry', operation: 'search', productName: 'Solar', priceBook: 'id', priceBookId: partner })],
		});
		expect(inPartner.output('Salesforce').map((i) => i.json)).toEqual([expect.objectContaining({ pricebookEntryId: e1p, unitPrice: 200 })]);

		const acc = emu.store.insert('Account', { Name: 'Sunny Roofs' });
		const withBook = emu.store.insert('Opportunity', {
			Name: 'Roof A',
			StageName: 'Prospecting',
			CloseDate: '2026-09-01',
			AccountId: acc,
			Pricebook2Id: std,
		});
		const noBook = emu.store.insert('Opportunity', { Name: 'Roof B', StageName: 'Prospecting', CloseDate: '2026-09-01', AccountId: acc });

		emu.resetCounters();
		const added = await runWorkflow({
			credentials,
			items: [
				{ opp: withBook, entry: e1, qty: 4, price: 240 },
				{ opp: withBook, entry: e2, qty: 1, price: 0 },
			],
			nodes: [
				node({
					resource: 'opportunity',
					operation: 'addProduct',
					opportunityId: { mode: 'id', value: '={{ $json.opp }}' },
					pricebookEntryId: '={{ $json.entry }}',
					quantity: '={{ $json.qty }}',
					unitPrice: '={{ $json.price }}',
				}),
			],
		});
		expect(added.error).toBeUndefined();
		const lines = added.output('Salesforce');
		expect(lines.map((l) => l.json.success)).toEqual([true, true]);
		expect(emu.store.get('OpportunityLineItem', String(lines[0].json.id))).toMatchObject({
			OpportunityId: withBook,
			Product2Id: p1,
			Quantity: 4,
			UnitPrice: 240,
			ListPrice: 250,
			TotalPrice: 960,
		});
		expect(emu.store.get('OpportunityLineItem', String(lines[1].json.id))).toMatchObject({ UnitPrice: 400, TotalPrice: 400 });
		// two reads (opportunities, entries) and one create for both lines
		expect(emu.count('POST /composite/sobjects')).toBe(1);
		expect(emu.apiCalls()).toBe(3);

		// no price book, entry of another book: clear errors per item with continue on fail, nothing written for them
		const before = emu.store.all('OpportunityLineItem').length;
		const refused = await runWorkflow({
			credentials,
			items: [
				{ opp: noBook, entry: e1 },
				{ opp: withBook, entry: e1p },
			],
			nodes: [
				node(
					{
						resource: 'opportunity',
						operation: 'addProduct',
						opportunityId: { mode: 'id', value: '={{ $json.opp }}' },
						pricebookEntryId: '={{ $json.entry }}',
						quantity: 1,
					},
					{ continueOnFail: true },
				),
			],
		});
		const errs = refused.output('Salesforce').map((i) => String(i.json.message));
		expect(errs[0]).toMatch(/has no price book/);
		expect(errs[1]).toMatch(/belongs to price book .* but opportunity .* uses price book/);
		expect(emu.store.all('OpportunityLineItem').length).toBe(before);

		// without continue on fail the run stops before any write
		const stopped = await runWorkflow({
			credentials,
			items: [{ opp: withBook, entry: e1p }],
			nodes: [
				node({
					resource: 'opportunity',
					operation: 'addProduct',
					opportunityId: { mode: 'id', value: '={{ $json.opp }}' },
					pricebookEntryId: '={{ $json.entry }}',
					quantity: 1,
				}),
			],
		});
		expect(stopped.error?.message).toMatch(/Item 0: .*belongs to price book/);

		// the emulator refuses the mismatch on its own as Salesforce does
		expect(() =>
			emu.store.insert('OpportunityLineItem', { OpportunityId: withBook, PricebookEntryId: e1p, Quantity: 1, UnitPrice: 1 }),
		).toThrow(/different pricebook/);

		// "Set Price Book When Missing" gives Roof B the entry's book
		const setBook = await runWorkflow({
			credentials,
			items: [{ opp: noBook, entry: e1p }],
			nodes: [
				node({
					resource: 'opportunity',
					operation: 'addProduct',
					opportunityId: { mode: 'id', value: '={{ $json.opp }}' },
					pricebookEntryId: '={{ $json.entry }}',
					quantity: 2,
					lineOptions: { setPricebook: true, discount: 10 },
				}),
			],
		});
		expect(setBook.error).toBeUndefined();
		expect(emu.store.get('Opportunity', noBook)?.Pricebook2Id).toBe(partner);
		expect(emu.store.get('OpportunityLineItem', String(setBook.output('Salesforce')[0].json.id))).toMatchObject({
			UnitPrice: 200,
			Discount: 10,
			TotalPrice: 360,
		});

		// Remove Product: by line item id, and every line of a product on an opportunity
		const removed = await runWorkflow({
			credentials,
			items: [{ line: String(lines[0].json.id) }],
			nodes: [node({ resource: 'opportunity', operation: 'removeProduct', lineItemId: '={{ $json.line }}' })],
		});
		expect(removed.output('Salesforce')[0].json).toMatchObject({ success: true, removedLineItemIds: [lines[0].json.id] });
		expect(emu.store.get('OpportunityLineItem', String(lines[0].json.id))).toBeUndefined();
		const byProduct = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'opportunity',
					operation: 'removeProduct',
					removeBy: 'product',
					opportunityId: { mode: 'id', value: withBook },
					productId: p2,
				}),
			],
		});
		expect(byProduct.output('Salesforce')[0].json.success).toBe(true);
		expect(emu.store.all('OpportunityLineItem').filter((l) => l.OpportunityId === withBook)).toHaveLength(0);
	});
});
