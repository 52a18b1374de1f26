// typescript-eslint with type information: the recommended and strict sets, type-checked.
// What the team argued away is below, each with its reason; everything else is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'test-results/**',
      'bench-results/**',
      'demo-output/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // TypeScript checks names itself (typescript-eslint's own advice); the rule misreads DOM and Node globals.
      'no-undef': 'off',
      // tsconfig has noUncheckedIndexedAccess, so every index into an array or typed array is `T | undefined`.
      // The automaton and the text index index inside loops whose bounds prove the index valid; a `!` there
      // states that proof, and a runtime check per character costs measurable time on megabyte pages.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans read fine in messages and test names.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `onClick={() => setOpen(false)}` is idiomatic Preact; the arrow's value is never used.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The DOM's types describe well-behaved documents; the content script runs in hostile ones (a frameset
      // has no body, built-ins are overridden, metadata is missing or malformed), and the browser APIs' types
      // promise more than Firefox delivers. The checks this rule calls unnecessary are those defences.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // webextension-polyfill's runtime.onMessage listeners answer by returning a promise (its documented
      // contract), and commands/menus listeners may be async; the browser types WXT ships declare `void`.
      // Promises passed where a value is checked (conditions, spreads) stay errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A function reads in one screen. JSX components (*.tsx) are exempt, and so are test files, whose
    // `describe`/`test` callbacks are containers rather than functions; their helpers live in *.ts modules.
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.spec.ts'],
    // Counted as a reader sees a screen of code: comments and blank lines do not count against it.
    rules: { 'max-lines-per-function': ['error', { max: 80, skipComments: true, skipBlankLines: true }] },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter's pattern: one that needs none is `{}`.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
