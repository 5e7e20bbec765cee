/**
 * The page scanner: finds every process and hash on a live console page, highlights them, and
 * keeps up as the page changes, without touching a node of the page.
 *
 * Components and data flow:
 * - `iterateTextSegments` walks visible text (document, open shadow roots) as a generator,
 *   so one walk can stop at a time budget and resume in the next slice.
 * - Segments are batched by record (row, panel, event) and handed to `analyzeSegments` once
 *   the walk has moved past their record, so every record is paired whole. Text whose record
 *   is the whole page is analyzed in small batches instead of at the very end.
 * - Results go to the `OccurrenceIndex` as static ranges (never live ranges, which would
 *   cost the page on every DOM change) and to the `Highlighter` (CSS Custom Highlight API).
 * - A `MutationQueue` (one observer per root; the callback only queues) feeds later slices:
 *   a changed node is rescanned as its whole record; a batch of more than ~1,000 nodes becomes
 *   one rescan of its root; removed or changed text drops its stale occurrences first.
 * - Same-origin child frames get a scanner of their own, whose findings the top frame's
 *   findings include.
 * - All work runs in `createSliceRunner` slices of ~6 ms.
 *
 * When each part turns off: `stop()` (the content-script context is invalidated by an update
 * or reload) disconnects observers, cancels slices and removes highlights; `reset()` (SPA
 * navigation) drops all findings and rescans.
 */
import { analyzeSegments } from '../context/analyze-segments';
import { mayHoldFindings, mayHoldIndicators } from '../detect/find-indicators';
import {
  createFieldCaches,
  hasMoreChildrenThan,
  isPageRecord,
  isRowRecord,
  recordOf,
  resolveField,
  type FieldCaches,
} from '../context/resolve-field';
import { summarizeFindings } from '../context/summarize-findings';
import type { FindingContext, PageFindings } from '../findings';
import { Highlighter } from './highlighter';
import { occurrenceAtPoint, watchHover, type HitListener } from './hover-hit';
import { MutationQueue, RESCAN_THRESHOLD } from './mutation-queue';
import {
  LazyOccurrence,
  OccurrenceIndex,
  positionOf,
  nodesBetween,
  type PageOccurrence,
} from './occurrence-index';
import { chunkSegment, SEGMENT_CHUNK_CHARS, startsAsJson, startsRecord } from './segment-chunks';
import { createSliceRunner, type SliceRunner } from './slice-runner';
import {
  blockOf,
  createSegmentCaches,
  isVisible,
  iterateTextSegments,
  MAX_NODE_CHARS,
  type SegmentCaches,
  type TextSegment,
} from './text-segments';

/** Distinct processes and hashes tracked per page; beyond it new ones are counted in a notice. */
export const MAX_UNIQUE_INDICATORS = 500;
/** During a long scan, new highlights are painted at most this often. */
const HIGHLIGHT_BATCH_MS = 250;
/** Ranges added to the page's highlights per slice (the browser's paint cost per frame grows with it). */
const RANGES_PER_PAINT = 2_000;
/** Segments analyzed together when their record is not a row (the page, a section): bounds one analysis call. */
const PAGE_LEVEL_BATCH = 200;
/** …or this much of their text, whichever comes first (multi-line events cost more each). */
const PAGE_LEVEL_CHARS = 8_000;
/** A record that is not a row and has held more segments is rescanned by block, like the page. */
const BIG_RECORD_SEGMENTS = 64;
/** A row whose detail row changed is rescanned with its table section up to this many rows. */
const MAX_ROWS_READ_TOGETHER = 200;
/**
 * Custom elements met without a shadow root are looked at again, at growing intervals
 * (a component library loaded late upgrades them with no tree change to observe). Capped:
 * elements with closed roots never get an open one.
 */
const MAX_SHADOWLESS = 2_000;
/** Hidden text watched for being shown (a tab, an accordion); the rest waits for a rescan. */
const MAX_HIDDEN_WATCHED = 500;
/** Indicators past the cap are remembered (for the notice's count) up to this many. */
const MAX_OVER_CAP_KEPT = 10_000;
/** Contexts (and their scores) remembered beyond those on the page, for rows that come back. */
const MAX_CONTEXTS_KEPT = 20_000;
/** A changed text's block longer than this is rescanned without reading it first. */
const MAX_CHANGED_BLOCK_CHARS = 100_000;
const SHADOW_CHECK_MS = [500, 1_000, 2_000, 4_000, 8_000];

/** What scoring answers for one context key (the background's conformity, less its factors). */
export interface ContextScore {
  score: number | null;
  band: string;
  flags: string[];
}

export interface ScannerOptions {
  /** Our own UI: never scanned, its mutations ignored. */
  isOwnNode?: (node: Node) => boolean;
  maxUnique?: number;
  maxNodeChars?: number;
  /** A text longer than this is read in chunks of about this size (default SEGMENT_CHUNK_CHARS). */
  chunkChars?: number;
  /** Contexts remembered beyond those on the page (default MAX_CONTEXTS_KEPT). */
  maxContextsKept?: number;
  highlight?: boolean;
  /** Called (at most once per slice) when findings changed. */
  onChange?: () => void;
  /** Told of context keys let go (a long-running page): asked again if they come back. */
  onContextsForgotten?: (keys: string[]) => void;
}

interface ScanJob {
  unit: Node;
  segments: Generator<TextSegment, void, undefined>;
  batch: TextSegment[];
  /** How many segments the batch held after it was last looked at for closed records. */
  looked: number;
  /** Text read into the batch since then. */
  lookedChars: number;
  /** The rest of a long segment, cut into chunks read one per step. */
  chunks: TextSegment[];
}

export class PageScanner {
  readonly index = new OccurrenceIndex();
  readonly highlighter: Highlighter | null;
  readonly #queue: MutationQueue;
  readonly #runner: SliceRunner;
  readonly #units: Node[] = [];
  #job: ScanJob | null = null;
  #segmentCaches: SegmentCaches = createSegmentCaches();
  #fieldCaches: FieldCaches = createFieldCaches();
  /** Distinct indicators on the page now, with how many occurrences each (the cap counts them). */
  readonly #keys = new Map<string, number>();
  #newKeys = new Set<string>();
  readonly #contextKeys = new Set<string>();
  /** The occurrences of each scored context key, and the answers had so far. */
  // Most keys have one occurrence (a row's own hashes make it unique): no set for those.
  readonly #byContext = new Map<string, PageOccurrence | Set<PageOccurrence>>();
  readonly #scores = new Map<string, ContextScore>();
  #apiNotice: string | null = null;
  #newContexts: Array<{ name: string; context: FindingContext; key: string }> = [];
  readonly #overCap = new Set<string>();
  #truncatedNodes = 0;
  readonly #shadowRoots = new Set<ShadowRoot>();
  readonly #shadowless = new Set<Element>();
  /** Elements whose indicator-holding text was hidden when read (at most MAX_HIDDEN_WATCHED). */
  readonly #hidden = new Set<Element>();
  /** Segments analyzed so far per record that is not a row (a section, a form, a panel). */
  readonly #coarseSizes = new WeakMap<Element, number>();
  #shadowCheck: { timer: number; step: number } | null = null;
  readonly #frames = new Map<HTMLIFrameElement, PageScanner>();
  #changed = false;
  #stopped = false;
  readonly #idleWaiters: Array<() => void> = [];
  #stopHover: (() => void) | null = null;
  #hoverListener: HitListener | null = null;
  readonly #cleanups: Array<() => void> = [];
  #failedUnits = 0;
  #lastPaint = 0;
  #paintPending = false;
  #paintFrame: number | null = null;
  #paintTimer: number | null = null;
  #lastError = '';
  /** Main-thread time spent in slices and applying scores, and the longest slice, for benchmarks. */
  busyMs = 0;
  longestSliceMs = 0;
  /** Of which, time spent handing ranges to the page's highlights (in animation frames). */
  paintMs = 0;
  /** Characters of text read (for tests: what a change costs to read again). */
  charsRead = 0;

  /** The document this scanner reads (a frame's window outlives its documents). */
  readonly doc: Document;

  constructor(
    readonly win: Window,
    private readonly options: ScannerOptions = {},
  ) {
    this.doc = win.document;
    this.highlighter = options.highlight === false ? null : new Highlighter(win);
    this.#queue = new MutationQueue(
      (node) => this.#isOwn(node),
      () => this.#runner.schedule(),
      () => this.#hidden.size > 0,
    );
    this.#runner = createSliceRunner(win, (deadline) => this.#work(deadline));
  }

  /** Starts watching and scanning the whole document. */
  start(): void {
    const doc = this.doc;
    this.#queue.observe(doc);
    // A child frame that (re)loads gets a new document: give it a scanner.
    const onLoad = (event: Event) => {
      if ((event.target as Element | null)?.tagName === 'IFRAME') this.#watchFrames();
    };
    doc.addEventListener('load', onLoad, true);
    this.#cleanups.push(() => doc.removeEventListener('load', onLoad, true));
    // On a big page only highlights near the viewport are painted: follow scrolling (inner
    // scrolling grids too, hence capture) and resizing.
    const onViewport = () => {
      if (!this.highlighter) return;
      this.highlighter.markWindowStale();
      this.#schedulePaint();
    };
    doc.addEventListener('scroll', onViewport, { capture: true, passive: true });
    this.win.addEventListener('resize', onViewport, { passive: true });
    this.#cleanups.push(() => {
      doc.removeEventListener('scroll', onViewport, { capture: true });
      this.win.removeEventListener('resize', onViewport);
    });
    this.#enqueue(doc.body ?? doc.documentElement);
    this.#watchFrames();
  }

  /** Drops every finding and scans the page again (SPA navigation). */
  reset(): void {
    const started = performance.now();
    this.#forgetLayout();
    for (const occurrence of this.index.clear()) this.highlighter?.remove(occurrence);
    this.#byContext.clear();
    this.#keys.clear();
    this.#newKeys.clear();
    this.#contextKeys.clear();
    this.#newContexts = [];
    this.#overCap.clear();
    this.#hidden.clear();
    this.#truncatedNodes = 0;
    this.#units.length = 0;
    this.#job = null;
    this.#queue.take();
    for (const frame of this.#frames.values()) frame.reset();
    this.#enqueue(this.doc.body ?? this.doc.documentElement);
    this.#changed = true;
    // Dropping a big page's findings is main-thread work of its own (a task, not a slice).
    this.#spent(performance.now() - started);
  }

  /** Counts a task's main-thread time into `busyMs` and `longestSliceMs`. */
  #spent(ms: number): void {
    this.busyMs += ms;
    this.longestSliceMs = Math.max(this.longestSliceMs, ms);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#paintFrame !== null) this.win.cancelAnimationFrame(this.#paintFrame);
    if (this.#paintTimer !== null) this.win.clearTimeout(this.#paintTimer);
    this.#paintFrame = this.#paintTimer = null;
    this.#paintPending = false;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    if (this.#shadowCheck) this.win.clearTimeout(this.#shadowCheck.timer);
    this.#shadowCheck = null;
    this.#shadowless.clear();
    this.#hidden.clear();
    this.#runner.cancel();
    this.#queue.disconnect();
    this.#stopHover?.();
    this.highlighter?.dispose();
    for (const frame of this.#frames.values()) frame.stop();
    this.#frames.clear();
    this.#resolveIdle();
  }

  /** True while any scanning is pending here or in a child frame. */
  get busy(): boolean {
    return (
      this.#units.length > 0 ||
      this.#job !== null ||
      this.#queue.pending ||
      [...this.#frames.values()].some((f) => f.busy)
    );
  }

  /** Resolves once no scanning work is pending. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The findings of this frame and its same-origin child frames. */
  findings(): PageFindings {
    const processes: Array<{ name: string; path: string | null; context: FindingContext }> = [];
    const hashes: Array<{ value: string; type: NonNullable<PageOccurrence['hashType']> }> = [];
    const collect = (scanner: PageScanner) => {
      for (const o of scanner.index.values()) {
        if (o.kind === 'process' && o.context)
          processes.push({ name: o.key, path: o.path, context: o.context });
        else if (o.hashType) hashes.push({ value: o.key, type: o.hashType });
      }
      for (const frame of scanner.#frames.values()) collect(frame);
    };
    collect(this);
    return summarizeFindings(
      this.win.location.href,
      { processes, hashes },
      this.notices(),
      !this.busy,
    );
  }

  /** Distinct processes and hashes found since the last call (here and in child frames). */
  drainNewKeys(): string[] {
    const keys = [...this.#newKeys];
    this.#newKeys = new Set();
    for (const frame of this.#frames.values()) keys.push(...frame.drainNewKeys());
    return keys;
  }

  /** Distinct (name, context) pairs found since the last call, for scoring. */
  drainNewContexts(): Array<{ name: string; context: FindingContext; key: string }> {
    const contexts = this.#newContexts;
    this.#newContexts = [];
    for (const frame of this.#frames.values()) contexts.push(...frame.drainNewContexts());
    return contexts;
  }

  /**
   * Takes conformity answers by context key (see `contextKey`): writes them into the contexts
   * that have that key and marks unusual occurrences. Only the occurrences of the given keys
   * are touched, and the answers are kept, so an occurrence found later (a rescan, a row
   * added again) is scored as it is found.
   */
  applyScores(scored: Iterable<readonly [string, ContextScore]>): void {
    const started = performance.now();
    const entries = [...scored];
    for (const [key, conformity] of entries) {
      this.#scores.set(key, conformity);
      const same = this.#byContext.get(key);
      if (same instanceof Set) for (const occurrence of same) this.#score(occurrence, conformity);
      else if (same) this.#score(same, conformity);
    }
    for (const frame of this.#frames.values()) frame.applyScores(entries);
    this.#pruneContexts();
    // Scoring answers are part of the scan's main-thread cost too (see `busyMs`).
    this.#spent(performance.now() - started);
  }

  #score(occurrence: PageOccurrence, conformity: ContextScore): void {
    occurrence.context!.score = conformity.score;
    occurrence.context!.flags = conformity.flags;
    const unusual = conformity.band === 'unusual' || conformity.band === 'rare';
    if (!!occurrence.unusual !== unusual) this.highlighter?.setUnusual(occurrence, unusual);
  }

  /** Drops occurrences from the index, the highlights and the scoring table. */
  #forget(occurrences: Iterable<PageOccurrence>): void {
    for (const occurrence of this.index.removeAll(occurrences)) this.#unregister(occurrence);
  }

  #unregister(occurrence: PageOccurrence): void {
    this.highlighter?.remove(occurrence);
    this.#changed = true;
    // An indicator gone from the page frees its place under the cap (a live log scrolls).
    const count = this.#keys.get(occurrence.key);
    if (count !== undefined) {
      if (count > 1) this.#keys.set(occurrence.key, count - 1);
      else {
        this.#keys.delete(occurrence.key);
        this.#overCap.clear();
      }
    }
    const key = occurrence.contextKey;
    const same = key ? this.#byContext.get(key) : undefined;
    if (!key || !same) return;
    if (same === occurrence) this.#byContext.delete(key);
    else if (same instanceof Set && same.delete(occurrence) && same.size === 0)
      this.#byContext.delete(key);
  }

  /**
   * Context keys asked about and their answers are kept, so that rows coming back are scored
   * at once; on a page that runs for days (a live log) they are let go, past
   * MAX_CONTEXTS_KEPT, for contexts no longer on the page.
   */
  #pruneContexts(): void {
    const limit = this.options.maxContextsKept ?? MAX_CONTEXTS_KEPT;
    if (this.#contextKeys.size <= limit && this.#scores.size <= limit) return;
    const forgotten: string[] = [];
    for (const key of this.#contextKeys) {
      if (this.#byContext.has(key)) continue;
      this.#contextKeys.delete(key);
      forgotten.push(key);
    }
    this.options.onContextsForgotten?.(forgotten);
    for (const key of this.#scores.keys()) if (!this.#byContext.has(key)) this.#scores.delete(key);
  }

  /** What the latest lookups said of the API (a bad key, a spent quota), or null. */
  setApiNotice(notice: string | null): void {
    this.#apiNotice = notice;
  }

  /** Things the analyst should know about this scan: caps hit, missing APIs, the API's state. */
  notices(): string[] {
    const notices: string[] = [];
    if (this.#apiNotice) notices.push(this.#apiNotice);
    const over =
      this.#overCap.size + [...this.#frames.values()].reduce((n, f) => n + f.#overCap.size, 0);
    if (over > 0)
      notices.push(
        `This page shows more than ${this.options.maxUnique ?? MAX_UNIQUE_INDICATORS} distinct processes and hashes; ${over} more were not tracked.`,
      );
    if (this.#truncatedNodes > 0)
      notices.push(
        `${this.#truncatedNodes} very large text block(s) were read only in part (the first ${Math.round((this.options.maxNodeChars ?? MAX_NODE_CHARS) / 1_000_000)} MB each).`,
      );
    if (this.#failedUnits > 0)
      notices.push(
        `${this.#failedUnits} part(s) of the page could not be scanned (${this.#lastError}); the rest was.`,
      );
    if (this.highlighter && !this.highlighter.available)
      notices.push(
        'This browser cannot highlight findings (no CSS Custom Highlight API); hover and the page list still work.',
      );
    return notices;
  }

  /** The occurrence at a viewport point, in this document. */
  occurrenceAt(x: number, y: number): PageOccurrence | null {
    return occurrenceAtPoint(this.doc, this.index, x, y, [...this.#shadowRoots]);
  }

  /** Tells `listener` which occurrence is under the pointer, as it changes. */
  onHover(listener: HitListener): void {
    this.#hoverListener = listener;
    this.#stopHover?.();
    this.#stopHover = watchHover(this.doc, this.index, listener, () => [...this.#shadowRoots]);
    for (const frame of this.#frames.values()) frame.onHover(listener);
  }

  #isOwn(node: Node): boolean {
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    return !!element && !!this.options.isOwnNode?.(element);
  }

  #enqueue(unit: Node | null): void {
    if (!unit || this.#stopped) return;
    this.#units.push(unit);
    this.#runner.schedule();
  }

  /** One slice: take queued changes, then scan until the deadline. Returns true if work remains. */
  #work(deadline: number): boolean {
    if (this.#stopped) return false;
    const started = performance.now();
    try {
      if (this.#queue.pending) this.#takeChanges();
      while (performance.now() < deadline) {
        if (!this.#job) {
          const unit = this.#units.shift();
          if (!unit) break;
          if (!unit.isConnected) continue;
          this.#clearUnit(unit);
          this.#job = {
            unit,
            segments:
              unit.nodeType === 3
                ? this.#lineSegments(unit as Text)
                : iterateTextSegments(
                    unit,
                    {
                      isOwnNode: (e) => this.#isOwn(e),
                      maxNodeChars: this.options.maxNodeChars,
                      select: mayHoldFindings,
                      onShadowless: (e) => this.#watchShadowless(e),
                      onHidden: (e) => {
                        if (this.#hidden.size < MAX_HIDDEN_WATCHED) this.#hidden.add(e);
                      },
                    },
                    this.#segmentCaches,
                    (s) => this.#addShadowRoot(s),
                  ),
            batch: [],
            looked: 0,
            lookedChars: 0,
            chunks: [],
          };
        }
        try {
          this.#step(this.#job);
        } catch (error) {
          // One unit that cannot be read (a page quirk, a detached node) must not stop the
          // scanner: skip it, say so in the findings' notices, and go on.
          this.#failedUnits++;
          this.#lastError = error instanceof Error ? error.name : 'Error';
          this.#job = null;
        }
      }
    } finally {
      this.#spent(performance.now() - started);
    }
    const more = this.#units.length > 0 || this.#job !== null || this.#queue.pending;
    // Paint in batches, one frame's worth per animation frame: when the work is done, and
    // every HIGHLIGHT_BATCH_MS during a long scan.
    if (
      this.highlighter?.dirty &&
      (!more || performance.now() - this.#lastPaint >= HIGHLIGHT_BATCH_MS)
    ) {
      this.#lastPaint = performance.now();
      this.#schedulePaint();
    }
    if (this.#changed) {
      this.#changed = false;
      this.options.onChange?.();
    }
    if (!more) {
      this.#forgetLayout();
      this.#resolveIdle();
    }
    return more;
  }

  /** Takes one segment from the job's walk; analyzes what is ready. */
  #step(job: ScanJob): void {
    let segment = job.chunks.shift();
    if (!segment) {
      const next = job.segments.next();
      if (next.done) {
        this.#job = null;
        this.#analyze(job.batch);
        return;
      }
      segment = next.value;
      // The walk's `select` let through only text that may hold an indicator, and text cut
      // short (which is counted for the notice; only that needs asking again).
      if (segment.truncated && !mayHoldIndicators(segment.text)) {
        this.#truncatedNodes++;
        return;
      }
      // A pasted log is read a chunk per step, so the slices stay short.
      if (segment.text.length > this.#chunkChars) {
        job.chunks = chunkSegment(segment, this.#chunkChars);
        segment = job.chunks.shift()!;
      }
    }
    job.batch.push(segment);
    job.lookedChars += segment.text.length;
    this.charsRead += segment.text.length;
    // Every 32 new segments (or a page-level batch's worth of text): a batch of one big record
    // (a key-value table, a log) stays open for up to PAGE_LEVEL_BATCH segments, and looking it
    // over at each step would be quadratic.
    if (job.batch.length - job.looked >= 32 || job.lookedChars >= PAGE_LEVEL_CHARS) {
      this.#analyzeClosedRecords(job);
      job.looked = job.batch.length;
      job.lookedChars = 0;
    }
  }

  get #chunkChars(): number {
    return this.options.chunkChars ?? SEGMENT_CHUNK_CHARS;
  }

  /**
   * Paints buffered highlights once per frame, just after the frame was rendered: the page's
   * own layout is then clean, so asking where rows are (the highlight window) never forces a
   * layout of rows the page has just added. They show in the next frame.
   */
  #schedulePaint(): void {
    const highlighter = this.highlighter;
    if (this.#paintPending || !highlighter?.dirty || this.#stopped) return;
    this.#paintPending = true;
    this.#paintFrame = this.win.requestAnimationFrame(() => {
      this.#paintFrame = null;
      this.#paintTimer = this.win.setTimeout(() => {
        this.#paintTimer = null;
        this.#paintPending = false;
        if (this.#stopped) return;
        const started = performance.now();
        const more = highlighter.flush(RANGES_PER_PAINT);
        const spent = performance.now() - started;
        this.paintMs += spent;
        this.#spent(spent);
        if (more) this.#schedulePaint();
      }, 0);
    });
  }

  /** True while highlights wait to be painted (painting is not part of `complete`). */
  get painting(): boolean {
    return this.#paintPending || !!this.highlighter?.dirty;
  }

  /**
   * Drops the per-pass layout and table caches. Done when a pass ends too: held while idle,
   * their weak tables kept an entry for every element of a large page (about 3 MB at 5,000 rows).
   */
  #forgetLayout(): void {
    this.#segmentCaches = createSegmentCaches();
    this.#fieldCaches = createFieldCaches();
  }

  #resolveIdle(): void {
    if (this.busy && !this.#stopped) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /**
   * Turns queued mutations into units to rescan. Units merge with those already pending (an
   * SPA reset may have queued the whole page while a mutation queued part of it), and a unit
   * overlapping the one being scanned restarts it. Old occurrences of a unit are dropped when
   * its scan starts (`startJob`), so no order of events can count anything twice.
   */
  #takeChanges(): void {
    const changes = this.#queue.take();
    this.#pruneContexts();
    // Layout answers and table headers may have changed with the page: forget them. They are
    // kept across the units of one batch (100 appended rows share one table's headers).
    this.#forgetLayout();
    if (changes.stale) this.#dropDetached();
    const units = new Set<Node>();
    for (const root of changes.roots)
      units.add(
        root.nodeType === 9
          ? ((root as Document).body ?? (root as Document).documentElement)
          : root,
      );
    // Added nodes and changed text matter when they held an occurrence or may hold one now:
    // a chart redrawn with thousands of shapes, or a column of relative times ticking every
    // second, is not rescanned.
    const mattering = [
      ...changes.nodes.filter((node) => this.#nodeMatters(node)),
      ...changes.changedText.filter((node) => this.#textMatters(node as Text)),
    ];
    if (mattering.length > RESCAN_THRESHOLD) {
      units.add(this.doc.body ?? this.doc.documentElement);
    } else {
      const added = new Set(changes.nodes);
      for (const node of mattering) {
        const unit = (added.has(node) && this.#appendedLine(node)) || this.#unitFor(node);
        if (unit) units.add(unit);
      }
    }
    // Hidden text under an element whose class or attributes changed may show now.
    // (Each watched element's ancestors are looked up in the restyled set: a page restyling
    // hundreds of elements per frame costs the same as one.)
    if (changes.restyled.length > 0 && this.#hidden.size > 0) {
      const restyled = new Set(changes.restyled);
      for (const element of this.#hidden) {
        if (!element.isConnected) {
          this.#hidden.delete(element);
          continue;
        }
        let ancestor: Element | null = element;
        while (ancestor && !restyled.has(ancestor)) ancestor = ancestor.parentElement;
        if (ancestor) {
          this.#hidden.delete(element);
          const unit = this.#unitFor(element);
          if (unit) units.add(unit);
        }
      }
    }
    if (units.size === 0) return;
    for (const pending of this.#units) units.add(pending);
    const job = this.#job;
    if (
      job &&
      [...units].some((u) => u === job.unit || u.contains(job.unit) || job.unit.contains(u))
    ) {
      units.add(job.unit);
      this.#job = null;
    }
    // Keep only outermost units: a row inside a rescanned table is covered by the table.
    this.#units.splice(
      0,
      this.#units.length,
      ...[...units].filter((unit) => !hasAncestorIn(unit, units)),
    );
    // Looking for frames reads the whole document: only when frames may have come or gone.
    if (
      changes.roots.length > 0 ||
      (changes.stale && this.#frames.size > 0) ||
      changes.nodes.some(holdsFrame)
    )
      this.#watchFrames();
  }

  /** Drops occurrences whose text left the page. */
  #dropDetached(): void {
    this.#forget([...this.index.values()].filter((o) => !o.nodes.every((n) => n.isConnected)));
  }

  /** Drops the occurrences inside `unit` (open shadow roots included) before it is scanned again. */
  #clearUnit(unit: Node): void {
    const doc = unit.ownerDocument ?? (unit as Document);
    const view = doc.defaultView;
    if (!view || this.index.size === 0) return;
    if (unit.nodeType === 3) return this.#forget(this.index.occurrencesOf(unit as Text));
    const roots: Node[] = [unit];
    const inside: PageOccurrence[] = [];
    while (roots.length) {
      const walker = doc.createTreeWalker(
        roots.pop()!,
        view.NodeFilter.SHOW_TEXT | view.NodeFilter.SHOW_ELEMENT,
      );
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === 1) {
          const shadow = (node as Element).shadowRoot;
          if (shadow) roots.push(shadow);
          continue;
        }
        for (const occurrence of this.index.occurrencesOf(node as Text)) inside.push(occurrence);
      }
    }
    this.#forget(inside);
  }

  /** Whether an added node is worth a rescan (see #takeChanges). */
  #nodeMatters(node: Node): boolean {
    if (node.nodeType === 3) return this.#textMatters(node as Text);
    if (node.nodeType !== 1 || !node.isConnected) return false;
    const element = node as Element;
    const text = element.textContent ?? '';
    if (text.length > MAX_CHANGED_BLOCK_CHARS || mayHoldFindings(text)) return true;
    // Text in shadow roots and frames is not in textContent: hosts of either matter.
    return hostsMore(element);
  }

  /** Whether a text node whose text changed is worth a rescan (see #takeChanges). */
  #textMatters(node: Text): boolean {
    if (this.index.occurrencesOf(node).length > 0) return true;
    const parent = node.parentElement;
    const view = parent?.ownerDocument.defaultView;
    if (!parent || !view || !node.isConnected) return false;
    // A value may be split across inline elements: read the text of its whole block (not
    // of the whole page, for text right under the body).
    const block = blockOf(parent, view, this.#segmentCaches);
    const doc = block.ownerDocument;
    const whole = block === doc.body || block === doc.documentElement;
    const text = whole ? node.data : (block.textContent ?? '');
    return text.length > MAX_CHANGED_BLOCK_CHARS || mayHoldFindings(text);
  }

  /**
   * A text node added at the end of a long text, after a line break (a log tail appending
   * lines to a <pre>): read alone, as a chunk of that text would be, instead of the whole
   * text again at every line. JSON is read again whole (its chunks need the keys open
   * before them).
   */
  #appendedLine(node: Node): Text | null {
    if (node.nodeType !== 3 || node.nextSibling !== null) return null;
    const text = node as Text;
    const parent = text.parentElement;
    const view = parent?.ownerDocument.defaultView;
    const previous = text.previousSibling;
    if (!parent || !view || !previous || this.#isOwn(parent)) return null;
    if (blockOf(parent, view, this.#segmentCaches) !== parent) return null;
    const lineBreak =
      text.data.startsWith('\n') ||
      previous.nodeName === 'BR' ||
      (previous.nodeType === 3 && (previous as Text).data.endsWith('\n'));
    // (A branch of a tree drawn in the text needs the lines above it.)
    if (!lineBreak || !startsRecord(text.data, text.data.startsWith('\n') ? 1 : 0)) return null;
    const first = parent.firstChild;
    if (first?.nodeType === 3 && startsAsJson((first as Text).data)) return null;
    // Long before it: its earlier siblings' text, counted only until it is (not the whole
    // text, a megabyte copied at every line).
    let before = 0;
    for (let n: Node | null = previous; n && before <= this.#chunkChars; n = n.previousSibling)
      before += n.textContent?.length ?? 0;
    return before > this.#chunkChars && isVisible(parent, view, this.#segmentCaches) ? text : null;
  }

  /** The segment of a line appended to a long text (see `#appendedLine`), if it may hold findings. */
  *#lineSegments(text: Text): Generator<TextSegment, void, undefined> {
    const block = text.parentElement;
    const max = this.options.maxNodeChars ?? MAX_NODE_CHARS;
    const data = text.data.length > max ? text.data.slice(0, max) : text.data;
    if (block && text.isConnected && mayHoldFindings(data))
      yield {
        block,
        text: data,
        pieces: [{ node: text, start: 0 }],
        truncated: data !== text.data,
      };
  }

  /** What to rescan for a changed node: its whole record, or just its block on an unstructured page. */
  #unitFor(node: Node): Node | null {
    if (!node.isConnected) return null;
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!element || this.#isOwn(element)) return null;
    const view = element.ownerDocument.defaultView;
    if (!view) return null;
    const block = blockOf(element, view, this.#segmentCaches);
    const record = resolveField(block, this.#fieldCaches).record;
    // A big record that is not a row (a console wrapped in one <form>) is rescanned by the
    // changed block, like the page: one appended event must not rescan thousands.
    const big = (this.#coarseSizes.get(record) ?? 0) > BIG_RECORD_SEGMENTS;
    const unit = isPageRecord(record) || big ? block : record;
    // A row and the detail row a legacy table opens under it are one record: read together
    // (through their table section, when it is small), or the row loses what its detail says.
    if (unit === record && record.localName === 'tr') {
      const detail = record.nextElementSibling;
      const together =
        !record.contains(element) || (detail !== null && recordOf(detail) === record);
      const section = record.parentElement;
      if (together && section && !hasMoreChildrenThan(section, MAX_ROWS_READ_TOGETHER))
        return section;
    }
    // A freshly added subtree may hold records of its own: scan all of it.
    return unit.contains(element) ? unit : element;
  }

  /** Analyzes the batched segments whose record the walk has left behind. */
  #analyzeClosedRecords(job: ScanJob): void {
    const last = job.batch[job.batch.length - 1]!;
    const closed: TextSegment[] = [];
    const open: TextSegment[] = [];
    // Of the open ones, those of a record that is not a row (the page, a <form> or <section>
    // around a whole console), which may hold thousands of events: analyzed whole at the
    // end, they would be one long task.
    const coarse: TextSegment[] = [];
    let coarseChars = 0;
    // A row's record goes on in the detail row under it, which the row does not contain.
    const lastRecord = resolveField(last.block, this.#fieldCaches).record;
    for (const segment of job.batch) {
      const record = resolveField(segment.block, this.#fieldCaches).record;
      if (
        segment !== last &&
        !isPageRecord(record) &&
        record !== lastRecord &&
        !record.contains(last.block)
      ) {
        closed.push(segment);
        continue;
      }
      open.push(segment);
      if (segment !== last && !isRowRecord(record)) {
        coarse.push(segment);
        coarseChars += segment.text.length;
      }
    }
    if (coarse.length >= PAGE_LEVEL_BATCH || coarseChars >= PAGE_LEVEL_CHARS) {
      // The event being read when the batch was cut goes on in the next: it is held back
      // and read again with the rest, or its fields would pair with its neighbours'.
      const held = new Set(this.#analyze(coarse, true));
      const read = new Set(coarse.filter((s) => !held.has(s)));
      job.batch = open.filter((s) => !read.has(s));
    } else {
      job.batch = open;
    }
    if (closed.length) this.#analyze(closed);
  }

  /** Analyzes segments and registers what they hold; returns those held back (`holdOpen`). */
  #analyze(segments: TextSegment[], holdOpen = false): TextSegment[] {
    if (segments.length === 0) return [];
    const analysis = analyzeSegments(segments, this.#fieldCaches, { holdOpen });
    const held = analysis.held ? new Set(analysis.held) : null;
    for (const segment of segments) {
      if (held?.has(segment)) continue;
      if (segment.truncated) this.#truncatedNodes++;
      const record = resolveField(segment.block, this.#fieldCaches).record;
      if (!isRowRecord(record))
        this.#coarseSizes.set(record, (this.#coarseSizes.get(record) ?? 0) + 1);
    }
    const add = (
      segment: TextSegment,
      start: number,
      end: number,
      build: (nodes: Text[], startOffset: number, endOffset: number) => PageOccurrence,
    ) => {
      const from = positionOf(segment, start, false);
      const to = positionOf(segment, end, true);
      const occurrence = build(nodesBetween(segment, from.index, to.index), from.offset, to.offset);
      const seen = this.#keys.get(occurrence.key);
      if (seen === undefined) {
        if (this.#keys.size >= (this.options.maxUnique ?? MAX_UNIQUE_INDICATORS)) {
          if (this.#overCap.size < MAX_OVER_CAP_KEPT) this.#overCap.add(occurrence.key);
          return;
        }
        this.#newKeys.add(occurrence.key);
      }
      this.#keys.set(occurrence.key, (seen ?? 0) + 1);
      // Only kept occurrences share (and register for scoring) their record's context.
      if (occurrence.context) {
        const key = contextKey(occurrence.key, occurrence.context);
        occurrence.context = intern(occurrence.key, key, occurrence.context);
        occurrence.contextKey = key;
        const same = this.#byContext.get(key);
        if (same instanceof Set) same.add(occurrence);
        else this.#byContext.set(key, same ? new Set([same, occurrence]) : occurrence);
      }
      this.index.add(occurrence);
      this.highlighter?.add(occurrence);
      const known = occurrence.contextKey ? this.#scores.get(occurrence.contextKey) : undefined;
      if (known) this.#score(occurrence, known);
      this.#changed = true;
    };
    // Occurrences in one record share their context: one object, not one per mention.
    const contexts = new Map<string, FindingContext>();
    const intern = (name: string, key: string, context: FindingContext) => {
      const known = contexts.get(key);
      if (known) return known;
      contexts.set(key, context);
      if (!this.#contextKeys.has(key)) {
        this.#contextKeys.add(key);
        this.#newContexts.push({ name, context, key });
      }
      return context;
    };
    for (const p of analysis.processes) {
      add(
        p.segment,
        p.start,
        p.end,
        (nodes, from, to) =>
          new LazyOccurrence('process', p.name, nodes, from, to, p.path, p.context, null),
      );
    }
    for (const h of analysis.hashes) {
      add(
        h.segment,
        h.start,
        h.end,
        (nodes, from, to) =>
          new LazyOccurrence('hash', h.value, nodes, from, to, null, null, h.type),
      );
    }
    return analysis.held ?? [];
  }

  #watchShadowless(element: Element): void {
    if (this.#stopped || this.#shadowless.has(element) || this.#shadowless.size >= MAX_SHADOWLESS)
      return;
    this.#shadowless.add(element);
    // New candidates: look soon again, then less and less often, then no more.
    if (this.#shadowCheck) this.#shadowCheck.step = -1;
    else this.#scheduleShadowCheck(0);
  }

  #scheduleShadowCheck(step: number): void {
    const delay = SHADOW_CHECK_MS[step]!;
    this.#shadowCheck = { step, timer: this.win.setTimeout(() => this.#checkShadowless(), delay) };
  }

  /** Scans the shadow roots that custom elements met earlier have attached since. */
  #checkShadowless(): void {
    const next = (this.#shadowCheck?.step ?? 0) + 1;
    this.#shadowCheck = null;
    if (this.#stopped) return;
    for (const element of this.#shadowless) {
      const shadow = element.isConnected ? element.shadowRoot : null;
      if (shadow || !element.isConnected) this.#shadowless.delete(element);
      if (shadow && !this.#shadowRoots.has(shadow)) {
        this.#addShadowRoot(shadow);
        this.#enqueue(shadow);
      }
    }
    // Elements that have stayed without a root through the whole sequence are let go
    // (Angular's components never get one); new ones start it again.
    if (next >= SHADOW_CHECK_MS.length) this.#shadowless.clear();
    else if (this.#shadowless.size > 0 && !this.#shadowCheck) this.#scheduleShadowCheck(next);
  }

  #addShadowRoot(shadow: ShadowRoot): void {
    if (this.#shadowRoots.has(shadow)) return;
    this.#shadowRoots.add(shadow);
    this.#queue.observe(shadow);
    this.highlighter?.styleRoot(shadow);
  }

  /** Gives each same-origin child frame a scanner of its own; cross-origin frames run their own content script. */
  #watchFrames(): void {
    for (const frame of this.doc.querySelectorAll<HTMLIFrameElement>('iframe, frame')) {
      const childDoc = contentDocumentOf(frame);
      const existing = this.#frames.get(frame);
      // The frame's window stays the same across its navigations; its document does not.
      if (existing && (existing.doc === childDoc || !childDoc)) continue;
      existing?.stop();
      this.#frames.delete(frame);
      const childWin = frame.contentWindow;
      if (!childDoc || !childWin) continue;
      const child = new PageScanner(childWin, {
        ...this.options,
        onChange: () => this.options.onChange?.(),
      });
      this.#frames.set(frame, child);
      // Contexts asked about already are not asked again: the frame starts with their answers.
      child.applyScores(this.#scores);
      child.start();
      if (this.#hoverListener) child.onHover(this.#hoverListener);
    }
    for (const [frame, child] of this.#frames) {
      if (!frame.isConnected) {
        child.stop();
        this.#frames.delete(frame);
      }
    }
  }
}

/** Whether `element` is, or holds, a frame or a custom element (which may render a shadow root). */
function hostsMore(element: Element): boolean {
  if (element.shadowRoot || isHost(element)) return true;
  const doc = element.ownerDocument;
  const walker = doc.createTreeWalker(element, 1 /* SHOW_ELEMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if ((node as Element).shadowRoot || isHost(node as Element)) return true;
  return false;
}

function isHost(element: Element): boolean {
  const name = element.localName;
  return name === 'iframe' || name === 'frame' || name.includes('-');
}

/** The key a (name, context) pair is scored under: everything that can change its score. */
export function contextKey(name: string, c: FindingContext): string {
  return [name, c.role, c.path, c.parent, c.md5, c.sha1, c.sha256, c.originalName].join('|');
}

/** A same-origin frame's document; null for a cross-origin frame. */
function contentDocumentOf(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}

/** True when `node` is or holds an iframe or frame. */
function holdsFrame(node: Node): boolean {
  if (node.nodeType !== 1) return false;
  const element = node as Element;
  const name = element.localName;
  return name === 'iframe' || name === 'frame' || element.querySelector('iframe, frame') !== null;
}

/** True when an ancestor of `node` (or `node` itself, with `inclusive`) is in `set`. */
function hasAncestorIn(node: Node, set: Set<Node>, inclusive = false): boolean {
  for (let n: Node | null = inclusive ? node : node.parentNode; n; n = n.parentNode) {
    if (set.has(n)) return true;
  }
  return false;
}
