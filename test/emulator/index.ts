export { SalesforceEmulator, type EmulatorOptions, Faults, endpointOf } from './server';
export type { EmulatorPlugin } from './plugins';
export { defaultPlugins } from './plugins';
export { OrgStore, sfDate, sfDateTime, type Fields } from './store';
export { to18, normalizeId } from './ids';
export * from './types';
