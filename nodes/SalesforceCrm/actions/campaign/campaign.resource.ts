import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { getMemberStatuses, removeMember } from './members';

/** Resource "Campaign": the generic record operations on Campaign, Add Note, Get Member Statuses, Remove Member, Get Updated / Get Deleted. */
const CAMPAIGN = objectResourceOf('campaign');

export const campaignResource: ResourceDef = objectResource(CAMPAIGN, 'Marketing campaigns and their members', [
	...recordOperations(CAMPAIGN),
	addNote(CAMPAIGN),
	{
		value: 'getMemberStatuses',
		name: 'Get Member Statuses',
		action: 'Get the member statuses of a campaign',
		description: "List the campaign's member status values (e.g. Sent, Responded) to use in Add to Campaign",
		module: getMemberStatuses,
	},
	{
		value: 'removeMember',
		name: 'Remove Member',
		action: 'Remove a member from a campaign',
		description: 'Take a contact or lead off a campaign (deletes its campaign member). Destructive.',
		module: removeMember,
	},
	...replicationOperations(CAMPAIGN),
]);
