import { postFeedItems } from '../../../shared/services/chatter';
import { prepareItems, writeResults } from '../common';
import type { Operation, OperationModule } from '../types';
import { segmentsParam, subjectParam } from './chatter';

/**
 * Chatter → Post Many: every input item's post, 500 per call through Connect REST's batch post
 * (POST /chatter/feed-elements/batch, connect_resources_feed_element_batch_post.htm). All items are checked before
 * the first call; results come back per item in input order (the Feed Item, or Salesforce's error for that input).
 * It takes Post's parameters (Post To, Record ID / User ID, message).
 */
export const postMany: OperationModule = {
	description: [],
	execute: async function (client) {
		const prepared = prepareItems(this, (i) => ({ subjectId: subjectParam(this, i), segments: segmentsParam(this, i) }));
		const inputs = prepared.flatMap((p) => (p.input ? [p.input] : []));
		const results = inputs.length ? await postFeedItems(client, inputs) : [];
		const posts = new Map<number, (typeof results)[number]['post']>();
		let r = 0;
		for (const p of prepared) if (p.input) posts.set(p.index, results[r++]?.post);
		return writeResults(this, prepared, results, (_result, index) => posts.get(index) ?? {});
	} as Operation,
};
