import type { IDataObject } from 'n8n-workflow';

import type { SalesforceClient } from '../transport/client';
import { SalesforceApiError } from '../transport/errors';
import { type RecordResult, failedCall } from './records';
import { queryAll } from './query';
import { resultObject, soapCall, soapElement } from './soap';

export const CONVERT_LIMIT = 100;

export interface LeadConvertInput {
	leadId: string;
	convertedStatus: string;
	accountId?: string;
	contactId?: string;
	ownerId?: string;
	doNotCreateOpportunity?: boolean;
	opportunityName?: string;
	overwriteLeadSource?: boolean;
	sendNotificationEmail?: boolean;
	bypassAccountDedupeCheck?: boolean;
	bypassContactDedupeCheck?: boolean;
}

export interface LeadConvertResult extends RecordResult {
	leadId?: string;
	accountId?: string;
	contactId?: string;
	opportunityId?: string;
}

/** The first active lead status that converts (LeadStatus.IsConverted), as Salesforce's convert dialog offers it. */
export async function defaultConvertedStatus(client: SalesforceClient): Promise<string> {
	const { records } = await queryAll(
		client,
		'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsConverted = true ORDER BY SortOrder LIMIT 1',
		{ max: 1 },
	);
	const status = records[0]?.ApiName ?? records[0]?.MasterLabel;
	if (!status) {
		throw new SalesforceApiError(400, [{ errorCode: 'INVALID_STATUS', message: 'The org has no lead status marked "Converted"' }]);
	}
	return String(status);
}

/** Converts leads through SOAP convertLead, up to 100 a call; one result per input, in order. */
export async function convertLeads(
	client: SalesforceClient,
	inputs: LeadConvertInput[],
	sessionId: () => Promise<string>,
): Promise<LeadConvertResult[]> {
	const out: LeadConvertResult[] = [];
	for (let i = 0; i < inputs.length; i += CONVERT_LIMIT) {
		const chunk = inputs.slice(i, i + CONVERT_LIMIT);
		const body = chunk
			.map((c) => {
				const ordered: IDataObject = {
					accountId: c.accountId,
					bypassAccountDedupeCheck: c.bypassAccountDedupeCheck,
					bypassContactDedupeCheck: c.bypassContactDedupeCheck,
					contactId: c.contactId,
					convertedStatus: c.convertedStatus,
					doNotCreateOpportunity: c.doNotCreateOpportunity ?? false,
					leadId: c.leadId,
					opportunityName: c.doNotCreateOpportunity ? undefined : c.opportunityName,
					overwriteLeadSource: c.overwriteLeadSource ?? false,
					ownerId: c.ownerId,
					sendNotificationEmail: c.sendNotificationEmail ?? false,
				};
				return soapElement('leadConverts', ordered);
			})
			.join('');
		let results;
		try {
			results = await soapCall(client, 'convertLead', body, sessionId);
		} catch (error) {
			out.push(...failedCall(error, chunk.length));
			continue;
		}
		chunk.forEach((input, n) => {
			const result = results[n] ? resultObject(results[n]) : undefined;
			if (!result) {
				out.push({
					success: false,
					leadId: input.leadId,
					errors: [{ errorCode: 'NO_RESULT', message: 'Salesforce returned no result for this lead' }],
				});
				return;
			}
			out.push({
				success: result.success === true,
				leadId: String(result.leadId ?? input.leadId),
				...(result.accountId ? { accountId: String(result.accountId) } : {}),
				...(result.contactId ? { contactId: String(result.contactId) } : {}),
				...(result.opportunityId ? { opportunityId: String(result.opportunityId) } : {}),
				errors: result.errors as RecordResult['errors'],
			});
		});
	}
	return out;
}
