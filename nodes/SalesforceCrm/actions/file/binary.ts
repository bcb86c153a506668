import type { IExecuteFunctions } from 'n8n-workflow';

import { SalesforceInputError } from '../../../shared/transport/errors';

/** Form fields and the binary input shared by the File and Attachment resources. */

export const show = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

export async function readBinary(
	ctx: IExecuteFunctions,
	i: number,
	property: string,
): Promise<{ data: Buffer; fileName: string; mimeType: string }> {
	const binary = ctx.getInputData()[i]?.binary?.[property];
	if (!binary)
		throw new SalesforceInputError(`The item has no binary property "${property}"`, { itemIndex: i, field: 'Input Binary Field' });
	// Through n8n's helper, so filesystem and S3 binary modes work too.
	const data = await ctx.helpers.getBinaryDataBuffer(i, property);
	return { data, fileName: binary.fileName ?? 'file', mimeType: binary.mimeType };
}

export const recordLocator = (resource: string, operation: string[], description: string) => ({
	displayName: 'Record ID',
	name: 'fileRecordId',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: '001…',
	description,
	displayOptions: show(resource, operation),
});

export const binaryIn = (resource: string) => ({
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file to be uploaded',
	displayOptions: show(resource, ['upload', 'create']),
});

export const binaryOut = (resource: string) => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyOutput',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
	displayOptions: show(resource, ['download']),
});
