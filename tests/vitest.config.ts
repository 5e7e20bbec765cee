import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// WxtVitest aliases `wxt/browser` to the in-memory fakeBrowser; it does not load wxt.config's
// Vite plugins, so Preact's is added here.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    include: [
      'tests/unit/**/*.test.{ts,tsx}',
      'tests/dom/**/*.test.{ts,tsx}',
      'tests/fake-echotrail/**/*.test.ts',
    ],
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
  },
});
