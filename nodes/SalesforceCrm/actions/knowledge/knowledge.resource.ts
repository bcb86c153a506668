import type { ResourceDef } from '../types';
import { get, search } from './knowledge';

/** Resource "Knowledge": search and read published knowledge articles. */
export const knowledgeResource: ResourceDef = {
	value: 'knowledge',
	name: 'Knowledge',
	description: 'Knowledge articles (search and read)',
	operations: [
		{
			value: 'getArticle',
			name: 'Get Article',
			action: 'Get a knowledge article',
			description: 'Get the published version of a knowledge article in a language',
			module: get,
		},
		{
			value: 'search',
			name: 'Search',
			action: 'Search knowledge articles',
			description: 'Find published knowledge articles by keywords in a language (to answer a customer)',
			module: search,
		},
	],
};
