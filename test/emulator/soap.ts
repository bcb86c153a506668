import type { IncomingHttpHeaders } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { normalizeId } from './ids';
import type { SalesforceEmulator } from './server';
import { type Fields, sfDate } from './store';
import { type Resp, SfError, type WriteCtx } from './types';

/** SOAP partner API subset: convertLead (SOAP API Developer Guide, "convertLead()"; wire notes §7). */
const parser = new XMLParser({
	removeNSPrefix: true,
	processEntities: false,
	ignoreAttributes: true,
	parseTagValue: false,
	trimValues: true,
	isArray: (name) => name === 'leadConverts',
});

export function xmlEscape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
/** processEntities is off (no entity expansion attacks): decode the five predefined entities and char refs ourselves. */
export function xmlUnescape(s: string): string {
	return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
		e[0] === '#'
			? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
			: ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e],
	);
}

const ENV = 'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"';

export function fault(code: string, message: string, status = 500): Resp {
	const sfCode = code.startsWith('soapenv:') ? code : `sf:${code}`;
	const detail = code.startsWith('soapenv:')
		? ''
		: `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${xmlEscape(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>`;
	const faultstring = code.startsWith('soapenv:') ? message : `${code}: ${message}`;
	return {
		status,
		contentType: 'text/xml;charset=UTF-8',
		raw: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ${ENV} xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>${sfCode}</faultcode><faultstring>${xmlEscape(faultstring)}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
	};
}

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : xmlUnescape(String(v)));

export function handleSoap(emu: SalesforceEmulator, body: string, headers: IncomingHttpHeaders): Resp {
	let doc: Record<string, any>;
	try {
		doc = parser.parse(body);
	} catch (e) {
		return fault('soapenv:Client', `Unable to parse the request: ${(e as Error).message}`);
	}
	const env = doc?.Envelope;
	if (!env?.Body) return fault('soapenv:Client', 'Element {http://schemas.xmlsoap.org/soap/envelope/}Envelope expected');
	const session = text(env.Header?.SessionHeader?.sessionId);
	const who = emu.auth.check(session);
	if (!who) return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
	const op = Object.keys(env.Body)[0];
	if (op !== 'convertLead') return fault('soapenv:Client', `No operation available for request {urn:partner.soap.sforce.com}${op ?? ''}`);
	const items = (env.Body.convertLead?.leadConverts ?? []) as Array<Record<string, unknown>>;
	if (items.length > 100) return fault('EXCEEDED_MAX_SIZE_REQUEST', 'Exceeded max size limit of 100', 500); // wording guessed
	const origin = /client=([^,;\s]+)/.exec(String(headers['sforce-call-options'] ?? ''))?.[1];
	const ctx: WriteCtx = {
		userId: who.userId,
		transactionKey: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
		changeOrigin: origin ? `client=${origin}` : undefined,
	};
	const results = items.map((item) => {
		try {
			const r = emu.store.transaction(() => convertOne(emu, item, ctx), ctx.transactionKey);
			return `<result><accountId>${r.accountId}</accountId><contactId>${r.contactId}</contactId><leadId>${r.leadId}</leadId>${r.opportunityId ? `<opportunityId>${r.opportunityId}</opportunityId>` : '<opportunityId xsi:nil="true"/>'}<relatedPersonAccountId xsi:nil="true"/><success>true</success></result>`;
		} catch (e) {
			if (!(e instanceof SfError)) throw e;
			const fields = (e.fields ?? []).map((f) => `<fields>${xmlEscape(f)}</fields>`).join('') || '<fields/>';
			return `<result><accountId xsi:nil="true"/><contactId xsi:nil="true"/><errors>${fields}<message>${xmlEscape(e.message)}</message><statusCode>${e.errorCode}</statusCode></errors><leadId>${xmlEscape(text(item.leadId) ?? '')}</leadId><opportunityId xsi:nil="true"/><relatedPersonAccountId xsi:nil="true"/><success>false</success></result>`;
		}
	});
	return {
		status: 200,
		contentType: 'text/xml;charset=UTF-8',
		raw: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ${ENV} xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><LimitInfoHeader><limitInfo><current>${emu.apiUsage}</current><limit>${emu.dailyApiLimit}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header><soapenv:Body><convertLeadResponse>${results.join('')}</convertLeadResponse></soapenv:Body></soapenv:Envelope>`,
	};
}

function endOfQuarter(d: Date): string {
	return sfDate(new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3, 0)));
}

function convertOne(emu: SalesforceEmulator, item: Record<string, unknown>, ctx: WriteCtx) {
	const store = emu.store;
	const leadIdRaw = text(item.leadId) ?? '';
	const leadId = normalizeId(leadIdRaw);
	const leadRec = leadId ? store.raw(leadId) : undefined;
	if (!leadId || !leadRec || leadRec.type !== 'Lead' || leadRec.deleted)
		throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['leadId']);
	const lead = leadRec.fields;
	if (lead.IsConverted === true) throw new SfError('CANNOT_UPDATE_CONVERTED_LEAD', 'This lead was already converted.', []); // wording guessed
	const status = text(item.convertedStatus);
	if (!status) throw new SfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [ConvertedStatus]', ['convertedStatus']);
	const st = store.findBy('LeadStatus', 'ApiName', status)[0];
	if (!st || st.fields.IsConverted !== true) throw new SfError('INVALID_STATUS', `invalid convertedStatus: ${status}`, []); // wording guessed
	const owner = text(item.ownerId);
	const base: Fields = owner ? { OwnerId: owner } : {};
	const flag = (v: unknown) => text(v)?.toLowerCase() === 'true';
	const today = sfDate(store.now());

	let accountId = text(item.accountId);
	if (accountId) accountId = store.live('Account', accountId).fields.Id as string;
	else
		accountId = store.insert(
			'Account',
			{
				...base,
				Name: lead.Company,
				Phone: lead.Phone,
				Website: lead.Website,
				Industry: lead.Industry,
				AnnualRevenue: lead.AnnualRevenue,
				NumberOfEmployees: lead.NumberOfEmployees,
				BillingStreet: lead.Street,
				BillingCity: lead.City,
				BillingState: lead.State,
				BillingPostalCode: lead.PostalCode,
				BillingCountry: lead.Country,
				AccountSource: lead.LeadSource,
			},
			ctx,
		);

	let contactId = text(item.contactId);
	const contactFields: Fields = {
		Salutation: lead.Salutation,
		FirstName: lead.FirstName,
		LastName: lead.LastName,
		Email: lead.Email,
		Phone: lead.Phone,
		MobilePhone: lead.MobilePhone,
		Title: lead.Title,
		LeadSource: lead.LeadSource,
		MailingStreet: lead.Street,
		MailingCity: lead.City,
		MailingState: lead.State,
		MailingPostalCode: lead.PostalCode,
		MailingCountry: lead.Country,
	};
	if (contactId) {
		const c = store.live('Contact', contactId).fields;
		contactId = c.Id as string;
		if (c.AccountId && c.AccountId !== accountId)
			throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'The contact is not associated with the specified account', ['contactId']); // guessed wording
		// Merge: fill only the contact's blank fields (overwriteLeadSource controls LeadSource).
		const fill: Fields = {};
		for (const [k, v] of Object.entries(contactFields))
			if ((c[k] === null || c[k] === undefined) && v !== null && v !== undefined) fill[k] = v;
		if (flag(item.overwriteLeadSource) && lead.LeadSource) fill.LeadSource = lead.LeadSource;
		if (!c.AccountId) fill.AccountId = accountId;
		if (Object.keys(fill).length) store.update('Contact', contactId, fill, ctx);
	} else contactId = store.insert('Contact', { ...base, ...contactFields, AccountId: accountId }, ctx);

	let opportunityId = text(item.opportunityId);
	if (opportunityId) opportunityId = store.live('Opportunity', opportunityId).fields.Id as string;
	else if (!flag(item.doNotCreateOpportunity)) {
		const firstOpen = store
			.rows('OpportunityStage')
			.filter((s) => s.fields.IsActive && !s.fields.IsClosed)
			.sort((a, b) => Number(a.fields.SortOrder) - Number(b.fields.SortOrder))[0];
		opportunityId = store.insert(
			'Opportunity',
			{
				...base,
				Name: text(item.opportunityName) ?? `${lead.Company as string}-`,
				AccountId: accountId,
				StageName: firstOpen?.fields.ApiName ?? 'Prospecting',
				CloseDate: endOfQuarter(store.now()),
				LeadSource: lead.LeadSource, // close date = end of quarter: a guess at the UI default
			},
			ctx,
		);
	}
	store.update(
		'Lead',
		leadId,
		{
			Status: status,
			IsConverted: true,
			ConvertedDate: today,
			ConvertedAccountId: accountId,
			ConvertedContactId: contactId,
			ConvertedOpportunityId: opportunityId ?? null,
		},
		{ ...ctx, system: true },
	);
	return { leadId, accountId, contactId, opportunityId };
}
