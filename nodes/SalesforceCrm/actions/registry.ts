import { accountResource } from './account/account.resource';
import { attachmentResource } from './attachment/attachment.resource';
import { bulkResource } from './bulk/bulk.resource';
import { campaignResource } from './campaign/campaign.resource';
import { caseResource } from './case/case.resource';
import { changeDataCaptureResource } from './changeDataCapture/changeDataCapture.resource';
import { chatterResource } from './chatter/chatter.resource';
import { compositeResource } from './composite/composite.resource';
import { contactResource } from './contact/contact.resource';
import { dashboardResource } from './dashboard/dashboard.resource';
import { eventResource } from './event/event.resource';
import { fileResource } from './file/file.resource';
import { flowResource } from './flow/flow.resource';
import { knowledgeResource } from './knowledge/knowledge.resource';
import { leadResource } from './lead/lead.resource';
import { metadataResource } from './metadata/metadata.resource';
import { objectResource } from './object/object.resource';
import { opportunityResource } from './opportunity/opportunity.resource';
import { orgResource } from './org/org.resource';
import { platformEventResource } from './platformEvent/platformEvent.resource';
import { priceBookEntryResource } from './priceBookEntry/priceBookEntry.resource';
import { productResource } from './product/product.resource';
import { queueResource } from './queue/queue.resource';
import { recordResource } from './record/record.resource';
import { reportResource } from './report/report.resource';
import { searchResource } from './search/search.resource';
import { soqlResource } from './soql/soql.resource';
import { taskResource } from './task/task.resource';
import { toolingResource } from './tooling/tooling.resource';
import type { OperationDef, ResourceDef } from './types';
import { userResource } from './user/user.resource';

/**
 * Every resource of the Salesforce CRM node, one folder each: `<resource>/<resource>.resource.ts` lists its
 * operations, each naming the file that implements it. The node description (properties.ts) and the router are
 * both built from this list; its order is the order of the Operation lists and forms in the node description.
 */
const RESOURCES: ResourceDef[] = [
	// Object resources: the generic record operations (record/) with the object fixed, plus their own.
	recordResource,
	accountResource,
	contactResource,
	leadResource,
	opportunityResource,
	caseResource,
	taskResource,
	eventResource,
	campaignResource,
	productResource,
	userResource,
	// Queries, the org and automation.
	soqlResource,
	searchResource,
	objectResource,
	orgResource,
	flowResource,
	// Sales and service.
	knowledgeResource,
	chatterResource,
	toolingResource,
	queueResource,
	priceBookEntryResource,
	// Platform APIs.
	bulkResource,
	changeDataCaptureResource,
	compositeResource,
	platformEventResource,
	fileResource,
	attachmentResource,
	reportResource,
	dashboardResource,
	metadataResource,
];

export function resources(): ResourceDef[] {
	return RESOURCES;
}

export function findOperation(resource: string, operation: string): OperationDef | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}
