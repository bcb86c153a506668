import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { usefulFieldsOf } from '../actions/record/objects';
import { describeObject, type FieldDescribe, isRequiredOnCreate } from '../../shared/services/describe';
import { clientFor, currentObject } from './context';

function fieldType(f: FieldDescribe): FieldType {
	switch (f.type) {
		case 'boolean':
			return 'boolean';
		case 'int':
		case 'long':
		case 'double':
		case 'currency':
		case 'percent':
			return 'number';
		case 'date':
		case 'datetime':
			return 'dateTime';
		case 'time':
			return 'time';
		case 'picklist':
			return 'options';
		default:
			return 'string';
	}
}

type Mode = 'create' | 'update' | 'upsert';

async function mapperFields(ctx: ILoadOptionsFunctions, mode: Mode): Promise<ResourceMapperFields> {
	const object = currentObject(ctx);
	if (!object) return { fields: [] };
	const describe = await describeObject(await clientFor(ctx), object);
	const useful = usefulFieldsOf(object);
	const externalId = mode === 'upsert' ? String(ctx.getCurrentNodeParameter('externalIdField') ?? '') : '';
	const writable = describe.fields.filter((f) => (f.name === externalId ? true : mode === 'update' ? f.updateable : f.createable));
	const fields: ResourceMapperField[] = writable
		.filter((f) => !f.calculated && f.type !== 'address' && f.type !== 'location' && f.name !== 'Id')
		.map((f) => {
			const required = (mode !== 'update' && isRequiredOnCreate(f)) || f.name === externalId;
			const shown = required || useful.includes(f.name);
			return {
				id: f.name,
				displayName: `${f.label} (${f.name})`,
				required,
				defaultMatch: false,
				canBeUsedToMatch: Boolean(f.externalId),
				display: true,
				type: fieldType(f),
				removed: !shown,
				...(f.type === 'picklist' && f.picklistValues
					? { options: f.picklistValues.filter((p) => p.active).map((p) => ({ name: p.label, value: p.value })) }
					: {}),
			};
		});
	const rank = (field: ResourceMapperField) => (field.required ? 0 : useful.includes(field.id) ? 1 + useful.indexOf(field.id) / 100 : 2);
	fields.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
	return { fields };
}

export async function getCreateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await mapperFields(this, 'create');
}

export async function getUpdateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await mapperFields(this, 'update');
}

export async function getUpsertFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await mapperFields(this, 'upsert');
}
