/* `npm run emulator`: a local Salesforce org with demo data on PORT (default 8787). */
import { SalesforceEmulator } from './server';

async function main() {
	const emu = await SalesforceEmulator.start({ port: Number(process.env.PORT ?? 8787), seed: 'demo' });
	const token = emu.issueToken();
	const lines = [
		`Salesforce emulator listening on ${emu.url}`,
		`  org ${emu.orgId}, user ${emu.userId}`,
		`  client id / secret: ${emu.clientId} / ${emu.clientSecret}`,
		`  access token:  ${token.access_token}`,
		`  refresh token: ${token.refresh_token}`,
		`  try: curl -H "Authorization: Bearer ${token.access_token}" "${emu.url}/services/data/v66.0/query?q=SELECT+Name+FROM+Account"`,
	];
	process.stdout.write(lines.join('\n') + '\n');
	const stop = () => void emu.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(String(e?.stack ?? e) + '\n');
	process.exit(1);
});
