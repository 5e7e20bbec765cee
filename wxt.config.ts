import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Build configuration. Two facts drive most of it:
 * - Production is per-site opt-in: no static content-script matches and no host permission
 *   for web pages; the scanner is registered at run time for the origins the user grants
 *   (optional host permissions). Only the API origin is a required host permission.
 * - `--mode e2e` (`npm run build:e2e`, written to `.output/chrome-mv3-e2e/`) is the same
 *   build plus a static content script and host access for 127.0.0.1 and localhost, so the
 *   real-browser tests, the demo and the benchmarks run on local fixture pages and a local
 *   EchoTrail-compatible server.
 */
const LOCAL_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
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
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'proclens@proclens.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      manifest.content_scripts ??= [];
      manifest.content_scripts.push({
        matches: LOCAL_ORIGINS,
        js: ['content-scripts/scanner.js'],
        all_frames: true,
        run_at: 'document_idle',
      });
    },
  },
  zip: {
    excludeSources: ['.ci-out/**', 'test-results/**', '*.log'],
  },
});
