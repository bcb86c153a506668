import type { ToolText } from '../types';

/** What an AI agent reads about each Metadata operation (merged into actions/toolText.ts). */
export const METADATA_TOOL_TEXTS: Record<string, ToolText> = {
	'metadata.describeTypes': {
		effect: 'read',
		text: "List the org's metadata types (xmlName, e.g. CustomObject, CustomField, Flow, PermissionSet, Profile) with their child types.",
	},
	'metadata.list': {
		effect: 'read',
		text: 'List the components of a Metadata Type (e.g. CustomField, CustomObject, Flow). Returns {fullName, type, id, lastModifiedDate…} per component.',
	},
	'metadata.read': {
		effect: 'read',
		text: 'Read a component by Metadata Type and Full Name (e.g. CustomField, Account.Tier__c). Returns {metadataType, fullName, metadata} with its fields.',
	},
	'metadata.create': {
		effect: 'write',
		text: 'Create a metadata component: Metadata Type, Full Name (e.g. CustomField Account.Tier__c), fields as JSON ({"label":"Tier","type":"Text","length":50}). A new field stays hidden until a Profile grants it (Update its fieldPermissions).',
	},
	'metadata.update': {
		effect: 'write',
		text: "Replace a metadata component (Metadata Type, Full Name, all its fields as JSON; Read it first). Changes the org's configuration.",
	},
	'metadata.upsert': {
		effect: 'write',
		text: 'Create a metadata component, or replace it if one with that Full Name exists (Metadata Type, Full Name, fields as JSON). Returns {fullName, created}.',
	},
	'metadata.delete': {
		effect: 'delete',
		text: "Delete a metadata component by Metadata Type and Full Name; a custom object goes with its fields and records. Changes the org's configuration.",
	},
	'metadata.rename': {
		effect: 'write',
		text: 'Rename a metadata component: Metadata Type, Full Name and New Full Name (e.g. Account.Tier__c → Account.Segment__c).',
	},
};
