import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { observeText } from '../context/observe-text';
import { isFindingsRequest, type FindingContext, type PageFindings } from '../findings';
import type { LookupResult } from '../insight';
import { sendMessage, type CardAnswer } from '../messaging';
import { CARD_AT_SELECTION_MESSAGE, REVEAL_MESSAGE, SHOW_CARD_MESSAGE } from '../page-messages';
import type { Observation } from '../score/score-conformity';
import { apiNoticeOf } from './api-notice';
import { createBatchRequester } from './batch-requester';
import { createCardController, rectOf, type CardRequest } from './card-controller';
import { createNavigationResets } from './navigation-resets';
import type { PageOccurrence } from './occurrence-index';
import { PageScanner, type ContextScore } from './page-scanner';

/** What the card view draws: the query, this row's observation, and the answer once it came. */
export interface CardViewProps {
  query: string;
  observation: Observation | null;
  answer: CardAnswer | null;
  /** The answer could not be had (the background did not answer). */
  failed: boolean;
  close: () => void;
}

export interface ScannerUi {
  /** Renders the card (or clears it with null) into our shadow root's panel. */
  view: (container: HTMLElement, props: CardViewProps | null) => void;
  css: string;
}

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
export function startScanner(
  ctx: ContentScriptContext,
  win: Window = window,
  ui?: ScannerUi,
): PageScanner | null {
  // A same-origin child frame is scanned by the top frame's scanner: do nothing here.
  if (win !== win.top && isSameOriginWithParent(win)) return null;

  // Every finding is looked up and scored (unless the analyst chose lookups on hover only).
  const lookups = createBatchRequester<string, LookupResult>({
    keyOf: (key) => key,
    send: (queries) => sendMessage('lookup', { queries }),
    // A bad key, a spent quota, a failing server: said in the page's findings too.
    onResults: (_queries, answers) => {
      const notice = apiNoticeOf(answers);
      if (notice !== undefined) scanner.setApiNotice(notice);
    },
  });
  const scores = createBatchRequester<ScoredContext, ContextScore>({
    keyOf: (item) => item.key,
    send: (items) => sendMessage('scoreContexts', { observations: items.map(observationOf) }),
    onResults: (items, answers) =>
      scanner.applyScores(
        items.flatMap((item, i) => (answers[i] ? [[item.key, answers[i]] as const] : [])),
      ),
  });
  // What is found before the options arrive waits for them.
  let auto: boolean | null = null;
  const held = { keys: [] as string[], contexts: [] as ScoredContext[] };
  const card = ui ? createCard(win, ui) : null;
  const scanner = new PageScanner(win, {
    isOwnNode: (node) => card?.isOwn(node) ?? false,
    onContextsForgotten: (keys) => scores.forget(keys),
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
    card?.dispose();
  });
  const resets = createNavigationResets(win, win.location.href, () => scanner.reset());
  ctx.onInvalidated(() => resets.stop());
  ctx.addEventListener(win, 'wxt:locationchange', () => resets.navigated(win.location.href));

  let lastHit: { key: string; kind: string; text: string } | null = null;
  scanner.onHover((hit) => {
    lastHit = hit ? { key: hit.key, kind: hit.kind, text: rangeText(hit.range) } : null;
    card?.hover(hit);
  });

  const findings = (): PageFindings => {
    const result = scanner.findings();
    // Complete means no scanning and no scoring work is pending.
    result.complete = result.complete && (auto === false || (auto === true && scores.idle));
    return result;
  };

  const answer = (message: unknown): Promise<unknown> | undefined => {
    if (isFindingsRequest(message) && win === win.top) return Promise.resolve(findings());
    const request = message as { type?: string; text?: string; key?: string };
    if (request?.type === SHOW_CARD_MESSAGE && typeof request.text === 'string') {
      return Promise.resolve(openForText(request.text));
    }
    if (request?.type === CARD_AT_SELECTION_MESSAGE) return Promise.resolve(openAtSelection());
    if (request?.type === REVEAL_MESSAGE && typeof request.key === 'string')
      return Promise.resolve(reveal(request.key));
    if (import.meta.env.MODE === 'e2e') return testProbe(message, scanner, () => lastHit);
    return undefined;
  };
  // The content script uses the browser's own API, not webextension-polyfill (see wxt.config):
  // an answer goes through `sendResponse`, and `true` keeps the channel open for it, which
  // Chrome and Firefox both honour.
  const onMessage = (
    message: unknown,
    sender: { id?: string },
    sendResponse: (response?: unknown) => void,
  ): true | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const answered = answer(message);
    if (!answered) return undefined;
    answered.then(sendResponse, () => sendResponse(undefined));
    return true;
  };
  /** The context menu's selection (a name, path, hash, command line or row), anchored at it. */
  const openForText = (text: string): boolean => {
    const seen = observeText(text);
    if (!seen || !card) return false;
    card.open({
      occurrence: null,
      query: seen.query,
      observation: seen.observation,
      anchor: selectionAnchor(win),
    });
    return true;
  };
  /** The keyboard command: the finding at the selection, else what the selected text says. */
  const openAtSelection = (): boolean => {
    const selection = win.getSelection();
    const node = selection?.anchorNode;
    const occurrence = node ? scanner.index.at(node, selection!.anchorOffset) : null;
    if (occurrence && card) {
      card.open(requestFor(win, occurrence));
      return true;
    }
    return openForText(selection?.toString() ?? '');
  };
  /** The popup's page list: scroll to the first occurrence of `key` and flash it. */
  const reveal = (key: string): boolean => {
    const occurrence = [...scanner.index.values()].find((o) => o.key === key);
    if (!occurrence) return false;
    occurrence.nodes[0]?.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    scanner.highlighter?.flash(occurrence);
    return true;
  };

  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  return scanner;
}

/** The card controller, with the data of each card fetched from the background. */
function createCard(win: Window, ui: ScannerUi) {
  const answers = new Map<string, CardAnswer>();
  let shown: (CardRequest & { observation?: Observation | null }) | null = null;
  const controller = createCardController({
    win,
    css: ui.css,
    toRequest: (occurrence) => requestFor(win, occurrence),
    render(container, request, close) {
      shown = request;
      if (!request) return ui.view(container, null);
      const observation = (request as { observation?: Observation | null }).observation ?? null;
      const key = JSON.stringify([request.query, observation]);
      const draw = (answer: CardAnswer | null, failed = false) => {
        if (shown === request)
          ui.view(container, { query: request.query, observation, answer, failed, close });
      };
      draw(answers.get(key) ?? null);
      if (answers.has(key)) return;
      sendMessage('cardFor', { query: request.query, observation })
        .then((answer) => {
          answers.set(key, answer);
          draw(answer);
        })
        .catch(() => draw(null, true));
    },
  });
  return {
    ...controller,
    hover: (occurrence: PageOccurrence | null) => controller.hover(occurrence),
    open: (request: CardRequest & { observation?: Observation | null }) => controller.open(request),
  };
}

/** A card request for a finding on the page, with its row's context as the observation. */
function requestFor(
  win: Window,
  occurrence: PageOccurrence,
): CardRequest & { observation: Observation | null } {
  const context = occurrence.context;
  const observation =
    occurrence.kind === 'process' && context
      ? observationOf({ name: occurrence.key, context })
      : null;
  return {
    occurrence,
    query: occurrence.key,
    observation,
    anchor: () => rectOf(win.document, occurrence),
  };
}

/** Where the current selection is on screen (the card's anchor), else the top left corner. */
function selectionAnchor(win: Window): () => DOMRect {
  const selection = win.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).cloneRange() : null;
  return () => range?.getBoundingClientRect() ?? new DOMRect(16, 16, 0, 0);
}

/** What scoring is told of a process in its row: its name and its row's context. */
function observationOf({ name, context }: Pick<ScoredContext, 'name' | 'context'>): Observation {
  return {
    name,
    path: context.path,
    parent: context.parent,
    md5: context.md5,
    sha1: context.sha1,
    sha256: context.sha256,
    ...(context.originalName ? { originalName: context.originalName } : {}),
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
