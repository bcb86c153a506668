// How the screenshots in this folder were made (documentation; not run by CI).
// With `npm run dev` running (n8n on http://localhost:5678, the emulator's demo org), outside the repository:
//   mkdir -p /tmp/ui && cd /tmp/ui && npm init -y && npm install playwright-core@1 --ignore-scripts
//   apt-get install -y chromium
//   cp /path/to/docs/screenshots/capture.mjs /tmp/ui/ && node /tmp/ui/capture.mjs /path/to/docs/screenshots
// It logs every /rest/dynamic-node-parameters/* call (status, method, start of the answer) and page errors.
import { chromium } from 'playwright-core';

const BASE = process.env.N8N_URL ?? 'http://localhost:5678';
const OUT = process.argv[2] ?? '.';
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.on('console', (m) => m.type() === 'error' && console.log('[console.error]', m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('[pageerror]', e.message.slice(0, 300)));
page.on('response', async (r) => {
	if (!r.url().includes('/rest/dynamic-node-parameters/')) return;
	const method = JSON.parse(r.request().postData() ?? '{}').methodName;
	console.log(`[${r.status()}] ${r.url().split('/rest/')[1]} ${method ?? ''} => ${(await r.text().catch(() => '')).slice(0, 160)}`);
});

const shot = async (name) => {
	await page.waitForTimeout(1500);
	await page.screenshot({ path: `${OUT}/${name}.png` });
	console.log('screenshot', name);
};
const param = (name) => page.locator(`[data-test-id=ndv] [data-test-id=parameter-input-${name}]`).first();
async function pick(name, text) {
	await param(name).click();
	await page.waitForTimeout(2500);
	const items = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
	console.log(`${name}:`, (await items.allInnerTexts()).map((t) => t.split('\n')[0]).slice(0, 12).join(' | '));
	if (text) await items.filter({ hasText: text }).first().click();
	else await page.keyboard.press('Escape');
	await page.waitForTimeout(1500);
}
async function openLocator(name) {
	await param(name).locator('[data-test-id=rlc-input]').first().click();
	await page.waitForTimeout(3000);
	const items = page.locator('[data-test-id=rlc-item]:visible');
	console.log(`${name} (list):`, (await items.allInnerTexts()).map((t) => t.trim()).slice(0, 12).join(' | '));
	return items;
}
async function newWorkflow(withManualTrigger = true) {
	await page.goto(`${BASE}/workflow/new`);
	await page.waitForTimeout(4000);
	await page.getByRole('button', { name: 'Got it' }).click({ timeout: 3000 }).catch(() => {});
	if (!withManualTrigger) return;
	await page.keyboard.press('n');
	await page.waitForTimeout(1000);
	await page.keyboard.type('manual');
	await page.waitForTimeout(1000);
	await page.keyboard.press('Enter');
	await page.waitForTimeout(2000);
	await page.keyboard.press('Escape');
	await page.waitForTimeout(500);
}
/** Node panel: search, open the "Salesforce CRM" entry, click one of its actions or triggers. */
async function addSalesforceNode(action) {
	await page.keyboard.press('n');
	await page.waitForTimeout(1000);
	await page.keyboard.type('Salesforce CRM');
	await page.waitForTimeout(2000);
	await page.locator('[data-test-id=node-creator-item-name]').filter({ hasText: /^Salesforce CRM$/ }).first().click();
	await page.waitForTimeout(2000);
	await page.getByText(action, { exact: true }).first().click();
	await page.waitForTimeout(4000);
}

// Log in
await page.goto(`${BASE}/signin`);
await page.fill('input[type=email]', 'admin@example.com');
await page.fill('input[type=password]', 'Salesforce-Demo-1');
await page.getByRole('button', { name: /sign in/i }).click();
await page.waitForURL(/home|workflows/, { timeout: 60000 });

// 1. The example workflows
for (const [id, name] of [['sfExLeadIntake01', 'lead-intake'], ['sfExCdcClosedWon', 'cdc-closed-won'], ['sfExSoqlReport01', 'soql-report'], ['sfExOutboundMsg1', 'outbound-message']]) {
	await page.goto(`${BASE}/workflow/${id}`);
	await page.waitForTimeout(4000);
	await shot(`workflow-${name}`);
}

// 2. The action node
await newWorkflow();
await addSalesforceNode('Create an account');
// The first node of a fresh editor session asks for its fields before n8n has auto-selected the credential
// ("Node does not have any credentials set"); the mapper's Retry link loads them.
await page.getByText('Retry', { exact: true }).click({ timeout: 3000 }).catch(() => {});
await pick('resource', 'Record (Any Object)');
await pick('operation', 'Create');
const objects = await openLocator('sobject');
await shot('record-create-object-list');
await objects.filter({ hasText: '(Account)' }).first().click();
await page.waitForTimeout(3000);
await shot('record-create-account-fields');
await pick('operation', 'Get');
await openLocator('recordId');
await shot('record-get-account-list');
await page.keyboard.press('Escape');
await pick('resource', 'Lead');
await pick('operation', 'Convert');
await pick('convertedStatus', 'Converted');
await pick('resource', 'Contact');
await pick('operation', 'Create or Update');
await pick('externalIdField', 'External_Id__c');
await shot('contact-upsert-external-id');
await page.locator('[data-test-id=ndv-close-button]').first().click();
await page.waitForTimeout(1500);
await page.keyboard.press('Delete'); // this node is incomplete; a step after it could not run
await page.waitForTimeout(1000);

// 4. Execute a step: Account → Get Many, limit 5
await addSalesforceNode('Get many account records');
await param('limit').locator('input').fill('5');
await page.keyboard.press('Tab');
await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
await page.waitForTimeout(6000);
await shot('account-get-many-output');

// 3. The trigger
await newWorkflow(false);
await addSalesforceNode('On updated');
await pick('pollObject', 'Account');
await pick('source', 'Change Data Capture');
await pick('objects', 'Opportunity');
await page.keyboard.press('Escape');
await shot('trigger-cdc-objects');
await pick('source', 'Platform Event');
await pick('eventName', null);

await browser.close();
