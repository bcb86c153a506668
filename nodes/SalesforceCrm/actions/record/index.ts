import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

/** The generic record operations, shared by the Record resource and every everyday-object resource. */
export const recordOperations = { create, get, getMany, update, upsert, delete: del };
