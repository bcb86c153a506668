import type { SalesforceEmulator } from '../emulator';
import { credentialData, runWorkflow } from '../helpers/engine';
import { salesforceNode, useEmulator, errorDetails } from '../helpers/workflow';

let emu: SalesforceEmulator;
useEmulator((started) => (emu = started));
const node = salesforceNode;
type Json = Record<string, any>;

describe('Chatter through n8n’s engine (Connect REST)', () => {
	test('post to a record with an @mention, rich post to a user and to me, get, comment, list comments, list feeds paged, delete', async () => {
		const credentials = credentialData(emu);
		const acc = emu.store.insert('Account', { Name: 'Chatty Co' });
		const bob = emu.store.insert(
			'User',
			{ Username: 'bob@x.example', FirstName: 'Bob', LastName: 'Builder', Alias: 'bob', Email: 'bob@x.example', IsActive: true },
			{ system: true },
		);

		const posted = await runWorkflow({
			credentials,
			items: [{ text: 'Renewal is at risk,' }, { text: 'Second note' }, { text: 'Third note' }],
			nodes: [
				node({
					resource: 'chatter',
					operation: 'post',
					postTo: 'record',
					subjectRecordId: acc,
					message: '={{ $json.text }}',
					mentionIds: bob,
				}),
			],
		});
		expect(posted.error).toBeUndefined();
		const first = posted.output('Salesforce')[0].json as Json;
		expect(first.parent.id).toBe(acc);
		expect(first.body.text).toBe('Renewal is at risk, @Bob Builder');
		expect(first.body.messageSegments[2]).toMatchObject({ type: 'Mention', record: { id: bob } });

		const rich = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'chatter',
					operation: 'post',
					postTo: 'user',
					subjectUserId: bob,
					messageType: 'rich',
					messageSegments: JSON.stringify([
						{ type: 'MarkupBegin', markupType: 'Bold' },
						{ type: 'Text', text: 'Welcome' },
						{ type: 'MarkupEnd', markupType: 'Bold' },
					]),
				}),
			],
		});
		expect((rich.output('Salesforce')[0].json as Json).body).toMatchObject({ isRichText: true, text: 'Welcome' });
		const mine = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'post', postTo: 'me', message: 'Note to self' })],
		});
		expect((mine.output('Salesforce')[0].json as Json).parent.id).toBe(emu.userId);

		const postId = String(first.id);
		const got = await runWorkflow({ credentials, nodes: [node({ resource: 'chatter', operation: 'getPost', feedElementId: postId })] });
		expect((got.output('Salesforce')[0].json as Json).body.text).toBe('Renewal is at risk, @Bob Builder');

		await runWorkflow({
			credentials,
			items: [{ t: 'On it' }, { t: 'Call scheduled' }, { t: 'Done' }],
			nodes: [node({ resource: 'chatter', operation: 'comment', feedElementId: postId, message: '={{ $json.t }}' })],
		});
		const comments = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'listComments', feedElementId: postId, returnAll: true })],
		});
		expect(comments.output('Salesforce').map((c) => (c.json as Json).body.text)).toEqual(['On it', 'Call scheduled', 'Done']);

		emu.resetCounters();
		const feed = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'listFeed', feedOf: 'record', feedRecordId: acc, returnAll: true, pageSize: 2 })],
		});
		expect(feed.output('Salesforce').map((e) => (e.json as Json).body.text)).toEqual([
			'Third note @Bob Builder',
			'Second note @Bob Builder',
			'Renewal is at risk, @Bob Builder',
		]);
		expect(emu.apiCalls()).toBe(2); // two pages of 2
		const limited = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'listFeed', feedOf: 'record', feedRecordId: acc, limit: 1 })],
		});
		expect(limited.output('Salesforce')).toHaveLength(1);
		const bobsFeed = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'listFeed', feedOf: 'user', feedUserId: bob, returnAll: true })],
		});
		expect(bobsFeed.output('Salesforce').map((e) => (e.json as Json).body.text)).toEqual(['Welcome']);

		const deleted = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'deletePost', feedElementId: postId })],
		});
		expect(deleted.output('Salesforce')[0].json).toEqual({ id: postId, success: true });
		const gone = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'getPost', feedElementId: postId }, { continueOnFail: true })],
		});
		expect(errorDetails(gone.output('Salesforce')[0]).errorCode).toBe('NOT_FOUND');
	});

	test('bad input is refused before any call: malformed mention id, segments that are not an array, unknown segment type', async () => {
		const credentials = credentialData(emu);
		const acc = emu.store.insert('Account', { Name: 'Quiet Co' });
		const bad = await runWorkflow({
			credentials,
			nodes: [node({ resource: 'chatter', operation: 'post', subjectRecordId: acc, message: 'hi', mentionIds: 'bob' })],
		});
		expect(bad.error?.message).toMatch(/Item 0: Mention User IDs "bob" is not a valid Salesforce id/);
		const notArray = await runWorkflow({
			credentials,
			nodes: [
				node({ resource: 'chatter', operation: 'post', subjectRecordId: acc, messageType: 'rich', messageSegments: '{"type": "Text"}' }),
			],
		});
		expect(notArray.error?.message).toMatch(/Message Segments must be a non-empty JSON array/);
		const unknown = await runWorkflow({
			credentials,
			nodes: [
				node({
					resource: 'chatter',
					operation: 'post',
					subjectRecordId: acc,
					messageType: 'rich',
					messageSegments: '[{"type": "Script"}]',
				}),
			],
		});
		expect(unknown.error?.message).toMatch(/type must be one of/);
		expect(emu.apiCalls()).toBe(0);
	});
});
