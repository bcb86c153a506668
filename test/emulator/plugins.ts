import type { SalesforceEmulator } from './server';
import { streamingPlugin } from './streamingPlugin';

/** A feature installed into every emulator by `start()` (e.g. streaming mounts '/cometd/'). */
export interface EmulatorPlugin {
	name: string;
	install(emu: SalesforceEmulator): void | Promise<void>;
	/** Called by emu.close() before the server stops. */
	close?(): void | Promise<void>;
}

export const defaultPlugins: EmulatorPlugin[] = [streamingPlugin];
