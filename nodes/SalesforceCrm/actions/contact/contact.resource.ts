import {
	addNote,
	addToCampaign,
	objectResource,
	objectResourceOf,
	recordOperations,
	replicationOperations,
} from '../record/objectResource';
import type { ResourceDef } from '../types';

/** Resource "Contact": the generic record operations on Contact, Add Note, Add to Campaign, Get Updated / Get Deleted. */
const CONTACT = objectResourceOf('contact');

export const contactResource: ResourceDef = objectResource(CONTACT, 'People at your accounts', [
	...recordOperations(CONTACT),
	addNote(CONTACT),
	addToCampaign(CONTACT),
	...replicationOperations(CONTACT),
]);
