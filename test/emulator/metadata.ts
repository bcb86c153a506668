import { XMLParser } from 'fast-xml-parser';

import type { Component } from './metadataFields';
import { DESCRIBED, metadataOf } from './metadataOrg';
import { type Apply, type Outcome, type SaveKind, planDelete, planRename, planSave } from './metadataPlans';
import type { SalesforceEmulator } from './server';
import { fault, xmlEscape, xmlUnescape } from './soap';
import { type Resp, SfError } from './types';

/**
 * Metadata API, CRUD-based calls (Metadata API Developer Guide, "CRUD-Based Calls"), SOAP at /services/Soap/m/NN.N:
 * describeMetadata (DescribeMetadataResult), listMetadata (FileProperties[], up to 3 queries), readMetadata
 * (ReadResult: records with xsi:type), createMetadata / updateMetadata / renameMetadata (SaveResult),
 * upsertMetadata (UpsertResult), deleteMetadata (DeleteResult); SessionHeader and AllOrNoneHeader. Components per
 * call: 10, 200 for CustomMetadata and CustomApplication (not for upsert), one type per call, as each call's
 * "Arguments" table says. What the calls do to the org: metadataOrg.ts and metadataPlans.ts.
 * Guessed (the guide does not show them): the faults for a call over its limit (LIMIT_EXCEEDED), for an unknown or
 * mixed type (INVALID_TYPE), and the ALL_OR_NONE_OPERATION_ROLLED_BACK error on components rolled back.
 */
const ARRAYS = new Set(['metadata', 'fullNames', 'queries']);
const parser = new XMLParser({
	removeNSPrefix: true,
	processEntities: false,
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	isArray: (name, jpath) => ARRAYS.has(name) && String(jpath).split('.').length === 4,
});

const NS = 'http://soap.sforce.com/2006/04/metadata';
const LARGE = new Set(['CustomMetadata', 'CustomApplication']);

/** Parsed values with the five entities and character references decoded (the parser does not expand entities). */
function decoded(value: unknown): unknown {
	if (typeof value === 'string') return xmlUnescape(value);
	if (Array.isArray(value)) return value.map(decoded);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decoded(v)]));
	return value;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** JSON → elements of the default (metadata) namespace: lists repeat the element, objects nest. */
function xml(name: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.map((v) => xml(name, v)).join('');
	if (typeof value === 'object')
		return `<${name}>${Object.entries(value)
			.map(([k, v]) => xml(k, v))
			.join('')}</${name}>`;
	return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function envelope(operation: string, results: string): Resp {
	return {
		status: 200,
		contentType: 'text/xml;charset=UTF-8',
		raw: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><${operation}Response>${results}</${operation}Response></soapenv:Body></soapenv:Envelope>`,
	};
}

interface Result {
	fullName: string;
	success: boolean;
	created?: boolean;
	errors: SfError[];
}

function resultXml(r: Result): string {
	const errors = r.errors
		.map(
			(e) =>
				`<errors>${(e.fields ?? []).map((f) => xml('fields', f)).join('')}${xml('message', e.message)}${xml('statusCode', e.errorCode)}</errors>`,
		)
		.join('');
	return `<result>${r.created !== undefined ? xml('created', r.created) : ''}${errors}${xml('fullName', r.fullName)}${xml('success', r.success)}</result>`;
}

const ROLLED_BACK = () =>
	new SfError(
		'ALL_OR_NONE_OPERATION_ROLLED_BACK',
		'Record rolled back because not all records were valid and the request was using AllOrNone header',
	);

/** Plans every component, then applies: one at a time, or (allOrNone) only when every plan succeeded. */
function run(names: string[], plan: (n: number, claimed: Set<string>) => Apply, allOrNone: boolean): Result[] {
	const claimed = new Set<string>();
	const attempt = (n: number): Apply | SfError => {
		try {
			return plan(n, claimed);
		} catch (e) {
			if (e instanceof SfError) return e;
			throw e;
		}
	};
	const done = (n: number, outcome: Outcome | SfError): Result =>
		outcome instanceof SfError ? { fullName: names[n], success: false, errors: [outcome] } : { ...outcome, success: true, errors: [] };
	if (!allOrNone)
		return names.map((_, n) => {
			const planned = attempt(n);
			return done(n, planned instanceof SfError ? planned : planned());
		});
	const plans = names.map((_, n) => attempt(n));
	if (plans.some((p) => p instanceof SfError)) return plans.map((p, n) => done(n, p instanceof SfError ? p : ROLLED_BACK()));
	return plans.map((p, n) => done(n, (p as Apply)()));
}

export function handleMetadata(emu: SalesforceEmulator, body: string): Resp {
	let env: Record<string, any>;
	try {
		env = decoded(parser.parse(body)) as Record<string, any>;
	} catch (e) {
		return fault('soapenv:Client', `Unable to parse the request: ${(e as Error).message}`);
	}
	env = env?.Envelope;
	if (!env?.Body) return fault('soapenv:Client', 'Element {http://schemas.xmlsoap.org/soap/envelope/}Envelope expected');
	if (!emu.auth.check(str(env.Header?.SessionHeader?.sessionId)))
		return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
	const operation = Object.keys(env.Body)[0] ?? '';
	const args = (env.Body[operation] ?? {}) as Record<string, any>;
	const allOrNone = str(env.Header?.AllOrNoneHeader?.allOrNone) === 'true';
	const org = metadataOf(emu);
	const known = (type: string) => {
		if (!org.typeInfo(type)) throw new SfError('INVALID_TYPE', `This type of metadata is not available for this organization: ${type}`);
		return type;
	};
	const limit = (count: number, max: number) => {
		if (count > max) throw new SfError('LIMIT_EXCEEDED', `Too many components in one call: the limit is ${max}`);
	};
	try {
		switch (operation) {
			case 'describeMetadata': {
				const objects = DESCRIBED.map((d) =>
					xml('metadataObjects', {
						childXmlNames: d.childXmlNames,
						directoryName: d.directoryName,
						inFolder: d.inFolder,
						metaFile: d.metaFile,
						suffix: d.suffix,
						xmlName: d.xmlName,
					}),
				).join('');
				return envelope(
					operation,
					`<result>${objects}<organizationNamespace></organizationNamespace><partialSaveAllowed>true</partialSaveAllowed><testRequired>false</testRequired></result>`,
				);
			}
			case 'listMetadata': {
				const queries = (args.queries ?? []) as Array<Record<string, unknown>>;
				limit(queries.length, 3);
				const files = queries.flatMap((q) => org.list(known(str(q.type)), str(q.folder) || undefined));
				return envelope(operation, files.map((f) => xml('result', f)).join(''));
			}
			case 'readMetadata': {
				const type = known(str(args.metadataType));
				const names = ((args.fullNames ?? []) as unknown[]).map(str);
				limit(names.length, LARGE.has(type) ? 200 : 10);
				const records = names.map((name) => {
					const found =
						type === 'CustomObject'
							? org.readObject(name)
							: type === 'CustomField'
								? org.object(name.split('.')[0])
									? org.readField(name)
									: undefined
								: org.readGeneric(type, name);
					// A name that does not exist comes back as a record without fields (users' observation, certinia/apex-mdapi#142).
					return found ? xml('records', found).replace('<records>', `<records xsi:type="${type}">`) : `<records xsi:type="${type}"/>`;
				});
				return envelope(operation, `<result>${records.join('')}</result>`);
			}
			case 'createMetadata':
			case 'updateMetadata':
			case 'upsertMetadata': {
				const kind = operation.replace('Metadata', '') as SaveKind;
				const components = (args.metadata ?? []) as Component[];
				const types = new Set(components.map((c) => str(c['@_type']).replace(/^.*:/, '')));
				if (types.size > 1) throw new SfError('INVALID_TYPE', 'All components in one call must be of the same type');
				const type = known([...types][0] ?? '');
				limit(components.length, kind !== 'upsert' && LARGE.has(type) ? 200 : 10);
				const metas = components.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== '@_type')));
				const results = run(
					metas.map((m) => str(m.fullName)),
					(n, claimed) => planSave(org, emu, type, kind, metas[n], claimed),
					allOrNone,
				);
				return envelope(
					operation,
					results.map((r) => resultXml(kind === 'upsert' ? { ...r, created: r.created ?? false } : { ...r, created: undefined })).join(''),
				);
			}
			case 'deleteMetadata': {
				const type = known(str(args.metadataType));
				const names = ((args.fullNames ?? []) as unknown[]).map(str);
				limit(names.length, LARGE.has(type) ? 200 : 10);
				return envelope(
					operation,
					run(names, (n) => planDelete(org, emu, type, names[n]), allOrNone)
						.map(resultXml)
						.join(''),
				);
			}
			case 'renameMetadata': {
				const type = known(str(args.metadataType));
				const [from, to] = [str(args.oldFullName), str(args.newFullName)];
				return envelope(
					operation,
					run([to], () => planRename(org, emu, type, from, to), false)
						.map(resultXml)
						.join(''),
				);
			}
			default:
				return fault('soapenv:Client', `No operation available for request {${NS}}${operation}`);
		}
	} catch (e) {
		if (e instanceof SfError) return fault(e.errorCode, e.message);
		throw e;
	}
}
