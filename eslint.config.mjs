// Lint as n8n's community package scanner does: eslint-plugin-n8n-nodes-base (community, nodes, credentials
// rule sets) and @n8n/eslint-plugin-community-nodes (recommended) on nodes/, credentials/ and package.json.
// test/ is ordinary TypeScript (emulator, harness, tests) and gets a plain typescript-eslint config.
import tseslint from 'typescript-eslint';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import communityNodes from '@n8n/eslint-plugin-community-nodes';

const n8nBase = { 'n8n-nodes-base': n8nNodesBase };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '.n8n-e2e/**', '.cache/**'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: n8nBase,
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		...communityNodes.configs.recommended,
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: n8nBase,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own doc): it wants an n8n docs slug, while a
			// community credential must link a full URL (@n8n/community-nodes/credential-documentation-url).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: n8nBase,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two older rules want the string 'main'; @n8n/community-nodes/node-connection-type-literal (the
			// newer rule set the scanner also applies) wants NodeConnectionTypes.Main. They cannot both pass.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	...tseslint.configs.recommended.map((c) => ({ ...c, files: ['test/**/*.ts'] })),
	{
		files: ['test/**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
];
