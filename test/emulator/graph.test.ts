import { startEmu } from './testkit';

/** The emulator's /composite/graph on the wire (REST API Developer Guide, "Composite Graph", "Composite Graph Limits"). */
describe('emulator Composite Graph', () => {
	let k: Awaited<ReturnType<typeof startEmu>>;
	beforeAll(async () => {
		k = await startEmu({ seed: 'none' });
	});
	afterAll(() => k.emu.close());
	const node = (ref: string, object = 'Account', body: Record<string, unknown> = { Name: ref }) => ({
		method: 'POST',
		url: `/services/data/v66.0/sobjects/${object}`,
		referenceId: ref,
		body,
	});

	test('graphs: graphResponse.compositeResponse per graph, isSuccessful; a failed graph rolled back whole', async () => {
		const r = await k.call('POST', '/composite/graph', {
			graphs: [
				{ graphId: '1', compositeRequest: [node('acc'), node('con', 'Contact', { LastName: 'G', AccountId: '@{acc.id}' })] },
				{ graphId: '2', compositeRequest: [node('acc2'), node('bad', 'Contact', { FirstName: 'x', AccountId: '@{acc2.id}' })] },
			],
		});
		expect(r.status).toBe(200);
		expect(r.body.graphs[0]).toMatchObject({
			graphId: '1',
			isSuccessful: true,
			graphResponse: {
				compositeResponse: [
					{ httpStatusCode: 201, referenceId: 'acc' },
					{ httpStatusCode: 201, referenceId: 'con' },
				],
			},
		});
		expect(r.body.graphs[1]).toMatchObject({
			graphId: '2',
			isSuccessful: false,
			graphResponse: {
				compositeResponse: [
					{ httpStatusCode: 400, referenceId: 'acc2', body: [{ errorCode: 'PROCESSING_HALTED' }] },
					{ httpStatusCode: 400, referenceId: 'bad', body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] },
				],
			},
		});
		expect((await k.q("SELECT Id FROM Account WHERE Name = 'acc2'")).body.totalSize).toBe(0);
	});

	test('limits: 75 graphs, 500 nodes, 15 kinds of node a payload; graph nodes only sObject rows', async () => {
		const many = (count: number, size: number) =>
			Array.from({ length: count }, (_, g) => ({
				graphId: `g${g}`,
				compositeRequest: Array.from({ length: size }, (__, n) => node(`n${n}`)),
			}));
		expect((await k.call('POST', '/composite/graph', { graphs: many(76, 1) })).status).toBe(400);
		expect((await k.call('POST', '/composite/graph', { graphs: many(2, 251) })).body).toEqual([
			expect.objectContaining({ errorCode: 'LIMIT_EXCEEDED' }),
		]);
		const objects = [
			'Account',
			'Contact',
			'Lead',
			'Opportunity',
			'Case',
			'Task',
			'Event',
			'Campaign',
			'Product2',
			'Invoice__c',
			'Pricebook2',
			'Group',
			'Note',
			'Attachment',
			'ContentNote',
			'Solution',
		];
		const kinds = [
			{
				graphId: 'k',
				compositeRequest: objects.map((o, n) => ({
					method: 'GET',
					url: `/services/data/v66.0/sobjects/${o}/001000000000000AAA`,
					referenceId: `r${n}`,
				})),
			},
		];
		expect((await k.call('POST', '/composite/graph', { graphs: kinds })).body).toEqual([
			expect.objectContaining({ errorCode: 'LIMIT_EXCEEDED', message: expect.stringContaining('15 different nodes') }),
		]);
		const query = [
			{ graphId: 'q', compositeRequest: [{ method: 'GET', url: '/services/data/v66.0/query?q=SELECT+Id+FROM+Account', referenceId: 'q' }] },
		];
		expect((await k.call('POST', '/composite/graph', { graphs: query })).status).toBe(400);
	});

	test('after 14 failed graphs the rest are PROCESSING_HALTED, not run', async () => {
		const graphs = Array.from({ length: 20 }, (_, g) => ({
			graphId: `h${g}`,
			compositeRequest: [node(`halt${g}`, 'Contact', g < 15 ? { FirstName: 'no last name' } : { LastName: `Halt ${g}` })],
		}));
		const r = await k.call('POST', '/composite/graph', { graphs });
		expect(r.body.graphs.slice(15).map((g: any) => g.graphResponse.compositeResponse[0].body[0].errorCode)).toEqual(
			Array(5).fill('PROCESSING_HALTED'),
		);
		expect((await k.q("SELECT Id FROM Contact WHERE LastName LIKE 'Halt %'")).body.totalSize).toBe(0);
	});
});
