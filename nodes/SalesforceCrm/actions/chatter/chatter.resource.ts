import type { ResourceDef } from '../types';
import * as chatter from './chatter';
import { postMany } from './chatterBatch';
import { searchPosts } from './chatterSearch';

/** Resource "Chatter": posts and comments on feeds (Connect REST API). */
export const chatterResource: ResourceDef = {
	value: 'chatter',
	name: 'Chatter',
	description: 'Posts and comments on Chatter feeds',
	operations: [
		{
			value: 'comment',
			name: 'Comment',
			action: 'Comment on a Chatter post',
			description: 'Add a comment to a Chatter post (text with @mentions, or rich segments)',
			module: chatter.comment,
		},
		{
			value: 'deletePost',
			name: 'Delete Post',
			action: 'Delete a Chatter post',
			description: 'Delete a Chatter post and its comments. Destructive.',
			module: chatter.deletePost,
		},
		{
			value: 'getPost',
			name: 'Get Post',
			action: 'Get a Chatter post',
			description: 'Get a Chatter post with its body, author and first comments',
			module: chatter.getPost,
		},
		{
			value: 'listComments',
			name: 'List Comments',
			action: 'List the comments of a Chatter post',
			description: 'List the comments of a Chatter post, oldest first',
			module: chatter.listComments,
		},
		{
			value: 'listFeed',
			name: 'List Feed',
			action: 'List a Chatter feed',
			description: "List the posts of a record's feed, a user's feed or my news feed, newest first (paged)",
			module: chatter.listFeed,
		},
		{
			value: 'post',
			name: 'Post',
			action: 'Post to Chatter',
			description: 'Post to a record, a user or my own feed; plain text with @mentions by user ID, or rich segments',
			module: chatter.post,
		},
		{
			value: 'postMany',
			name: 'Post Many',
			action: 'Post many Chatter posts',
			description: 'Post every input item to its feed, 500 posts per call (Connect REST batch post); results per item',
			module: postMany,
		},
		{
			value: 'searchPosts',
			name: 'Search Posts',
			action: 'Search Chatter posts',
			description: 'Find posts by text across all feeds or in one feed (a record, a user, my news feed)',
			module: searchPosts,
		},
	],
};
