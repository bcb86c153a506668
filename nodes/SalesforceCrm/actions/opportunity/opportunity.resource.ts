import { addNote, objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';
import { addProduct } from './addProduct.operation';
import { close } from './close.operation';
import { removeProduct } from './removeProduct.operation';

/** Resource "Opportunity": the generic record operations on Opportunity, Add Note, Close, Add / Remove Product, Get Updated / Get Deleted. */
const OPPORTUNITY = objectResourceOf('opportunity');

export const opportunityResource: ResourceDef = objectResource(OPPORTUNITY, 'Deals in progress; close them as won or lost, add products', [
	...recordOperations(OPPORTUNITY),
	addNote(OPPORTUNITY),
	{
		value: 'close',
		name: 'Close',
		action: 'Close an opportunity as won or lost',
		description: "Close an opportunity as won or lost, in a closed stage of the org's sales process",
		module: close,
	},
	{
		value: 'addProduct',
		name: 'Add Product',
		action: 'Add a product to an opportunity',
		description: "Add a product line (quantity and unit price) from a price book entry of the opportunity's price book",
		module: addProduct,
	},
	{
		value: 'removeProduct',
		name: 'Remove Product',
		action: 'Remove a product from an opportunity',
		description: 'Delete an opportunity product line, by line item ID or by product. Destructive.',
		module: removeProduct,
	},
	...replicationOperations(OPPORTUNITY),
]);
