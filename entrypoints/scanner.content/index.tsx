import { render } from 'preact';
import { CardPanel } from '@/components/CardPanel';
import cardCss from '@/components/card.css?inline';
import { startScanner } from '@/lib/scan/start-scanner';

// Registered at run time for the sites the user enabled (per-site opt-in), or injected once
// by a right-click on a site that is not. The e2e build adds a static entry for 127.0.0.1
// and localhost in wxt.config.ts.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startScanner(ctx, window, {
      css: cardCss,
      view: (container, props) =>
        render(
          props ? (
            <CardPanel
              {...props}
              onCopy={(text) => void navigator.clipboard?.writeText(text).catch(() => {})}
            />
          ) : null,
          container,
        ),
    });
  },
});
