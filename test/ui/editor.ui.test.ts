/**
 * `npm run test:ui`: one demo stack (stack.ts) and one browser for both step files: the examples
 * (examples.steps.ts), then a newcomer's build, searches, trigger panel and agent tool (build.steps.ts).
 */
// examples first: jest runs the tests in the order the step files register them
import * as examples from './examples.steps';
import * as build from './build.steps';
import { Editor } from './editor';
import { type UiStack, startUiStack } from './stack';

let stack: UiStack;
let ui: Editor;

beforeAll(async () => {
	stack = await startUiStack();
	ui = await Editor.open(stack.n8n.url, 'editor');
	await ui.login();
	examples.useStack(stack, ui);
	build.useStack(stack, ui);
}, 300_000);

afterAll(async () => {
	process.stderr.write(`[ui] clicks per task: ${JSON.stringify(build.clicks)}\n`);
	await ui?.close();
	await stack?.stop();
});
