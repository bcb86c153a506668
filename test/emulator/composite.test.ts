import { request } from 'undici';
import type { ChangeEvent } from './types';
import { startEmu } from './testkit';

describe('emulator sObject Collections, composite, SOAP convertLead', () => {
	let k: Awaited<ReturnType<typeof startEmu>>;
	beforeAll(async () => {
		k = await startEmu({ seed: 'demo' });
	});
	afterAll(() => k.emu.close());
	const count = async (soql: string) => (await k.q(soql)).body.totalSize as number;

	test('collections create: per-record results in input order with statusCode errors (§6.3)', async () => {
		const r = await k.call('POST', '/composite/sobjects', {
			allOrNone: false,
			records: [
				{ attributes: { type: 'Account' }, Name: 'Col A' },
				{ attributes: { type: 'Contact' }, FirstName: 'NoLast' },
				{ attributes: { type: 'Contact' }, LastName: 'Col C' },
			],
		});
		expect(r.status).toBe(200);
		expect(r.body).toEqual([
			{ id: expect.stringMatching(/^001/), success: true, errors: [] },
			{
				success: false,
				errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }],
			},
			{ id: expect.stringMatching(/^003/), success: true, errors: [] },
		]);
		const upd = await k.call('PATCH', '/composite/sobjects', {
			records: [
				{ attributes: { type: 'Account' }, id: r.body[0].id, Phone: '1' },
				{ attributes: { type: 'Account' }, id: '001500000000zzzAAA', Phone: '1' },
			],
		});
		expect(upd.body[0]).toEqual({ id: r.body[0].id, success: true, errors: [] });
		expect(upd.body[1].success).toBe(false);
		const get = await k.call('GET', `/composite/sobjects/Account?ids=${r.body[0].id},001500000000zzzAAA&fields=Id,Phone`);
		expect(get.body).toEqual([{ attributes: expect.any(Object), Id: r.body[0].id, Phone: '1' }, null]);
		const del = await k.call('DELETE', `/composite/sobjects?ids=${r.body[0].id},${r.body[2].id}`);
		expect(del.body.map((x: any) => x.success)).toEqual([true, true]);
		const tooMany = await k.call('POST', '/composite/sobjects', {
			records: Array.from({ length: 201 }, () => ({ attributes: { type: 'Account' }, Name: 'x' })),
		});
		expect(tooMany).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_BATCH_SIZE' }] });
	});

	test('allOrNone rolls back for real and emits no change events', async () => {
		const events: ChangeEvent[] = [];
		const off = k.emu.store.onChange((e) => events.push(e));
		const r = await k.call('POST', '/composite/sobjects', {
			allOrNone: true,
			records: [
				{ attributes: { type: 'Account' }, Name: 'Rollback Me' },
				{ attributes: { type: 'Contact' }, LastName: 'x', Email: 'bad' },
			],
		});
		expect(r.body[0]).toEqual({
			id: null,
			success: false,
			errors: [
				{
					statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
					message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
					fields: [],
				},
			],
		});
		expect(r.body[1].errors[0].statusCode).toBe('INVALID_EMAIL_ADDRESS');
		expect(await count("SELECT Id FROM Account WHERE Name = 'Rollback Me'")).toBe(0);
		expect(events).toEqual([]);
		const ok = await k.call('POST', '/composite/sobjects', {
			allOrNone: true,
			records: [
				{ attributes: { type: 'Account' }, Name: 'T1' },
				{ attributes: { type: 'Account' }, Name: 'T2' },
			],
		});
		expect(ok.body.every((x: any) => x.success)).toBe(true);
		expect(events).toHaveLength(2);
		expect(events[0].transactionKey).toBe(events[1].transactionKey);
		off();
	});

	test('collections upsert by external id', async () => {
		const r = await k.call('PATCH', '/composite/sobjects/Account/External_Id__c', {
			records: [
				{ attributes: { type: 'Account' }, Name: 'Acme Renamed', External_Id__c: 'ACC-001' },
				{ attributes: { type: 'Account' }, Name: 'Brand New', External_Id__c: 'ACC-NEW' },
				{ attributes: { type: 'Account' }, Name: 'No key' },
			],
		});
		expect(r.body[0]).toEqual({ id: expect.any(String), success: true, errors: [], created: false });
		expect(r.body[1]).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
		expect(r.body[2].success).toBe(false);
		expect(await count("SELECT Id FROM Account WHERE Name = 'Acme Renamed'")).toBe(1);
	});

	test('composite with references; allOrNone → PROCESSING_HALTED; batch', async () => {
		const r = await k.call('POST', '/composite', {
			allOrNone: false,
			compositeRequest: [
				{ method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'refAccount', body: { Name: 'Comp' } },
				{
					method: 'POST',
					url: '/services/data/v66.0/sobjects/Contact',
					referenceId: 'refContact',
					body: { LastName: 'Doe', AccountId: '@{refAccount.id}' },
				},
				{
					method: 'GET',
					url: "/services/data/v66.0/query/?q=SELECT+Id+FROM+Contact+WHERE+AccountId='@{refAccount.id}'",
					referenceId: 'refQ',
				},
				{
					method: 'POST',
					url: '/services/data/v66.0/sobjects/Contact',
					referenceId: 'bad',
					body: { LastName: 'x', Email: 'Not a real email address' },
				},
			],
		});
		const [a, c, q, bad] = r.body.compositeResponse;
		expect(a).toEqual({
			body: { id: expect.any(String), success: true, errors: [] },
			httpHeaders: { Location: `/services/data/v66.0/sobjects/Account/${a.body.id}` },
			httpStatusCode: 201,
			referenceId: 'refAccount',
		});
		expect(c.httpStatusCode).toBe(201);
		expect(q.body.records[0].Id).toBe(c.body.id);
		expect(bad).toEqual({
			body: [{ message: 'Email: invalid email address: Not a real email address', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }],
			httpHeaders: {},
			httpStatusCode: 400,
			referenceId: 'bad',
		});

		const h = await k.call('POST', '/composite', {
			allOrNone: true,
			compositeRequest: [
				{ method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'a', body: { Name: 'Halted' } },
				{ method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'c', body: { AccountId: '@{a.id}' } },
			],
		});
		expect(h.body.compositeResponse[0]).toEqual({
			body: [
				{
					errorCode: 'PROCESSING_HALTED',
					message: 'The transaction was rolled back since another operation in the same transaction failed.',
				},
			],
			httpHeaders: {},
			httpStatusCode: 400,
			referenceId: 'a',
		});
		expect(h.body.compositeResponse[1].body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
		expect(await count("SELECT Id FROM Account WHERE Name = 'Halted'")).toBe(0);

		const b = await k.call('POST', '/composite/batch', {
			haltOnError: true,
			batchRequests: [
				{ method: 'PATCH', url: `v66.0/sobjects/account/${a.body.id}`, richInput: { Name: 'NewName' } },
				{ method: 'GET', url: `v66.0/sobjects/account/${a.body.id}?fields=Name` },
				{ method: 'GET', url: 'v66.0/sobjects/account/001500000000zzzAAA' },
				{ method: 'GET', url: `v66.0/sobjects/account/${a.body.id}` },
			],
		});
		expect(b.body.hasErrors).toBe(true);
		expect(b.body.results.map((x: any) => x.statusCode)).toEqual([204, 200, 404, 412]);
		expect(b.body.results[1].result.Name).toBe('NewName');
	});

	const soap = (token: string, converts: string) =>
		request(`${k.emu.url}/services/Soap/u/66.0`, {
			method: 'POST',
			headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: '""' },
			body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>${token}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:convertLead>${converts}</urn:convertLead></soapenv:Body></soapenv:Envelope>`,
		}).then(async (r) => ({ status: r.statusCode, text: await r.body.text() }));

	test('SOAP convertLead: results in order, effects, INVALID_STATUS, converted lead, bad session (§7)', async () => {
		const leads = (await k.q('SELECT Id, Company FROM Lead ORDER BY LastName LIMIT 3')).body.records;
		const acct = (await k.q("SELECT Id FROM Account WHERE Name = 'Globex'")).body.records[0].Id;
		const lc = (id: string, extra = '') =>
			`<urn:leadConverts><urn:leadId>${id}</urn:leadId><urn:convertedStatus>Closed - Converted</urn:convertedStatus>${extra}</urn:leadConverts>`;
		const res = await soap(
			k.token.access_token,
			lc(leads[0].Id, '<urn:opportunityName>Big &amp; Bold</urn:opportunityName>') +
				lc(leads[1].Id, `<urn:accountId>${acct}</urn:accountId><urn:doNotCreateOpportunity>true</urn:doNotCreateOpportunity>`) +
				`<urn:leadConverts><urn:leadId>${leads[2].Id}</urn:leadId><urn:convertedStatus>Working - Contacted</urn:convertedStatus></urn:leadConverts>`,
		);
		expect(res.status).toBe(200);
		const results = res.text.match(/<result>.*?<\/result>/g)!;
		expect(results).toHaveLength(3);
		expect(results[0]).toMatch(
			new RegExp(`<leadId>${leads[0].Id}</leadId><opportunityId>006\\w{15}</opportunityId>.*<success>true</success>`),
		);
		expect(results[1]).toContain(`<accountId>${acct}</accountId>`);
		expect(results[1]).toContain('<opportunityId xsi:nil="true"/>');
		expect(results[2]).toContain('<statusCode>INVALID_STATUS</statusCode>');
		expect(results[2]).toContain('<success>false</success>');
		const lead = (
			await k.q(
				`SELECT IsConverted, Status, ConvertedAccountId, ConvertedOpportunity.Name, ConvertedContact.LastName, ConvertedDate FROM Lead WHERE Id = '${leads[0].Id}'`,
			)
		).body.records[0];
		expect(lead).toMatchObject({
			IsConverted: true,
			Status: 'Closed - Converted',
			ConvertedOpportunity: { Name: 'Big & Bold' },
			ConvertedDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
		});
		expect((await k.call('PATCH', `/sobjects/Lead/${leads[0].Id}`, { Title: 'x' })).body[0].errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
		const again = await soap(k.token.access_token, lc(leads[0].Id));
		expect(again.text).toContain('<statusCode>CANNOT_UPDATE_CONVERTED_LEAD</statusCode>');

		const badSession = await soap('00Dxx!nope', lc(leads[2].Id));
		expect(badSession.status).toBe(500);
		expect(badSession.text).toContain(
			'<faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>',
		);
		expect(k.emu.count('POST /services/Soap/u')).toBe(3);
	});
});
