import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isFindingsRequest } from '../findings';
import { sendMessage } from '../messaging';
import { createLookupRequester } from './lookup-requester';
import { PageScanner } from './page-scanner';

/** Test-build-only messages: what the hover hit-test sees now, and the scanner's own timings. */
export const HOVER_PROBE_MESSAGE = 'proclens:test:hover';
export const STATS_PROBE_MESSAGE = 'proclens:test:stats';
export const ROUND_TRIP_PROBE_MESSAGE = 'proclens:test:roundtrip';

/**
 * The content script's controller. The top frame scans its document and its same-origin child
 * frames, answers the public `proclens:findings` message, and reports hover hits; everything
 * hangs off `ctx`, so an extension update or reload stops the old script cleanly.
 */
export function startScanner(ctx: ContentScriptContext, win: Window = window): PageScanner | null {
  // A same-origin child frame is scanned by the top frame's scanner: do nothing here.
  if (win !== win.top && isSameOriginWithParent(win)) return null;

  // Every finding is looked up (unless the analyst chose lookups on hover only): the
  // background answers from its cache, EchoTrail or the baseline.
  const requester = createLookupRequester({
    send: (queries) => sendMessage('lookup', { queries }),
  });
  // Keys found before the options arrive wait for them.
  let autoLookup: boolean | null = null;
  const held: string[] = [];
  const scanner = new PageScanner(win, {
    onChange: () => {
      const keys = scanner.drainNewKeys();
      if (autoLookup === null) held.push(...keys);
      else if (autoLookup && keys.length) requester.want(keys);
    },
  });
  scanner.start();
  void sendMessage('getPageOptions', undefined)
    .then((options) => options.autoLookup === 'all')
    .catch(() => true)
    .then((auto) => {
      autoLookup = auto;
      if (auto) requester.want(held.splice(0));
    });
  ctx.onInvalidated(() => {
    scanner.stop();
    requester.stop();
  });
  ctx.addEventListener(win, 'wxt:locationchange', () => scanner.reset());

  let lastHit: { key: string; kind: string; text: string } | null = null;
  scanner.onHover((hit) => {
    lastHit = hit ? { key: hit.key, kind: hit.kind, text: rangeText(hit.range) } : null;
  });

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if (isFindingsRequest(message) && win === win.top) return Promise.resolve(scanner.findings());
    if (import.meta.env.MODE === 'e2e') {
      const type = (message as { type?: string })?.type;
      if (type === HOVER_PROBE_MESSAGE) return Promise.resolve(lastHit);
      if (type === ROUND_TRIP_PROBE_MESSAGE) {
        // Times `runs` lookup messages of `queries`, as the content script sends them.
        const { queries, runs } = message as { queries: string[]; runs: number };
        return (async () => {
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const started = performance.now();
            await sendMessage('lookup', { queries });
            times.push(performance.now() - started);
          }
          return times;
        })();
      }
      if (type === STATS_PROBE_MESSAGE) {
        const { busyMs, longestSliceMs, paintMs, busy } = scanner;
        return Promise.resolve({
          busyMs,
          longestSliceMs,
          paintMs,
          busy,
          occurrences: scanner.index.size,
        });
      }
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  return scanner;
}

function isSameOriginWithParent(win: Window): boolean {
  try {
    return !!win.parent.document;
  } catch {
    return false;
  }
}

function rangeText(range: StaticRange): string {
  const doc = range.startContainer.ownerDocument;
  if (!doc) return '';
  const live = doc.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}
