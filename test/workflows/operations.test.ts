/**
 * The Salesforce CRM node's operations beyond the generic Record ones (issue #3), each run as a workflow through
 * n8n's real engine against the emulator over HTTP. Assertions look at what landed in the org (emu.store).
 */
import type { IDataObject } from 'n8n-workflow';

import { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { dateIn } from '../../nodes/shared/services/today';
import { SALESFORCE_CRM, fromJson, salesforceNode, useEmulator, expectBatchedRun, errorDetails } from '../helpers/workflow';

const NODE = SALESFORCE_CRM;

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;

async function run(parameters: Record<string, unknown>, items?: IDataObject[], extra: Record<string, unknown> = {}, on = emu) {
	return await runWorkflow({ credentials: credentialData(on), items, nodes: [node(parameters, extra)] });
}

const byId = (id: unknown) => ({ mode: 'id', value: id });
// The emulator's user is in America/Los_Angeles: "today" is the date there (services/today.ts).
const today = () => dateIn('America/Los_Angeles', new Date());

let seq = 0;
function lead(fields: Record<string, unknown> = {}): string {
	seq += 1;
	return emu.store.insert('Lead', { FirstName: 'Lee', LastName: `Lead ${seq}`, Company: `Lead Co ${seq}`, LeadSource: 'Web', ...fields });
}

describe('Lead → Convert', () => {
	test('converts each lead into an account, a contact and an opportunity; the output has the new ids per lead', async () => {
		const ids = [lead({ Company: 'Convert One' }), lead({ Company: 'Convert Two' })];
		const result = await run(
			{
				resource: 'lead',
				operation: 'convert',
				leadId: fromJson(),
				convertedStatus: 'Closed - Converted',
				opportunityName: '={{ $json.opp }}',
			},
			[
				{ id: ids[0], opp: 'Deal One' },
				{ id: ids[1], opp: '' },
			],
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out).toHaveLength(2);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			const l = emu.store.get('Lead', ids[i])!;
			expect(l).toMatchObject({ IsConverted: true, Status: 'Closed - Converted', ConvertedDate: expect.any(String) });
			expect(item.json).toEqual({
				leadId: ids[i],
				accountId: l.ConvertedAccountId,
				contactId: l.ConvertedContactId,
				opportunityId: l.ConvertedOpportunityId,
				success: true,
			});
			expect(emu.store.get('Account', String(l.ConvertedAccountId))?.Name).toBe(i === 0 ? 'Convert One' : 'Convert Two');
			expect(emu.store.get('Contact', String(l.ConvertedContactId))).toMatchObject({
				LastName: l.LastName,
				AccountId: l.ConvertedAccountId,
			});
			expect(emu.store.get('Opportunity', String(l.ConvertedOpportunityId))?.AccountId).toBe(l.ConvertedAccountId);
		});
		expect(emu.store.get('Opportunity', String(out[0].json.opportunityId))?.Name).toBe('Deal One');
		expect(emu.count('POST /services/Soap/u')).toBe(1);
		expect(emu.apiCalls()).toBe(1);
	});

	test('150 leads are converted in 2 SOAP calls (100 a call)', async () => {
		const ids = Array.from({ length: 150 }, () => lead());
		const result = await run(
			{ resource: 'lead', operation: 'convert', leadId: fromJson(), convertedStatus: 'Closed - Converted', createOpportunity: false },
			ids.map((id) => ({ id })),
		);
		const out = expectBatchedRun(emu, result, 150, 'POST /services/Soap/u', 2);
		out.forEach((item, i) => {
			expect(item.json.leadId).toBe(ids[i]);
			expect(emu.store.get('Lead', ids[i])).toMatchObject({ IsConverted: true, ConvertedAccountId: item.json.accountId });
		});
	});

	test('merges into an existing account (and contact) instead of creating them', async () => {
		const account = emu.store.insert('Account', { Name: 'Existing Account' });
		const contact = emu.store.insert('Contact', { LastName: 'Existing Contact', AccountId: account });
		const id = lead({ Company: 'Should Not Become An Account', Email: 'merge@example.com' });
		const accountsBefore = emu.store.all('Account').length;
		const result = await run({
			resource: 'lead',
			operation: 'convert',
			leadId: byId(id),
			convertedStatus: 'Closed - Converted',
			convertOptions: { accountId: account, contactId: contact },
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toMatchObject({ accountId: account, contactId: contact, success: true });
		expect(emu.store.all('Account').length).toBe(accountsBefore);
		expect(emu.store.get('Lead', id)).toMatchObject({ IsConverted: true, ConvertedAccountId: account, ConvertedContactId: contact });
		// Merge fills the contact's blank fields from the lead.
		expect(emu.store.get('Contact', contact)).toMatchObject({ LastName: 'Existing Contact', Email: 'merge@example.com' });
		const opp = emu.store.get('Opportunity', String(emu.store.get('Lead', id)!.ConvertedOpportunityId));
		expect(opp?.AccountId).toBe(account);
	});

	test('an existing contact without its account is refused before any call, naming the item and field', async () => {
		const contact = emu.store.insert('Contact', { LastName: 'Lonely' });
		const result = await run({
			resource: 'lead',
			operation: 'convert',
			leadId: byId(lead()),
			convertedStatus: 'Closed - Converted',
			convertOptions: { contactId: contact },
		});
		expect(result.error?.message).toMatch(/^Item 0: Existing Contact ID needs the Existing Account ID/);
		expect(result.error?.description).toBe('Field: Existing Account ID');
		expect(emu.apiCalls()).toBe(0);
	});

	test('no opportunity when Create Opportunity is off', async () => {
		const id = lead();
		const oppsBefore = emu.store.all('Opportunity').length;
		const result = await run({
			resource: 'lead',
			operation: 'convert',
			leadId: byId(id),
			convertedStatus: 'Closed - Converted',
			createOpportunity: false,
		});
		expect(result.output('Salesforce')[0].json).toMatchObject({ success: true, opportunityId: null });
		expect(emu.store.get('Lead', id)).toMatchObject({ IsConverted: true, ConvertedOpportunityId: null });
		expect(emu.store.all('Opportunity').length).toBe(oppsBefore);
		expect(String(emu.requests.find((r) => r.endpoint === 'POST /services/Soap/u')?.path)).toMatch(/^\/services\/Soap\/u\/66\.0$/);
	});

	test('a status that does not convert and an already converted lead fail on their own items with continue on fail; the others convert', async () => {
		const good1 = lead();
		const badStatus = lead();
		const converted = lead();
		const good2 = lead();
		await run({
			resource: 'lead',
			operation: 'convert',
			leadId: byId(converted),
			convertedStatus: 'Closed - Converted',
			createOpportunity: false,
		});
		emu.resetCounters();
		const items = [
			{ id: good1, status: 'Closed - Converted' },
			{ id: badStatus, status: 'Working - Contacted' },
			{ id: converted, status: 'Closed - Converted' },
			{ id: good2, status: 'Closed - Converted' },
		];
		const result = await run(
			{ resource: 'lead', operation: 'convert', leadId: fromJson(), convertedStatus: '={{ $json.status }}', createOpportunity: false },
			items,
			{ continueOnFail: true },
		);
		const out = result.output('Salesforce');
		expect(out).toHaveLength(4);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json.success).toBe(true);
		expect(out[1].json).toMatchObject({ error: { errorCode: 'INVALID_STATUS' } });
		expect(out[2].json).toMatchObject({ error: { errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD' } });
		expect(out[3].json.success).toBe(true);
		expect(emu.store.get('Lead', good1)?.IsConverted).toBe(true);
		expect(emu.store.get('Lead', good2)?.IsConverted).toBe(true);
		expect(emu.store.get('Lead', badStatus)).toMatchObject({ IsConverted: false, ConvertedAccountId: null });
		expect(emu.count('POST /services/Soap/u')).toBe(1);

		// Without continue on fail the run stops, naming the failed item.
		const bad = lead();
		const stopped = await run({ resource: 'lead', operation: 'convert', leadId: byId(bad), convertedStatus: 'Working - Contacted' });
		expect(stopped.error?.message).toMatch(/Item 0: INVALID_STATUS/);
		expect(emu.store.get('Lead', bad)?.IsConverted).toBe(false);
	});

	test('the default converted status comes from LeadStatus (first converted status by sort order)', async () => {
		const own = await SalesforceEmulator.start({ seed: 'none' });
		try {
			own.store.insert(
				'LeadStatus',
				{ ApiName: 'Qualified', MasterLabel: 'Qualified', IsConverted: true, IsDefault: false, SortOrder: 0 },
				{ system: true },
			);
			const id = own.store.insert('Lead', { LastName: 'Default', Company: 'Default Status Co' });
			const result = await run({ resource: 'lead', operation: 'convert', leadId: byId(id) }, undefined, {}, own);
			expect(result.error).toBeUndefined();
			expect(own.store.get('Lead', id)).toMatchObject({ IsConverted: true, Status: 'Qualified' });
			expect(own.queries.some((q) => /FROM LeadStatus WHERE IsConverted = true/.test(q))).toBe(true);
			expect(own.count('POST /services/Soap/u')).toBe(1);
		} finally {
			await own.close();
		}
	});
});

describe('Opportunity → Close', () => {
	const opp = (fields: Record<string, unknown> = {}) =>
		emu.store.insert('Opportunity', { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2030-01-31', ...fields });

	test('won → the first active IsWon stage of OpportunityStage, close date today', async () => {
		const own = await SalesforceEmulator.start({ seed: 'none' });
		try {
			// A won stage sorted before the standard "Closed Won": the node must read it from the org.
			own.store.insert(
				'OpportunityStage',
				{ ApiName: 'Signed', MasterLabel: 'Signed', IsActive: true, IsClosed: true, IsWon: true, SortOrder: 0 },
				{ system: true },
			);
			const id = own.store.insert('Opportunity', { Name: 'Big Deal', StageName: 'Prospecting', CloseDate: '2030-01-31' });
			const result = await run(
				{ resource: 'opportunity', operation: 'close', opportunityId: byId(id), outcome: 'won' },
				undefined,
				{},
				own,
			);
			expect(result.error).toBeUndefined();
			expect(result.output('Salesforce')[0].json).toEqual({ id, success: true, stageName: 'Signed', won: true, closeDate: today() });
			expect(own.store.get('Opportunity', id)).toMatchObject({ StageName: 'Signed', IsWon: true, IsClosed: true, CloseDate: today() });
			expect(own.queries.some((q) => /FROM OpportunityStage .*IsWon = true/.test(q))).toBe(true);
		} finally {
			await own.close();
		}
	});

	test('lost with a loss reason and an amount; the stage is looked up once for many items', async () => {
		const ids = [opp(), opp()];
		const q0 = emu.queries.length;
		const result = await run(
			{
				resource: 'opportunity',
				operation: 'close',
				opportunityId: fromJson(),
				outcome: 'lost',
				closeOptions: { lossReason: '={{ $json.reason }}', amount: 0, closeDate: '2026-03-01' },
			},
			[
				{ id: ids[0], reason: 'Price' },
				{ id: ids[1], reason: 'Went with a competitor' },
			],
		);
		expect(result.error).toBeUndefined();
		expect(emu.store.get('Opportunity', ids[0])).toMatchObject({
			StageName: 'Closed Lost',
			IsWon: false,
			IsClosed: true,
			Loss_Reason__c: 'Price',
			CloseDate: '2026-03-01',
			Amount: 0,
		});
		expect(emu.store.get('Opportunity', ids[1])).toMatchObject({ StageName: 'Closed Lost', Loss_Reason__c: 'Went with a competitor' });
		expect(emu.queries.slice(q0).filter((q) => q.includes('FROM OpportunityStage'))).toHaveLength(1);
		expect(emu.count('PATCH /composite/sobjects')).toBe(1);
		expect(emu.apiCalls()).toBe(2);
	});

	test('an explicit stage is checked in one read, then written; a custom loss reason field', async () => {
		const id = opp();
		const q0 = emu.queries.length;
		const result = await run({
			resource: 'opportunity',
			operation: 'close',
			opportunityId: byId(id),
			outcome: 'lost',
			closeOptions: { stageName: 'Closed Lost', lossReason: 'Competitor', lossReasonField: 'LossReason__c' },
		});
		expect(result.error).toBeUndefined();
		expect(emu.store.get('Opportunity', id)).toMatchObject({ StageName: 'Closed Lost', LossReason__c: 'Competitor', CloseDate: today() });
		expect(emu.queries.slice(q0).filter((q) => q.includes('FROM OpportunityStage'))).toHaveLength(1);
		expect(emu.apiCalls()).toBe(2);
	});

	test('a named stage that is open, or closed with the other outcome, is refused before any write', async () => {
		const open = opp();
		const wrong = opp();
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [
				{ id: open, stage: 'Prospecting' },
				{ id: wrong, stage: 'Closed Lost' },
			],
			nodes: [
				{
					name: 'Salesforce',
					type: NODE,
					continueOnFail: true,
					parameters: {
						resource: 'opportunity',
						operation: 'close',
						opportunityId: { mode: 'id', value: '={{ $json.id }}' },
						outcome: 'won',
						closeOptions: { stageName: '={{ $json.stage }}' },
					} as never,
				},
			],
		});
		const out = result.output('Salesforce');
		expect(out.map((i) => errorDetails(i).errorCode)).toEqual(['INVALID_STAGE', 'INVALID_STAGE']);
		expect(String(out[0].json.message)).toMatch(/not a closed stage/);
		expect(String(out[1].json.message)).toMatch(/closed-lost stage, but the outcome is Won/);
		expect(emu.count('PATCH /composite/sobjects')).toBe(0);
		expect(emu.store.get('Opportunity', wrong)?.IsClosed).toBe(false);
	});
});

describe('Update in bulk', () => {
	test('1,000 updates take 5 calls', async () => {
		const ids = Array.from({ length: 1000 }, (_, i) => emu.store.insert('Account', { Name: `Update ${i}` }));
		const result = await run(
			{
				resource: 'account',
				operation: 'update',
				recordId: fromJson(),
				fields: { mappingMode: 'defineBelow', value: { Description: '={{ "row " + $json.n }}' } },
			},
			ids.map((id, n) => ({ id, n })),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')).toHaveLength(1000);
		expect(emu.count('PATCH /composite/sobjects')).toBe(5);
		expect(emu.apiCalls()).toBe(5);
		ids.forEach((id, n) => expect(emu.store.get('Account', id)?.Description).toBe(`row ${n}`));
	});
});

describe('Task and Event', () => {
	test('Task → Log Call creates a completed Task of subtype Call with CallType, WhoId and WhatId', async () => {
		const account = emu.store.insert('Account', { Name: 'Call Account' });
		const contact = emu.store.insert('Contact', { LastName: 'Caller', AccountId: account });
		const result = await run({
			resource: 'task',
			operation: 'logCall',
			subject: 'Discovery call',
			whoId: contact,
			whatId: account,
			callDetails: {
				callType: 'Inbound',
				callDisposition: 'Interested',
				durationSeconds: 300,
				description: 'Talked pricing',
				activityDate: '2026-02-03T10:00:00',
			},
		});
		expect(result.error).toBeUndefined();
		const id = String(result.output('Salesforce')[0].json.id);
		expect(emu.store.get('Task', id)).toMatchObject({
			Subject: 'Discovery call',
			TaskSubtype: 'Call',
			CallType: 'Inbound',
			Status: 'Completed',
			IsClosed: true,
			WhoId: contact,
			WhatId: account,
			CallDisposition: 'Interested',
			CallDurationInSeconds: 300,
			Description: 'Talked pricing',
			ActivityDate: '2026-02-03',
		});
	});

	test('Task → Complete sets Status Completed', async () => {
		const ids = [emu.store.insert('Task', { Subject: 'Open 1' }), emu.store.insert('Task', { Subject: 'Open 2' })];
		expect(emu.store.get('Task', ids[0])?.Status).toBe('Not Started');
		const result = await run(
			{ resource: 'task', operation: 'complete', taskId: fromJson() },
			ids.map((id) => ({ id })),
		);
		expect(result.output('Salesforce').map((i) => i.json)).toEqual(ids.map((id) => ({ id, success: true, status: 'Completed' })));
		for (const id of ids) expect(emu.store.get('Task', id)).toMatchObject({ Status: 'Completed', IsClosed: true });
		expect(emu.count('PATCH /composite/sobjects')).toBe(1);
	});

	test('Event → Schedule books the event; an end before the start is refused before any call, naming the item and field', async () => {
		const contact = emu.store.insert('Contact', { LastName: 'Meeter' });
		const ok = await run({
			resource: 'event',
			operation: 'schedule',
			subject: 'Demo',
			start: '2026-12-01T15:00:00Z',
			end: '2026-12-01T16:00:00Z',
			whoId: contact,
			eventDetails: { location: 'Zoom' },
		});
		expect(ok.error).toBeUndefined();
		const id = String(ok.output('Salesforce')[0].json.id);
		expect(emu.store.get('Event', id)).toMatchObject({ Subject: 'Demo', WhoId: contact, Location: 'Zoom' });
		expect(Date.parse(String(emu.store.get('Event', id)?.StartDateTime))).toBe(Date.parse('2026-12-01T15:00:00Z'));
		expect(Date.parse(String(emu.store.get('Event', id)?.EndDateTime))).toBe(Date.parse('2026-12-01T16:00:00Z'));

		emu.resetCounters();
		const before = emu.store.all('Event').length;
		const refused = await run({ resource: 'event', operation: 'schedule', start: '={{ $json.start }}', end: '={{ $json.end }}' }, [
			{ start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' },
			{ start: '2026-12-01T15:00:00Z', end: '2026-12-01T14:00:00Z' },
		]);
		expect(refused.error?.message).toMatch(/^Item 1: End .* must be after Start/);
		expect(refused.error?.description).toMatch(/Field: End/);
		expect(emu.apiCalls()).toBe(0);
		expect(emu.store.all('Event').length).toBe(before);
	});
});

describe('Related records', () => {
	test('Contact and Lead → Add to Campaign create CampaignMembers', async () => {
		const campaign = emu.store.insert('Campaign', { Name: 'Spring Webinar' });
		const contact = emu.store.insert('Contact', { LastName: 'Member' });
		const leadId = lead();
		const c = await run({
			resource: 'contact',
			operation: 'addToCampaign',
			campaignId: campaign,
			memberId: byId(contact),
			memberStatus: 'Responded',
		});
		const l = await run({ resource: 'lead', operation: 'addToCampaign', campaignId: campaign, memberId: byId(leadId) });
		expect(c.error).toBeUndefined();
		expect(l.error).toBeUndefined();
		expect(emu.store.get('CampaignMember', String(c.output('Salesforce')[0].json.id))).toMatchObject({
			CampaignId: campaign,
			ContactId: contact,
			LeadId: null,
			Status: 'Responded',
			HasResponded: true,
		});
		expect(emu.store.get('CampaignMember', String(l.output('Salesforce')[0].json.id))).toMatchObject({
			CampaignId: campaign,
			LeadId: leadId,
			ContactId: null,
		});
	});

	test('Case → Add Comment creates a CaseComment; Add Note creates a Note with ParentId', async () => {
		const caseId = emu.store.insert('Case', { Subject: 'Broken' });
		const comment = await run({
			resource: 'case',
			operation: 'addComment',
			caseId: byId(caseId),
			commentBody: 'We are on it',
			isPublished: true,
		});
		expect(comment.error).toBeUndefined();
		expect(emu.store.get('CaseComment', String(comment.output('Salesforce')[0].json.id))).toMatchObject({
			ParentId: caseId,
			CommentBody: 'We are on it',
			IsPublished: true,
		});

		const account = emu.store.insert('Account', { Name: 'Noted' });
		const note = await run({
			resource: 'account',
			operation: 'addNote',
			recordId: byId(account),
			noteTitle: 'Kickoff',
			noteBody: 'Agenda: <b>& more</b>',
		});
		expect(note.error).toBeUndefined();
		expect(emu.store.get('Note', String(note.output('Salesforce')[0].json.id))).toMatchObject({
			ParentId: account,
			Title: 'Kickoff',
			Body: 'Agenda: <b>& more</b>',
		});
		const caseNote = await run({ resource: 'case', operation: 'addNote', recordId: byId(caseId), noteTitle: 'On the case' });
		expect(emu.store.get('Note', String(caseNote.output('Salesforce')[0].json.id))).toMatchObject({
			ParentId: caseId,
			Title: 'On the case',
		});
	});
});

describe('SOQL → Query', () => {
	let pageCoIds: string[] = [];
	beforeAll(() => {
		pageCoIds = Array.from({ length: 2300 }, (_, i) => emu.store.insert('Lead', { LastName: `Pager ${i}`, Company: 'PageCo' }));
	});

	test('return all follows nextRecordsUrl across pages (> 2,000 records); one item per record, attributes stripped', async () => {
		const result = await run({
			resource: 'soql',
			operation: 'query',
			soql: "SELECT Id, LastName FROM Lead WHERE Company = 'PageCo' ORDER BY LastName",
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce');
		expect(out).toHaveLength(2300);
		expect(new Set(out.map((i) => i.json.Id))).toEqual(new Set(pageCoIds));
		expect(out[0].json).toEqual({ Id: expect.any(String), LastName: 'Pager 0' });
		expect(out.every((i) => i.json.attributes === undefined && i.pairedItem !== undefined)).toBe(true);
		expect(emu.count('GET /query')).toBe(1);
		expect(emu.count('GET /query/{locator}')).toBe(1);
		expect(emu.apiCalls()).toBe(2);
	});

	test('a limit stops after the first page', async () => {
		const result = await run({
			resource: 'soql',
			operation: 'query',
			soql: "SELECT Id FROM Lead WHERE Company = 'PageCo'",
			returnAll: false,
			limit: 5,
		});
		expect(result.output('Salesforce')).toHaveLength(5);
		expect(emu.apiCalls()).toBe(1);
	});

	test('a limit beyond the first page follows nextRecordsUrl and stops there; the page size option is sent', async () => {
		const soql = "SELECT Id FROM Lead WHERE Company = 'PageCo'";
		const limited = await run({ resource: 'soql', operation: 'query', soql, returnAll: false, limit: 2100 });
		expect(limited.output('Salesforce')).toHaveLength(2100);
		expect(emu.apiCalls()).toBe(2);
		emu.resetCounters();
		const paged = await run({ resource: 'soql', operation: 'query', soql, soqlOptions: { batchSize: 500 } });
		expect(paged.output('Salesforce')).toHaveLength(2300);
		expect(emu.count('GET /query')).toBe(1);
		expect(emu.count('GET /query/{locator}')).toBe(4);
	});

	test('"Include Deleted" uses queryAll and finds records in the recycle bin', async () => {
		const id = emu.store.insert('Account', { Name: 'Recycled Co' });
		emu.store.delete('Account', id);
		const soql = "SELECT Id, Name, IsDeleted FROM Account WHERE Name = 'Recycled Co'";
		const live = await run({ resource: 'soql', operation: 'query', soql });
		expect(live.output('Salesforce')).toHaveLength(0);
		const all = await run({ resource: 'soql', operation: 'query', soql, soqlOptions: { includeDeleted: true } });
		expect(all.output('Salesforce').map((i) => i.json)).toEqual([{ Id: id, Name: 'Recycled Co', IsDeleted: true }]);
		expect(emu.count('GET /queryAll')).toBe(1);
	});

	test('relationship fields come nested, without attributes; "single" output gives one item with all records', async () => {
		const account = emu.store.insert('Account', { Name: 'Parent Inc' });
		emu.store.insert('Contact', { LastName: 'Child One', AccountId: account });
		emu.store.insert('Contact', { LastName: 'Orphan One' });
		const soql = "SELECT Id, LastName, Account.Name FROM Contact WHERE LastName IN ('Child One', 'Orphan One') ORDER BY LastName";
		const result = await run({ resource: 'soql', operation: 'query', soql });
		const out = result.output('Salesforce').map((i) => i.json);
		expect(out).toEqual([
			{ Id: expect.any(String), LastName: 'Child One', Account: { Name: 'Parent Inc' } },
			{ Id: expect.any(String), LastName: 'Orphan One', Account: null },
		]);
		const single = await run({ resource: 'soql', operation: 'query', soql, soqlOptions: { output: 'single' } });
		const one = single.output('Salesforce');
		expect(one).toHaveLength(1);
		expect(one[0].json).toEqual({ totalSize: 2, records: out });
	});

	test('aggregate queries and COUNT()', async () => {
		const own = await SalesforceEmulator.start({ seed: 'none' });
		try {
			for (const [stage, n] of [
				['Prospecting', 3],
				['Closed Won', 2],
			] as const)
				for (let i = 0; i < n; i++) own.store.insert('Opportunity', { Name: `O ${stage} ${i}`, StageName: stage, CloseDate: '2030-01-01' });
			for (let i = 0; i < 7; i++) own.store.insert('Lead', { LastName: `L${i}`, Company: 'C' });
			const agg = await run(
				{ resource: 'soql', operation: 'query', soql: 'SELECT COUNT(Id) c, StageName FROM Opportunity GROUP BY StageName' },
				undefined,
				{},
				own,
			);
			expect(agg.error).toBeUndefined();
			const rows = agg.output('Salesforce').map((i) => i.json);
			expect(rows).toHaveLength(2);
			expect(rows).toEqual(
				expect.arrayContaining([
					{ c: 3, StageName: 'Prospecting' },
					{ c: 2, StageName: 'Closed Won' },
				]),
			);
			const count = await run({ resource: 'soql', operation: 'query', soql: 'SELECT COUNT() FROM Lead' }, undefined, {}, own);
			expect(count.output('Salesforce').map((i) => i.json)).toEqual([{ totalSize: 7 }]);
		} finally {
			await own.close();
		}
	});
});

describe('Search', () => {
	test("Simple search finds O'Brien & {Sons}; the SOSL sent is escaped", async () => {
		const id = emu.store.insert('Account', { Name: "O'Brien & {Sons}" });
		emu.store.insert('Account', { Name: 'Brien Unrelated' });
		const s0 = emu.searches.length;
		const result = await run({
			resource: 'search',
			operation: 'simple',
			searchText: "O'Brien & {Sons}",
			searchObjects: 'Account, Contact',
			searchFields: 'Id, Name',
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Salesforce').map((i) => i.json);
		expect(out).toEqual([{ type: 'Account', Id: id, Name: "O'Brien & {Sons}" }]);
		const sosl = emu.searches.slice(s0);
		expect(sosl).toHaveLength(1);
		expect(sosl[0]).toContain(String.raw`FIND {"O\'Brien \& \{Sons\}"}`);
		expect(sosl[0]).toContain('RETURNING Account(Id, Name), Contact(Id, Name)');
	});

	test('Parameterized search sends the text as data and finds the record once', async () => {
		const id = emu.store.insert('Account', { Name: 'Parameterized & {Sons}' });
		emu.store.insert('Account', { Name: 'Parameterized Unrelated' });
		const result = await run({
			resource: 'search',
			operation: 'parameterized',
			searchText: 'Parameterized & {Sons}',
			searchObjects: 'Account',
			searchFields: 'Id, Name',
			limit: 10,
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce').map((i) => i.json)).toEqual([{ type: 'Account', Id: id, Name: 'Parameterized & {Sons}' }]);
		expect(emu.count('POST /parameterizedSearch')).toBe(1);
	});

	test('SOSL search runs the statement as written', async () => {
		const id = emu.store.insert('Contact', { FirstName: 'Zebulon', LastName: 'Quasar' });
		const result = await run({
			resource: 'search',
			operation: 'sosl',
			sosl: 'FIND {Zebulon} IN NAME FIELDS RETURNING Contact(Id, LastName), Account(Id)',
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce').map((i) => i.json)).toEqual([{ type: 'Contact', Id: id, LastName: 'Quasar' }]);
		expect(emu.count('GET /search')).toBe(1);
	});
});

describe('Object, Org and Flow', () => {
	test('Object → Describe and List', async () => {
		const d = await run({ resource: 'object', operation: 'describe', describeObject: { mode: 'name', value: 'Opportunity' } });
		expect(d.error).toBeUndefined();
		const desc = d.output('Salesforce')[0].json as { name: string; fields: Array<{ name: string; type: string }> };
		expect(desc.name).toBe('Opportunity');
		expect(desc.fields.find((f) => f.name === 'StageName')?.type).toBe('picklist');
		expect(desc.fields.find((f) => f.name === 'Loss_Reason__c')?.type).toBe('string');

		const all = await run({ resource: 'object', operation: 'list' });
		expect(all.output('Salesforce').map((i) => i.json.name)).toEqual(expect.arrayContaining(['Account', 'Lead', 'Invoice__c']));
		const custom = await run({ resource: 'object', operation: 'list', customOnly: true });
		const names = custom.output('Salesforce').map((i) => i.json);
		expect(names.map((n) => n.name)).toContain('Invoice__c');
		expect(names.every((n) => n.custom === true)).toBe(true);
	});

	test('Org → Limits', async () => {
		const result = await run({ resource: 'org', operation: 'limits' });
		const limits = result.output('Salesforce')[0].json as Record<string, { Max: number; Remaining: number }>;
		expect(limits.DailyApiRequests.Max).toBe(1_000_000);
		expect(limits.DailyApiRequests.Remaining).toBeLessThan(1_000_000);
		expect(emu.count('GET /limits')).toBe(1);
	});

	test('Flow → List and Invoke (one interview per item, one call; a failed interview on its own item)', async () => {
		const list = await run({ resource: 'flow', operation: 'list' });
		expect(list.output('Salesforce').map((i) => i.json)).toEqual(
			expect.arrayContaining([{ label: 'Create Follow-Up Task', name: 'Create_Follow_Up_Task', type: 'FLOW' }]),
		);

		const accounts = [emu.store.insert('Account', { Name: 'Flow A' }), emu.store.insert('Account', { Name: 'Flow B' })];
		emu.resetCounters();
		const result = await run(
			{
				resource: 'flow',
				operation: 'invoke',
				flowApiName: 'Create_Follow_Up_Task',
				flowInputs: '={{ JSON.stringify({ recordId: $json.id, subject: "Follow up " + $json.n }) }}',
			},
			[
				{ id: accounts[0], n: 1 },
				{ id: 'nope', n: 2 },
				{ id: accounts[1], n: 3 },
			],
			{ continueOnFail: true },
		);
		const out = result.output('Salesforce');
		expect(out).toHaveLength(3);
		expect(emu.count('POST /actions/custom/flow/Create_Follow_Up_Task')).toBe(1);
		expect(out[1].json).toMatchObject({ error: { errorCode: 'INVALID_INPUT' } });
		for (const [item, account, n] of [
			[out[0], accounts[0], 1],
			[out[2], accounts[1], 3],
		] as const) {
			expect(item.json).toMatchObject({ success: true, flow: 'Create_Follow_Up_Task', outputValues: { taskId: expect.any(String) } });
			const task = emu.store.get('Task', String((item.json.outputValues as { taskId: string }).taskId));
			expect(task).toMatchObject({ WhatId: account, Subject: `Follow up ${n}` });
		}
	});
});

describe('Record locators and agent-style calls', () => {
	test('Get by a Lightning URL', async () => {
		const id = emu.store.insert('Account', { Name: 'By URL', Industry: 'Energy' });
		const result = await run({
			resource: 'account',
			operation: 'get',
			recordId: { mode: 'url', value: `https://acme.lightning.force.com/lightning/r/Account/${id}/view` },
			fieldsToReturn: ['Name', 'Industry'],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json).toEqual({ Name: 'By URL', Industry: 'Energy' });
		expect(emu.count('POST /composite/sobjects/Account')).toBe(1);
	});

	test('an AI agent filling only resource, operation and Additional Fields (JSON) creates the contact', async () => {
		const result = await run({
			resource: 'contact',
			operation: 'create',
			additionalFieldsJson: '{"FirstName": "Agent", "LastName": "Smith", "Email": "agent.smith@example.com"}',
		});
		expect(result.error).toBeUndefined();
		const id = String(result.output('Salesforce')[0].json.id);
		expect(emu.store.get('Contact', id)).toMatchObject({ FirstName: 'Agent', LastName: 'Smith', Email: 'agent.smith@example.com' });
		expect(emu.apiCalls()).toBe(1);

		// Tools may hand the JSON over as an object rather than text.
		const asObject = await run({
			resource: 'contact',
			operation: 'create',
			additionalFieldsJson: '={{ { "LastName": "Object Smith", "Title": "CTO" } }}',
		});
		expect(asObject.error).toBeUndefined();
		expect(emu.store.get('Contact', String(asObject.output('Salesforce')[0].json.id))).toMatchObject({
			LastName: 'Object Smith',
			Title: 'CTO',
		});
	});
});

describe('Failures and edges', () => {
	test('Flow → Invoke: 250 items take 2 calls; an unknown flow fails only its own items with continue on fail', async () => {
		const account = emu.store.insert('Account', { Name: 'Many Flows' });
		const tasksBefore = emu.store.all('Task').filter((t) => t.WhatId === account).length;
		const many = await run(
			{
				resource: 'flow',
				operation: 'invoke',
				flowApiName: 'Create_Follow_Up_Task',
				flowInputs: `={{ JSON.stringify({ recordId: "${account}" }) }}`,
			},
			Array.from({ length: 250 }, (_, n) => ({ n })),
		);
		expect(many.error).toBeUndefined();
		expect(many.output('Salesforce')).toHaveLength(250);
		expect(emu.count('POST /actions/custom/flow/Create_Follow_Up_Task')).toBe(2);
		expect(emu.store.all('Task').filter((t) => t.WhatId === account).length - tasksBefore).toBe(250);

		emu.resetCounters();
		const mixed = await run(
			{
				resource: 'flow',
				operation: 'invoke',
				flowApiName: '={{ $json.flow }}',
				flowInputs: '={{ JSON.stringify({ text: $json.text }) }}',
			},
			[
				{ flow: 'Echo_Flow', text: 'one' },
				{ flow: 'No_Such_Flow', text: 'two' },
				{ flow: 'Echo_Flow', text: 'three' },
			],
			{ continueOnFail: true },
		);
		const out = mixed.output('Salesforce');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ success: true, flow: 'Echo_Flow', outputValues: { echoed: 'ONE' } });
		expect(out[1].json).toMatchObject({ error: { errorCode: 'NOT_FOUND' } });
		expect(out[2].json).toMatchObject({ success: true, outputValues: { echoed: 'THREE' } });
	});

	test('Lead → Convert after the access token expired: the SOAP fault makes n8n refresh, the convert is sent again', async () => {
		const id = lead();
		const credentials = credentialData(emu);
		emu.expireAccessTokens();
		const result = await runWorkflow({
			credentials,
			nodes: [
				node({ resource: 'lead', operation: 'convert', leadId: byId(id), convertedStatus: 'Closed - Converted', createOpportunity: false }),
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Salesforce')[0].json.success).toBe(true);
		expect(emu.store.get('Lead', id)?.IsConverted).toBe(true);
		expect(result.credentialUpdates.length).toBeGreaterThan(0);
		expect(emu.count('POST /services/Soap/u')).toBe(2);
	});

	test('Lead → Convert: a SOAP call whose connection is lost fails only its chunk of 100 (outcome unknown, not repeated)', async () => {
		const ids = Array.from({ length: 120 }, () => lead());
		emu.faults.queue({ match: '/services/Soap/', reset: true });
		const result = await run(
			{ resource: 'lead', operation: 'convert', leadId: fromJson(), convertedStatus: 'Closed - Converted', createOpportunity: false },
			ids.map((id) => ({ id })),
			{ continueOnFail: true },
		);
		const out = result.output('Salesforce');
		expect(out).toHaveLength(120);
		expect(
			out
				.slice(0, 100)
				.every((o) => o.json.success !== true && typeof errorDetails(o).errorCode === 'string' && errorDetails(o).outcomeUnknown === true),
		).toBe(true);
		expect(emu.count('POST /services/Soap/u')).toBe(2);
		expect(out.slice(100).every((o) => o.json.success === true)).toBe(true);
		expect(ids.slice(0, 100).some((id) => emu.store.get('Lead', id)?.IsConverted)).toBe(false);
		expect(ids.slice(100).every((id) => emu.store.get('Lead', id)?.IsConverted)).toBe(true);
	});

	test('Opportunity → Close: a missing opportunity is its own error item; the others close', async () => {
		const good = emu.store.insert('Opportunity', { Name: 'Good', StageName: 'Prospecting', CloseDate: '2030-01-01' });
		const gone = emu.store.insert('Opportunity', { Name: 'Gone', StageName: 'Prospecting', CloseDate: '2030-01-01' });
		emu.store.delete('Opportunity', gone);
		const result = await run(
			{ resource: 'opportunity', operation: 'close', opportunityId: fromJson(), outcome: 'won' },
			[{ id: gone }, { id: good }, { id: 'bad' }],
			{ continueOnFail: true },
		);
		const out = result.output('Salesforce');
		expect(out).toHaveLength(3);
		expect(errorDetails(out[0]).errorCode).toEqual(expect.any(String));
		expect(out[0].json.success).toBeUndefined();
		expect(out[1].json).toMatchObject({ id: good, success: true, stageName: 'Closed Won' });
		expect(out[2].json).toMatchObject({ error: { errorCode: 'INVALID_INPUT' } });
		expect(emu.store.get('Opportunity', good)).toMatchObject({ IsWon: true });
	});

	test('SOQL → Query: child subqueries come nested without attributes', async () => {
		const account = emu.store.insert('Account', { Name: 'Subquery Parent' });
		emu.store.insert('Contact', { LastName: 'Kid A', AccountId: account });
		const result = await run({
			resource: 'soql',
			operation: 'query',
			soql: `SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE Id = '${account}'`,
		});
		const json = result.output('Salesforce')[0].json as { Name: string; Contacts: { records: unknown[] } };
		expect(json.Name).toBe('Subquery Parent');
		expect(json.Contacts.records).toEqual([{ LastName: 'Kid A' }]);
		expect(JSON.stringify(json)).not.toContain('attributes');
	});
});
