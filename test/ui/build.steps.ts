/**
 * A newcomer in the editor: four workflows' worth of Salesforce steps built from an empty canvas (clicks counted),
 * the node panel's search, the trigger panel's first Salesforce CRM entry, and the node as an AI Agent's tool.
 */
import { findOperation, resources } from '../../nodes/SalesforceCrm/actions/registry';
import { toolDescriptionOf } from '../../nodes/SalesforceCrm/actions/tool';
import { type Editor, tid } from './editor';
import type { UiStack } from './stack';

const BASELINE = process.env.UI_BASELINE === '1';
let stack: UiStack;
let ui: Editor;
/** Clicks per build task, read by editor.ui.test.ts. */
export const clicks: Record<string, number> = {};

export function useStack(s: UiStack, editor: Editor): void {
	stack = s;
	ui = editor;
}

/** From the last node's "+" handle: search the panel, open Salesforce CRM, pick the action; the node's panel opens. */
async function addSalesforceAction(search: string, action: string): Promise<void> {
	await ui.click(ui.page.locator(tid('canvas-handle-plus-wrapper')).last());
	const found = await ui.searchPanel(BASELINE ? 'salesforce crm' : search);
	expect(found).toContain('Salesforce CRM');
	await ui.click(ui.page.locator(tid('node-creator-item-name')).getByText('Salesforce CRM', { exact: true }));
	await ui.click(ui.panelItem(action));
	await ui.page.waitForSelector(tid('ndv'));
}

/** "Execute step" in the open panel; returns the output panel's text once it shows data. */
async function executeStep(expectText: RegExp): Promise<string> {
	await ui.click(`${tid('ndv')} ${tid('node-execute-button')}`);
	const output = ui.page.locator(tid('output-panel'));
	await expect(output.getByText(expectText).first().waitFor({ timeout: 60_000 })).resolves.toBeUndefined();
	return await output.innerText();
}

/** Picks the first entry of a record list (resource locator in "From List" mode); returns its label. */
async function pickFromList(parameter: string): Promise<string> {
	await ui.click(`${tid('ndv')} ${tid(`parameter-input-${parameter}`)} ${tid('rlc-input')}`);
	const first = ui.page.locator(`${tid('rlc-item')}:visible`).first();
	await first.waitFor();
	const label = await first.innerText();
	await ui.click(first);
	return label.trim();
}

test('build from an empty canvas: Contact → Create (resource mapper), SOQL → Query, Lead → Convert, Opportunity → Close won', async () => {
	await ui.newWorkflow();
	await ui.click(tid('canvas-add-button'));
	await ui.searchPanel('manual');
	await ui.page.keyboard.press('Enter');
	await ui.page.waitForSelector(tid('canvas-node'));

	// 1. Contact → Create through the resource mapper, on the workflow's first Salesforce node
	ui.resetClicks();
	await addSalesforceAction('salesforce crm', 'Create a contact');
	const lastName = ui.page.locator(`${tid('resource-mapper-container')} ${tid('parameter-input-LastName')} input`);
	const retry = ui.page.locator(tid('ndv')).getByText('Retry', { exact: true });
	await Promise.race([lastName.waitFor(), retry.waitFor()]);
	// n8n 2.41 can ask for the fields before it has attached the credential (README: "Known n8n editor issues")
	const retried = await retry.isVisible();
	if (retried) await ui.click(retry);
	await lastName.fill('Newcomer');
	await ui.shot('build-contact-create');
	const created = await executeStep(/003[A-Za-z0-9]{12,15}/);
	expect(created).toMatch(/success/);
	await ui.shot('build-contact-create-run');
	await ui.closeNdv();
	clicks.contactCreate = ui.clicks;
	process.stderr.write(`[ui] Contact → Create: fields ${retried ? 'after one Retry' : 'loaded on the first node'}\n`);

	// 2. SOQL → Query (multi-line SOQL box)
	ui.resetClicks();
	await addSalesforceAction('soql', 'Run a SOQL query');
	const soql = ui.page.locator(`${tid('ndv')} ${tid('parameter-input-soql')} textarea`);
	await soql.fill('SELECT Id, Name, StageName\nFROM Opportunity\nWHERE IsClosed = false\nORDER BY Name\nLIMIT 1');
	await ui.shot('build-soql-query');
	const queried = await executeStep(/StageName/);
	expect(queried).toMatch(/Prospecting|Negotiation|Qualification|Proposal/);
	await ui.closeNdv();
	clicks.soqlQuery = ui.clicks;

	// 3. Lead → Convert, the lead picked from the list (unconverted leads only, with company and status)
	ui.resetClicks();
	await addSalesforceAction('convert lead', 'Convert a lead');
	// UI_BASELINE=1 runs these steps against another build of the pack (the "before" click counts): there a new
	// Convert node has no status selected, so the user picks one (2 clicks) to clear the node's issue.
	if (BASELINE && (await ui.parameterValue('convertedStatus')) === '') await ui.chooseOption('convertedStatus', 'Closed - Converted');
	else expect(await ui.parameterValue('convertedStatus')).toBe('Default (Closed - Converted)');
	const lead = await pickFromList('leadId');
	if (!BASELINE) expect(lead).toMatch(/ — /);
	await ui.shot('build-lead-convert');
	const converted = await executeStep(/accountId/);
	expect(converted).toMatch(/001[A-Za-z0-9]{12,15}/);
	await ui.closeNdv();
	clicks.leadConvert = ui.clicks;
	const convertedLead = stack.emu.store
		.all('Lead')
		.find((l) => l.IsConverted === true && String(lead).startsWith(String(l.Name ?? l.LastName)));
	expect(convertedLead).toBeDefined();

	// 4. Opportunity → Close as won, picked from the list (with its stage); no Loss Reason for Won
	ui.resetClicks();
	await addSalesforceAction('close opportunity', 'Close an opportunity as won or lost');
	expect(await ui.parameterValue('outcome')).toBe('Won');
	const opportunity = await pickFromList('opportunityId');
	if (!BASELINE)
		expect(opportunity).toMatch(
			/ — (Prospecting|Qualification|Needs Analysis|Value Proposition|Perception Analysis|Proposal\/Price Quote|Negotiation\/Review|Id\. Decision Makers)/,
		);
	await ui.shot('build-opportunity-close');
	const closed = await executeStep(/Closed Won/);
	expect(closed).toMatch(/Closed Won/);
	await ui.shot('build-opportunity-close-run');
	// Close Options offers no Loss Reason when the outcome is Won
	await ui.page
		.locator(`${tid('ndv')} ${tid('collection-parameter-add')}`)
		.first()
		.click();
	const offered = await ui.dropdownOptions();
	expect(offered).toEqual(expect.arrayContaining(['Amount', 'Close Date', 'Stage']));
	if (!BASELINE) expect(offered.filter((o) => o.startsWith('Loss Reason'))).toEqual([]);
	await ui.page.keyboard.press('Escape');
	await ui.closeNdv();
	clicks.opportunityClose = ui.clicks; // the Add Option click above is a check, made without ui.click: not counted
	await ui.shot('build-all-four');
	// README "In the editor": plus handle, Salesforce CRM, the action, (record list: open, pick), Execute step, close
	// the panel; plus one Retry on the first node when n8n's editor asked for the fields too early
	if (!BASELINE) expect(clicks).toEqual({ contactCreate: 5 + (retried ? 1 : 0), soqlQuery: 5, leadConvert: 7, opportunityClose: 7 });
});

test('the node panel search finds the pack by what a user wants to do', async () => {
	await ui.newWorkflow();
	await ui.click(tid('canvas-add-button'));
	await ui.searchPanel('manual');
	await ui.page.keyboard.press('Enter');
	await ui.click(ui.page.locator(tid('canvas-handle-plus-wrapper')).last());
	for (const phrase of ['convert lead', 'close opportunity', 'log call', 'soql', 'change data capture']) {
		const found = await ui.searchPanel(phrase);
		expect({ phrase, found: found.includes('Salesforce CRM') }).toEqual({ phrase, found: true });
		await ui.shot(`search-${phrase.replace(/ /g, '-')}`);
	}
});

test("the trigger panel's first Salesforce CRM entry opens the trigger in Change Data Capture mode", async () => {
	await ui.newWorkflow();
	await ui.click(tid('canvas-add-button'));
	await ui.searchPanel('salesforce');
	await ui.click(ui.page.locator(tid('node-creator-item-name')).getByText('Salesforce CRM', { exact: true }));
	const entries = ui.page.locator(`${tid('item-iterator-item')}:visible`).filter({ hasText: /On (record change|platform event)/ });
	await entries.first().waitFor();
	expect((await entries.allInnerTexts()).map((e) => e.trim())).toEqual([
		'On record change (Change Data Capture)',
		'On platform event',
		'On record change (polling, for orgs without CDC)',
	]);
	await ui.shot('trigger-panel');
	await ui.click(entries.first());
	await ui.page.waitForSelector(tid('ndv'));
	expect(await ui.parameterValue('source')).toBe('Record Change (Change Data Capture)');
	const { options: objects, reopened } = await ui.parameterOptions('objects', 'Salesforce CRM Trigger');
	process.stderr.write(`[ui] CDC objects ${reopened ? 'listed after reopening the node' : 'listed at once'}\n`);
	expect(objects).toEqual(expect.arrayContaining(['Account (Account)', 'Opportunity (Opportunity)', 'Invoice (Invoice__c)']));
	expect(objects.filter((o) => /Group|QueueSobject|ContentDocumentLink|KnowledgeArticleVersion/.test(o))).toEqual([]);
	await ui.shot('trigger-cdc');
	await ui.page.keyboard.press('Escape');
	await ui.closeNdv();
});

test("the AI Agent's tool list has the node, and its tool description is the operation's own", async () => {
	await ui.openWorkflow('sfExPipelineQa01');
	await ui.click(ui.canvasNode('Agent').locator(tid('canvas-handle-plus-wrapper')).last());
	const found = await ui.searchPanel('salesforce');
	expect(found).toContain('Salesforce CRM Tool');
	await ui.click(ui.page.locator(tid('node-creator-item-name')).getByText('Salesforce CRM Tool', { exact: true }));
	await ui.page.waitForSelector(tid('ndv'));
	const described = (resource: string, operation: string) =>
		toolDescriptionOf(
			resources().find((r) => r.value === resource)!,
			findOperation(resource, operation)!,
		);
	expect(await ui.parameterValue('toolDescription')).toBe(described('record', 'get'));
	await ui.chooseOption('resource', 'Lead');
	await ui.chooseOption('operation', 'Convert');
	const convert = await ui.parameterValue('toolDescription');
	expect(convert).toBe(described('lead', 'convert'));
	expect(convert).toMatch(/^Salesforce Lead → Convert: Convert a lead .* Writes to Salesforce\.$/);
	await ui.shot('agent-tool');
	await ui.chooseOption('resource', 'Contact');
	await ui.chooseOption('operation', 'Delete');
	expect(await ui.parameterValue('toolDescription')).toBe(described('contact', 'delete'));
	await ui.closeNdv();
});
