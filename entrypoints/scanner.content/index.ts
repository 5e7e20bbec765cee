import { startScanner } from '@/lib/scan/start-scanner';

// Registered at run time for the sites the user enabled (per-site opt-in). The e2e build adds
// a static entry for 127.0.0.1 and localhost in wxt.config.ts.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startScanner(ctx);
  },
});
