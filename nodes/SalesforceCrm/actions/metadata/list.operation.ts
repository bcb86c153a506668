import type { INodeExecutionData } from 'n8n-workflow';

import { type ListQuery, listMetadata } from '../../../shared/services/metadata';
import { type RecordResult, failedCall } from '../../../shared/services/records';
import { fullNameProblem } from '../../../shared/services/metadataXml';
import { SalesforceInputError } from '../../../shared/transport/errors';
import { errorItem, prepareItems, toNodeError } from '../common';
import type { OperationModule } from '../types';
import { metadataTypeLocator, metadataTypeParam, sessionOf, show, textParam } from './fields';

/**
 * Metadata → List: the components of a type (listMetadata's FileProperties: fullName, id, fileName, dates…), one item
 * per component. Queries of all items are sent three a call; the same query asked by two items is sent once.
 */
export const list: OperationModule = {
	description: [
		metadataTypeLocator('list'),
		{
			displayName: 'Folder',
			name: 'metadataFolder',
			type: 'string',
			default: '',
			placeholder: 'e.g. unfiled$public',
			description: 'For types kept in folders (Report, Dashboard, Document, EmailTemplate): the folder to list',
			displayOptions: show('list'),
		},
	],
	async execute(client) {
		const prepared = prepareItems(this, (i): ListQuery => {
			const type = metadataTypeParam(this, i);
			const folder = textParam(this, i, 'metadataFolder');
			const problem = folder ? fullNameProblem('Folder', folder) : undefined;
			if (problem) throw new SalesforceInputError(`Folder "${folder}" ${problem}`, { itemIndex: i, field: 'Folder' });
			return folder ? { type, folder } : { type };
		});
		const keyOf = (q: ListQuery) => `${q.type}\n${q.folder ?? ''}`.toLowerCase();
		const distinct = new Map<string, ListQuery>();
		for (const p of prepared) if (p.input) distinct.set(keyOf(p.input), p.input);
		const queries = [...distinct.values()];
		let listed: Array<Array<Record<string, unknown>>> = [];
		let failure: RecordResult | undefined;
		try {
			listed = await listMetadata(client, sessionOf(client), queries);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error);
			failure = failedCall(error, 1)[0];
		}
		const byKey = new Map(queries.map((q, n) => [keyOf(q), listed[n] ?? []]));
		const out: INodeExecutionData[] = [];
		for (const p of prepared) {
			if (!p.input || failure) {
				out.push(errorItem(p.index, p.error ?? failure?.errors ?? []));
				continue;
			}
			for (const file of byKey.get(keyOf(p.input)) ?? [])
				out.push({ json: file as INodeExecutionData['json'], pairedItem: { item: p.index } });
		}
		return out;
	},
};
