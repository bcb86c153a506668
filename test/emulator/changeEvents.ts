/**
 * The change event objects of the org's global describe. Salesforce lists an associated `<Object>ChangeEvent`
 * (`<Name>__ChangeEvent` for a custom object `<Name>__c`) for every object Change Data Capture supports: all custom
 * objects and a subset of standard objects (Change Data Capture Developer Guide, "Change Event Object Support":
 * https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_object_support.htm;
 * Object Reference, "Change Events": https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_associated_objects_change_event.htm).
 * Of the emulator's standard objects, these are on that list; Group, QueueSobject, ContentDocumentLink,
 * KnowledgeArticleVersion, OpportunityStage, LeadStatus, CampaignMemberStatus, Attachment… are not.
 */
export const CDC_STANDARD_OBJECTS = new Set([
	'Account',
	'Campaign',
	'CampaignMember',
	'Case',
	'Contact',
	'Event',
	'Lead',
	'Opportunity',
	'OpportunityLineItem',
	'Pricebook2',
	'PricebookEntry',
	'Product2',
	'Task',
	'User',
]);

export function changeEventName(object: string): string {
	return object.endsWith('__c') ? `${object.slice(0, -3)}__ChangeEvent` : `${object}ChangeEvent`;
}

/** A change event's entry in `GET /sobjects`, flagged as Salesforce flags them (subscribe-only: not queryable, not createable). */
export function changeEventInfo(object: { name: string; label: string; custom: boolean }, version: string): Record<string, unknown> {
	const name = changeEventName(object.name);
	const base = `/services/data/v${version}/sobjects/${name}`;
	return {
		activateable: false,
		createable: false,
		custom: object.custom,
		customSetting: false,
		deletable: false,
		deprecatedAndHidden: false,
		feedEnabled: false,
		keyPrefix: null,
		label: `${object.label} Change Event`,
		labelPlural: `${object.label} Change Events`,
		layoutable: false,
		mergeable: false,
		mruEnabled: false,
		name,
		queryable: false,
		replicateable: false,
		retrieveable: false,
		searchable: false,
		triggerable: false,
		undeletable: false,
		updateable: false,
		urls: { sobject: base, describe: `${base}/describe`, eventSchema: `${base}/eventSchema` },
	};
}

/** Objects of the schema that Change Data Capture supports. */
export function cdcObjects(objects: Iterable<{ name: string; label: string; custom: boolean }>) {
	return [...objects].filter((o) => o.custom || CDC_STANDARD_OBJECTS.has(o.name));
}
