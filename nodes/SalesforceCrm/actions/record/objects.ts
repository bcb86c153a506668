/**
 * The record-like resources: the generic Record (any sObject) and the everyday objects, which reuse the generic
 * operations with the object fixed. `useful` lists the fields forms show first.
 */
export interface ObjectResource {
	value: string;
	name: string;
	/** The sObject; undefined for the generic Record resource (the user picks it). */
	object?: string;
	useful: string[];
	/** Object can be upserted by an external-id field. */
	upsert: boolean;
	/** Records can be deleted (users cannot: Salesforce only deactivates them). Default true. */
	deletable?: boolean;
}

export const OBJECT_RESOURCES: ObjectResource[] = [
	{ value: 'record', name: 'Record (Any Object)', useful: [], upsert: true },
	{
		value: 'account',
		name: 'Account',
		object: 'Account',
		useful: ['Name', 'Type', 'Industry', 'Phone', 'Website', 'BillingCity', 'OwnerId'],
		upsert: true,
	},
	{
		value: 'contact',
		name: 'Contact',
		object: 'Contact',
		useful: ['FirstName', 'LastName', 'Email', 'Phone', 'AccountId', 'Title', 'OwnerId'],
		upsert: true,
	},
	{
		value: 'lead',
		name: 'Lead',
		object: 'Lead',
		useful: ['FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Status', 'LeadSource', 'OwnerId'],
		upsert: true,
	},
	{
		value: 'opportunity',
		name: 'Opportunity',
		object: 'Opportunity',
		useful: ['Name', 'StageName', 'CloseDate', 'Amount', 'AccountId', 'OwnerId'],
		upsert: true,
	},
	{
		value: 'case',
		name: 'Case',
		object: 'Case',
		useful: ['Subject', 'Status', 'Priority', 'Origin', 'ContactId', 'AccountId', 'Description'],
		upsert: true,
	},
	{
		value: 'task',
		name: 'Task',
		object: 'Task',
		useful: ['Subject', 'Status', 'Priority', 'ActivityDate', 'WhoId', 'WhatId', 'Description'],
		upsert: true,
	},
	{
		value: 'event',
		name: 'Event',
		object: 'Event',
		useful: ['Subject', 'StartDateTime', 'EndDateTime', 'WhoId', 'WhatId', 'Location'],
		upsert: true,
	},
	{
		value: 'campaign',
		name: 'Campaign',
		object: 'Campaign',
		useful: ['Name', 'Type', 'Status', 'StartDate', 'EndDate', 'IsActive'],
		upsert: true,
	},
	{
		value: 'product',
		name: 'Product',
		object: 'Product2',
		useful: ['Name', 'ProductCode', 'Family', 'IsActive', 'Description', 'QuantityUnitOfMeasure'],
		upsert: true,
	},
	{
		value: 'user',
		name: 'User',
		object: 'User',
		useful: ['FirstName', 'LastName', 'Email', 'Username', 'IsActive'],
		upsert: false,
		deletable: false,
	},
];

export const OBJECT_RESOURCE_VALUES = OBJECT_RESOURCES.map((r) => r.value);

export function fixedObjectOf(resource: string): string | undefined {
	return OBJECT_RESOURCES.find((r) => r.value === resource)?.object;
}

export function usefulFieldsOf(object: string): string[] {
	return OBJECT_RESOURCES.find((r) => r.object === object)?.useful ?? [];
}

/** The lower-case label of an object resource in action names ("contact", "product"; "record" for Record). */
export function labelOf(resource: ObjectResource): string {
	return resource.object ? resource.name.toLowerCase() : 'record';
}
