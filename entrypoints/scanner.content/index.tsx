import { render } from 'preact';
import { CardPanel } from '@/components/CardPanel';
import cardCss from '@/components/card.css?inline';
import { startScanner } from '@/lib/scan/start-scanner';
import { announceStart, guardStartEvents } from '@/lib/scan/start-guard';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

// Before WXT's context announces this copy to older ones: see lib/scan/start-guard.ts.
announceStart();
/** The event WXT's context announces a new copy with (a static it keeps private in its types). */
const STARTED = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string })
  .SCRIPT_STARTED_MESSAGE_TYPE;

// Registered at run time for the sites the user enabled (per-site opt-in), or injected once
// by a right-click on a site that is not. The e2e build adds a static entry for 127.0.0.1
// and localhost in wxt.config.ts.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    ctx.onInvalidated(guardStartEvents(window, STARTED));
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
