import { seedSales } from './sales';
import type { OrgStore } from './store';

const sys = { system: true };

/** Rows every org has: the running user and the LeadStatus / OpportunityStage tables (wire notes §7, §8). */
export function seedBase(store: OrgStore, userId: string): void {
	// The running user keeps the id the emulator announced: insert it under a fixed id.
	const uid = store.insert(
		'User',
		{ Username: 'admin@emulator.example.com', FirstName: 'Ada', LastName: 'Admin', Alias: 'aadmin', Email: 'admin@emulator.example.com' },
		sys,
	);
	store.rekey(uid, userId);
	const statuses: Array<[string, boolean, boolean]> = [
		['Open - Not Contacted', false, true],
		['Working - Contacted', false, false],
		['Closed - Converted', true, false],
		['Closed - Not Converted', false, false],
	];
	statuses.forEach(([s, conv, def], i) =>
		store.insert('LeadStatus', { ApiName: s, MasterLabel: s, IsConverted: conv, IsDefault: def, SortOrder: i + 1 }, sys),
	);
	const stages: Array<[string, number, string, boolean?, boolean?]> = [
		['Prospecting', 10, 'Pipeline'],
		['Qualification', 10, 'Pipeline'],
		['Needs Analysis', 20, 'Pipeline'],
		['Value Proposition', 50, 'Pipeline'],
		['Id. Decision Makers', 60, 'Pipeline'],
		['Perception Analysis', 70, 'Pipeline'],
		['Proposal/Price Quote', 75, 'Pipeline'],
		['Negotiation/Review', 90, 'Pipeline'],
		['Closed Won', 100, 'Closed', true, true],
		['Closed Lost', 0, 'Omitted', true, false],
	];
	stages.forEach(([s, p, fc, closed, won], i) =>
		store.insert(
			'OpportunityStage',
			{
				ApiName: s,
				MasterLabel: s,
				IsActive: true,
				IsClosed: !!closed,
				IsWon: !!won,
				DefaultProbability: p,
				ForecastCategoryName: fc,
				SortOrder: i + 1,
			},
			sys,
		),
	);
	seedSales(store);
}

/** A small demo org: 10 accounts with contacts, opportunities, cases; some leads; a campaign; invoices. */
export function seedDemo(store: OrgStore): void {
	const names = [
		'Acme Corp',
		'Globex',
		'Initech',
		'Umbrella',
		'Stark Industries',
		'Wayne Enterprises',
		'Wonka Industries',
		'Soylent',
		'Hooli',
		'Pied Piper',
	];
	const industries = [
		'Manufacturing',
		'Energy',
		'Technology',
		'Healthcare',
		'Electronics',
		'Finance',
		'Retail',
		'Agriculture',
		'Technology',
		'Technology',
	];
	const cities = ['San Francisco', 'New York', 'Austin', 'London', 'Paris', 'Gotham', 'Chicago', 'Seattle', 'Palo Alto', 'Palo Alto'];
	const first = ['John', 'Jane', 'Peter', 'Mary', 'Tony', 'Bruce', 'Willy', 'Sol', 'Gavin', 'Richard'];
	const last = ['Smith', 'Doe', 'Gibbons', 'Jones', 'Stark', 'Wayne', 'Wonka', 'Green', 'Belson', 'Hendricks'];
	const stages = [
		'Prospecting',
		'Qualification',
		'Needs Analysis',
		'Proposal/Price Quote',
		'Negotiation/Review',
		'Closed Won',
		'Closed Lost',
	];
	const campaign = store.insert('Campaign', { Name: 'Spring Webinar', Type: 'Webinar', Status: 'In Progress', IsActive: true });
	names.forEach((name, i) => {
		const acc = store.insert('Account', {
			Name: name,
			Type: i % 3 ? 'Customer - Direct' : 'Prospect',
			Industry: industries[i],
			Phone: `(415) 555-01${String(i).padStart(2, '0')}`,
			Website: `https://www.${name.toLowerCase().replace(/\W+/g, '')}.example.com`,
			BillingCity: cities[i],
			AnnualRevenue: (i + 1) * 1_000_000,
			NumberOfEmployees: (i + 1) * 50,
			External_Id__c: `ACC-${String(i + 1).padStart(3, '0')}`,
		});
		const c1 = store.insert('Contact', {
			FirstName: first[i],
			LastName: last[i],
			Email: `${first[i].toLowerCase()}.${last[i].toLowerCase()}@example.com`,
			Phone: `(415) 555-02${String(i).padStart(2, '0')}`,
			AccountId: acc,
			Title: 'VP Sales',
		});
		if (i % 2 === 0) store.insert('Contact', { FirstName: 'Assistant', LastName: `of ${last[i]}`, AccountId: acc });
		const close = new Date(Date.UTC(2026, i % 12, 15)).toISOString().slice(0, 10);
		store.insert('Opportunity', {
			Name: `${name} - Deal`,
			StageName: stages[i % stages.length],
			CloseDate: close,
			Amount: (i + 1) * 10_000,
			AccountId: acc,
		});
		if (i % 3 === 0)
			store.insert('Case', { Subject: `Issue at ${name}`, Origin: 'Email', Priority: 'High', AccountId: acc, ContactId: c1 });
		if (i < 4)
			store.insert('Invoice__c', {
				Name: `INV-${1000 + i}`,
				External_Id__c: `INV-${1000 + i}`,
				Amount__c: (i + 1) * 1234.5,
				Account__c: acc,
			});
		if (i < 5) store.insert('Task', { Subject: `Call ${first[i]}`, WhoId: c1, WhatId: acc, ActivityDate: close });
	});
	const leads = [
		['Lisa', 'Ray', 'Ray Consulting'],
		['Omar', 'Little', 'Little & Co'],
		['Ann', 'Perkins', 'Pawnee Health'],
		['Ben', 'Wyatt', 'Ice Town'],
		['April', 'Ludgate', 'Animal Control'],
	];
	leads.forEach(([f, l, co], i) => {
		const lead = store.insert('Lead', {
			FirstName: f,
			LastName: l,
			Company: co,
			Email: `${f.toLowerCase()}@${co.toLowerCase().replace(/\W+/g, '')}.example.com`,
			LeadSource: 'Web',
			Status: i % 2 ? 'Working - Contacted' : 'Open - Not Contacted',
		});
		if (i < 3) store.insert('CampaignMember', { CampaignId: campaign, LeadId: lead });
	});
}
