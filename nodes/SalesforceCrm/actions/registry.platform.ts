import type { OperationDef, ResourceDef } from './registry';

/** Resources and extra operations for platform operations (Bulk API 2.0, Composite, Platform Event publish, files, reports), merged into registry.ts. */
export const platformResources: ResourceDef[] = [];

/** Extra operations for existing object resources, by resource value (e.g. opportunity → Add Product). */
export const platformExtraOperations: Record<string, OperationDef[]> = {};
