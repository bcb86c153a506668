import { objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { searchUsers } from './search.operation';

/** Resource "User": the generic record operations (no Delete: users are deactivated), Search, Get Updated / Get Deleted. */
const USER = objectResourceOf('user');

export const userResource: ResourceDef = objectResource(USER, 'People who log in to the org (search, activate, deactivate)', [
	...recordOperations(USER),
	{
		value: 'search',
		name: 'Search',
		action: 'Search users',
		description: 'Find active users whose name or email contains the text (e.g. to pick an owner or an @mention)',
		module: searchUsers,
	},
	...replicationOperations(USER),
]);
