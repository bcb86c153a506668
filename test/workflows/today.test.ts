/**
 * "Today" for Opportunity → Close and Task → Log Call is the date in the Salesforce user's time zone (UserInfo's
 * zoneinfo), not UTC. The two zones below are 25 hours apart, so at any moment at least one of them is not on the
 * UTC date: the test cannot pass by using UTC.
 */
import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator } from '../helpers/workflow';
import { dateIn } from '../../nodes/shared/services/today';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started), { seed: 'demo' });

const ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'];

test('the two zones cannot both be on the UTC date', () => {
	const now = new Date();
	const utc = now.toISOString().slice(0, 10);
	expect(ZONES.map((zone) => dateIn(zone, now)).some((date) => date !== utc)).toBe(true);
	expect(dateIn('Not/AZone', now)).toBe(utc);
});

test.each(ZONES)('user in %s: an empty Close Date and Call Date are today there', async (zone) => {
	emu.store.update('User', emu.userId, { TimeZoneSidKey: zone }, { system: true });
	const opportunity = emu.store.insert('Opportunity', { Name: `Today ${zone}`, StageName: 'Prospecting', CloseDate: '2020-01-01' });
	const before = dateIn(zone, new Date());
	const closed = await runWorkflow({
		credentials: credentialData(emu),
		nodes: [salesforceNode({ resource: 'opportunity', operation: 'close', opportunityId: { __rl: true, mode: 'id', value: opportunity } })],
	});
	const logged = await runWorkflow({
		credentials: credentialData(emu),
		items: [{}, {}, {}],
		nodes: [salesforceNode({ resource: 'task', operation: 'logCall', subject: 'Call' })],
	});
	const after = dateIn(zone, new Date());
	expect(closed.error).toBeUndefined();
	expect(logged.error).toBeUndefined();
	const closeDate = emu.store.get('Opportunity', opportunity)?.CloseDate;
	const callDate = emu.store.get('Task', String(logged.output('Salesforce')[0].json.id))?.ActivityDate;
	// Around midnight in that zone either side is right.
	expect([before, after]).toContain(closeDate);
	expect([before, after]).toContain(callDate);
	expect(closed.output('Salesforce')[0].json.closeDate).toBe(closeDate);
	// One UserInfo call per execution (the log call run had 3 items).
	expect(logged.output('Salesforce')).toHaveLength(3);
	expect(emu.requests.filter((r) => r.path.startsWith('/services/oauth2/userinfo'))).toHaveLength(2);
});
