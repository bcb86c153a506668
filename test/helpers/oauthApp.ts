/** The emulator's surface its connected app needs (test/emulator's SalesforceEmulator has it). */
export interface EmulatorApp {
	url: string;
	clientId: string;
	clientSecret: string;
}

/**
 * The emulator's connected app in the fields of an n8n OAuth2 credential (ours and n8n's built-in Salesforce
 * credential alike): client id and secret, and the authorize and token endpoints.
 */
export function emulatorOAuthApp(emu: EmulatorApp) {
	return {
		clientId: emu.clientId,
		clientSecret: emu.clientSecret,
		authUrl: `${emu.url}/services/oauth2/authorize`,
		accessTokenUrl: `${emu.url}/services/oauth2/token`,
	};
}
