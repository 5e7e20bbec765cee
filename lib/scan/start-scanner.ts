import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isFindingsRequest, type FindingContext, type PageFindings } from '../findings';
import { sendMessage } from '../messaging';
import type { Observation } from '../score/score-conformity';
import { createBatchRequester } from './batch-requester';
import { PageScanner } from './page-scanner';

/** Test-build-only messages: what the hover hit-test sees now, and the scanner's own timings. */
export const HOVER_PROBE_MESSAGE = 'proclens:test:hover';
export const STATS_PROBE_MESSAGE = 'proclens:test:stats';
export const ROUND_TRIP_PROBE_MESSAGE = 'proclens:test:roundtrip';

interface ScoredContext {
  key: string;
  name: string;
  context: FindingContext;
}

/**
 * The content script's controller. The top frame scans its document and its same-origin child
 * frames, looks up and scores what it finds (the background answers), answers the public
 * `proclens:findings` message, and reports hover hits. Everything hangs off `ctx`, so an
 * extension update or reload stops the old script cleanly.
 */
export function startScanner(ctx: ContentScriptContext, win: Window = window): PageScanner | null {
  // A same-origin child frame is scanned by the top frame's scanner: do nothing here.
  if (win !== win.top && isSameOriginWithParent(win)) return null;

  // Every finding is looked up and scored (unless the analyst chose lookups on hover only).
  const lookups = createBatchRequester<string, unknown>({
    keyOf: (key) => key,
    send: (queries) => sendMessage('lookup', { queries }),
  });
  const scores = createBatchRequester<
    ScoredContext,
    { score: number | null; band: string; flags: string[] }
  >({
    keyOf: (item) => item.key,
    send: (items) => sendMessage('scoreContexts', { observations: items.map(observationOf) }),
    onResults: () => scanner.applyScores((key) => scores.result(key)),
  });
  // What is found before the options arrive waits for them.
  let auto: boolean | null = null;
  const held = { keys: [] as string[], contexts: [] as ScoredContext[] };
  const scanner = new PageScanner(win, {
    onChange: () => {
      const keys = scanner.drainNewKeys();
      const contexts = scanner.drainNewContexts();
      if (auto === null) {
        held.keys.push(...keys);
        held.contexts.push(...contexts);
      } else if (auto) {
        lookups.want(keys);
        scores.want(contexts);
      }
    },
  });
  scanner.start();
  void sendMessage('getPageOptions', undefined)
    .then((options) => options.autoLookup === 'all')
    .catch(() => true)
    .then((value) => {
      auto = value;
      if (value) {
        lookups.want(held.keys.splice(0));
        scores.want(held.contexts.splice(0));
      }
    });
  ctx.onInvalidated(() => {
    scanner.stop();
    lookups.stop();
    scores.stop();
  });
  ctx.addEventListener(win, 'wxt:locationchange', () => scanner.reset());

  let lastHit: { key: string; kind: string; text: string } | null = null;
  scanner.onHover((hit) => {
    lastHit = hit ? { key: hit.key, kind: hit.kind, text: rangeText(hit.range) } : null;
  });

  const findings = (): PageFindings => {
    const result = scanner.findings();
    // Complete means no scanning and no scoring work is pending.
    result.complete = result.complete && (auto === false || (auto === true && scores.idle));
    return result;
  };

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if (isFindingsRequest(message) && win === win.top) return Promise.resolve(findings());
    if (import.meta.env.MODE === 'e2e') return testProbe(message, scanner, () => lastHit);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  return scanner;
}

function observationOf({ name, context }: ScoredContext): Observation {
  return {
    name,
    path: context.path,
    parent: context.parent,
    md5: context.md5,
    sha1: context.sha1,
    sha256: context.sha256,
  };
}

/** Answers the e2e build's probes (never compiled into the production build's logic paths). */
function testProbe(
  message: unknown,
  scanner: PageScanner,
  lastHit: () => unknown,
): Promise<unknown> | undefined {
  const type = (message as { type?: string })?.type;
  if (type === HOVER_PROBE_MESSAGE) return Promise.resolve(lastHit());
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
  return undefined;
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
