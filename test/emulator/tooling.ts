import { compileFilter, createChannels, type Filter } from './channels';
import { createToolingSobjects } from './tooling-sobjects';

/**
 * Tooling API subset for enabling Change Data Capture (Tooling API, "PlatformEventChannelMember"; wire notes §S3):
 * PlatformEventChannelMember query / create / update (filter expression) / delete on the standard ChangeEvents
 * channel and on custom channels (PlatformEventChannel query / create, channels.ts).
 */
export interface ToolingOptions {
	/** entity slots without the CDC add-on (5) */
	maxEntities?: number;
	/** false → writes fail with INSUFFICIENT_ACCESS (no Customize Application) */
	canCustomize?: boolean;
	/** called with the selected object names (Account, Employee__c) after every change; null = not restricted */
	onMembersChanged?: (selected: string[] | null) => void;
}

export interface ChannelMember {
	Id: string;
	DeveloperName: string;
	FullName: string;
	EventChannel: string;
	SelectedEntity: string;
	FilterExpression?: string | null;
}

const STANDARD = 'ChangeEvents';
const isStandard = (m: ChannelMember) => m.EventChannel === STANDARD;
const BAD_FILTER = (error: unknown) => ({
	status: 400,
	body: [{ errorCode: 'INVALID_INPUT', message: `Invalid filter expression: ${(error as Error).message}` }],
});

let counter = 0;

export function createTooling(opts: ToolingOptions = {}) {
	const members = new Map<string, ChannelMember>();
	const state = { maxEntities: opts.maxEntities ?? 5, canCustomize: opts.canCustomize ?? true, restrict: false };

	const objectOf = (entity: string) =>
		entity.endsWith('__ChangeEvent') ? `${entity.slice(0, -'__ChangeEvent'.length)}__c` : entity.replace(/ChangeEvent$/, '');

	const changed = () =>
		opts.onMembersChanged?.(state.restrict ? [...members.values()].filter(isStandard).map((m) => objectOf(m.SelectedEntity)) : null);
	const channels = createChannels();
	const filters = new Map<string, Filter>();
	const queryResult = (type: string, records: unknown[]) => ({
		status: 200,
		body: { size: records.length, totalSize: records.length, done: true, queryLocator: null, entityTypeName: type, records },
	});

	// ApexClass, CustomField… (tooling-sobjects.ts); PlatformEventChannelMember stays here
	const sobjects = createToolingSobjects();

	function handle(method: string, path: string, query: URLSearchParams, body: string): { status: number; body: unknown } {
		const other = sobjects.handle(method, path, query, body);
		if (other) return other;
		if (method === 'GET' && /^\/query\/?$/.test(path)) {
			const q = query.get('q') ?? '';
			if (/FROM\s+PlatformEventChannel\b/i.test(q)) {
				const type = /WHERE\s+ChannelType\s*=\s*'(data|event)'/i.exec(q)?.[1];
				const records = channels
					.all()
					.filter((c) => !type || c.ChannelType === type)
					.map((c) => ({ attributes: { type: 'PlatformEventChannel' }, ...c }));
				return queryResult('PlatformEventChannel', records);
			}
			if (!/FROM\s+PlatformEventChannelMember/i.test(q)) {
				return { status: 400, body: [{ errorCode: 'INVALID_TYPE', message: 'sObject type is not supported by this emulator' }] };
			}
			const records = [...members.values()].map((m) => ({
				attributes: { type: 'PlatformEventChannelMember', url: `/services/data/v66.0/tooling/sobjects/PlatformEventChannelMember/${m.Id}` },
				Id: m.Id,
				DeveloperName: m.DeveloperName,
				// custom channels come back as the channel's 0YL… id
				EventChannel: isStandard(m) ? m.EventChannel : (channels.byName(m.EventChannel)?.Id ?? m.EventChannel),
				SelectedEntity: m.SelectedEntity,
				FilterExpression: m.FilterExpression ?? null,
			}));
			return queryResult('PlatformEventChannelMember', records);
		}
		if (method === 'POST' && /^\/sobjects\/PlatformEventChannel\/?$/.test(path)) {
			const parsed = JSON.parse(body || '{}') as { FullName?: string; Metadata?: { channelType?: 'data' | 'event'; label?: string } };
			if (!/^[A-Za-z][A-Za-z0-9_]*__chn$/.test(parsed.FullName ?? '') || !parsed.Metadata?.channelType) {
				return {
					status: 400,
					body: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [FullName, Metadata.channelType]' }],
				};
			}
			const ch = channels.define(parsed.FullName!, parsed.Metadata.label, parsed.Metadata.channelType);
			return { status: 201, body: { id: ch.Id, success: true, errors: [], warnings: [], infos: [] } };
		}
		const m = /^\/sobjects\/PlatformEventChannelMember(?:\/([^/]+))?\/?$/.exec(path);
		if (!m) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
		if (method === 'POST' && !m[1]) {
			if (!state.canCustomize) {
				return { status: 400, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }] };
			}
			let parsed: { FullName?: string; Metadata?: { eventChannel?: string; selectedEntity?: string; filterExpression?: string } };
			try {
				parsed = JSON.parse(body || '{}');
			} catch {
				return { status: 400, body: [{ errorCode: 'JSON_PARSER_ERROR', message: 'Malformed JSON' }] };
			}
			const entity = parsed.Metadata?.selectedEntity;
			if (!entity || !parsed.FullName || !parsed.Metadata?.eventChannel) {
				return {
					status: 400,
					body: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [FullName, Metadata]' }],
				};
			}
			const channel = parsed.Metadata.eventChannel;
			if (channel !== STANDARD && channels.byName(channel)?.ChannelType !== 'data') {
				return { status: 400, body: [{ errorCode: 'INVALID_INPUT', message: `No data channel named ${channel}` }] };
			}
			if ([...members.values()].some((x) => x.SelectedEntity === entity && x.EventChannel === channel)) {
				return { status: 400, body: [{ errorCode: 'DUPLICATE_DEVELOPER_NAME', message: `${parsed.FullName} already exists` }] };
			}
			let filter: Filter | undefined;
			try {
				filter = parsed.Metadata.filterExpression ? compileFilter(parsed.Metadata.filterExpression) : undefined;
			} catch (error) {
				return BAD_FILTER(error);
			}
			if (channel === STANDARD && [...members.values()].filter(isStandard).length >= state.maxEntities) {
				// exact wording unverified (wire notes §S3)
				return {
					status: 400,
					body: [{ errorCode: 'LIMIT_EXCEEDED', message: `You can track up to ${state.maxEntities} entities per channel` }],
				};
			}
			const id = `0v8xx${String(++counter).padStart(10, '0')}AAA`;
			members.set(id, {
				Id: id,
				DeveloperName: parsed.FullName.replace(/^ChangeEvents_/, ''),
				FullName: parsed.FullName,
				EventChannel: channel,
				SelectedEntity: entity,
				FilterExpression: parsed.Metadata.filterExpression ?? null,
			});
			if (filter) filters.set(id, filter);
			changed();
			return { status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } };
		}
		if (method === 'PATCH' && m[1]) {
			const member = members.get(m[1]);
			if (!member) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
			if (!state.canCustomize)
				return { status: 400, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }] };
			const meta = (JSON.parse(body || '{}') as { Metadata?: { filterExpression?: string | null } }).Metadata ?? {};
			const expr = meta.filterExpression ?? null;
			try {
				if (expr) filters.set(member.Id, compileFilter(expr));
				else filters.delete(member.Id);
			} catch (error) {
				return BAD_FILTER(error);
			}
			member.FilterExpression = expr;
			return { status: 204, body: undefined };
		}
		if (method === 'DELETE' && m[1]) {
			filters.delete(m[1]);
			if (!members.delete(m[1]))
				return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
			changed();
			return { status: 204, body: undefined };
		}
		if (method === 'GET' && m[1]) {
			const member = members.get(m[1]);
			return member
				? { status: 200, body: member }
				: { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
		}
		return { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed` }] };
	}

	return {
		handle,
		sobjects,
		channels,
		members: () => [...members.values()],
		/** the custom channels carrying an entity's changes, with each member's filter */
		routes(entity: string): Array<{ channel: string; filter?: Filter }> {
			const changeEntity = entity.endsWith('__c') ? `${entity.slice(0, -3)}__ChangeEvent` : `${entity}ChangeEvent`;
			return [...members.values()]
				.filter((x) => !isStandard(x) && x.SelectedEntity === changeEntity)
				.map((x) => ({ channel: `/data/${x.EventChannel}`, filter: filters.get(x.Id) }));
		},
		/** knobs: entity allowance, permission, and whether only selected entities produce CDC events */
		configure(o: { maxEntities?: number; canCustomize?: boolean; restrictToSelected?: boolean }) {
			if (o.maxEntities !== undefined) state.maxEntities = o.maxEntities;
			if (o.canCustomize !== undefined) state.canCustomize = o.canCustomize;
			if (o.restrictToSelected !== undefined) {
				state.restrict = o.restrictToSelected;
				changed();
			}
		},
	};
}

export type ToolingApi = ReturnType<typeof createTooling>;
