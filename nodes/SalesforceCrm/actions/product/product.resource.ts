import { objectResource, objectResourceOf, recordOperations, replicationOperations } from '../record/objectResource';
import type { ResourceDef } from '../types';

/** Resource "Product" (Product2): the generic record operations and Get Updated / Get Deleted. */
const PRODUCT = objectResourceOf('product');

export const productResource: ResourceDef = objectResource(PRODUCT, 'Products (Product2) you sell', [
	...recordOperations(PRODUCT),
	...replicationOperations(PRODUCT),
]);
