import {
	addNote,
	addToCampaign,
	objectResource,
	objectResourceOf,
	recordOperations,
	replicationOperations,
} from '../record/objectResource';
import type { ResourceDef } from '../types';
import { convert } from './convert.operation';

/** Resource "Lead": the generic record operations on Lead, Add Note, Add to Campaign, Convert, Get Updated / Get Deleted. */
const LEAD = objectResourceOf('lead');

export const leadResource: ResourceDef = objectResource(
	LEAD,
	'Prospects not yet qualified; convert them into an account, a contact and an opportunity',
	[
		...recordOperations(LEAD),
		addNote(LEAD),
		addToCampaign(LEAD),
		{
			value: 'convert',
			name: 'Convert',
			action: 'Convert a lead',
			description: 'Convert a lead into an account, a contact and optionally an opportunity',
			module: convert,
		},
		...replicationOperations(LEAD),
	],
);
