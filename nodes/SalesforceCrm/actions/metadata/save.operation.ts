import type { INodeProperties } from 'n8n-workflow';

import { type SaveCall, saveMetadata } from '../../../shared/services/metadata';
import { checkFullName, componentXml } from '../../../shared/services/metadataXml';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { prepareItems, writeResults } from '../common';
import { jsonObjectParam } from '../params';
import type { Operation, OperationModule } from '../types';
import { allOrNoneOption, fullNameField, metadataTypeLocator, metadataTypeParam, sessionOf, show, textParam } from './fields';

/**
 * Metadata → Create, Update, Create or Update: one component per item (type, full name, fields as JSON), sent 10 a
 * call per type (createMetadata, updateMetadata, upsertMetadata); one result per item, in input order.
 */
const description = (kind: SaveCall): INodeProperties[] => [
	metadataTypeLocator(kind),
	fullNameField(kind),
	{
		displayName: 'Component Fields (JSON)',
		name: 'metadataFields',
		type: 'json',
		default: '{\n  "label": "Tier",\n  "type": "Text",\n  "length": 50\n}',
		description:
			'The component\'s fields by their Metadata API names, e.g. for a CustomField {"label": "Tier", "type": "Text", "length": 50}; lists repeat an element ({"fieldPermissions": [{…}, {…}]}). Update replaces the component: send all of it (Read it first).',
		displayOptions: show(kind),
	},
];

function saveOperation(kind: SaveCall): Operation {
	return async function (client) {
		const allOrNone = allOrNoneOption(this);
		const prepared = prepareItems(this, (i) => {
			const type = metadataTypeParam(this, i);
			const fields = jsonObjectParam(this, i, 'metadataFields', 'Component Fields (JSON)');
			let fullName = textParam(this, i, 'metadataFullName');
			const inFields = typeof fields.fullName === 'string' ? fields.fullName.trim() : fields.fullName;
			if (!fullName && typeof inFields === 'string') fullName = inFields;
			else if (inFields !== undefined && inFields !== fullName) {
				throw new SalesforceInputError(
					`"fullName" in Component Fields (${JSON.stringify(inFields)}) differs from Full Name "${fullName}"`,
					{
						itemIndex: i,
						field: 'Component Fields (JSON)',
					},
				);
			}
			checkFullName(type, fullName, i);
			return { type, fullName, xml: componentXml(type, fullName, fields, i) };
		});
		const valid = prepared.filter((p) => p.input);
		const results = await saveMetadata(
			client,
			sessionOf(client),
			kind,
			valid.map((p) => p.input!),
			allOrNone,
		);
		const typeOf = new Map(valid.map((p) => [p.index, p.input!.type]));
		return writeResults(this, prepared, results, (r, index) => ({
			success: true,
			metadataType: typeOf.get(index),
			fullName: (r as { fullName?: string }).fullName,
			...(kind === 'upsert' ? { created: r.created === true } : {}),
		}));
	};
}

const saveModule = (kind: SaveCall): OperationModule => ({
	description: description(kind),
	execute: saveOperation(kind),
	options: ['allOrNone'],
});

export const create = saveModule('create');
export const update = saveModule('update');
export const upsert = saveModule('upsert');
