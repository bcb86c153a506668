/**
 * Prettier, as n8n's node starter configures it (tabs, single quotes, trailing commas), with one difference: lines
 * up to 140 characters, not 100. The pack's operation tables (one operation per line: value, name, action,
 * description, module) and its tab-indented code read better wide; at 100 the same code is a fifth longer.
 */
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 140,
};
