import { adoptEarly } from '@/lib/scan/highlight-styles';

// Adopts the highlight stylesheet while the document is still empty, so that the scanner
// (document_idle) does not make the browser restyle a full page. Registered next to the
// scanner for the sites the user enabled; see lib/scan/highlight-styles.ts.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  allFrames: true,
  runAt: 'document_start',
  main() {
    adoptEarly(window);
  },
});
