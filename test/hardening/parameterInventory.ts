/**
 * The Salesforce CRM node's parameters by what they reach (see parameters.test.ts for the classes and checks).
 * Probes: the hostile value goes into that one parameter (as an expression), `base` fills what the operation
 * needs to reach the check, and `error` is what the run must stop with, before any API call.
 */
export type Kind = 'id' | 'name' | 'enum' | 'number' | 'pattern' | 'literal' | 'statement' | 'data' | 'local';

export interface Probe {
	resource: string;
	operation: string;
	base?: Record<string, unknown>;
	value: unknown;
	error: RegExp;
	/** The parameter is a resource locator (list / URL / id). */
	locator?: boolean;
	/** Set as a plain value: n8n does not evaluate expressions in a parameter marked noDataExpression. */
	raw?: boolean;
}

export interface Entry {
	kind: Kind;
	probes?: Probe[];
	/** For literals: the test in parameters.test.ts that shows the round trip. */
	literalTest?: string;
}

/** 15-character ids of the right kind, for the parameters a probe does not target. */
const ID = (prefix: string) => `${prefix}000000000001`;
const at = (value: string) => ({ __rl: true, mode: 'id', value });
const named = (value: string) => ({ __rl: true, mode: 'name', value });

const INJECT_ID = "001' OR Id != '";
const PATH_ID = '../../sobjects/User';
const INJECT_NAME = 'Name) FROM User--';
const INJECT_NUMBER = '5 OFFSET 10';

const id = (resource: string, operation: string, error: RegExp, base: Record<string, unknown> = {}, locator = false): Entry => ({
	kind: 'id',
	probes: [
		{ resource, operation, base, value: INJECT_ID, error, locator },
		{ resource, operation, base, value: PATH_ID, error, locator },
	],
});
const name = (
	resource: string,
	operation: string,
	error: RegExp,
	base: Record<string, unknown> = {},
	value: unknown = INJECT_NAME,
	locator = false,
): Entry => ({
	kind: 'name',
	probes: [{ resource, operation, base, value, error, locator }],
});
const probe = (
	kind: Kind,
	resource: string,
	operation: string,
	value: unknown,
	error: RegExp,
	base: Record<string, unknown> = {},
	raw = false,
): Entry => ({
	kind,
	probes: [{ resource, operation, base, value, error, raw }],
});
const data: Entry = { kind: 'data' };
const local: Entry = { kind: 'local' };

const convertBase = { leadId: at(ID('00Q')), convertedStatus: 'Closed - Converted' };
const scheduleBase = { start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' };
const simpleBase = { searchText: 'acme', searchObjects: 'Account', searchFields: 'Id' };

export const INVENTORY: Record<string, Entry> = {
	activeOnly: local,
	additionalFieldsJson: data,
	articleFields: name('knowledge', 'getArticle', /^Item 0: Field "Name\) FROM User--"/, { articleId: ID('kA0') }),
	articleId: id('knowledge', 'getArticle', /^Item 0: Article ID/),
	attachmentId: id('attachment', 'get', /^Item 0: Attachment ID/),
	attachmentName: data,
	authentication: local,
	binaryPropertyName: local,
	binaryPropertyOutput: local,
	bulkExternalIdField: name('bulk', 'upsert', /External ID Field "Name\) FROM User--"/, {
		bulkObject: { __rl: true, mode: 'name', value: 'Account' },
	}),
	bulkJobId: probe('pattern', 'bulk', 'getJob', '750/../../sobjects/User', /^Item 0: Job ID/),
	bulkJobType: probe(
		'enum',
		'bulk',
		'getJob',
		'../../sobjects/User',
		/^Item 0: Job Type "..\/..\/sobjects\/User" is not one of ingest, query/,
		{ bulkJobId: ID('750') },
		true,
	),
	bulkObject: name('bulk', 'insert', /Object "Name\) FROM User--"/, {}, INJECT_NAME, true),
	'bulkOptions.hardDelete': local,
	'bulkOptions.maxWaitSeconds': local,
	'bulkQueryOptions.limit': local,
	'bulkQueryOptions.maxRecords': probe('number', 'bulk', 'query', INJECT_NUMBER, /Rows per Download "5 OFFSET 10"/, {
		bulkSoql: 'SELECT Id FROM Account',
	}),
	'bulkQueryOptions.maxWaitSeconds': local,
	'bulkQueryOptions.queryAll': local,
	bulkRecord: data,
	bulkRecordId: id('bulk', 'delete', /^Item 0: Record ID/, { bulkObject: { __rl: true, mode: 'name', value: 'Account' } }),
	bulkResultType: probe(
		'enum',
		'bulk',
		'getResults',
		'../../sobjects/User',
		/^Item 0: Results "..\/..\/sobjects\/User" is not one of/,
		{ bulkJobId: ID('750') },
		true,
	),
	bulkSoql: probe('statement', 'bulk', 'query', 'DELETE FROM Account', /^Item 0: The SOQL query must start with SELECT/),
	bulkWait: local,
	batchHaltOnError: local,
	batchRequests: probe(
		'statement',
		'composite',
		'batch',
		[{ method: 'GET', url: '/services/apexrest/x' }],
		/^Item 0: Request 0: url "\/services\/apexrest\/x" must be a REST API path/,
	),
	'callDetails.activityDate': data,
	'callDetails.callDisposition': data,
	'callDetails.callType': data,
	'callDetails.description': data,
	'callDetails.durationSeconds': data,
	campaignId: id('contact', 'addToCampaign', /^Item 0: Campaign ID/, { memberId: at(ID('003')) }),
	caseId: id('case', 'addComment', /^Item 0: Case/, { commentBody: 'x' }, true),
	cdcObjects: name('changeDataCapture', 'removeSelection', /^Item 0: "Name\) FROM User--" in "Objects" is not an object API name/),
	'closeOptions.amount': data,
	'closeOptions.closeDate': data,
	'closeOptions.lossReason': data,
	'closeOptions.lossReasonField': name('opportunity', 'close', /^Item 0: Loss Reason Field/, {
		opportunityId: at(ID('006')),
		outcome: 'lost',
		closeOptions: { lossReason: 'x' },
	}),
	'closeOptions.stageName': { kind: 'literal', literalTest: 'Opportunity → Close (Stage)' },
	commentBody: data,
	compositeAllOrNone: local,
	compositeGraphs: probe(
		'statement',
		'composite',
		'graph',
		[{ graphId: 'g', compositeRequest: [{ method: 'GET', url: '/query?q=SELECT+Id+FROM+User', referenceId: 'a' }] }],
		/^Item 0: Graph g, node 0: GET \/services\/data\/v66\.0\/query\?q=SELECT\+Id\+FROM\+User cannot be a graph node/,
	),
	compositeRequests: probe(
		'statement',
		'composite',
		'execute',
		[{ method: 'GET', url: 'https://evil.example.com/x', referenceId: 'a' }],
		/^Item 0: Sub-request 0: give the url as a path/,
	),
	'conditions.condition.field': name('account', 'getMany', /^Item 0: Field "Name\) FROM User--"/),
	'conditions.condition.operator': probe(
		'enum',
		'account',
		'getMany',
		"= 'x' OR Name !=",
		/^Item 0: Operator "= 'x' OR Name !=" is not allowed/,
		{ conditions: { condition: [{ field: 'Name' }] } },
	),
	'conditions.condition.value': { kind: 'literal', literalTest: 'Record → Get Many (condition value)' },
	'convertOptions.accountId': id('lead', 'convert', /^Item 0: Existing Account ID/, convertBase),
	'convertOptions.contactId': id('lead', 'convert', /^Item 0: Existing Contact ID/, convertBase),
	'convertOptions.overwriteLeadSource': data,
	'convertOptions.ownerId': id('lead', 'convert', /^Item 0: Owner ID/, convertBase),
	'convertOptions.sendNotificationEmail': data,
	convertedStatus: { kind: 'literal', literalTest: 'Lead → Convert (Converted Status, Opportunity Name)' },
	createOpportunity: local,
	customOnly: local,
	dashboardId: id('dashboard', 'get', /^Item 0: Dashboard ID/),
	chatterSearch: { kind: 'literal', literalTest: 'Chatter → Search Posts (Search Text)' },
	dashboardFolderId: id('dashboard', 'clone', /^Item 0: Folder ID/, { dashboardId: ID('01Z') }),
	'dashboardOptions.output': local,
	'dashboardUpdateFields.filtersJson': data,
	'dashboardUpdateFields.name': data,
	describeObject: name('object', 'describe', /^Item 0: Object "Name\) FROM User--"/, {}, INJECT_NAME, true),
	end: data,
	'eventDetails.description': data,
	'eventDetails.location': data,
	'eventDetails.ownerId': id('event', 'schedule', /^Item 0: Owner ID/, scheduleBase),
	eventFields: data,
	eventName: name('platformEvent', 'publish', /Event API Name "Name\) FROM User--"/),
	externalIdField: name('account', 'upsert', /^Item 0: External ID field "Name\) FROM User--"/),
	feedElementId: id('chatter', 'getPost', /^Item 0: Post ID/),
	feedOf: local,
	feedRecordId: id('chatter', 'listFeed', /^Item 0: Record ID/, { feedOf: 'record' }),
	feedUserId: id('chatter', 'listFeed', /^Item 0: User ID/, { feedOf: 'user' }),
	fields: data,
	fieldsToReturn: name('account', 'get', /^Item 0: Field "Name\) FROM User--"/, { recordId: at(ID('001')) }, [INJECT_NAME]),
	fileId: id('file', 'download', /^Item 0: File ID/),
	fileRecordId: id('file', 'list', /^Item 0: Record ID/),
	fileTitle: data,
	graphAccount: data,
	graphContacts: data,
	graphOpportunity: data,
	flowApiName: name('flow', 'invoke', /^Item 0: Flow API Name "Name\) FROM User--"/),
	flowInputs: data,
	isPublished: data,
	keywords: { kind: 'literal', literalTest: 'Knowledge → Search (Keywords) and Search → Simple (Search Text)' },
	language: probe('pattern', 'knowledge', 'search', "en_US' OR Language != '", /^Item 0: Language "en_US' OR Language != '"/, {
		keywords: 'acme',
	}),
	leadId: id('lead', 'convert', /^Item 0: Lead/, { convertedStatus: 'Closed - Converted' }, true),
	limit: {
		kind: 'number',
		probes: [
			{ resource: 'user', operation: 'search', base: { userSearch: 'ada' }, value: INJECT_NUMBER, error: /^Item 0: Limit "5 OFFSET 10"/ },
			{ resource: 'account', operation: 'getMany', value: INJECT_NUMBER, error: /^Item 0: Limit "5 OFFSET 10"/ },
			{ resource: 'search', operation: 'simple', base: simpleBase, value: INJECT_NUMBER, error: /^Item 0: Limit "5 OFFSET 10"/ },
			{
				resource: 'knowledge',
				operation: 'search',
				base: { keywords: 'acme' },
				value: INJECT_NUMBER,
				error: /^Item 0: Limit "5 OFFSET 10"/,
			},
			{
				resource: 'priceBookEntry',
				operation: 'search',
				base: { productName: 'x' },
				value: INJECT_NUMBER,
				error: /^Item 0: Limit "5 OFFSET 10"/,
			},
		],
	},
	lineItemId: id('opportunity', 'removeProduct', /^Item 0: Line Item ID/),
	'lineOptions.description': data,
	'lineOptions.discount': data,
	'lineOptions.serviceDate': data,
	'lineOptions.setPricebook': local,
	memberId: {
		kind: 'id',
		probes: [
			{
				resource: 'contact',
				operation: 'addToCampaign',
				base: { campaignId: ID('701') },
				value: INJECT_ID,
				error: /^Item 0: Contact/,
				locator: true,
			},
			{
				resource: 'campaign',
				operation: 'removeMember',
				base: { campaignId: ID('701') },
				value: PATH_ID,
				error: /^Item 0: Contact or Lead ID/,
			},
		],
	},
	memberStatus: data,
	mentionIds: id('chatter', 'post', /^Item 0: Mention User IDs/, { postTo: 'me', message: 'hi' }),
	message: data,
	messageSegments: data,
	messageType: local,
	metadataFields: { kind: 'literal', literalTest: 'Metadata → Create (component field values)' },
	metadataFolder: probe(
		'pattern',
		'metadata',
		'list',
		'Sales</urn:folder><urn:type>Profile',
		/^Item 0: Folder "Sales<\/urn:folder><urn:type>Profile" is not a metadata full name/,
		{ metadataType: named('Report') },
	),
	metadataFullName: probe(
		'pattern',
		'metadata',
		'read',
		'Account.X__c</urn:fullNames><urn:fullNames>Admin',
		/^Item 0: Full Name "Account\.X__c<\/urn:fullNames>/,
		{ metadataType: named('CustomField') },
	),
	metadataNewFullName: probe(
		'pattern',
		'metadata',
		'rename',
		'Account.Y__c</urn:newFullName>',
		/^Item 0: New Full Name "Account\.Y__c<\/urn:newFullName>" is not a metadata full name/,
		{ metadataType: named('CustomField'), metadataFullName: 'Account.X__c' },
	),
	metadataType: name(
		'metadata',
		'read',
		/^Item 0: Metadata Type "Name\) FROM User--" is not a metadata type name/,
		{ metadataFullName: 'Account.X__c' },
		INJECT_NAME,
		true,
	),
	noteBody: data,
	noteTitle: data,
	operation: local,
	opportunityId: id('opportunity', 'close', /^Item 0: Opportunity/, {}, true),
	opportunityName: { kind: 'literal', literalTest: 'Lead → Convert (Converted Status, Opportunity Name)' },
	'options.allOrNone': local,
	'options.apiVersion': probe('pattern', 'account', 'get', '66.0/../../../services/apexrest/x', /API version .* is not valid/, {
		recordId: at(ID('001')),
	}),
	'options.batchSize': local,
	'options.bulkThreshold': local,
	'options.reserveCalls': local,
	outcome: local,
	pageSize: probe('number', 'chatter', 'listFeed', INJECT_NUMBER, /^Item 0: Page Size "5 OFFSET 10"/, { feedOf: 'news' }),
	postTo: local,
	priceBook: local,
	priceBookId: id('priceBookEntry', 'search', /^Item 0: Price Book ID/, { priceBook: 'id', productName: 'x' }),
	pricebookEntryId: id('opportunity', 'addProduct', /^Item 0: Price Book Entry ID/, { opportunityId: at(ID('006')) }),
	productId: id('opportunity', 'removeProduct', /^Item 0: Product ID/, { removeBy: 'product', opportunityId: at(ID('006')) }),
	productName: { kind: 'literal', literalTest: 'User → Search (Name or Email), Price Book Entry → Search (Product Name)' },
	quantity: data,
	'queryOptions.combine': probe(
		'enum',
		'account',
		'getMany',
		'AND Name != null OR',
		/^Item 0: Combine Conditions "AND Name != null OR" is not AND or OR/,
		{},
		true,
	),
	'queryOptions.includeDeleted': local,
	'queryOptions.sortBy': {
		kind: 'name',
		probes: [
			{ resource: 'account', operation: 'getMany', value: INJECT_NAME, error: /^Item 0: Field "Name\)"/ },
			{ resource: 'account', operation: 'getMany', value: 'Name DESC LIMIT 1', error: /^Item 0: Sort By "Name DESC LIMIT 1"/ },
		],
	},
	queueObject: name('queue', 'list', /^Item 0: For Object "Name\) FROM User--"/),
	recordId: id('account', 'get', /^Item 0: Record ID/, {}, true),
	removeBy: local,
	reportColumns: name('report', 'create', /^Item 0: Column "Name\) FROM User--"/, { reportName: 'x', reportType: 'Opportunity' }),
	'reportCreateOptions.booleanFilter': probe('pattern', 'report', 'create', '1 AND ("x"', /^Item 0: Filter Logic/, {
		reportName: 'x',
		reportType: 'Opportunity',
		reportColumns: 'AMOUNT',
	}),
	'reportCreateOptions.filtersJson': data,
	'reportCreateOptions.folderId': id('report', 'create', /^Item 0: Folder ID/, {
		reportName: 'x',
		reportType: 'Opportunity',
		reportColumns: 'AMOUNT',
	}),
	'reportCreateOptions.groupBy': name('report', 'create', /^Item 0: Column "Name\) FROM User--"/, {
		reportName: 'x',
		reportType: 'Opportunity',
		reportColumns: 'AMOUNT',
	}),
	reportId: id('report', 'run', /^Item 0: Report ID/),
	reportName: data,
	reportType: name('report', 'create', /^Item 0: Report Type "Name\) FROM User--"/, { reportName: 'x', reportColumns: 'AMOUNT' }),
	'reportUpdateFields.booleanFilter': probe('pattern', 'report', 'update', '1 AND ("x"', /^Item 0: Filter Logic/, { reportId: ID('00O') }),
	'reportUpdateFields.columns': name('report', 'update', /^Item 0: Column "Name\) FROM User--"/, { reportId: ID('00O') }),
	'reportUpdateFields.filtersJson': data,
	'reportUpdateFields.groupBy': name('report', 'update', /^Item 0: Column "Name\) FROM User--"/, { reportId: ID('00O') }),
	'reportUpdateFields.name': data,
	'reportOptions.booleanFilter': probe('pattern', 'report', 'run', '1 AND ("x"', /^Item 0: Filter Logic/, { reportId: ID('00O') }),
	'reportOptions.cellValue': local,
	'reportOptions.filtersJson': data,
	'reportOptions.keys': local,
	'reportOptions.output': local,
	resource: local,
	returnAll: local,
	searchFields: name('search', 'simple', /^Item 0: Field "Name\) FROM User--"/, simpleBase),
	searchObjects: name('search', 'simple', /^Item 0: Object "Name\) FROM User--"/, simpleBase),
	searchScope: probe(
		'enum',
		'search',
		'simple',
		'ALL FIELDS RETURNING User(Id, Email, Username) WHERE',
		/^Item 0: Search In "ALL FIELDS RETURNING User\(Id, Email, Username\) WHERE" is not one of ALL, NAME, EMAIL, PHONE, SIDEBAR/,
		simpleBase,
		true,
	),
	searchIn: probe(
		'enum',
		'chatter',
		'searchPosts',
		'../../sobjects/User',
		/^Item 0: Search In "..\/..\/sobjects\/User" is not one of all, news, record, user/,
		{ chatterSearch: 'hi' },
		true,
	),
	searchRecordId: id('chatter', 'searchPosts', /^Item 0: Record ID/, { chatterSearch: 'hi', searchIn: 'record' }),
	searchText: { kind: 'literal', literalTest: 'Knowledge → Search (Keywords) and Search → Simple (Search Text)' },
	sobject: name('record', 'get', /^Item 0: Object "Name\) FROM User--"/, { recordId: at(ID('001')) }, INJECT_NAME, true),
	soql: probe('statement', 'soql', 'query', 'DELETE FROM Account', /^Item 0: SOQL Query must start with SELECT/),
	'soqlOptions.batchSize': probe('number', 'soql', 'query', '2000\r\nX-Evil: 1', /^Item 0: Page Size/, { soql: 'SELECT Id FROM Account' }),
	'soqlOptions.includeDeleted': local,
	'soqlOptions.output': local,
	sosl: probe('statement', 'search', 'sosl', 'DELETE FROM Account', /^Item 0: SOSL Search must start with FIND/),
	start: data,
	statusCampaignId: id('campaign', 'getMemberStatuses', /^Item 0: Campaign ID/),
	subject: data,
	searchUserId: id('chatter', 'searchPosts', /^Item 0: User ID/, { chatterSearch: 'hi', searchIn: 'user' }),
	subjectRecordId: id('chatter', 'post', /^Item 0: Record ID/, { postTo: 'record', message: 'hi' }),
	subjectUserId: id('chatter', 'post', /^Item 0: User ID/, { postTo: 'user', message: 'hi' }),
	taskId: id('task', 'complete', /^Item 0: Task/, {}, true),
	toolingBody: data,
	// the tool variant's own parameters (actions/tool.ts): read by n8n or as a switch, never sent to Salesforce
	toolAllowDelete: local,
	toolDescription: local,
	toolOutput: local,
	toolingFields: name('tooling', 'get', /^Item 0: Field "Name\) FROM User--"/, { toolingObject: 'ApexClass', toolingId: ID('01p') }),
	toolingId: id('tooling', 'get', /^Item 0: Tooling Record ID/, { toolingObject: 'ApexClass' }),
	toolingObject: name('tooling', 'describe', /^Item 0: Tooling Object "Name\) FROM User--"/),
	toolingSoql: probe('statement', 'tooling', 'query', 'DELETE FROM ApexClass', /^Item 0: Tooling SOQL Query must start with SELECT/),
	treeObject: name('composite', 'tree', /^Item 0: Root Object "Name\) FROM User--"/),
	treeRecords: data,
	unitPrice: data,
	userSearch: { kind: 'literal', literalTest: 'User → Search (Name or Email), Price Book Entry → Search (Product Name)' },
	whatId: id('task', 'logCall', /^Item 0: What ID/),
	whoId: id('task', 'logCall', /^Item 0: Who ID/),
	windowEnd: probe('pattern', 'account', 'getUpdated', '2026-01-01T00:00:00Z&end=x', /^Item 0: End "2026-01-01T00:00:00Z&end=x"/, {
		windowStart: '2026-01-01T00:00:00Z',
	}),
	windowStart: probe('pattern', 'account', 'getUpdated', '2026-01-01T00:00/../x', /^Item 0: Start/),
};
