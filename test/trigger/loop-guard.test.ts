/**
 * "Ignore Changes Made By" through n8n-core's TriggerContext against the emulator's CometD endpoint: each choice
 * drops the matching changes before the workflow runs, counts them on the next item, and moves the replay position
 * past them (a restart from what n8n saved delivers none of them again).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CALL_OPTIONS_CLIENT } from '../../nodes/shared/transport/client';
import type { SalesforceEmulator } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { credentialData } from '../helpers/engine';
import { accountChanges, startSubscribed } from '../helpers/streaming';
import { startTrigger, type RunningTrigger } from '../helpers/trigger';
import { useEmulator } from '../helpers/workflow';

let emu: SalesforceEmulator;
let otherUser: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

useEmulator(
	(started) => {
		emu = started;
		otherUser = emu.store.insert(
			'User',
			{ Username: 'other@example.com', LastName: 'Other', Alias: 'oth', Email: 'other@example.com' },
			{ system: true },
		);
	},
	{ holdMs: 250 },
);

const params = (extra: INodeParameters = {}) => accountChanges(['create', 'update'], extra);
const start = (parameters: INodeParameters, staticData?: IDataObject, credentials = credentialData(emu)) =>
	startSubscribed(emu, { credentials, parameters, staticData });

/** A REST create as the action node sends it (its Sforce-Call-Options header), as the credential's user. */
async function createThroughPack(name: string): Promise<string> {
	const res = await fetch(`${emu.url}/services/data/v66.0/sobjects/Account`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${emu.issueToken().access_token}`,
			'content-type': 'application/json',
			'sforce-call-options': `client=${CALL_OPTIONS_CLIENT}`,
		},
		body: JSON.stringify({ Name: name }),
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

/** Waits for `count` items, then `ms` more (a change wrongly let through would arrive by then), and stops the trigger. */
async function settle(trigger: RunningTrigger, count: number, ms = 500): Promise<IDataObject[]> {
	const items = await trigger.waitForItems(count);
	await sleep(ms);
	await trigger.stop();
	return items;
}

const names = (items: IDataObject[]) => items.map((i) => (i.values as IDataObject).Name);
const external = { userId: '', changeOrigin: 'com/salesforce/api/soap/66.0;client=SfdcInternalAPI/' };

describe('Ignore Changes Made By', () => {
	it("This Pack's Writes: the pack's own REST write is dropped, counted on the next item, and never delivered again", async () => {
		const t = await start(params({ ignoreChanges: ['packWrites'] }));
		await createThroughPack('Ours 1');
		await createThroughPack('Ours 2');
		emu.store.insert('Account', { Name: 'Theirs' }, { ...external, userId: otherUser });
		const items = await settle(t, 1, 600);
		expect(names(t.items())).toEqual(['Theirs']);
		expect(items[0].ignoredSinceLastItem).toBe(2);
		expect(items[0].changeOrigin).toContain('SfdcInternalAPI');
		// restart from what n8n saved: the dropped changes are behind the position, nothing comes again
		const again = await start(params({ ignoreChanges: ['packWrites'] }), t.savedStaticData());
		emu.store.insert('Account', { Name: 'Next' }, { ...external, userId: otherUser });
		await settle(again, 1, 600);
		expect(names(again.items())).toEqual(['Next']);
		expect(again.items()[0].ignoredSinceLastItem).toBeUndefined();
	});

	it('without the option the same writes all start the workflow (behaviour unchanged)', async () => {
		const t = await start(params());
		await createThroughPack('Ours');
		emu.store.insert('Account', { Name: 'Theirs' }, { ...external, userId: otherUser });
		await t.waitForItems(2);
		await t.stop();
		expect(names(t.items())).toEqual(['Ours', 'Theirs']);
		expect(t.items()[0].changeOrigin).toBe(`client=${CALL_OPTIONS_CLIENT}`);
	});

	it("The Credential's User: from the token's identity URL (no extra call); a UserInfo call at activation when the token has none", async () => {
		emu.resetCounters();
		const t = await start(params({ ignoreChanges: ['credentialUser'] }));
		expect(emu.count('/services/oauth2/userinfo')).toBe(0);
		emu.store.insert('Account', { Name: 'Mine' }, { userId: emu.userId, changeOrigin: '' }); // a UI edit by that user
		emu.store.insert('Account', { Name: 'Other' }, { ...external, userId: otherUser });
		const items = await settle(t, 1);
		expect(names(t.items())).toEqual(['Other']);
		expect(items[0].ignoredSinceLastItem).toBe(1);

		const token = emu.issueToken();
		delete token.id;
		emu.resetCounters();
		const u = await start(params({ ignoreChanges: ['credentialUser'] }), undefined, credentialData(emu, { oauthTokenData: token }));
		expect(emu.count('/services/oauth2/userinfo')).toBe(1);
		emu.store.insert('Account', { Name: 'Mine 2' }, { userId: emu.userId });
		emu.store.insert('Account', { Name: 'Mine 3' }, { userId: emu.userId });
		emu.store.insert('Account', { Name: 'Other 2' }, { userId: otherUser });
		await settle(u, 1);
		expect(names(u.items())).toEqual(['Other 2']);
		expect(u.items()[0].ignoredSinceLastItem).toBe(2);
		expect(emu.count('/services/oauth2/userinfo')).toBe(1); // once per activation, not per event
	});

	it('These Users: 15-character IDs are normalised to the 18 Salesforce sends; a bad ID is refused at activation', async () => {
		const t = await start(params({ ignoreChanges: ['users'], ignoreUsers: `${otherUser.slice(0, 15)}\n` }));
		emu.store.insert('Account', { Name: 'By other' }, { userId: otherUser });
		emu.store.insert('Account', { Name: 'By me' }, { userId: emu.userId });
		await settle(t, 1);
		expect(names(t.items())).toEqual(['By me']);
		expect(t.items()[0].ignoredSinceLastItem).toBe(1);

		await expect(
			startTrigger({
				credentials: credentialData(emu),
				parameters: params({ ignoreChanges: ['users'], ignoreUsers: '005xx, 001000000000001' }),
			}),
		).rejects.toThrow(/"These Users" entry 1 \("005xx"\) is not a 15- or 18-character Salesforce user ID/);
		await expect(
			startTrigger({ credentials: credentialData(emu), parameters: params({ ignoreChanges: ['users'], ignoreUsers: ' ' }) }),
		).rejects.toThrow(/no user ID is listed/);
	});

	it('These Change Origins: a change whose origin contains a listed text (case-insensitive) is dropped; UI changes (empty origin) are not', async () => {
		const t = await start(params({ ignoreChanges: ['origins'], ignoreOrigins: 'client=MyEtlTool, bulkapi' }));
		emu.store.insert('Account', { Name: 'ETL' }, { changeOrigin: 'com/salesforce/api/rest/66.0;client=myetltool' });
		emu.store.insert('Account', { Name: 'Bulk' }, { changeOrigin: 'com/salesforce/api/bulkapi/66.0;client=x' });
		emu.store.insert('Account', { Name: 'UI' }, { changeOrigin: '' });
		const id = emu.store.insert('Account', { Name: 'Soap' }, { changeOrigin: 'com/salesforce/api/soap/66.0;client=SfdcInternalAPI/' });
		emu.store.update('Account', id, { Name: 'Soap 2' }, { changeOrigin: 'client=MyEtlTool' });
		await settle(t, 2);
		expect(names(t.items())).toEqual(['UI', 'Soap']);
		expect(t.items()[0].ignoredSinceLastItem).toBe(2);
		// the update dropped after the last item waits in the saved state for the next item
		expect(t.items()[1].ignoredSinceLastItem).toBeUndefined();
	});

	it('never drops a GAP_OVERFLOW event (a resync is needed whoever wrote)', async () => {
		const writer = '005000000000001AAA'; // the emulator's header user for injected events
		const t = await start(params({ ignoreChanges: ['users'], ignoreUsers: writer }));
		emu.store.insert('Account', { Name: 'Dropped' }, { userId: writer });
		streamingOf(emu).injectOverflow('Account');
		const items = await settle(t, 1);
		expect(t.items()).toHaveLength(1);
		expect(items[0]).toMatchObject({ changeType: 'GAP_OVERFLOW', commitUser: writer, resyncRequired: true, ignoredSinceLastItem: 1 });
	});
});
