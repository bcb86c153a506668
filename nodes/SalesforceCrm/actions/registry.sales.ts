import type { OperationDef, ResourceDef } from './registry';

/** Resources and extra operations for everyday sales and service operations (products, price books, Chatter, Knowledge, queues, dashboards, Tooling), merged into registry.ts. */
export const salesResources: ResourceDef[] = [];

/** Extra operations for existing object resources, by resource value (e.g. opportunity → Add Product). */
export const salesExtraOperations: Record<string, OperationDef[]> = {};
