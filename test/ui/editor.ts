/**
 * The n8n editor driven like a user: headless Chromium through playwright-core, every click counted, a screenshot
 * per step under test-results/ui/. Selectors are n8n 2.41's own data-test-id attributes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { DEFAULT_OWNER } from '../e2e/n8n';
import { REPO_ROOT } from '../e2e/n8n';

export const SHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'ui');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export const tid = (id: string) => `[data-test-id="${id}"]`;

export class Editor {
	/** Clicks since the last `resetClicks()` (what a user does with the mouse; typing is not counted). */
	clicks = 0;
	/** Calls the editor made that failed (HTTP ≥ 400), e.g. a resource-mapper fetch without credentials. */
	readonly failures: Array<{ status: number; url: string; body: string }> = [];
	private shots = 0;

	private constructor(
		private readonly browser: Browser,
		readonly page: Page,
		readonly baseUrl: string,
		private readonly suite: string,
	) {}

	static async open(baseUrl: string, suite: string): Promise<Editor> {
		fs.mkdirSync(SHOTS_DIR, { recursive: true });
		const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		const editor = new Editor(browser, page, baseUrl, suite);
		page.on('response', (r) => {
			if (r.status() < 400 || r.url().endsWith('/rest/login')) return;
			void r.text().then(
				(body) => editor.failures.push({ status: r.status(), url: r.url(), body: body.slice(0, 300) }),
				() => undefined,
			);
		});
		return editor;
	}

	async close(): Promise<void> {
		await this.browser.close();
	}

	async login(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.fill('#emailOrLdapLoginId', DEFAULT_OWNER.email);
		await this.page.fill('#password', DEFAULT_OWNER.password);
		await this.page.click(tid('form-submit-button'));
		await this.page.waitForURL((u) => !u.pathname.includes('signin'));
	}

	resetClicks(): void {
		this.clicks = 0;
	}

	async click(target: string | Locator, opts: { double?: boolean } = {}): Promise<void> {
		const locator = typeof target === 'string' ? this.page.locator(target) : target;
		if (opts.double) await locator.dblclick();
		else await locator.click();
		this.clicks += opts.double ? 2 : 1;
	}

	async type(selector: string, text: string): Promise<void> {
		await this.page.fill(selector, text);
	}

	async shot(name: string): Promise<string> {
		const file = path.join(SHOTS_DIR, `${this.suite}-${String(++this.shots).padStart(2, '0')}-${name}.png`);
		await this.page.screenshot({ path: file });
		return file;
	}

	async openWorkflow(id: string): Promise<string[]> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.page.waitForSelector(tid('canvas-node'));
		return await this.nodeNames();
	}

	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		await this.page.waitForSelector(tid('canvas-add-button'));
	}

	async nodeNames(): Promise<string[]> {
		return await this.page.locator(tid('canvas-node')).evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name') ?? ''));
	}

	canvasNode(name: string): Locator {
		return this.page.locator(`${tid('canvas-node')}[data-node-name="${name}"]`);
	}

	/** Names of canvas nodes showing a marker (node-issues, canvas-node-status-success, canvas-node-status-warning…). */
	async nodesWith(marker: string): Promise<string[]> {
		return await this.page
			.locator(`${tid('canvas-node')}:has(${tid(marker)})`)
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name') ?? ''));
	}

	/** Opens a node's panel, lets it load, closes it again. */
	async openAndCloseNode(name: string, shot?: string): Promise<void> {
		await this.click(this.canvasNode(name), { double: true });
		await this.page.waitForSelector(tid('ndv'));
		await this.page.waitForLoadState('networkidle').catch(() => undefined);
		if (shot) await this.shot(shot);
		await this.closeNdv();
	}

	async closeNdv(): Promise<void> {
		await this.click(tid('ndv-close-button'));
		await this.page.waitForSelector(tid('ndv'), { state: 'detached' });
	}

	/** Waits until every listed node shows the green success mark. */
	async waitAllGreen(names: string[], timeoutMs = 90_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const green = await this.nodesWith('canvas-node-status-success');
			if (names.every((n) => green.includes(n))) return;
			if (Date.now() > deadline) throw new Error(`not green after ${timeoutMs} ms: ${names.filter((n) => !green.includes(n)).join(', ')}`);
			await this.page.waitForTimeout(500);
		}
	}

	/** Types into the node panel's search and returns the names of the items listed. */
	async searchPanel(text: string): Promise<string[]> {
		await this.type(tid('node-creator-search-bar'), text);
		await this.page.waitForTimeout(400);
		return await this.page.locator(tid('node-creator-item-name')).allInnerTexts();
	}

	/** In the panel (search results or an app's actions), the item with exactly this text. */
	panelItem(text: string): Locator {
		return this.page
			.locator(tid('item-iterator-item'))
			.filter({ has: this.page.getByText(text, { exact: true }) })
			.first();
	}

	/** The text shown in a parameter's input (an options dropdown's selected label, a text box's value), once loaded. */
	async parameterValue(name: string, timeoutMs = 30_000): Promise<string> {
		const input = this.page
			.locator(`${tid('ndv')} ${tid(`parameter-input-${name}`)} input, ${tid('ndv')} ${tid(`parameter-input-${name}`)} textarea`)
			.first();
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await input.inputValue();
			if (!/^Loading/.test(value) || Date.now() > deadline) return value;
			await this.page.waitForTimeout(300);
		}
	}

	/** The options of an open dropdown, once loaded. */
	async dropdownOptions(timeoutMs = 30_000): Promise<string[]> {
		const items = this.page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		await items.first().waitFor({ timeout: timeoutMs });
		return await items.allInnerTexts();
	}

	/**
	 * Opens a parameter's dropdown in the open panel and returns its options. When the list stays empty (n8n's
	 * editor can ask for a new node's options before it has attached the credential), it closes the panel and
	 * opens the node again once, as a user would; `reopened` says whether that was needed.
	 */
	async parameterOptions(name: string, node: string): Promise<{ options: string[]; reopened: boolean }> {
		const input = `${tid('ndv')} ${tid(`parameter-input-${name}`)}`;
		await this.click(input);
		const first = await this.dropdownOptions(15_000).catch(() => undefined);
		if (first) return { options: first, reopened: false };
		await this.shot(`options-${name}-empty`);
		const html = await this.page
			.locator(input)
			.first()
			.evaluate((e) => e.outerHTML.slice(0, 1500))
			.catch(() => '');
		process.stderr.write(`[ui] ${name}: no options after 15 s; failed calls: ${JSON.stringify(this.failures.slice(-3))}\n${html}\n`);
		await this.page.keyboard.press('Escape');
		await this.closeNdv();
		await this.click(this.canvasNode(node), { double: true });
		await this.page.waitForSelector(tid('ndv'));
		await this.click(input);
		return { options: await this.dropdownOptions(), reopened: true };
	}

	/** Opens a parameter's dropdown and picks the first option whose label starts with this text. */
	async chooseOption(name: string, option: string): Promise<void> {
		await this.click(`${tid('ndv')} ${tid(`parameter-input-${name}`)}`);
		const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		await this.click(
			this.page
				.locator('.el-select-dropdown__item:visible')
				.filter({ hasText: new RegExp(`^${escaped}`) })
				.first(),
		);
	}
}
