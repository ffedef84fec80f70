import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/grammar/**', 'docs/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] }],
      }],
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    // The server is editor-agnostic and stdout may be its transport.
    files: ['server/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode'], message: 'The server never imports vscode.' },
        { group: ['**/client/**', '../client/*'], message: 'The server never imports the client.' },
      ] }],
    },
  },
  {
    // The engines know nothing of LSP: features/ is the one boundary that converts to LSP types.
    files: ['server/src/analysis/**/*.ts', 'server/src/parser/**/*.ts', 'server/src/catalog/**/*.ts', 'server/src/docs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode'], message: 'The server never imports vscode.' },
        { group: ['**/client/**', '../client/*'], message: 'The server never imports the client.' },
        { group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'analysis/, parser/, catalog/ and docs/ return plain data; only server/src/features/ speaks LSP.' },
        { group: ['**/features/**', '../features', '../features/*'], message: 'analysis/, parser/, catalog/ and docs/ never reach back into features/.' },
      ] }],
    },
  },
  {
    // Custom messages go through their typed RequestType / NotificationType (shared/src/protocol.ts).
    // Not in the VS Code suite: it is bundled apart from the extension, with its own copy of
    // vscode-jsonrpc, whose type objects the extension's copy rejects ("Unknown parameter
    // structure"); the suite talks to the extension's client by method name.
    files: ['client/**/*.ts', 'server/**/*.ts', 'test/**/*.ts'],
    ignores: ['test/vscode/**'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.property.name=/^(sendRequest|sendNotification|onRequest|onNotification)$/] > MemberExpression.arguments:first-child[property.name='method']",
          message: 'Pass the message\'s typed `type` from shared/src/protocol.ts, not its method string.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(sendRequest|sendNotification|onRequest|onNotification)$/] > Literal.arguments:first-child[value=/^pgsight\\//]",
          message: 'Declare custom messages in shared/src/protocol.ts and pass their typed `type`.',
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/server/**'], message: 'The client never imports the server; share through shared/.' },
      ] }],
    },
  },
  {
    files: ['shared/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode'], message: 'shared/ and webview/ never import vscode.' },
        { group: ['**/server/**', '**/client/**'], message: 'shared/ and webview/ stand alone.' },
      ] }],
    },
  },
  {
    // Run's logic is testable without VS Code: only the command, view, status and settings files import it.
    files: ['client/src/run/**/*.ts'],
    ignores: ['client/src/run/runCommands.ts', 'client/src/run/runSurface.ts', 'client/src/run/resultsPanel.ts', 'client/src/run/editorSessions.ts', 'client/src/run/runCodeLens.ts', 'client/src/run/runSettings.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode'], message: 'client/src/run/ logic stays free of vscode (the DB tier drives it); put VS Code code in the command/view files.' },
        { group: ['**/server/**'], message: 'The client never imports the server; share through shared/.' },
      ] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
  {
    files: ['test/vscode/suite/**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha }, sourceType: 'commonjs' },
  },
);
