import type { INodeExecutionData } from 'n8n-workflow';

import { readMetadata } from '../../../shared/services/metadata';
import { checkFullName } from '../../../shared/services/metadataXml';
import { SalesforceApiError } from '../../../shared/transport/errors';
import { errorItem, prepareItems, toNodeError } from '../common';
import type { OperationModule } from '../types';
import { fullNameField, metadataTypeLocator, metadataTypeParam, sessionOf, textParam } from './fields';

/**
 * Metadata → Read: one component per item by type and full name (readMetadata, 10 names a call per type). Each item
 * becomes { metadataType, fullName, metadata }, where metadata holds the component's fields as Salesforce returns
 * them (ready to change and send to Update).
 */
export const read: OperationModule = {
	description: [metadataTypeLocator('read'), fullNameField('read')],
	async execute(client) {
		const prepared = prepareItems(this, (i) => {
			const type = metadataTypeParam(this, i);
			return { type, fullName: checkFullName(type, textParam(this, i, 'metadataFullName'), i) };
		});
		const valid = prepared.filter((p) => p.input);
		const results = await readMetadata(
			client,
			sessionOf(client),
			valid.map((p) => p.input!),
		);
		const out: INodeExecutionData[] = [];
		let r = 0;
		for (const p of prepared) {
			if (!p.input) {
				out.push(errorItem(p.index, p.error ?? []));
				continue;
			}
			const result = results[r++];
			if (result.success) {
				const metadata = result.metadata!;
				out.push({ json: { metadataType: p.input.type, fullName: String(metadata.fullName), metadata }, pairedItem: { item: p.index } });
			} else if (this.continueOnFail()) {
				out.push(errorItem(p.index, result.errors));
			} else {
				throw toNodeError(this, new SalesforceApiError(result.errors[0]?.errorCode === 'NOT_FOUND' ? 404 : 0, result.errors), p.index);
			}
		}
		return out;
	},
};
