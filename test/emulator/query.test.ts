import { startEmu } from './testkit';

describe('emulator SOQL and SOSL', () => {
	let k: Awaited<ReturnType<typeof startEmu>>;
	beforeAll(async () => {
		k = await startEmu({ seed: 'demo' });
		for (let i = 0; i < 450; i++) k.emu.store.insert('Lead', { LastName: `Bulk ${String(i).padStart(3, '0')}`, Company: 'BulkCo' });
	});
	afterAll(() => k.emu.close());

	test('parent paths, null parents, child subqueries, canonical casing', async () => {
		k.emu.store.insert('Contact', { LastName: 'Orphan' });
		const r = await k.q(
			"select lastname, account.name, ACCOUNT.industry from contact where lastname in ('Orphan', 'Smith') order by lastname",
		);
		expect(r.body.records.map((x: any) => [x.LastName, x.Account])).toEqual([
			['Orphan', null],
			[
				'Smith',
				{
					attributes: { type: 'Account', url: expect.stringMatching(/^\/services\/data\/v66\.0\/sobjects\/Account\/001/) },
					Name: 'Acme Corp',
					Industry: 'Manufacturing',
				},
			],
		]);
		const sub = await k.q("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'Acme Corp'");
		expect(sub.body.records[0].Contacts).toMatchObject({
			totalSize: 2,
			done: true,
			records: [{ LastName: 'of Smith' }, { LastName: 'Smith' }],
		});
		expect(k.emu.queries).toContain("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'Acme Corp'");
	});

	test('WHERE operators, escapes, dates, NOT, LIKE', async () => {
		const acc = k.emu.store.insert('Account', { Name: "Bob's 50% _Shop\\", Industry: 'Retail', Type: 'Prospect' });
		const names = async (w: string) => (await k.q(`SELECT Name FROM Account WHERE ${w}`)).body.records.map((x: any) => x.Name);
		expect(await names("Name = 'Bob\\'s 50% _Shop\\\\'")).toEqual(["Bob's 50% _Shop\\"]);
		expect(await names("Name LIKE 'bob\\'s 50\\% \\_%'")).toEqual(["Bob's 50% _Shop\\"]);
		expect(await names("Name LIKE 'bob_s 50\\%%' AND NOT Industry = 'Energy'")).toEqual(["Bob's 50% _Shop\\"]);
		expect(await names("(Industry = 'Retail' OR Industry = 'Energy') AND Type != null ORDER BY Name DESC")).toEqual([
			'Wonka Industries',
			'Globex',
			"Bob's 50% _Shop\\",
		]);
		expect((await k.q("SELECT Name FROM Account WHERE Name = 'a\\q'")).body[0]).toMatchObject({
			errorCode: 'MALFORMED_QUERY',
			message: expect.stringContaining("Illegal character sequence '\\q'"),
		});
		expect(
			await names(
				`Id = '${acc.slice(0, 15)}' AND CreatedDate = TODAY AND CreatedDate = LAST_N_DAYS:3 AND CreatedDate > 2020-01-01T00:00:00Z`,
			),
		).toHaveLength(1);
		expect(await names('CreatedDate = YESTERDAY')).toEqual([]);
		expect(await names('AnnualRevenue >= 9000000 ORDER BY AnnualRevenue')).toEqual(['Hooli', 'Pied Piper']);
		const opp = await k.q('SELECT Name FROM Opportunity WHERE CloseDate >= 2026-02-01 AND CloseDate < 2026-03-01');
		expect(opp.body.records.map((x: any) => x.Name)).toEqual(['Globex - Deal']);
		const semi = await k.q("SELECT LastName FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Industry = 'Energy')");
		expect(semi.body.records.map((x: any) => x.LastName)).toEqual(['Doe']);
	});

	test('aggregates, COUNT(), LIMIT/OFFSET, NULLS LAST', async () => {
		expect((await k.q("SELECT COUNT() FROM Lead WHERE Company = 'BulkCo'")).body).toEqual({ totalSize: 450, done: true, records: [] });
		const agg = await k.q(
			'SELECT StageName, SUM(Amount) total, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 ORDER BY StageName',
		);
		expect(agg.body.records).toEqual([
			{ attributes: { type: 'AggregateResult' }, StageName: 'Needs Analysis', total: 130000, expr0: 2 },
			{ attributes: { type: 'AggregateResult' }, StageName: 'Prospecting', total: 90000, expr0: 2 },
			{ attributes: { type: 'AggregateResult' }, StageName: 'Qualification', total: 110000, expr0: 2 },
		]);
		const one = await k.q('SELECT MAX(Amount), MIN(CloseDate), AVG(Amount) avg FROM Opportunity');
		expect(one.body.records[0]).toMatchObject({ expr0: 100000, expr1: '2026-01-15', avg: 55000 });
		const page = await k.q('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1');
		expect(page.body.records).toHaveLength(2);
		expect(page.body.totalSize).toBe(2);
		const nulls = await k.q("SELECT LastName, Email FROM Contact WHERE LastName LIKE 'of %' ORDER BY Email DESC NULLS LAST, LastName");
		expect(nulls.body.records.every((x: any) => x.Email === null)).toBe(true);
	});

	test('errors keep the ^ ERROR at Row:1:Column:N framing', async () => {
		expect((await k.q('SELECT Idx FROM Account')).body).toEqual([
			{
				errorCode: 'INVALID_FIELD',
				message:
					"\nSELECT Idx FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Idx' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
			},
		]);
		const t = await k.q('SELECT Id FROM Foo');
		expect(t.status).toBe(400);
		expect(t.body[0].errorCode).toBe('INVALID_TYPE');
		expect(t.body[0].message).toContain("ERROR at Row:1:Column:16\nsObject type 'Foo' is not supported.");
		expect((await k.q('SELECT Id FROM Account WHERE')).body[0].errorCode).toBe('MALFORMED_QUERY');
	});

	test('paging with nextRecordsUrl and batchSize; queryAll', async () => {
		const first = await k.call(
			'GET',
			`/query?q=${encodeURIComponent("SELECT Id, LastName FROM Lead WHERE Company = 'BulkCo' ORDER BY LastName")}`,
			undefined,
			{ 'Sforce-Query-Options': 'batchSize=200' },
		);
		expect(first.body).toMatchObject({
			totalSize: 450,
			done: false,
			nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v66\.0\/query\/01g\w+-200$/),
		});
		expect(first.body.records).toHaveLength(200);
		const second = await k.call('GET', first.body.nextRecordsUrl);
		const third = await k.call('GET', second.body.nextRecordsUrl);
		expect(third.body.done).toBe(true);
		expect(third.body.nextRecordsUrl).toBeUndefined();
		expect(third.body.records).toHaveLength(50);
		expect(third.body.records[49].LastName).toBe('Bulk 449');
		expect(k.emu.count('GET /query/{locator}')).toBe(2);
		expect((await k.call('GET', '/query/01gXXXXXXXXXXXXX-200')).body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
		const big = await k.q("SELECT Id FROM Lead WHERE Company = 'BulkCo'");
		expect(big.body.records).toHaveLength(450);
	});

	test('SOSL: escapes, scopes, RETURNING with WHERE/LIMIT, MALFORMED_SEARCH; parameterizedSearch', async () => {
		const s = async (q: string) => k.call('GET', `/search?q=${encodeURIComponent(q)}`);
		const r = await s('FIND {acme} IN NAME FIELDS RETURNING Account(Id, Name), Contact(LastName)');
		expect(r.body.searchRecords).toEqual([
			expect.objectContaining({ attributes: expect.objectContaining({ type: 'Account' }), Name: 'Acme Corp' }),
		]);
		const email = await s("FIND {example.com} IN EMAIL FIELDS RETURNING Contact(Email WHERE LastName != 'Doe' LIMIT 3)");
		expect(email.body.searchRecords).toHaveLength(3);
		expect(email.body.searchRecords.every((x: any) => x.Email.endsWith('example.com'))).toBe(true);
		const esc = await s("FIND {Bob's} RETURNING Account(Name)");
		expect(esc.status).toBe(400);
		expect(esc.body[0].errorCode).toBe('MALFORMED_SEARCH');
		const ok = await s("FIND {Bob\\'s} RETURNING Account(Name)");
		expect(ok.body.searchRecords.map((x: any) => x.Name)).toEqual(["Bob's 50% _Shop\\"]);
		const inj = await s('FIND {x} RETURNING User(Id)} RETURNING Account');
		expect(inj.status).toBe(400);
		expect((await s('FIND {Hoo*} RETURNING Account(Name)')).body.searchRecords.map((x: any) => x.Name)).toEqual(['Hooli']);
		expect(k.emu.searches).toContain('FIND {Hoo*} RETURNING Account(Name)');
		const p = await k.call(
			'GET',
			'/parameterizedSearch?q=' + encodeURIComponent("Bob's") + '&sobject=Account&Account.fields=Id,Name&Account.limit=5',
		);
		expect(p.body.searchRecords.map((x: any) => x.Name)).toEqual(["Bob's 50% _Shop\\"]);
		const pp = await k.call('POST', '/parameterizedSearch', {
			q: 'Wonka',
			sobjects: [
				{ name: 'Account', fields: ['Name'] },
				{ name: 'Contact', fields: ['LastName'] },
			],
		});
		expect(pp.body.searchRecords.map((x: any) => x.Name ?? x.LastName).sort()).toEqual(['Wonka', 'Wonka Industries', 'of Wonka']);
	});
});
