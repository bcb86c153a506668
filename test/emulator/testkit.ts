import { request } from 'undici';
import { SalesforceEmulator, type EmulatorOptions } from './server';

export interface Res {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: any;
	text: string;
}

/** A started emulator plus a bearer-authenticated JSON client on /services/data/v66.0. */
export async function startEmu(opts: EmulatorOptions = {}) {
	const emu = await SalesforceEmulator.start({ plugins: [], ...opts });
	const token = emu.issueToken();
	const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
		const url = emu.url + (path.startsWith('/services') || path.startsWith('/id/') ? path : `/services/data/v66.0${path}`);
		const r = await request(url, {
			method: method as 'GET',
			headers: {
				authorization: `Bearer ${token.access_token}`,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await r.body.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: r.statusCode, headers: r.headers, body: parsed, text };
	};
	const q = (soql: string, all = false) => call('GET', `/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);
	return { emu, token, call, q };
}
