// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'zlib', 'url', 'stream', 'events', 'util', 'http', 'https', 'net'];

const TEST_SUPPORT = {
  regex: '(^|/)test-support/',
  message: 'Test support (fixtures, the fake server, the reference filter) is for tests only: the product must not import it.',
};

/**
 * Folders are runtime boundaries (STYLE.md): each may import only what its runtime has. Every
 * product file (tests aside) is also kept from test-support/. ESLint takes the last matching
 * `no-restricted-imports`, so each folder states its whole list twice: for its tests, and with
 * test-support/ added for everything else.
 */
const RUNTIMES = [
  {
    files: ['shared/**/*.ts'],
    testsExempt: true,
    paths: [],
    patterns: [
      { regex: '^(?!zod$)(?!\\.\\.?/)', message: 'shared/ imports only zod and shared/: it runs in every process.' },
      { regex: '^\\.\\./', message: 'shared/ must not reach outside itself.' },
    ],
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    paths: ['electron', 'better-sqlite3'],
    patterns: [
      { group: NODE_BUILTINS, message: 'The renderer has no Node: ask main over window.loupe.' },
      { regex: '/electron/', message: 'The renderer talks to main only over window.loupe.' },
    ],
  },
  {
    files: ['electron/core/**/*.ts'],
    paths: [{ name: 'electron', message: 'The core runs under plain Node: reach Electron through the platform port.' }],
    patterns: [{ regex: '/(main|preload)/', message: 'The core must not depend on the Electron glue.' }],
  },
  { files: ['electron/main/**/*.ts'], paths: [], patterns: [] },
  {
    files: ['electron/preload/**/*.ts'],
    testsExempt: true,
    paths: [],
    patterns: [
      { regex: '^(?!electron$)(?!\\.\\.?/)', message: 'A sandboxed preload cannot load npm packages.' },
      { regex: '/core/', message: 'The preload only forwards calls; logic lives in the core.' },
    ],
  },
];

const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const boundaries = RUNTIMES.flatMap(({ files, testsExempt, paths, patterns }) => [
  ...(testsExempt || (paths.length === 0 && patterns.length === 0) ? [] : [{ files, rules: restrict(paths, patterns) }]),
  { files, ignores: ['**/*.test.ts'], rules: restrict(paths, [...patterns, TEST_SUPPORT]) },
]);

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['bin/**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Benchmarks, browser tests and the slow safety tests print their figures.
  { files: ['bench/**/*.ts', 'e2e/**/*.ts', 'test-support/**/*.ts', '**/*.slow.test.ts'], rules: { 'no-console': 'off' } },
  ...boundaries,
  prettier,
);
