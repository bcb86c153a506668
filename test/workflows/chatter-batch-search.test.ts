import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { errorDetails, salesforceNode, useEmulator, expectBatchedRun } from '../helpers/workflow';

/** Chatter → Post Many (Connect REST batch post, 500 a call) and Search Posts through n8n's engine. */
let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
type Json = Record<string, any>;

const run = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>, continueOnFail = false) =>
	runWorkflow({
		credentials: credentialData(emu),
		items: items as never,
		nodes: [salesforceNode({ resource: 'chatter', ...parameters }, continueOnFail ? { continueOnFail: true } : {})],
	});
const feedOf = async (recordId: string) => {
	const feed = await run({ operation: 'listFeed', feedOf: 'record', feedRecordId: recordId, returnAll: true, pageSize: 100 });
	return feed.output('Salesforce').map((e) => (e.json as Json).body.text as string);
};

describe('Chatter → Post Many', () => {
	test('1,000 posts to 4 records land in their feeds in 2 calls, one result per item in input order', async () => {
		const accounts = ['A', 'B', 'C', 'D'].map((n) => emu.store.insert('Account', { Name: `Batch ${n}` }));
		const items = Array.from({ length: 1000 }, (_, k) => ({ to: accounts[k % 4], text: `Note ${k}` }));
		const result = await run(
			{ operation: 'postMany', postTo: 'record', subjectRecordId: '={{ $json.to }}', message: '={{ $json.text }}' },
			items,
		);
		const out = expectBatchedRun(emu, result, 1000, 'POST /chatter/feed-elements/batch', 2);
		out.forEach((o, k) => {
			expect(o.pairedItem).toEqual({ item: k });
			expect(o.json).toMatchObject({ id: expect.stringMatching(/^0D5/), parent: { id: accounts[k % 4] }, body: { text: `Note ${k}` } });
		});
		const feed = await feedOf(accounts[1]);
		expect(feed).toHaveLength(250);
		expect(feed.at(-1)).toBe('Note 1');
	});

	test('an input Salesforce refuses fails alone: error item with its errorCode, the others posted (continue on fail)', async () => {
		const acc = emu.store.insert('Account', { Name: 'Mixed batch' });
		const gone = emu.store.insert('Account', { Name: 'Gone' });
		emu.store.delete('Account', gone);
		const items = [
			{ to: acc, t: 'one' },
			{ to: gone, t: 'two' },
			{ to: acc, t: 'three' },
		];
		const result = await run({ operation: 'postMany', subjectRecordId: '={{ $json.to }}', message: '={{ $json.t }}' }, items, true);
		const out = result.output('Salesforce');
		expect(emu.apiCalls()).toBe(1);
		expect(errorDetails(out[1])).toMatchObject({ errorCode: 'INVALID_ID_FIELD' });
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(await feedOf(acc)).toEqual(['three', 'one']);

		// Without continue on fail the run stops on that item, naming the posts already made.
		const stopped = await run({ operation: 'postMany', subjectRecordId: '={{ $json.to }}', message: '={{ $json.t }}' }, items);
		expect(stopped.error?.message).toMatch(/^Item 1: INVALID_ID_FIELD/);
		expect(String((stopped.error as { description?: string }).description)).toMatch(
			/2 other item\(s\) were written before the run stopped: item 0 \(id 0D5\w+\), item 2/,
		);
	});

	test('bad input in any item is refused before any call', async () => {
		const acc = emu.store.insert('Account', { Name: 'Quiet batch' });
		const badId = await run({ operation: 'postMany', subjectRecordId: '={{ $json.to }}', message: 'hi' }, [
			{ to: acc },
			{ to: "001' OR Id != '" },
		]);
		expect(badId.error?.message).toMatch(/^Item 1: Record ID "001' OR Id != '" is not a valid Salesforce id/);
		const empty = await run({ operation: 'postMany', subjectRecordId: acc, message: '={{ $json.t }}' }, [{ t: 'fine' }, { t: '' }]);
		expect(empty.error?.message).toMatch(/^Item 1: Text is empty/);
		expect(emu.apiCalls()).toBe(0);
	});
});

describe('Chatter → Search Posts', () => {
	let acc: string;
	beforeAll(async () => {
		acc = emu.store.insert('Account', { Name: 'Searchable' });
		const other = emu.store.insert('Account', { Name: 'Elsewhere' });
		const posts = [
			{ to: acc, t: 'Renewal call booked for Friday' },
			{ to: acc, t: 'Pricing question from legal' },
			{ to: other, t: 'Renewal lost to a competitor' },
			{ to: acc, t: 'Renewals team copied' },
		];
		await run({ operation: 'postMany', subjectRecordId: '={{ $json.to }}', message: '={{ $json.t }}' }, posts);
	});

	test('across all feeds (GET /chatter/feed-elements?q=) and within a record feed; * is a prefix wildcard', async () => {
		emu.resetCounters();
		const all = await run({ operation: 'searchPosts', chatterSearch: 'renewal', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.output('Salesforce').map((o) => (o.json as Json).body.text)).toEqual([
			'Renewal lost to a competitor',
			'Renewal call booked for Friday',
		]);
		expect(emu.requests.filter((r) => r.apiCall).map((r) => r.path)).toEqual([
			expect.stringMatching(/\/chatter\/feed-elements\?q=renewal&pageSize=100$/),
		]);

		const inFeed = await run({
			operation: 'searchPosts',
			chatterSearch: 'renewal*',
			searchIn: 'record',
			searchRecordId: acc,
			returnAll: true,
		});
		expect(inFeed.output('Salesforce').map((o) => (o.json as Json).body.text)).toEqual([
			'Renewals team copied',
			'Renewal call booked for Friday',
		]);
		expect(emu.count('GET /chatter/feeds/record/{id}/feed-elements')).toBe(1);
	});

	test('the search text is sent encoded in the query string, and pages are followed up to the limit', async () => {
		const hostile = await run({ operation: 'searchPosts', chatterSearch: "legal&q=x' OR /../", returnAll: true });
		expect(hostile.error).toBeUndefined();
		expect(hostile.output('Salesforce')).toEqual([]);
		const sent = new URL(String(emu.requests.filter((r) => r.apiCall).at(-1)?.path), 'http://emulator').searchParams;
		expect(sent.getAll('q')).toEqual(["legal&q=x' OR /../"]);
		emu.resetCounters();
		const one = await run({ operation: 'searchPosts', chatterSearch: 'renewal*', limit: 1 });
		expect(one.output('Salesforce')).toHaveLength(1);
		expect(emu.apiCalls()).toBe(1);
	});

	test('bad input is refused before any call: too short, wildcard only, bad record id', async () => {
		emu.resetCounters();
		expect((await run({ operation: 'searchPosts', chatterSearch: 'a*' })).error?.message).toMatch(
			/^Item 0: Search Text "a\*" needs at least 2 characters besides wildcards/,
		);
		expect(
			(await run({ operation: 'searchPosts', chatterSearch: 'renewal', searchIn: 'record', searchRecordId: '../../sobjects' })).error
				?.message,
		).toMatch(/^Item 0: Record ID/);
		expect((await run({ operation: 'searchPosts', chatterSearch: 'ok', searchIn: 'everything' })).error?.message).toMatch(
			/^Item 0: Search In "everything" is not one of all, news, record, user/,
		);
		expect(emu.apiCalls()).toBe(0);
	});
});
