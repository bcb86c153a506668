/**
 * Installs the Streaming API into the emulator: `POST /cometd/NN.N` (streaming.ts), CDC events from every store
 * write, Platform Event publish by REST (`POST /services/data/vNN.N/sobjects/<Name>__e` → 201 + an event on
 * /event/<Name>__e) and the Tooling PlatformEventChannelMember routes (tooling.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { readBody } from './body';
import type { EmulatorPlugin } from './plugins';
import type { SalesforceEmulator } from './server';
import { createStreaming, type StreamingServer } from './streaming';
import { createTooling, type ToolingApi } from './tooling';

const byEmulator = new WeakMap<SalesforceEmulator, { streaming: StreamingServer; tooling: ToolingApi }>();

/** The streaming server of an emulator (controls: publish, dropSessions, purgeAll, injectGap, faults, configure…). */
export function streamingOf(emu: SalesforceEmulator): StreamingServer {
	const s = byEmulator.get(emu);
	if (!s) throw new Error('The streaming plugin is not installed in this emulator');
	return s.streaming;
}

export function toolingOf(emu: SalesforceEmulator): ToolingApi {
	const s = byEmulator.get(emu);
	if (!s) throw new Error('The streaming plugin is not installed in this emulator');
	return s.tooling;
}

/** API versions whose data routes the plugin mounts (PE publish, tooling). */
const VERSIONS = Array.from({ length: 66 - 44 + 1 }, (_, i) => `${44 + i}.0`);

export function sendJson(res: ServerResponse, status: number, body: unknown) {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
	res.end(text);
}

const UNAUTHORIZED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

const installed: Array<{ unsubscribe: () => void; streaming: StreamingServer }> = [];

export const streamingPlugin: EmulatorPlugin = {
	name: 'streaming',
	install(emu: SalesforceEmulator) {
		const streaming = createStreaming({
			authenticate: (req) => emu.authenticate(req),
			// custom data channels (/data/<Name>__chn) exist once defined in the Tooling API
			channelExists: (c) => /^\/data\/[A-Za-z0-9_]+__chn$/.test(c) && tooling.channels.byName(c.slice(6))?.ChannelType === 'data',
			routes: (entity) => tooling.routes(entity),
		});
		const tooling = createTooling({
			onMembersChanged: (selected) => streaming.setSelectedEntities(selected),
		});
		byEmulator.set(emu, { streaming, tooling });
		emu.mount('/cometd/', async (req, res) => await streaming.handler(req, res));
		const unsubscribe = emu.store.onChange((ev) => {
			streaming.publishChange({
				entityName: ev.entityName,
				changeType: ev.changeType,
				recordIds: ev.recordIds,
				changedFields: ev.changedFields,
				values: ev.values as Record<string, unknown> as never,
				commitTimestamp: ev.commitTimestamp,
				commitUser: ev.commitUser,
				transactionKey: ev.transactionKey,
				changeOrigin: ev.changeOrigin,
				record: ev.recordIds.length === 1 ? emu.store.get(ev.entityName, ev.recordIds[0]) : undefined,
			});
		});
		installed.push({ unsubscribe, streaming });

		for (const v of VERSIONS) {
			emu.mount(`/services/data/v${v}/tooling/`, async (req, res, ctx) => {
				if (!ctx.auth) return sendJson(res, 401, UNAUTHORIZED);
				const body = await readBody(req);
				const r = tooling.handle(
					req.method ?? 'GET',
					ctx.url.pathname.slice(`/services/data/v${v}/tooling`.length),
					ctx.url.searchParams,
					body,
				);
				sendJson(res, r.status, r.body);
			});
		}
		// Platform Event publish: the emulator's REST router does not know __e types, so the plugin mounts them.
		const mounted = new Set<string>();
		const mountEvent = (name: string) => {
			if (mounted.has(name)) return;
			mounted.add(name);
			for (const v of VERSIONS) {
				emu.mount(`/services/data/v${v}/sobjects/${name}`, async (req, res, ctx) => {
					if (!ctx.auth) return sendJson(res, 401, UNAUTHORIZED);
					const rest = ctx.url.pathname.slice(`/services/data/v${v}/sobjects/${name}`.length);
					if (req.method !== 'POST' || (rest !== '' && rest !== '/')) {
						return sendJson(res, 405, [
							{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${req.method}' not allowed. Allowed are POST` },
						]);
					}
					let fields: Record<string, unknown>;
					try {
						fields = JSON.parse((await readBody(req)) || '{}');
					} catch {
						return sendJson(res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'Malformed JSON' }]);
					}
					const uuid = randomUUID();
					streaming.publish(
						`/event/${name}`,
						{ CreatedDate: new Date().toISOString(), CreatedById: ctx.auth.userId, ...fields },
						{ EventUuid: uuid },
					);
					sendJson(res, 201, {
						id: 'e01xx0000000001AAA',
						success: true,
						errors: [{ statusCode: 'OPERATION_ENQUEUED', message: uuid, fields: [] }],
					});
				});
			}
		};
		const define = streaming.definePlatformEvent;
		streaming.definePlatformEvent = (name: string) => {
			define(name);
			mountEvent(name);
		};
	},
	close() {
		// one emulator per test file is the norm; closing releases every held long poll
		for (const i of installed.splice(0)) {
			i.unsubscribe();
			i.streaming.close();
		}
	},
};
