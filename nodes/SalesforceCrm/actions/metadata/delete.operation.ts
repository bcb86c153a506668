import { deleteMetadata } from '../../../shared/services/metadata';
import { checkFullName } from '../../../shared/services/metadataXml';
import { prepareItems, writeResults } from '../common';
import type { OperationModule } from '../types';
import { allOrNoneOption, fullNameField, metadataTypeLocator, metadataTypeParam, sessionOf, textParam } from './fields';

/**
 * Metadata → Delete: one component per item (deleteMetadata, 10 a call per type). Deleting a custom object deletes
 * its fields and records with it (Salesforce cascades), so this operation is destructive.
 */
export const remove: OperationModule = {
	description: [metadataTypeLocator('delete'), fullNameField('delete')],
	options: ['allOrNone'],
	async execute(client) {
		const allOrNone = allOrNoneOption(this);
		const prepared = prepareItems(this, (i) => {
			const type = metadataTypeParam(this, i);
			return { type, fullName: checkFullName(type, textParam(this, i, 'metadataFullName'), i) };
		});
		const valid = prepared.filter((p) => p.input);
		const results = await deleteMetadata(
			client,
			sessionOf(client),
			valid.map((p) => p.input!),
			allOrNone,
		);
		const typeOf = new Map(valid.map((p) => [p.index, p.input!]));
		return writeResults(this, prepared, results, (_r, index) => ({
			success: true,
			metadataType: typeOf.get(index)?.type,
			fullName: typeOf.get(index)?.fullName,
			deleted: true,
		}));
	},
};
