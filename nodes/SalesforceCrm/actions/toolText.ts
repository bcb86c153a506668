import { COMPOSITE_TOOL_TEXTS } from './composite/toolText';
import { METADATA_TOOL_TEXTS } from './metadata/toolText';
import { labelOf, type ObjectResource } from './record/objects';
import type { ToolEffect, ToolText } from './types';
import { article, plural } from './words';

/**
 * What an AI agent reads about each operation when the node is one of its tools: what it does, the inputs and their
 * format (ids, API names, SOQL), what it returns, and whether it reads, writes or deletes. Kept short: an agent with
 * ten tools sends all ten descriptions with every model call (sizes measured in test/unit/tool.test.ts and listed in
 * the README).
 */

const ID = '15- or 18-character Salesforce Id';
const EFFECT: Record<ToolEffect, string> = {
	read: 'Read-only.',
	write: 'Writes to Salesforce.',
	delete: 'DESTRUCTIVE: deletes data; runs only if the workflow allows deleting.',
};

export function effectNote(effect: ToolEffect): string {
	return EFFECT[effect];
}

/** The generic record operations, worded for one object ("record" for any object, named by its API name). */
export function recordToolText(r: ObjectResource, operation: string): ToolText | undefined {
	const one = labelOf(r);
	const many = plural(one);
	const object = r.object ? '' : ' Object: the API name (e.g. Account, Invoice__c).';
	const keys = r.useful.length ? ` (${['Id', ...r.useful.slice(0, 5)].join(', ')}…)` : '';
	const fields = `Fields by API name${r.useful.length ? `, e.g. ${r.useful.slice(0, 3).join(', ')}` : ''}; ids are ${ID}s, dates YYYY-MM-DD.`;
	const texts: Record<string, ToolText> = {
		create: { effect: 'write', text: `Create one ${one}.${object} ${fields} Returns {id, success}.` },
		get: { effect: 'read', text: `Get one ${one} by its Record Id (${ID}, e.g. from a search).${object} Returns its fields${keys}.` },
		getMany: {
			effect: 'read',
			text: `Find ${many} matching the workflow's conditions; the values you give are matched exactly (LIKE: % wildcard).${object} Returns up to Limit records${keys}; [] when none match.`,
		},
		update: { effect: 'write', text: `Change fields of one ${one} given by its Record Id.${object} ${fields} Returns {id, success}.` },
		upsert: {
			effect: 'write',
			text: `Create ${article(one)} ${one}, or update the one whose external-id field has the given value.${object} ${fields} Returns {id, created, success}.`,
		},
		delete: {
			effect: 'delete',
			text: `Delete one ${one} by its Record Id (${ID}); it goes to the recycle bin.${object} Returns {id, success, deleted}.`,
		},
		getUpdated: {
			effect: 'read',
			text: `List the Ids of ${many} created or changed between Start and End (ISO 8601 date-times, within the last 30 days).${object}`,
		},
		getDeleted: {
			effect: 'read',
			text: `List the Ids of ${many} deleted between Start and End (ISO 8601 date-times, within the last 30 days), with when.${object}`,
		},
		addNote: {
			effect: 'write',
			text: `Attach a note (Title, Body text) to ${article(one)} ${one} given by its Id (${ID}). Returns {id, success}.`,
		},
	};
	return texts[operation];
}

/** Every other operation, by "resource.operation" ("*.op" for an operation several object resources share). */
export const TOOL_TEXTS: Record<string, ToolText> = {
	...METADATA_TOOL_TEXTS,
	...COMPOSITE_TOOL_TEXTS,
	'*.addToCampaign': {
		effect: 'write',
		text: `Add a contact or lead (${ID}) to a campaign (Campaign Id) with a member status (e.g. Sent, Responded). Returns {id, success}.`,
	},
	'lead.convert': {
		effect: 'write',
		text: `Convert a lead (Lead Id, ${ID}) into an account, a contact and optionally an opportunity. Returns {leadId, accountId, contactId, opportunityId, success}.`,
	},
	'opportunity.close': {
		effect: 'write',
		text: `Close an opportunity (Opportunity Id) as won or lost, in a closed stage of the org's sales process; close date YYYY-MM-DD (default today). Returns {id, stageName, won, closeDate, success}.`,
	},
	'opportunity.addProduct': {
		effect: 'write',
		text: 'Add a product line to an opportunity: Opportunity Id, Price Book Entry Id (from Price Book Entry → Search), Quantity, optional Unit Price. Returns {id, success}.',
	},
	'opportunity.removeProduct': {
		effect: 'delete',
		text: 'Delete a product line of an opportunity, by line item Id or by product Id. Returns {id, success}.',
	},
	'case.addComment': {
		effect: 'write',
		text: `Add a comment (text) to a case (Case Id, ${ID}), private unless published. Returns {id, success}.`,
	},
	'task.logCall': {
		effect: 'write',
		text: `Log a completed call as a Task: Subject, Who Id (the contact or lead called, ${ID}), What Id (a related case, account or opportunity), comments, call result. Returns {id, success}.`,
	},
	'task.complete': { effect: 'write', text: `Mark a task (Task Id, ${ID}) completed. Returns {id, success, status}.` },
	'event.schedule': {
		effect: 'write',
		text: `Book a meeting or callback: Subject, Start and End as ISO 8601 date-times with time zone (e.g. 2026-12-01T15:00:00Z; End after Start), Who Id (contact or lead), What Id (related record). Returns {id, success}.`,
	},
	'campaign.getMemberStatuses': {
		effect: 'read',
		text: 'List the member status values of a campaign (Campaign Id), e.g. Sent, Responded.',
	},
	'campaign.removeMember': {
		effect: 'delete',
		text: `Take a contact or lead (${ID}) off a campaign (Campaign Id): deletes its campaign member. Returns {campaignMemberId, success}.`,
	},
	'user.search': {
		effect: 'read',
		text: 'Find active users whose name or email contains the text. Returns {Id, Name, Email…} per user (e.g. to pick an owner).',
	},
	'soql.query': {
		effect: 'read',
		text: 'Run a SOQL SELECT, e.g. SELECT StageName, SUM(Amount) total FROM Opportunity WHERE IsClosed = false GROUP BY StageName. Quote text values in single quotes; use field API names; add LIMIT. Returns one object per row (aggregates by alias).',
	},
	'search.simple': {
		effect: 'read',
		text: 'Find records whose fields contain the Search Text (plain words, searched literally) across the chosen objects. Returns {type, Id, …} per record.',
	},
	'search.parameterized': {
		effect: 'read',
		text: 'Find records by Search Text (plain words, sent as data) across the chosen objects. Returns {type, Id, …} per record.',
	},
	'search.sosl': {
		effect: 'read',
		text: 'Run a SOSL statement, e.g. FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name). Returns {type, Id, …} per record.',
	},
	'object.describe': {
		effect: 'read',
		text: 'Describe an object (API name, e.g. Opportunity): its fields with API names, types, picklist values and relationships. Large: ask only when you need field names.',
	},
	'object.list': { effect: 'read', text: "List the org's objects: API name, label, custom or not." },
	'org.limits': { effect: 'read', text: "Get the org's limits (daily API calls, storage…) with Max and Remaining." },
	'flow.invoke': {
		effect: 'write',
		text: 'Run an auto-launched flow (Flow API Name) with input variables as a JSON object. Returns the flow outputs; may change data.',
	},
	'flow.list': { effect: 'read', text: 'List the auto-launched flows that can be invoked (API name, label).' },
	'knowledge.search': {
		effect: 'read',
		text: 'Find published knowledge articles by keywords in a language (e.g. en_US). Returns one object per article (Id, title, summary…).',
	},
	'knowledge.getArticle': {
		effect: 'read',
		text: 'Get a published knowledge article (Article Id, ka0…) in a language, with its body fields.',
	},
	'chatter.post': {
		effect: 'write',
		text: `Post text to a Chatter feed: a record (Record Id), a user (User Id) or my own; @mention users by Id. Returns {id, success}.`,
	},
	'chatter.comment': {
		effect: 'write',
		text: 'Comment on a Chatter post (Post Id, 0D5…) with text and optional @mentions by user Id. Returns {id, success}.',
	},
	'chatter.getPost': { effect: 'read', text: 'Get a Chatter post (Post Id, 0D5…): body, author, first comments.' },
	'chatter.listComments': { effect: 'read', text: 'List the comments of a Chatter post (Post Id), oldest first.' },
	'chatter.listFeed': {
		effect: 'read',
		text: "List posts of a record's feed (Record Id), a user's feed (User Id) or my news feed, newest first.",
	},
	'chatter.postMany': {
		effect: 'write',
		text: 'Post one Chatter post per input item (same fields as Post), 500 per call. Returns one post or error per item.',
	},
	'chatter.searchPosts': {
		effect: 'read',
		text: "Find Chatter posts by words (Search Text, 2+ characters, * as trailing wildcard) across all feeds or in one record's or user's feed, newest first.",
	},
	'chatter.deletePost': { effect: 'delete', text: 'Delete a Chatter post (Post Id) and its comments. Returns {id, success}.' },
	'tooling.query': {
		effect: 'read',
		text: 'Run a Tooling API SOQL SELECT (ApexClass, ApexTrigger, CustomField, FlowDefinition…). Returns one object per row.',
	},
	'tooling.get': { effect: 'read', text: `Get one Tooling record: Tooling Object (e.g. ApexClass) and Id (${ID}).` },
	'tooling.describe': { effect: 'read', text: 'Describe a Tooling object (e.g. ApexClass): its fields.' },
	'tooling.create': {
		effect: 'write',
		text: "Create metadata through the Tooling API: Tooling Object and fields as JSON. Changes the org's configuration. Returns {id, success}.",
	},
	'tooling.update': {
		effect: 'write',
		text: "Update metadata through the Tooling API: Tooling Object, Id and fields as JSON. Changes the org's configuration. Returns {id, success}.",
	},
	'tooling.delete': {
		effect: 'delete',
		text: "Delete metadata through the Tooling API: Tooling Object and Id. Changes the org's configuration.",
	},
	'queue.list': {
		effect: 'read',
		text: 'List the queues (Id, name, objects each takes); assign a case or lead to one by putting its Id in OwnerId with Update.',
	},
	'priceBookEntry.search': {
		effect: 'read',
		text: 'Find the price book entry of a product by Product Name (standard or chosen price book). Returns {pricebookEntryId, unitPrice, …} for Opportunity → Add Product.',
	},
	'bulk.insert': { effect: 'write', text: 'Create many records of one object in a Bulk API 2.0 job. Returns one result per record.' },
	'bulk.update': { effect: 'write', text: 'Update many records by Id in a Bulk API 2.0 job. Returns one result per record.' },
	'bulk.upsert': {
		effect: 'write',
		text: 'Create or update many records by external id in a Bulk API 2.0 job. Returns one result per record.',
	},
	'bulk.delete': { effect: 'delete', text: 'Delete many records by Id in a Bulk API 2.0 job.' },
	'bulk.query': { effect: 'read', text: 'Run a SOQL SELECT as a Bulk API 2.0 job (for very large results). Returns one object per row.' },
	'bulk.getJob': { effect: 'read', text: 'Get the state and counts of a Bulk API 2.0 job (Job Id, 750…).' },
	'bulk.getResults': { effect: 'read', text: 'Get the result rows of a Bulk API 2.0 job (Job Id, 750…).' },
	'composite.execute': {
		effect: 'write',
		text: 'Run up to 25 REST sub-requests (JSON) in one call, with @{ref} references. May write or delete, as the sub-requests say.',
	},
	'composite.tree': {
		effect: 'write',
		text: 'Create parent records with their children (JSON sObject tree) in one call, all or none. Returns the new Ids by reference.',
	},
	'changeDataCapture.listSelection': {
		effect: 'read',
		text: 'List the objects selected for Change Data Capture, whose changes Salesforce publishes as change events. Returns {id, object, selectedEntity}.',
	},
	'changeDataCapture.removeSelection': {
		effect: 'write',
		text: 'Stop publishing change events for objects (Objects: comma-separated API names, e.g. Account). Affects every subscriber. Returns {object, removed}.',
	},
	'platformEvent.publish': {
		effect: 'write',
		text: 'Publish a platform event (Event API Name, …__e) with its fields as JSON. Returns {id, success}.',
	},
	'file.list': { effect: 'read', text: `List the files linked to a record (Record Id, ${ID}): title, type, size, ContentDocument Id.` },
	'file.upload': { effect: 'write', text: 'Upload the binary data of the input as a Salesforce File linked to a record (Record Id).' },
	'file.download': {
		effect: 'read',
		text: 'Download a Salesforce File (ContentDocument Id, 069…) as binary data (agents cannot read binary: use in workflows).',
	},
	'attachment.create': { effect: 'write', text: 'Attach the binary data of the input to a record (Record Id) as a classic attachment.' },
	'attachment.get': { effect: 'read', text: 'Get the details of an attachment (Attachment Id, 00P…).' },
	'attachment.download': {
		effect: 'read',
		text: 'Download an attachment (Attachment Id) as binary data (agents cannot read binary: use in workflows).',
	},
	'report.run': {
		effect: 'read',
		text: 'Run a report (Report Id, 00O…) now, optionally with other filters. Returns one object per detail row (up to 2,000).',
	},
	'report.list': { effect: 'read', text: 'List the reports viewed most recently (Id, name).' },
	'report.describe': { effect: 'read', text: "Get a report's columns, filters and groupings (Report Id, 00O…)." },
	'report.create': {
		effect: 'write',
		text: 'Create a report: Report Name, Report Type API name (e.g. Opportunity), Columns (API names such as OPPORTUNITY_NAME, AMOUNT), optional filters. Returns its metadata with the new Id.',
	},
	'report.clone': {
		effect: 'write',
		text: "Copy a report (Report Id, 00O…) under a new Report Name. Returns the copy's metadata with its Id.",
	},
	'report.update': { effect: 'write', text: "Change a report's name, columns or filters (Report Id, 00O…). Returns the saved metadata." },
	'report.delete': { effect: 'delete', text: 'Delete a report (Report Id, 00O…). Returns {id, success}.' },
	'dashboard.clone': {
		effect: 'write',
		text: 'Copy a dashboard (Dashboard Id, 01Z…), optionally into another folder. Returns the copy with its Id.',
	},
	'dashboard.update': { effect: 'write', text: "Change a dashboard's name or filters (Dashboard Id, 01Z…). Returns the saved metadata." },
	'dashboard.get': { effect: 'read', text: 'Get the latest data of every component of a dashboard (Dashboard Id, 01Z…).' },
	'dashboard.getMetadata': { effect: 'read', text: "Get a dashboard's components, layout and filters (Dashboard Id)." },
	'dashboard.list': { effect: 'read', text: 'List the dashboards viewed most recently (Id, name).' },
	'dashboard.refresh': {
		effect: 'write',
		text: 'Ask Salesforce to refresh every component of a dashboard (Dashboard Id). Returns the status URL.',
	},
};
