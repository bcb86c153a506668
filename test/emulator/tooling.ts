import { createToolingSobjects } from './tooling-sobjects';

/**
 * Tooling API subset for enabling Change Data Capture (Tooling API, "PlatformEventChannelMember"; wire notes §S3):
 * PlatformEventChannelMember query / create / delete on the standard ChangeEvents channel.
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
}

let counter = 0;

export function createTooling(opts: ToolingOptions = {}) {
	const members = new Map<string, ChannelMember>();
	const state = { maxEntities: opts.maxEntities ?? 5, canCustomize: opts.canCustomize ?? true, restrict: false };

	const objectOf = (entity: string) =>
		entity.endsWith('__ChangeEvent') ? `${entity.slice(0, -'__ChangeEvent'.length)}__c` : entity.replace(/ChangeEvent$/, '');

	const changed = () =>
		opts.onMembersChanged?.(state.restrict ? [...members.values()].map((m) => objectOf(m.SelectedEntity)) : null);

	// ApexClass, CustomField… (tooling-sobjects.ts); PlatformEventChannelMember stays here
	const sobjects = createToolingSobjects();

	function handle(method: string, path: string, query: URLSearchParams, body: string): { status: number; body: unknown } {
		const other = sobjects.handle(method, path, query, body);
		if (other) return other;
		if (method === 'GET' && /^\/query\/?$/.test(path)) {
			const q = query.get('q') ?? '';
			if (!/FROM\s+PlatformEventChannelMember/i.test(q)) {
				return { status: 400, body: [{ errorCode: 'INVALID_TYPE', message: 'sObject type is not supported by this emulator' }] };
			}
			const records = [...members.values()].map((m) => ({
				attributes: { type: 'PlatformEventChannelMember', url: `/services/data/v66.0/tooling/sobjects/PlatformEventChannelMember/${m.Id}` },
				Id: m.Id,
				DeveloperName: m.DeveloperName,
				EventChannel: m.EventChannel,
				SelectedEntity: m.SelectedEntity,
			}));
			return { status: 200, body: { size: records.length, totalSize: records.length, done: true, queryLocator: null, entityTypeName: 'PlatformEventChannelMember', records } };
		}
		const m = /^\/sobjects\/PlatformEventChannelMember(?:\/([^/]+))?\/?$/.exec(path);
		if (!m) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
		if (method === 'POST' && !m[1]) {
			if (!state.canCustomize) {
				return { status: 400, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }] };
			}
			let parsed: { FullName?: string; Metadata?: { eventChannel?: string; selectedEntity?: string } };
			try {
				parsed = JSON.parse(body || '{}');
			} catch {
				return { status: 400, body: [{ errorCode: 'JSON_PARSER_ERROR', message: 'Malformed JSON' }] };
			}
			const entity = parsed.Metadata?.selectedEntity;
			if (!entity || !parsed.FullName || !parsed.Metadata?.eventChannel) {
				return { status: 400, body: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [FullName, Metadata]' }] };
			}
			if ([...members.values()].some((x) => x.SelectedEntity === entity)) {
				return { status: 400, body: [{ errorCode: 'DUPLICATE_DEVELOPER_NAME', message: `${parsed.FullName} already exists` }] };
			}
			if (members.size >= state.maxEntities) {
				// exact wording unverified (wire notes §S3)
				return { status: 400, body: [{ errorCode: 'LIMIT_EXCEEDED', message: `You can track up to ${state.maxEntities} entities per channel` }] };
			}
			const id = `0v8xx${String(++counter).padStart(10, '0')}AAA`;
			members.set(id, { Id: id, DeveloperName: parsed.FullName.replace(/^ChangeEvents_/, ''), FullName: parsed.FullName, EventChannel: parsed.Metadata.eventChannel, SelectedEntity: entity });
			changed();
			return { status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } };
		}
		if (method === 'DELETE' && m[1]) {
			if (!members.delete(m[1])) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
			changed();
			return { status: 204, body: undefined };
		}
		if (method === 'GET' && m[1]) {
			const member = members.get(m[1]);
			return member ? { status: 200, body: member } : { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
		}
		return { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed` }] };
	}

	return {
		handle,
		sobjects,
		members: () => [...members.values()],
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
