// Lint: typescript-eslint's recommended rules plus the import boundaries of the codebase
// (see shared STYLE.md): content-script code never imports background-only modules (the API
// client, the cache, background services), components never touch browser.* or storage, and
// pure lib code does not reach into the DOM-scanning or background layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const BACKGROUND_ONLY = ['echotrail', 'cache', 'background'].flatMap((dir) => [
  `**/lib/${dir}`,
  `**/lib/${dir}/**`,
  `@/lib/${dir}/**`,
  `../${dir}`,
  `../${dir}/**`,
]);
const restrict = (patterns, message) => ({
  // Types may cross a boundary (they vanish at build time); values may not.
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message, allowTypeImports: true }] },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', '.ci-out/', '.scratch/', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Page and API text is rendered as text, never as HTML.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render text, never HTML built from strings.' },
        { property: 'outerHTML', message: 'Render text, never HTML built from strings.' },
        { property: 'insertAdjacentHTML', message: 'Render text, never HTML built from strings.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: [
      'entrypoints/*.content/**',
      'entrypoints/*.content.*',
      'lib/scan/**',
      'lib/detect/**',
      'lib/context/**',
      'lib/score/**',
    ],
    rules: restrict(
      BACKGROUND_ONLY,
      'Content-script and pure code must not import background-only modules (API client, cache, background services); ask the background by message.',
    ),
  },
  {
    files: ['components/**'],
    rules: {
      ...restrict(
        [
          'wxt/browser',
          'webextension-polyfill',
          '**/settings-store',
          '@/lib/settings-store',
          '**/messaging',
          '@/lib/messaging',
          ...BACKGROUND_ONLY,
          '**/lib/scan/**',
          '@/lib/scan/**',
        ],
        'Components take props and call callbacks; browser APIs, storage and messaging belong to entrypoints.',
      ),
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'Components never call browser.*' },
        { name: 'chrome', message: 'Components never call chrome.*' },
      ],
    },
  },
  {
    files: ['lib/detect/**', 'lib/score/**', 'lib/baseline/**'],
    rules: restrict(
      ['wxt/browser', 'webextension-polyfill', '**/lib/scan/**', '@/lib/scan/**'],
      'Pure lib code takes values and returns values: no browser APIs, no DOM scanning.',
    ),
  },
  {
    files: ['tests/**', '*.config.*', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, chrome: 'readonly' } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-properties': 'off' },
  },
);
