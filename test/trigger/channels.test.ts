/**
 * "Watch: A Custom Channel" through n8n-core's TriggerContext against the emulator: /data/<Name>__chn carries the
 * changes of the channel's members; member filter expressions are set on activation (only where they differ) and
 * applied by the emulator; bad names and expressions are refused before any call.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { toolingOf } from '../emulator/streamingPlugin';
import { credentialData, HarnessCredentialsHelper } from '../helpers/engine';
import { callNodeMethod } from '../helpers/methods';
import { startSubscribed } from '../helpers/streaming';
import { startTrigger, TRIGGER_TYPE } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function addMember(channel: string, selectedEntity: string, filterExpression?: string) {
	const r = toolingOf(emu).handle(
		'POST',
		'/sobjects/PlatformEventChannelMember',
		new URLSearchParams(),
		JSON.stringify({
			FullName: `${channel.replace(/__chn$/, '_chn')}_${selectedEntity}`,
			Metadata: { eventChannel: channel, selectedEntity, filterExpression },
		}),
	);
	expect(r.status).toBe(201);
}

useEmulator(
	(started) => {
		emu = started;
		toolingOf(emu).channels.define('Sales__chn', 'Sales events');
		toolingOf(emu).channels.define('Other__chn', 'Other events');
		toolingOf(emu).channels.define('Orders__chn', 'Order events', 'event');
		addMember('Sales__chn', 'AccountChangeEvent');
		addMember('Sales__chn', 'ContactChangeEvent');
		addMember('Other__chn', 'LeadChangeEvent');
	},
	{ holdMs: 250 },
);

const params = (extra: INodeParameters = {}): INodeParameters => ({
	source: 'changeDataCapture',
	scope: 'channel',
	channelName: 'Sales__chn',
	changeTypes: ['create', 'update'],
	...extra,
});

const start = (parameters: INodeParameters) => startSubscribed(emu, { credentials: credentialData(emu), parameters });

describe('Custom channel', () => {
	it("lists the org's data channels (Tooling PlatformEventChannel, channelType data)", async () => {
		const options = await callNodeMethod({
			nodeType: TRIGGER_TYPE,
			kind: 'loadOptions',
			method: 'getCustomChannels',
			parameters: params(),
			path: 'parameters.channelName',
			credentialsHelper: new HarnessCredentialsHelper({ salesforceCrmOAuth2Api: credentialData(emu) }),
		});
		expect(options).toEqual([
			{ name: 'Other events (Other__chn)', value: 'Other__chn' },
			{ name: 'Sales events (Sales__chn)', value: 'Sales__chn' },
		]);
	});

	it("delivers the changes of the channel's members, and only those", async () => {
		const t = await start(params());
		emu.store.insert('Account', { Name: 'Acme' });
		emu.store.insert('Lead', { LastName: 'Lee', Company: 'Lee Ltd' });
		emu.store.insert('Contact', { LastName: 'Cole' });
		const items = await t.waitForItems(2);
		await sleep(500);
		await t.stop();
		expect(t.items().map((i) => i.object)).toEqual(['Account', 'Contact']);
		expect(items.every((i) => i.channel === '/data/Sales__chn')).toBe(true);
	});

	it('sets a member filter on activation (one PATCH, none when unchanged); Salesforce delivers only matching changes', async () => {
		const filters = {
			filter: [
				{ object: 'Account', expression: "Industry = 'Banking' OR (Industry = 'Energy' AND ChangeEventHeader.changeType = 'UPDATE')" },
			],
		};
		emu.resetCounters();
		const t = await start(params({ channelFilters: filters }));
		expect(emu.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
		expect(emu.requests.filter((r) => r.path.startsWith('/services/data/v66.0/tooling/query'))).toHaveLength(2);
		const member = toolingOf(emu)
			.members()
			.find((m) => m.EventChannel === 'Sales__chn' && m.SelectedEntity === 'AccountChangeEvent');
		expect(member?.FilterExpression).toBe(filters.filter[0].expression);
		const energy = emu.store.insert('Account', { Name: 'Power Co', Industry: 'Energy' }); // a create: filtered out
		emu.store.insert('Account', { Name: 'Bank Co', Industry: 'banking' }); // text compares case-insensitively
		emu.store.update('Account', energy, { Name: 'Power Co 2' }); // an Energy update: delivered
		emu.store.insert('Contact', { LastName: 'Unfiltered' }); // the Contact member has no filter
		await t.waitForItems(3);
		await sleep(500);
		await t.stop();
		expect(t.items().map((i) => `${String(i.object)} ${String(i.changeType)}`)).toEqual([
			'Account CREATE',
			'Account UPDATE',
			'Contact CREATE',
		]);

		emu.resetCounters();
		const again = await start(params({ channelFilters: filters }));
		await again.stop();
		expect(emu.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
		expect(emu.requests.filter((r) => r.path.startsWith('/services/data/v66.0/tooling/query'))).toHaveLength(2);
		// an empty expression removes the filter
		await (await start(params({ channelFilters: { filter: [{ object: 'Account', expression: '' }] } }))).stop();
		expect(
			toolingOf(emu)
				.members()
				.find((m) => m.Id === member?.Id)?.FilterExpression,
		).toBeNull();
	});

	it('refuses a bad channel name or filter expression before any call; the emulator refuses a filter it does not model', async () => {
		const refused = async (extra: INodeParameters, message: RegExp) => {
			emu.resetCounters();
			await expect(startTrigger({ credentials: credentialData(emu), parameters: params(extra) })).rejects.toThrow(message);
			return emu.requests.filter((r) => r.path.includes('/tooling/')).length;
		};
		expect(await refused({ channelName: "Sales'__chn" }, /"Sales'__chn" is not a custom channel name/)).toBe(0);
		expect(await refused({ channelName: 'Sales' }, /is not a custom channel name/)).toBe(0);
		const f = (expression: string, object = 'Account') => ({ channelFilters: { filter: [{ object, expression }] } });
		expect(await refused(f("Name = 'O\\'Brien"), /entry 1 \(Account\): unexpected "'O\\'Brien" at position 8/)).toBe(0);
		expect(await refused(f("(Industry = 'A'"), /entry 1 \(Account\): a "\(" is not closed/)).toBe(0);
		expect(
			await refused(
				f("ChangeEventHeader.changedFields = 'Name'"),
				/cannot filter on the array header field ChangeEventHeader.changedFields/,
			),
		).toBe(0);
		expect(await refused(f("Industry = 'A'; DELETE"), /unexpected ";/)).toBe(0);
		expect(await refused(f("Industry = 'A'", 'Account; x'), /"Account; x" is not an object API name/)).toBe(0);
		// well-formed, but not a member, or not modelled by the emulator (Salesforce supports LIKE)
		expect(await refused(f("LastName = 'A'", 'Lead'), /Lead is not a member of Sales__chn/)).toBeGreaterThan(0);
		await expect(startTrigger({ credentials: credentialData(emu), parameters: params(f("Industry LIKE 'Bank%'")) })).rejects.toThrow(
			/The emulator does not model this filter expression \(operator LIKE\)/,
		);
		await expect(
			startTrigger({ credentials: credentialData(emu), parameters: params({ channelName: 'Missing__chn', ...f("Industry = 'A'") }) }),
		).rejects.toThrow(/There is no custom data channel Missing__chn/);
	});

	it('Ignore Changes Made By works on a custom channel too', async () => {
		const t = await start(params({ ignoreChanges: ['origins'], ignoreOrigins: 'client=Importer' }));
		emu.store.insert('Contact', { LastName: 'Imported' }, { changeOrigin: 'com/salesforce/api/rest/66.0;client=Importer' });
		emu.store.insert('Contact', { LastName: 'Typed' }, { changeOrigin: '' });
		await t.waitForItems(1);
		await sleep(500);
		await t.stop();
		expect(t.items().map((i) => (i.values as { LastName: string }).LastName)).toEqual(['Typed']);
		expect(t.items()[0].ignoredSinceLastItem).toBe(1);
	});
});
