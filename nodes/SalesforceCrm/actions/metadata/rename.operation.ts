import { type MetadataResult, renameMetadata } from '../../../shared/services/metadata';
import { checkFullName } from '../../../shared/services/metadataXml';
import { prepareItems, writeResults } from '../common';
import type { OperationModule } from '../types';
import { fullNameField, metadataTypeLocator, metadataTypeParam, sessionOf, show, textParam } from './fields';

/** Metadata → Rename: renameMetadata takes one component, so one call per item. */
export const rename: OperationModule = {
	description: [
		metadataTypeLocator('rename'),
		fullNameField('rename'),
		{
			displayName: 'New Full Name',
			name: 'metadataNewFullName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Account.Segment__c',
			description: 'The full name the component gets; for fields and other children of an object, keep the object part',
			displayOptions: show('rename'),
		},
	],
	async execute(client) {
		const prepared = prepareItems(this, (i) => {
			const type = metadataTypeParam(this, i);
			const oldFullName = checkFullName(type, textParam(this, i, 'metadataFullName'), i);
			const newFullName = checkFullName(type, textParam(this, i, 'metadataNewFullName'), i, 'New Full Name');
			return { type, oldFullName, newFullName };
		});
		const results: MetadataResult[] = [];
		for (const p of prepared) {
			if (p.input) results.push(await renameMetadata(client, sessionOf(client), p.input.type, p.input.oldFullName, p.input.newFullName));
		}
		const inputOf = new Map(prepared.map((p) => [p.index, p.input]));
		return writeResults(this, prepared, results, (r, index) => ({
			success: true,
			metadataType: inputOf.get(index)?.type,
			oldFullName: inputOf.get(index)?.oldFullName,
			fullName: (r as MetadataResult).fullName ?? inputOf.get(index)?.newFullName,
		}));
	},
};
