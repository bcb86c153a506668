import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { SalesforceEmulator } from '../emulator';
import { streamingOf } from '../emulator/streamingPlugin';
import { n8nCoreAtLeast } from './n8nVersion';
import { startTrigger } from './trigger';

const TOKEN = 'POST /services/oauth2/token';

/**
 * Failed calls an expired session costs. The client asks for error statuses as responses except 401
 * (`ignoreHttpStatusErrors: { ignore: true, except: [401] }`), so n8n's helper sees the first 401, renews the token
 * and repeats the call: 1. An n8n-core that predates that form (n8n 1.123 to 2.8, the matrix's oldest engine)
 * returns the 401 as a response; the client repeats the call for n8n to see: 2.
 */
export const FAILED_CALLS_PER_EXPIRY = n8nCoreAtLeast(2, 41) ? 1 : 2;

/** The request log of one call across an expiry: the failed call(s), the token request, the repeated call. */
export function acrossExpiry(endpoint: string, okStatus = 200): Array<[string, number]> {
	return [...Array.from({ length: FAILED_CALLS_PER_EXPIRY }, (): [string, number] => [endpoint, 401]), [TOKEN, 200], [endpoint, okStatus]];
}

/**
 * Activates the CDC trigger on Account creates with this credential (the node parameters add e.g. the
 * authentication choice), checks an event arrives with one token request, expires every session, and checks the
 * next event arrives after exactly one more token request (the trigger renewed through n8n, not by failing).
 * `emu` needs a short streaming hold (configure({ holdMs })) so a connect notices the expiry quickly.
 */
export async function expectCdcAcrossExpiry(
	emu: SalesforceEmulator,
	credentials: ICredentialDataDecryptedObject,
	parameters: INodeParameters = {},
) {
	const stats = streamingOf(emu).stats;
	const waitForSubscribe = async (after: number) => {
		for (let i = 0; i < 1500 && stats.subscribes === after; i++) await new Promise((r) => setTimeout(r, 20));
	};
	const names = (items: IDataObject[]) => items.map((i) => (i.values as IDataObject).Name);
	const before = stats.subscribes;
	const trigger = await startTrigger({
		credentials,
		parameters: { ...parameters, source: 'changeDataCapture', scope: 'selected', objects: ['Account'], changeTypes: ['create'] },
	});
	try {
		await waitForSubscribe(before);
		emu.store.insert('Account', { Name: 'Streamed One' });
		expect(names(await trigger.waitForItems(1))).toEqual(['Streamed One']);
		expect(emu.count(TOKEN)).toBe(1);

		emu.expireAccessTokens();
		await waitForSubscribe(stats.subscribes);
		emu.store.insert('Account', { Name: 'Streamed Two' });
		expect(names(await trigger.waitForItems(2))).toEqual(['Streamed One', 'Streamed Two']);
		expect(trigger.errors).toEqual([]);
		expect(emu.count(TOKEN)).toBe(2);
	} finally {
		await trigger.stop();
	}
}
