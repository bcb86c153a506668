import type { SalesforceClient } from '../transport/client';

/**
 * "Today" as the running Salesforce user sees it: Salesforce shows a date field in the user's time zone, so a close
 * date or call date left empty is today's date there, not in UTC (the two differ for part of every day). The time
 * zone is the `zoneinfo` of the UserInfo endpoint (Salesforce Help, "UserInfo Endpoint": zoneinfo, the user's time
 * zone), read once per execution; an unknown zone falls back to UTC.
 */
const todayOf = new WeakMap<SalesforceClient, Promise<string>>();

export async function userToday(client: SalesforceClient, now: () => Date = () => new Date()): Promise<string> {
	let today = todayOf.get(client);
	if (!today) {
		today = client
			.request<{ zoneinfo?: string }>('GET', '/services/oauth2/userinfo')
			.then((info) => dateIn(String(info?.zoneinfo ?? ''), now()));
		todayOf.set(client, today);
	}
	return await today;
}

/** YYYY-MM-DD of `at` in an IANA time zone (UTC when the zone is unknown). */
export function dateIn(timeZone: string, at: Date): string {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
	} catch {
		format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
	}
	const part = (type: string) => format.formatToParts(at).find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}
