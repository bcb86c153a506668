import { IdFactory } from './ids';
import { Schema } from './schema';
import { type Fields, OrgStore } from './store';
import { SfError } from './types';

/**
 * Tooling API sObjects besides PlatformEventChannelMember (tooling.ts keeps that one): ApexClass, ApexTrigger,
 * CustomField and ApexLog, held in their own small org store (same validation and SOQL engine as the data API).
 *   GET /query?q=…                     { size, totalSize, done, queryLocator, entityTypeName, records }
 *   GET /sobjects                      { encoding, maxBatchSize, sobjects: [...] }
 *   POST /sobjects/{T}                 { id, success, errors, warnings, infos }
 *   GET|PATCH|DELETE /sobjects/{T}/{id}, GET /sobjects/{T}/describe
 * CustomField takes { FullName: 'Account.Tier__c', Metadata: {...} } as Salesforce documents it; DeveloperName and
 * TableEnumOrId are derived from FullName, Metadata is kept as given. Compilation of Apex is not emulated: a Body
 * must only declare a class (or trigger) whose name matches Name (error wording guessed).
 */
const TOOLING_SPECS: ConstructorParameters<typeof Schema>[0] = {
	ApexClass: {
		label: 'Apex Class',
		plural: 'Apex Classes',
		prefix: '01p',
		fields: `
Name string(255) req name
Body textarea(1000000) req
ApiVersion double
Status picklist [*Active|Inactive|Deleted] def restricted
LengthWithoutComments int calc
NamespacePrefix string(15) ro`,
	},
	ApexTrigger: {
		label: 'Apex Trigger',
		plural: 'Apex Triggers',
		prefix: '01q',
		fields: `
Name string(255) req name
Body textarea(1000000) req
TableEnumOrId string(40) req
ApiVersion double
Status picklist [*Active|Inactive|Deleted] def restricted`,
	},
	CustomField: {
		label: 'Custom Field',
		plural: 'Custom Fields',
		prefix: '00N',
		fields: `
FullName string(255) req co
DeveloperName string(40) ro name
TableEnumOrId string(40) ro
Metadata textarea(131072)`,
	},
	ApexLog: {
		label: 'Apex Log',
		plural: 'Apex Logs',
		prefix: '07L',
		readonly: true,
		fields: `
Operation string(128)
Status string(255)
LogLength int
DurationMilliseconds int`,
	},
};

type Resp = { status: number; body: unknown };
const err = (e: SfError): Resp => ({ status: e.status, body: [e.toRest()] });

export function createToolingSobjects(userId = '005000000000000AAA') {
	const store = new OrgStore(new Schema(TOOLING_SPECS), new IdFactory('7'), userId);
	const version = '66.0';
	const url = (type: string, id: string) => `/services/data/v${version}/tooling/sobjects/${type}/${id}`;

	function out(type: string, fields: Fields, only?: string[]): Fields {
		const o: Fields = { attributes: { type, url: url(type, fields.Id as string) } };
		const names = only ?? store.schema.get(type)!.fields.map((f) => f.name);
		for (const n of names) {
			const f = store.schema.field(type, n);
			if (!f) throw new SfError('INVALID_FIELD', `No such column '${n}' on entity '${type}'.`);
			o[f.name] = f.name === 'Metadata' && typeof fields.Metadata === 'string' ? JSON.parse(fields.Metadata) : (fields[f.name] ?? null);
		}
		return o;
	}

	function prepare(type: string, body: Fields, create: boolean): { data: Fields; derived: Fields } {
		const data: Fields = { ...body };
		const derived: Fields = {};
		if ('Metadata' in data && data.Metadata !== null && typeof data.Metadata === 'object') data.Metadata = JSON.stringify(data.Metadata);
		if (type === 'CustomField' && create) {
			const m = /^(\w+)\.(\w+)__c$/.exec(String(data.FullName ?? ''));
			if (!m) throw new SfError('INVALID_FIELD', 'FullName must be Object.Field__c', ['FullName']); // wording guessed
			derived.TableEnumOrId = m[1];
			derived.DeveloperName = m[2];
		}
		if ((type === 'ApexClass' || type === 'ApexTrigger') && typeof data.Body === 'string') {
			const kind = type === 'ApexClass' ? 'class' : 'trigger';
			const m = new RegExp(`\\b${kind}\\s+(\\w+)`, 'i').exec(data.Body);
			if (!m) throw new SfError('COMPILE_ERROR', `Body does not declare a ${kind}`); // wording guessed
			if (data.Name !== undefined && String(data.Name) !== m[1])
				throw new SfError('COMPILE_ERROR', `${kind} name ${m[1]} does not match Name ${String(data.Name)}`);
			derived.LengthWithoutComments = data.Body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').length;
		}
		return { data, derived };
	}

	function handle(method: string, path: string, query: URLSearchParams, body: string): Resp | undefined {
		if (/PlatformEventChannel/i.test(path) || (path.startsWith('/query') && /FROM\s+PlatformEventChannel/i.test(query.get('q') ?? '')))
			return undefined;
		try {
			if (method === 'GET' && /^\/query\/?$/.test(path)) {
				const q = query.get('q') ?? '';
				if (!q.trim()) throw new SfError('MALFORMED_QUERY', 'A query string has to be specified');
				const res = store.soql.run(q, { all: false, version });
				const records = (res.records as Fields[]).map((r) => {
					const a = r.attributes as { type: string } | undefined;
					if (a && r.Id) r.attributes = { type: a.type, url: url(a.type, r.Id as string) };
					if (typeof r.Metadata === 'string') r.Metadata = JSON.parse(r.Metadata);
					return r;
				});
				const entity = /FROM\s+(\w+)/i.exec(q)?.[1] ?? null;
				return {
					status: 200,
					body: { size: records.length, totalSize: res.totalSize, done: true, queryLocator: null, entityTypeName: entity, records },
				};
			}
			if (method === 'GET' && /^\/sobjects\/?$/.test(path)) {
				return {
					status: 200,
					body: {
						encoding: 'UTF-8',
						maxBatchSize: 200,
						sobjects: [...store.schema.objects.keys()].map((n) => store.objectInfo(n, version)),
					},
				};
			}
			const m = /^\/sobjects\/(\w+)(?:\/(\w+))?\/?$/.exec(path);
			if (!m) return undefined;
			const type = store.schema.get(m[1])?.name;
			if (!type) throw new SfError('NOT_FOUND', 'The requested resource does not exist', undefined, 404);
			if (m[2] === 'describe' && method === 'GET') return { status: 200, body: store.describe(type) };
			if (!m[2] && method === 'POST') {
				const { data, derived } = prepare(type, JSON.parse(body || '{}') as Fields, true);
				const id = store.transaction(() => {
					const newId = store.insert(type, data);
					if (Object.keys(derived).length) store.update(type, newId, derived, { system: true });
					return newId;
				});
				return { status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } };
			}
			if (m[2] && method === 'GET') {
				const rec = store.live(type, m[2]);
				return {
					status: 200,
					body: out(
						type,
						rec.fields,
						query
							.get('fields')
							?.split(',')
							.map((f) => f.trim())
							.filter(Boolean),
					),
				};
			}
			if (m[2] && method === 'PATCH') {
				const { data, derived } = prepare(type, JSON.parse(body || '{}') as Fields, false);
				store.transaction(() => {
					store.update(type, m[2]!, data);
					if (Object.keys(derived).length) store.update(type, m[2]!, derived, { system: true });
				});
				return { status: 204, body: undefined };
			}
			if (m[2] && method === 'DELETE') {
				store.delete(type, m[2]);
				return { status: 204, body: undefined };
			}
			return { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed` }] };
		} catch (e) {
			if (e instanceof SfError) return err(e);
			if (e instanceof SyntaxError) return { status: 400, body: [{ errorCode: 'JSON_PARSER_ERROR', message: e.message }] };
			throw e;
		}
	}

	return { store, handle };
}

export type ToolingSobjects = ReturnType<typeof createToolingSobjects>;
