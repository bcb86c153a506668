import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { fixedObjectOf } from '../actions/record/objects';
import { isApiName } from '../../shared/services/ids';
import { SalesforceClient } from '../../shared/transport/client';

/** The object the form is about: fixed by the resource, or the Record resource's Object parameter. */
export function currentObject(ctx: ILoadOptionsFunctions): string | undefined {
	const resource = ctx.getCurrentNodeParameter('resource') as string | undefined;
	const fixed = resource ? fixedObjectOf(resource) : undefined;
	if (fixed) return fixed;
	const value = ctx.getCurrentNodeParameter('sobject', { extractValue: true }) as string | undefined;
	return isApiName(value) ? value : undefined;
}

export async function clientFor(ctx: ILoadOptionsFunctions): Promise<SalesforceClient> {
	return await SalesforceClient.create(ctx);
}
