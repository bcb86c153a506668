import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { SALESFORCE_CRM, salesforceNode, useEmulator, errorDetails } from '../helpers/workflow';

const NODE = SALESFORCE_CRM;

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;
const sys = { system: true };

describe('Agent-style service run through n8n’s engine', () => {
	test('find a contact by phone, create a case, log the call and schedule a callback, all linked by WhoId/WhatId', async () => {
		const acc = emu.store.insert('Account', { Name: 'Caller Inc' });
		const contact = emu.store.insert('Contact', { FirstName: 'Carla', LastName: 'Caller', Phone: '+1 415 555 0199', AccountId: acc });
		emu.store.insert('Contact', { FirstName: 'Other', LastName: 'Person', Phone: '+1 415 555 0100' });
		const nodes = [
			{
				name: 'Find Contact',
				type: NODE,
				parameters: {
					resource: 'search',
					operation: 'simple',
					searchText: '+1 415 555 0199',
					searchObjects: 'Contact',
					searchFields: 'Id, Name, AccountId',
					searchScope: 'PHONE',
					limit: 1,
				} as never,
			},
			{
				name: 'Create Case',
				type: NODE,
				parameters: {
					resource: 'case',
					operation: 'create',
					fields: {
						mappingMode: 'defineBelow',
						value: { Subject: 'Caller reports outage', Origin: 'Phone', ContactId: '={{ $json.Id }}', AccountId: '={{ $json.AccountId }}' },
					},
				} as never,
			},
			{
				name: 'Log Call',
				type: NODE,
				parameters: {
					resource: 'task',
					operation: 'logCall',
					subject: 'Inbound call: outage',
					whoId: "={{ $('Find Contact').item.json.Id }}",
					whatId: '={{ $json.id }}',
					callDetails: { callType: 'Inbound', durationSeconds: 180, callDisposition: 'Case opened' },
				} as never,
			},
			{
				name: 'Schedule Callback',
				type: NODE,
				parameters: {
					resource: 'event',
					operation: 'schedule',
					subject: 'Call back about outage',
					start: '2026-12-01T15:00:00Z',
					end: '2026-12-01T15:15:00Z',
					whoId: "={{ $('Find Contact').item.json.Id }}",
					whatId: "={{ $('Create Case').item.json.id }}",
				} as never,
			},
		];
		const result = await runWorkflow({ credentials: credentialData(emu), nodes });
		expect(result.error).toBeUndefined();
		const caseId = String(result.output('Create Case')[0].json.id);
		const taskId = String(result.output('Log Call')[0].json.id);
		const eventId = String(result.output('Schedule Callback')[0].json.id);
		expect(emu.store.get('Case', caseId)).toMatchObject({ ContactId: contact, AccountId: acc, Origin: 'Phone' });
		expect(emu.store.get('Task', taskId)).toMatchObject({
			WhoId: contact,
			WhatId: caseId,
			TaskSubtype: 'Call',
			CallType: 'Inbound',
			Status: 'Completed',
			CallDurationInSeconds: 180,
		});
		expect(emu.store.get('Event', eventId)).toMatchObject({
			WhoId: contact,
			WhatId: caseId,
			StartDateTime: '2026-12-01T15:00:00.000+0000',
		});
		expect(emu.searches.some((s) => s.includes('IN PHONE FIELDS'))).toBe(true);
	});
});

describe('Users, queues and campaign members', () => {
	test('User → Search finds active users by name or email only; the text is escaped', async () => {
		emu.store.insert(
			'User',
			{ Username: 'grace@x.example', FirstName: 'Grace', LastName: 'Hopper', Alias: 'gh', Email: 'grace@navy.example', IsActive: true },
			sys,
		);
		emu.store.insert(
			'User',
			{ Username: 'gone@x.example', FirstName: 'Grace', LastName: 'Gone', Alias: 'gg', Email: 'gone@x.example', IsActive: false },
			sys,
		);
		emu.store.insert(
			'User',
			{ Username: 'linus@x.example', FirstName: 'Linus', LastName: 'T', Alias: 'lt', Email: 'linus@navy.example', IsActive: true },
			sys,
		);
		const result = await runWorkflow({
			credentials: credentialData(emu),
			items: [{ q: 'grace' }, { q: 'NAVY.example' }, { q: "%' OR Name LIKE '" }],
			nodes: [node({ resource: 'user', operation: 'search', userSearch: '={{ $json.q }}' })],
		});
		expect(result.error).toBeUndefined();
		const byItem = (n: number) =>
			result
				.output('Salesforce')
				.filter((o) => (o.pairedItem as { item: number }).item === n)
				.map((o) => o.json.Name);
		expect(byItem(0)).toEqual(['Grace Hopper']);
		expect(byItem(1)).toEqual(['Grace Hopper', 'Linus T']);
		expect(byItem(2)).toEqual([]);
	});

	test('Queue → List, and a case and a lead assigned to a queue through OwnerId in Update', async () => {
		const q1 = emu.store.insert('Group', { Name: 'Tier 1 Support', DeveloperName: 'Tier_1', Type: 'Queue', Email: 'tier1@example.com' });
		emu.store.insert('QueueSobject', { QueueId: q1, SobjectType: 'Case' });
		const q2 = emu.store.insert('Group', { Name: 'Inbound Leads', DeveloperName: 'Inbound_Leads', Type: 'Queue' });
		emu.store.insert('QueueSobject', { QueueId: q2, SobjectType: 'Lead' });
		emu.store.insert('Group', { Name: 'Everyone', DeveloperName: 'Everyone', Type: 'Regular' });
		const credentials = credentialData(emu);
		const all = await runWorkflow({ credentials, nodes: [node({ resource: 'queue', operation: 'list' })] });
		expect(all.output('Salesforce').map((o) => o.json)).toEqual([
			{ queueId: q2, name: 'Inbound Leads', developerName: 'Inbound_Leads', email: null, objects: ['Lead'] },
			{ queueId: q1, name: 'Tier 1 Support', developerName: 'Tier_1', email: 'tier1@example.com', objects: ['Case'] },
		]);
		const forCases = await runWorkflow({ credentials, nodes: [node({ resource: 'queue', operation: 'list', queueObject: 'Case' })] });
		expect(forCases.output('Salesforce').map((o) => o.json.queueId)).toEqual([q1]);

		const caseId = emu.store.insert('Case', { Subject: 'Needs triage' });
		const leadId = emu.store.insert('Lead', { LastName: 'Queue', Company: 'Q Co' });
		const assigned = await runWorkflow({
			credentials,
			items: [{ id: caseId, owner: q1 }],
			nodes: [
				node({
					resource: 'case',
					operation: 'update',
					recordId: { mode: 'id', value: '={{ $json.id }}' },
					fields: { mappingMode: 'defineBelow', value: { OwnerId: '={{ $json.owner }}' } },
				}),
			],
		});
		expect(assigned.error).toBeUndefined();
		expect(emu.store.get('Case', caseId)?.OwnerId).toBe(q1);
		await runWorkflow({
			credentials,
			items: [{ id: leadId, owner: q2 }],
			nodes: [
				node({
					resource: 'lead',
					operation: 'update',
					recordId: { mode: 'id', value: '={{ $json.id }}' },
					fields: { mappingMode: 'defineBelow', value: { OwnerId: '={{ $json.owner }}' } },
				}),
			],
		});
		expect(emu.store.get('Lead', leadId)?.OwnerId).toBe(q2);
		// a lead queue does not take cases
		const wrong = await runWorkflow({
			credentials,
			items: [{ id: caseId, owner: q2 }],
			nodes: [
				node(
					{
						resource: 'case',
						operation: 'update',
						recordId: { mode: 'id', value: '={{ $json.id }}' },
						fields: { mappingMode: 'defineBelow', value: { OwnerId: '={{ $json.owner }}' } },
					},
					{ continueOnFail: true },
				),
			],
		});
		expect(errorDetails(wrong.output('Salesforce')[0]).errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
		expect(emu.store.get('Case', caseId)?.OwnerId).toBe(q1);
	});

	test('Campaign → Get Member Statuses and Remove Member (one query, one delete call)', async () => {
		const campaign = emu.store.insert('Campaign', { Name: 'Autumn Event' });
		emu.store.insert('CampaignMemberStatus', { CampaignId: campaign, Label: 'Sent', IsDefault: true, SortOrder: 1 });
		emu.store.insert('CampaignMemberStatus', { CampaignId: campaign, Label: 'Responded', HasResponded: true, SortOrder: 2 });
		const contact = emu.store.insert('Contact', { LastName: 'Member' });
		const lead = emu.store.insert('Lead', { LastName: 'Lead Member', Company: 'L' });
		const stays = emu.store.insert('Contact', { LastName: 'Stays' });
		emu.store.insert('CampaignMember', { CampaignId: campaign, ContactId: contact });
		emu.store.insert('CampaignMember', { CampaignId: campaign, LeadId: lead });
		emu.store.insert('CampaignMember', { CampaignId: campaign, ContactId: stays });
		const credentials = credentialData(emu);

		const statuses = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'campaign', operation: 'getMemberStatuses', statusCampaignId: campaign })],
		});
		expect(statuses.output('Salesforce').map((o) => [o.json.Label, o.json.IsDefault, o.json.HasResponded])).toEqual([
			['Sent', true, false],
			['Responded', false, true],
		]);

		emu.resetCounters();
		const removed = await runWorkflow({
			credentials,
			items: [{ m: contact }, { m: lead }, { m: emu.store.insert('Contact', { LastName: 'Never joined' }) }],
			nodes: [
				node(
					{ resource: 'campaign', operation: 'removeMember', campaignId: campaign, memberId: '={{ $json.m }}' },
					{ continueOnFail: true },
				),
			],
		});
		const out = removed.output('Salesforce').map((o) => o.json);
		expect(out[0]).toMatchObject({ success: true, memberId: contact });
		expect(out[1]).toMatchObject({ success: true, memberId: lead });
		expect(out[2]).toMatchObject({ error: { errorCode: 'NOT_FOUND' } });
		expect(
			emu.store
				.all('CampaignMember')
				.filter((m) => m.CampaignId === campaign)
				.map((m) => m.ContactId),
		).toEqual([stays]);
		expect(emu.apiCalls()).toBe(2);
	});
});

describe('Knowledge', () => {
	test('Search finds published articles in the language only (escaped SOSL); Get Article reads the online version with extra fields', async () => {
		const articleIds = [0, 1, 2, 3].map(() => emu.store.ids.next('kA0'));
		const art = (title: string, status: string, lang: string, n: number) =>
			emu.store.insert('KnowledgeArticleVersion', {
				KnowledgeArticleId: articleIds[n],
				ArticleNumber: `00000${n}`,
				Title: title,
				Summary: `${title} summary`,
				UrlName: `a-${n}`,
				PublishStatus: status,
				Language: lang,
				IsLatestVersion: true,
				Body__c: `<p>${title} body</p>`,
			});
		const online = art('Reset your router (C++ & more)', 'Online', 'en_US', 1);
		art('Reset your router draft', 'Draft', 'en_US', 2);
		art('Réinitialiser le router', 'Online', 'fr', 3);
		const credentials = credentialData(emu);
		const found = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'knowledge', operation: 'search', keywords: 'router (C++' })],
		});
		expect(found.error).toBeUndefined();
		expect(found.output('Salesforce').map((o) => o.json.Id)).toEqual([online]);
		expect(emu.searches.at(-1)).toContain('router \\(C\\+\\+');
		const inFrench = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'knowledge', operation: 'search', keywords: 'router', language: 'fr' })],
		});
		expect(inFrench.output('Salesforce').map((o) => o.json.Title)).toEqual(['Réinitialiser le router']);

		const got = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'knowledge', operation: 'getArticle', articleId: articleIds[1], articleFields: 'Body__c' })],
		});
		expect(got.output('Salesforce')[0].json).toMatchObject({
			Id: online,
			Title: 'Reset your router (C++ & more)',
			Body__c: '<p>Reset your router (C++ & more) body</p>',
		});
		const badLang = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'knowledge', operation: 'search', keywords: 'router', language: "en' OR" })],
		});
		expect(badLang.error?.message).toMatch(/Language .* is not a locale code/);
	});
});
