/**
 * Table-driven schema of the emulated org. One line per field in a small DSL:
 *   `Name type(len|Ref1,Ref2) [*default|other|values] flags…`
 * flags: req (not nillable, not defaulted → required on create), ro (read-only), co (create-only),
 *        def (defaultedOnCreate; with a picklist the `*` value is the default), calc (formula/derived, read-only),
 *        ext (external id + unique + idLookup), uniq, name (name field), restricted (restricted picklist),
 *        rel=Name (relationshipName), child=Name (child relationship name on the referenced objects), cascade.
 * Labels are derived from API names. Field sets are a realistic subset of the real objects, not the full schema.
 */
export type FieldType =
	| 'id'
	| 'boolean'
	| 'string'
	| 'textarea'
	| 'picklist'
	| 'multipicklist'
	| 'reference'
	| 'currency'
	| 'double'
	| 'percent'
	| 'int'
	| 'date'
	| 'datetime'
	| 'email'
	| 'phone'
	| 'url';

export interface PicklistValue {
	active: boolean;
	defaultValue: boolean;
	label: string;
	validFor: null;
	value: string;
}

export interface FieldDef {
	name: string;
	label: string;
	type: FieldType;
	length: number;
	precision: number;
	scale: number;
	nillable: boolean;
	createable: boolean;
	updateable: boolean;
	defaultedOnCreate: boolean;
	defaultValue: unknown;
	calculated: boolean;
	custom: boolean;
	externalId: boolean;
	idLookup: boolean;
	unique: boolean;
	nameField: boolean;
	picklistValues: PicklistValue[];
	restrictedPicklist: boolean;
	referenceTo: string[];
	relationshipName: string | null;
	childRelationshipName: string | null;
	cascadeDelete: boolean;
}

export interface ObjectDef {
	name: string;
	label: string;
	labelPlural: string;
	keyPrefix: string;
	custom: boolean;
	createable: boolean;
	queryable: boolean;
	searchable: boolean;
	fields: FieldDef[];
	byLower: Map<string, FieldDef>;
}

export interface ObjectSpec {
	label: string;
	plural: string;
	prefix: string;
	custom?: boolean;
	readonly?: boolean;
	owner?: boolean;
	/** owner can be a queue (Group) */ queues?: boolean;
	searchable?: boolean;
	fields: string;
}

const STAGES =
	'Prospecting|Qualification|Needs Analysis|Value Proposition|Id. Decision Makers|Perception Analysis|Proposal/Price Quote|Negotiation/Review|Closed Won|Closed Lost';
const LEAD_STATUS = '*Open - Not Contacted|Working - Contacted|Closed - Converted|Closed - Not Converted';
const INDUSTRY =
	'Agriculture|Banking|Chemicals|Communications|Construction|Education|Electronics|Energy|Finance|Healthcare|Manufacturing|Media|Retail|Technology|Telecommunications|Other';
const SOURCE = 'Web|Phone Inquiry|Partner Referral|Purchased List|Other';
const SALUTATION = 'Mr.|Ms.|Mrs.|Dr.|Prof.';
const ADDRESS = (p: string) =>
	`${p}Street textarea(255)\n${p}City string(40)\n${p}State string(80)\n${p}PostalCode string(20)\n${p}Country string(80)`;

export const OBJECT_SPECS: Record<string, ObjectSpec> = {
	Account: {
		label: 'Account',
		plural: 'Accounts',
		prefix: '001',
		owner: true,
		fields: `
Name string(255) req name
AccountNumber string(40)
Type picklist [Prospect|Customer - Direct|Customer - Channel|Channel Partner / Reseller|Installation Partner|Technology Partner|Other]
Industry picklist [${INDUSTRY}]
Rating picklist [Hot|Warm|Cold]
Phone phone(40)
Fax phone(40)
Website url(255)
${ADDRESS('Billing')}
${ADDRESS('Shipping')}
AnnualRevenue currency
NumberOfEmployees int
Description textarea(32000)
ParentId reference(Account) rel=Parent child=ChildAccounts
AccountSource picklist [${SOURCE}]
External_Id__c string(255) ext`,
	},
	Contact: {
		label: 'Contact',
		plural: 'Contacts',
		prefix: '003',
		owner: true,
		fields: `
Salutation picklist [${SALUTATION}]
FirstName string(40)
LastName string(80) req
Name string(121) calc name
Email email(80)
Phone phone(40)
MobilePhone phone(40)
Title string(128)
Department string(80)
Birthdate date
LeadSource picklist [${SOURCE}]
HasOptedOutOfEmail boolean def
${ADDRESS('Mailing')}
Description textarea(32000)
AccountId reference(Account) rel=Account child=Contacts
ReportsToId reference(Contact) rel=ReportsTo child=DirectReports
External_Id__c string(255) ext`,
	},
	Lead: {
		label: 'Lead',
		plural: 'Leads',
		prefix: '00Q',
		owner: true,
		queues: true,
		fields: `
Salutation picklist [${SALUTATION}]
FirstName string(40)
LastName string(80) req
Name string(121) calc name
Company string(255) req
Title string(128)
Email email(80)
Phone phone(40)
MobilePhone phone(40)
Website url(255)
Status picklist [${LEAD_STATUS}] def
LeadSource picklist [${SOURCE}]
Industry picklist [${INDUSTRY}]
Rating picklist [Hot|Warm|Cold]
AnnualRevenue currency
NumberOfEmployees int
Street textarea(255)
City string(40)
State string(80)
PostalCode string(20)
Country string(80)
Description textarea(32000)
IsConverted boolean ro def
ConvertedDate date ro
ConvertedAccountId reference(Account) ro rel=ConvertedAccount
ConvertedContactId reference(Contact) ro rel=ConvertedContact
ConvertedOpportunityId reference(Opportunity) ro rel=ConvertedOpportunity
IsUnreadByOwner boolean def`,
	},
	Opportunity: {
		label: 'Opportunity',
		plural: 'Opportunities',
		prefix: '006',
		owner: true,
		fields: `
Name string(120) req name
AccountId reference(Account) rel=Account child=Opportunities
StageName picklist [${STAGES}] req
CloseDate date req
Amount currency
Probability percent def
ExpectedRevenue currency calc
Type picklist [Existing Customer - Upgrade|Existing Customer - Replacement|Existing Customer - Downgrade|New Customer]
LeadSource picklist [${SOURCE}]
NextStep string(255)
Description textarea(32000)
ForecastCategoryName picklist [Omitted|Pipeline|Best Case|Commit|Closed] def
IsClosed boolean calc
IsWon boolean calc
CampaignId reference(Campaign) rel=Campaign child=Opportunities
Pricebook2Id reference(Pricebook2) rel=Pricebook2 child=Opportunities
LossReason__c picklist [Price|Competitor|No Budget|No Decision|Other]
Loss_Reason__c string(255)`,
	},
	Task: {
		label: 'Task',
		plural: 'Tasks',
		prefix: '00T',
		owner: true,
		fields: `
Subject combobox(255)
Status picklist [*Not Started|In Progress|Completed|Waiting on someone else|Deferred] req def restricted
Priority picklist [High|*Normal|Low] req def restricted
WhoId reference(Contact,Lead) rel=Who child=Tasks
WhatId reference(Account,Opportunity,Case,Campaign,Invoice__c) rel=What child=Tasks
ActivityDate date
Description textarea(32000)
IsClosed boolean calc
TaskSubtype picklist [*Task|Email|ListEmail|Cadence|Call|LinkedIn] def co
CallType picklist [Internal|Inbound|Outbound]
CallDisposition string(255)
CallDurationInSeconds int
CallObject string(255)
ReminderDateTime datetime
IsReminderSet boolean def`,
	},
	Event: {
		label: 'Event',
		plural: 'Events',
		prefix: '00U',
		owner: true,
		fields: `
Subject combobox(255)
StartDateTime datetime
EndDateTime datetime
ActivityDateTime datetime
ActivityDate date
DurationInMinutes int
IsAllDayEvent boolean def
Location string(255)
ShowAs picklist [*Busy|OutOfOffice|Free] def
WhoId reference(Contact,Lead) rel=Who child=Events
WhatId reference(Account,Opportunity,Case,Campaign,Invoice__c) rel=What child=Events
Description textarea(32000)`,
	},
	Case: {
		label: 'Case',
		plural: 'Cases',
		prefix: '500',
		owner: true,
		queues: true,
		fields: `
CaseNumber string(30) ro def name
Subject string(255)
Status picklist [*New|Working|Escalated|Closed] def
Priority picklist [High|*Medium|Low] def
Origin picklist [Phone|Email|Web]
Type picklist [Mechanical|Electrical|Electronic|Structural|Other]
Reason picklist [Installation|Equipment Complexity|Performance|Breakdown|Equipment Design|Feedback|Other]
ContactId reference(Contact) rel=Contact child=Cases
AccountId reference(Account) rel=Account child=Cases
ParentId reference(Case) rel=Parent child=Cases
SuppliedEmail email(80)
SuppliedName string(80)
IsClosed boolean calc
ClosedDate datetime ro
IsEscalated boolean def
Description textarea(32000)`,
	},
	Campaign: {
		label: 'Campaign',
		plural: 'Campaigns',
		prefix: '701',
		owner: true,
		fields: `
Name string(80) req name
Type picklist [Conference|Webinar|Trade Show|Public Relations|Partners|Referral Program|Advertisement|Banner Ads|Direct Mail|Email|Telemarketing|Other]
Status picklist [Planned|In Progress|Completed|Aborted]
StartDate date
EndDate date
IsActive boolean def
BudgetedCost currency
ActualCost currency
ExpectedRevenue currency
NumberOfLeads int ro def
NumberOfContacts int ro def
ParentId reference(Campaign) rel=Parent child=ChildCampaigns
Description textarea(32000)`,
	},
	CampaignMember: {
		label: 'Campaign Member',
		plural: 'Campaign Members',
		prefix: '00v',
		fields: `
CampaignId reference(Campaign) req co rel=Campaign child=CampaignMembers cascade
LeadId reference(Lead) co rel=Lead child=CampaignMembers cascade
ContactId reference(Contact) co rel=Contact child=CampaignMembers cascade
Status picklist [*Planned|Sent|Received|Responded] def
HasResponded boolean calc
FirstRespondedDate date ro
Name string(255) calc name`,
	},
	CampaignMemberStatus: {
		label: 'Campaign Member Status',
		plural: 'Campaign Member Statuses',
		prefix: '01Y',
		searchable: false,
		fields: `
CampaignId reference(Campaign) req co rel=Campaign child=CampaignMemberStatuses cascade
Label string(765) req name
IsDefault boolean def
HasResponded boolean def
SortOrder int`,
	},
	User: {
		label: 'User',
		plural: 'Users',
		prefix: '005',
		fields: `
Username string(80) req uniq
FirstName string(40)
LastName string(80) req
Name string(121) calc name
Alias string(8) req
Email email(128) req
IsActive boolean def
Title string(80)
Phone phone(40)
TimeZoneSidKey picklist [*America/Los_Angeles|America/New_York|Europe/London|Europe/Paris|Pacific/Kiritimati|Pacific/Pago_Pago|UTC] def
LocaleSidKey picklist [*en_US|en_GB|fr_FR|de_DE] def
LanguageLocaleKey picklist [*en_US|fr|de] def
UserType picklist [*Standard|PowerPartner|CsnOnly] ro def`,
	},
	OpportunityStage: {
		label: 'Opportunity Stage',
		plural: 'Opportunity Stages',
		prefix: '01J',
		readonly: true,
		searchable: false,
		fields: `
ApiName string(255) req
MasterLabel string(255) req name
IsActive boolean def
IsClosed boolean def
IsWon boolean def
DefaultProbability percent
ForecastCategoryName picklist [Omitted|Pipeline|Best Case|Commit|Closed]
SortOrder int`,
	},
	LeadStatus: {
		label: 'Lead Status Value',
		plural: 'Lead Status Values',
		prefix: '01J',
		readonly: true,
		searchable: false,
		fields: `
ApiName string(255) req
MasterLabel string(255) req name
IsConverted boolean def
IsDefault boolean def
SortOrder int`,
	},
	Note: {
		label: 'Note',
		plural: 'Notes',
		prefix: '002',
		owner: true,
		fields: `
Title string(80) req name
Body textarea(32000)
IsPrivate boolean def
ParentId reference(Account,Contact,Lead,Opportunity,Case,Invoice__c) req co rel=Parent child=Notes cascade`,
	},
	Attachment: {
		label: 'Attachment',
		plural: 'Attachments',
		prefix: '00P',
		owner: true,
		fields: `
Name string(255) req name
ContentType string(120)
BodyLength int ro
Description textarea(500)
IsPrivate boolean def
ParentId reference(Account,Contact,Lead,Opportunity,Case,Invoice__c) req co rel=Parent child=Attachments cascade`,
	},
	ContentDocument: {
		label: 'Content Document',
		plural: 'Content Documents',
		prefix: '069',
		owner: true,
		fields: `
Title string(255) req name
FileType string(20) ro
FileExtension string(40) ro
ContentSize int ro
LatestPublishedVersionId reference(ContentVersion) ro rel=LatestPublishedVersion
Description textarea(1000)`,
	},
	ContentVersion: {
		label: 'Content Version',
		plural: 'Content Versions',
		prefix: '068',
		owner: true,
		fields: `
Title string(255) req name
PathOnClient string(500) req co
ContentDocumentId reference(ContentDocument) co rel=ContentDocument child=ContentVersions cascade
FirstPublishLocationId reference(Account,Contact,Lead,Opportunity,Case,Invoice__c,User) co rel=FirstPublishLocation
FileType string(20) ro
FileExtension string(40) ro
ContentSize int ro
VersionNumber string(20) ro
IsLatest boolean ro
Description textarea(1000)`,
	},
	ContentDocumentLink: {
		label: 'Content Document Link',
		plural: 'Content Document Links',
		prefix: '06A',
		searchable: false,
		fields: `
ContentDocumentId reference(ContentDocument) req co rel=ContentDocument child=ContentDocumentLinks cascade
LinkedEntityId reference(Account,Contact,Lead,Opportunity,Case,Invoice__c,User) req co rel=LinkedEntity child=ContentDocumentLinks cascade
ShareType picklist [*V|C|I] def
Visibility picklist [*AllUsers|InternalUsers|SharedUsers] def`,
	},
	CaseComment: {
		label: 'Case Comment',
		plural: 'Case Comments',
		prefix: '00a',
		searchable: false,
		fields: `
ParentId reference(Case) req co rel=Parent child=CaseComments cascade
CommentBody textarea(4000)
IsPublished boolean def`,
	},
	ContentNote: {
		label: 'Note',
		plural: 'Notes',
		prefix: '069',
		owner: true,
		fields: `
Title string(255) req name
Content textarea(131072)
TextPreview string(255) calc
FileType string(20) ro def`,
	},
	Product2: {
		label: 'Product',
		plural: 'Products',
		prefix: '01t',
		fields: `
Name string(255) req name
ProductCode string(255)
Description textarea(4000)
Family picklist [None|Hardware|Software|Services|Support]
IsActive boolean def
QuantityUnitOfMeasure picklist [Each|Hour|License|Seat]
StockKeepingUnit string(180)
ExternalId string(255) ext`,
	},
	Pricebook2: {
		label: 'Price Book',
		plural: 'Price Books',
		prefix: '01s',
		fields: `
Name string(255) req name
IsActive boolean def
IsStandard boolean ro def
Description string(255)`,
	},
	PricebookEntry: {
		label: 'Price Book Entry',
		plural: 'Price Book Entries',
		prefix: '01u',
		searchable: false,
		fields: `
Name string(255) calc name
Pricebook2Id reference(Pricebook2) req co rel=Pricebook2 child=PricebookEntries cascade
Product2Id reference(Product2) req co rel=Product2 child=PricebookEntries cascade
ProductCode string(255) calc
UnitPrice currency req
IsActive boolean def
UseStandardPrice boolean def`,
	},
	OpportunityLineItem: {
		label: 'Opportunity Product',
		plural: 'Opportunity Product',
		prefix: '00k',
		searchable: false,
		fields: `
OpportunityId reference(Opportunity) req co rel=Opportunity child=OpportunityLineItems cascade
PricebookEntryId reference(PricebookEntry) co rel=PricebookEntry child=OpportunityLineItems
Product2Id reference(Product2) co rel=Product2
Name string(376) calc name
ProductCode string(255) calc
Quantity double req
UnitPrice currency
ListPrice currency calc
TotalPrice currency
Discount percent
ServiceDate date
Description string(255)`,
	},
	Group: {
		label: 'Group',
		plural: 'Groups',
		prefix: '00G',
		searchable: false,
		fields: `
Name string(40) req name
DeveloperName string(80) uniq
Type picklist [Regular|Queue|Role|Organization] req restricted
Email email(255)
DoesSendEmailToMembers boolean def`,
	},
	QueueSobject: {
		label: 'Queue Sobject',
		plural: 'Queue Sobjects',
		prefix: '03g',
		searchable: false,
		fields: `
QueueId reference(Group) req co rel=Queue child=QueueSobjects cascade
SobjectType picklist [Case|Lead|Task|Invoice__c] req co restricted`,
	},
	KnowledgeArticleVersion: {
		label: 'Knowledge Article Version',
		plural: 'Knowledge Article Versions',
		prefix: 'ka0',
		fields: `
KnowledgeArticleId string(18) co
ArticleNumber string(30) co
Title string(255) req name
UrlName string(255)
Summary textarea(1000)
Body__c textarea(131072)
PublishStatus picklist [*Draft|Online|Archived] def restricted
Language picklist [*en_US|fr|de] def restricted
IsLatestVersion boolean def
VersionNumber int
ArticleType string(40)
LastPublishedDate datetime`,
	},
	Invoice__c: {
		label: 'Invoice',
		plural: 'Invoices',
		prefix: 'a0X',
		custom: true,
		owner: true,
		fields: `
Name string(80) name def
External_Id__c string(255) ext
Amount__c currency
Account__c reference(Account) rel=Account__r child=Invoices__r
Status__c picklist [*Draft|Sent|Paid|Void] def restricted
Due_Date__c date
Paid__c boolean def
Notes__c textarea(32768)`,
	},
};

function labelOf(name: string): string {
	const base = name.replace(/__c$/, '').replace(/_/g, ' ');
	if (/Id$/.test(base) && base !== 'Id')
		return `${base
			.slice(0, -2)
			.replace(/([a-z])([A-Z])/g, '$1 $2')
			.trim()} ID`;
	return base.replace(/([a-z])([A-Z])/g, '$1 $2');
}

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
	id: 18,
	reference: 18,
	picklist: 255,
	multipicklist: 4099,
	email: 80,
	phone: 40,
	url: 255,
	string: 255,
	textarea: 255,
};

export function parseField(line: string, custom: boolean): FieldDef {
	const m = /^(\w+)\s+(\w+)(?:\(([^)]*)\))?\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line.trim());
	if (!m) throw new Error(`bad field spec: ${line}`);
	const [, name, rawType, arg, picks, rest] = m;
	const type = (rawType === 'combobox' ? 'string' : rawType) as FieldType;
	const flags = new Map<string, string>();
	for (const f of rest.split(/\s+/).filter(Boolean)) {
		const [k, v] = f.split('=');
		flags.set(k, v ?? '');
	}
	const ro = flags.has('ro') || flags.has('calc');
	const picklistValues: PicklistValue[] = (picks ? picks.split('|') : []).map((p) => {
		const def = p.startsWith('*');
		const value = def ? p.slice(1) : p;
		return { active: true, defaultValue: def, label: value, validFor: null, value };
	});
	const isRef = type === 'reference';
	const num = type === 'currency' || type === 'double' || type === 'percent';
	const def = flags.has('def');
	return {
		name,
		label: labelOf(name),
		type,
		length:
			!isRef && arg && /^\d+$/.test(arg)
				? Number(arg)
				: num || type === 'int' || type === 'boolean' || type === 'date' || type === 'datetime'
					? 0
					: (DEFAULT_LENGTH[type] ?? 0),
		precision: num ? 18 : 0,
		scale: num ? 2 : 0,
		nillable: !flags.has('req') && type !== 'boolean',
		createable: !ro,
		updateable: !ro && !flags.has('co'),
		defaultedOnCreate: def || type === 'boolean',
		defaultValue: type === 'boolean' ? false : (picklistValues.find((p) => p.defaultValue)?.value ?? null),
		calculated: flags.has('calc'),
		custom: name.endsWith('__c') || custom,
		externalId: flags.has('ext'),
		idLookup: flags.has('ext') || flags.has('uniq'),
		unique: flags.has('ext') || flags.has('uniq'),
		nameField: flags.has('name'),
		picklistValues,
		restrictedPicklist: flags.has('restricted'),
		referenceTo: isRef && arg ? arg.split(',') : [],
		relationshipName: flags.get('rel') ?? null,
		childRelationshipName: flags.get('child') ?? null,
		cascadeDelete: flags.has('cascade'),
	};
}

function systemFields(spec: ObjectSpec): string[] {
	const lines = ['Id id ro idl', 'IsDeleted boolean ro'];
	if (spec.owner) lines.push(`OwnerId reference(User${spec.queues ? ',Group' : ''}) def rel=Owner`);
	lines.push(
		'CreatedDate datetime ro def',
		'CreatedById reference(User) ro def rel=CreatedBy',
		'LastModifiedDate datetime ro def',
		'LastModifiedById reference(User) ro def rel=LastModifiedBy',
		'SystemModstamp datetime ro def',
	);
	return lines;
}

export class Schema {
	readonly objects = new Map<string, ObjectDef>();
	private readonly byLower = new Map<string, ObjectDef>();

	constructor(specs: Record<string, ObjectSpec> = OBJECT_SPECS) {
		for (const [name, spec] of Object.entries(specs)) this.define(name, spec);
	}

	/** Adds an object (the Metadata API's createMetadata of a CustomObject adds one at run time: metadata.ts). */
	define(name: string, spec: ObjectSpec): ObjectDef {
		const lines = [...systemFields(spec), ...spec.fields.split('\n').filter((l) => l.trim())];
		const fields = lines.map((l) => parseField(l, false));
		const id = fields[0];
		id.idLookup = true;
		id.nillable = false;
		id.defaultedOnCreate = true;
		for (const f of fields) if (!spec.custom && !f.name.endsWith('__c')) f.custom = false;
		const def: ObjectDef = {
			name,
			label: spec.label,
			labelPlural: spec.plural,
			keyPrefix: spec.prefix,
			custom: !!spec.custom,
			createable: !spec.readonly,
			queryable: true,
			searchable: spec.searchable !== false,
			fields,
			byLower: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
		};
		this.objects.set(name, def);
		this.byLower.set(name.toLowerCase(), def);
		return def;
	}

	/** Removes an object (deleteMetadata of a CustomObject). */
	remove(name: string): void {
		const def = this.get(name);
		if (!def) return;
		this.objects.delete(def.name);
		this.byLower.delete(def.name.toLowerCase());
	}

	/** Renames an object, and the references to it (renameMetadata of a CustomObject). */
	rename(from: string, to: string): void {
		const def = this.get(from);
		if (!def) return;
		this.remove(def.name);
		for (const o of this.objects.values()) for (const f of o.fields) f.referenceTo = f.referenceTo.map((r) => (r === def.name ? to : r));
		def.name = to;
		this.objects.set(to, def);
		this.byLower.set(to.toLowerCase(), def);
	}

	get(type: string): ObjectDef | undefined {
		return this.byLower.get(type.toLowerCase());
	}

	field(type: string, name: string): FieldDef | undefined {
		return this.get(type)?.byLower.get(name.toLowerCase());
	}

	/** Reference field of `type` whose relationshipName is `rel` (case-insensitive). */
	relationship(type: string, rel: string): FieldDef | undefined {
		const lower = rel.toLowerCase();
		return this.get(type)?.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
	}

	childRelationships(type: string): Array<{ childSObject: string; field: string; relationshipName: string; cascadeDelete: boolean }> {
		const out: Array<{ childSObject: string; field: string; relationshipName: string; cascadeDelete: boolean }> = [];
		for (const obj of this.objects.values())
			for (const f of obj.fields)
				if (f.childRelationshipName && f.referenceTo.includes(type))
					out.push({ childSObject: obj.name, field: f.name, relationshipName: f.childRelationshipName, cascadeDelete: f.cascadeDelete });
		return out;
	}

	childRelationship(type: string, rel: string) {
		const lower = rel.toLowerCase();
		return this.childRelationships(type).find((c) => c.relationshipName.toLowerCase() === lower);
	}

	typeOfId(id: string): ObjectDef[] {
		return [...this.objects.values()].filter((o) => id.startsWith(o.keyPrefix));
	}

	/** Required on create = createable && !nillable && !defaultedOnCreate (REST API Developer Guide, "sObject Describe"; wire notes §3). */
	static isRequired(f: FieldDef): boolean {
		return f.createable && !f.nillable && !f.defaultedOnCreate;
	}
}

const SOAP_TYPES: Record<FieldType, string> = {
	id: 'tns:ID',
	reference: 'tns:ID',
	boolean: 'xsd:boolean',
	string: 'xsd:string',
	textarea: 'xsd:string',
	picklist: 'xsd:string',
	multipicklist: 'xsd:string',
	email: 'xsd:string',
	phone: 'xsd:string',
	url: 'xsd:string',
	currency: 'xsd:double',
	double: 'xsd:double',
	percent: 'xsd:double',
	int: 'xsd:int',
	date: 'xsd:date',
	datetime: 'xsd:dateTime',
};

export function describeField(f: FieldDef): Record<string, unknown> {
	const text = ['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url'].includes(f.type);
	return {
		aggregatable: f.type !== 'textarea',
		autoNumber: false,
		byteLength: text ? f.length * 3 : f.type === 'id' || f.type === 'reference' ? 18 : 0,
		calculated: f.calculated,
		calculatedFormula: null,
		cascadeDelete: f.cascadeDelete,
		caseSensitive: false,
		compoundFieldName: null,
		controllerName: null,
		createable: f.createable,
		custom: f.custom,
		defaultValue: f.type === 'boolean' ? f.defaultValue : null,
		defaultValueFormula: null,
		defaultedOnCreate: f.defaultedOnCreate,
		dependentPicklist: false,
		deprecatedAndHidden: false,
		digits: f.type === 'int' ? 9 : 0,
		externalId: f.externalId,
		filterable: f.type !== 'textarea' || f.length <= 255,
		groupable: !['textarea', 'currency', 'double', 'percent', 'datetime', 'multipicklist'].includes(f.type),
		htmlFormatted: false,
		idLookup: f.idLookup,
		inlineHelpText: null,
		label: f.label,
		length: f.length,
		name: f.name,
		nameField: f.nameField,
		nillable: f.nillable,
		picklistValues: f.picklistValues,
		polymorphicForeignKey: f.referenceTo.length > 1,
		precision: f.precision,
		referenceTo: f.referenceTo,
		relationshipName: f.relationshipName,
		relationshipOrder: null,
		restrictedPicklist: f.restrictedPicklist,
		scale: f.scale,
		soapType: SOAP_TYPES[f.type],
		sortable: f.type !== 'textarea' && f.type !== 'multipicklist',
		type: f.type,
		unique: f.unique,
		updateable: f.updateable,
		writeRequiresMasterRead: false,
	};
}
