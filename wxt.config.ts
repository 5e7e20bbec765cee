import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Build configuration. Two facts drive most of it:
 * - Production is per-site opt-in: no static content-script matches and no host permission
 *   for web pages; the scanner is registered at run time for the origins the user grants
 *   (optional host permissions). Only the API origin is a required host permission.
 * - `--mode e2e` (`npm run build:e2e`, written to `.output/chrome-mv3-e2e/`; for Firefox
 *   `npm run build:e2e:firefox`, `.output/firefox-mv3-e2e/`) is the same build plus a static
 *   content script and host access for 127.0.0.1 and localhost, so the real-browser tests,
 *   the demo and the benchmarks run on local fixture pages and a local EchoTrail-compatible
 *   server.
 */
const LOCAL_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    // PROCLENS_SOURCEMAP=1: source maps for size and profile analysis (never shipped).
    build: {
      ...(process.env.PROCLENS_SOURCEMAP ? { sourcemap: true } : {}),
      ...(process.env.PROCLENS_NOMINIFY ? { minify: false } : {}),
    },
  }),
  manifest: ({ browser, mode }) => ({
    name: 'ProcLens',
    description:
      'Shows how normal a Windows process, path or hash is (EchoTrail-style prevalence) right on your alert consoles.',
    permissions: ['storage', 'contextMenus', 'scripting', 'activeTab'],
    // The e2e build also holds 127.0.0.2 as if the analyst had enabled it (a permission prompt
    // cannot be answered headless), so the dynamic registration of enabled sites is tested.
    host_permissions: [
      'https://api.echotrail.io/*',
      ...(mode === 'e2e' ? [...LOCAL_ORIGINS, 'http://127.0.0.2/*'] : []),
    ],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'ProcLens' },
    commands: {
      'open-card': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: 'Show the ProcLens card for the selected process, path or hash',
      },
    },
    // Firefox's test driver (WebDriver BiDi) cannot open an extension page itself: the Firefox
    // e2e build lets a local test page navigate to the popup and options, and the popup then
    // acts as the test's extension page (tabs.sendMessage, as it does). Never in a shipped build.
    ...(browser === 'firefox' && mode === 'e2e'
      ? {
          web_accessible_resources: [
            { resources: ['popup.html', 'options.html'], matches: LOCAL_ORIGINS },
          ],
        }
      : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'proclens@proclens.dev',
              strict_min_version: '142.0',
              // The names and hashes found on pages go to EchoTrail only with a key and this
              // consent (asked when the key is saved; see lib/background/data-consent.ts).
              data_collection_permissions: { required: ['none'], optional: ['websiteContent'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    // The content script runs on every enabled console page, in every frame: it uses the
    // browser's own promise-based API (`wxt/browser` without the polyfill alias) and saves
    // webextension-polyfill's 9.4 kB there. Background, popup and options keep the polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      config.resolve ??= {};
      config.resolve.alias = withoutPolyfillAlias(config.resolve.alias);
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      manifest.content_scripts ??= [];
      manifest.content_scripts.push(
        {
          matches: LOCAL_ORIGINS,
          js: ['content-scripts/highlight-styles.js'],
          all_frames: true,
          run_at: 'document_start',
        },
        {
          matches: LOCAL_ORIGINS,
          js: ['content-scripts/scanner.js'],
          all_frames: true,
          run_at: 'document_idle',
        },
      );
    },
  },
  zip: {
    excludeSources: ['.ci-out/**', 'test-results/**', '*.log'],
  },
});

type Aliases = NonNullable<NonNullable<import('vite').InlineConfig['resolve']>['alias']>;

/** Vite aliases with `wxt/browser` pointing at WXT's native `browser` instead of the polyfill. */
function withoutPolyfillAlias(alias: Aliases | undefined): Aliases {
  const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
  const rest = Array.isArray(alias)
    ? alias.filter((a) => a.find !== 'wxt/browser')
    : Object.entries(alias ?? {})
        .filter(([find]) => find !== 'wxt/browser')
        .map(([find, replacement]) => ({ find, replacement: String(replacement) }));
  return [native, ...rest];
}
