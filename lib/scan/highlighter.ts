import {
  createHighlightStyles,
  HIGHLIGHT_KINDS,
  highlightNames,
  takeEarlyStyles,
  type HighlightKind,
} from './highlight-styles';
import type { PageOccurrence } from './occurrence-index';

/**
 * Paints occurrences with the CSS Custom Highlight API: ranges in named `Highlight`s, styled
 * through `::highlight()` in a constructed stylesheet. No node of the page is touched. Where
 * the API is missing, `available` is false and painting is skipped; scanning and hover work.
 *
 * The highlight registry is shared with the page, so the names are neutral and random per
 * page load rather than the extension's name.
 */
interface HighlightWindow extends Window {
  Highlight?: new (...ranges: AbstractRange[]) => Set<AbstractRange> & { priority: number };
  CSS?: { highlights?: Map<string, unknown> };
}

function registryOf(win: Window): Map<string, unknown> | undefined {
  return (win as HighlightWindow).CSS?.highlights;
}

/** Most ranges painted in one text node (see `claimPaint`). */
export const MAX_PAINTED_PER_NODE = 100;
/**
 * Text nodes longer than this are not painted at all: a single highlight in a 10 MB node made
 * Chromium block the page for ~20 s (none: the page was ready in 3.5 s).
 */
export const MAX_PAINTED_NODE_CHARS = 100_000;

export class Highlighter {
  readonly available: boolean;
  readonly names: Record<HighlightKind, string>;
  readonly #highlights = new Map<HighlightKind, Set<AbstractRange>>();
  readonly #sheet: CSSStyleSheet | null = null;
  readonly #styledRoots = new Set<Document | ShadowRoot>();
  readonly #pendingAdd = new Set<PageOccurrence>();
  readonly #pendingRemove = new Set<PageOccurrence>();
  /** Everything that should be highlighted, and what is painted now. */
  readonly #wanted = new Set<PageOccurrence>();
  readonly #shown = new Set<PageOccurrence>();
  #windowStale = false;
  readonly #paintedPerNode = new WeakMap<Text, number>();

  constructor(private readonly win: Window) {
    const w = win as HighlightWindow;
    const registry = registryOf(win);
    this.available = typeof w.Highlight === 'function' && !!registry;
    if (!this.available || !registry) {
      this.names = highlightNames();
      return;
    }
    // The sheet adopted at document_start on enabled sites, else a new one (adopting it now
    // restyles the page once).
    const early = takeEarlyStyles(win);
    const styles = early ?? createHighlightStyles(win);
    this.names = styles.names;
    for (const kind of HIGHLIGHT_KINDS) {
      const highlight = new w.Highlight!();
      highlight.priority = kind === 'flash' ? 3 : kind === 'unusual' ? 2 : 1;
      registry.set(this.names[kind], highlight);
      this.#highlights.set(kind, highlight);
    }
    this.#sheet = styles.sheet;
    if (early) this.#styledRoots.add(win.document);
    else this.styleRoot(win.document);
  }

  /** Page styles do not reach into shadow trees: each open shadow root adopts the sheet too. */
  styleRoot(root: Document | ShadowRoot): void {
    if (!this.#sheet || this.#styledRoots.has(root)) return;
    try {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
      this.#styledRoots.add(root);
    } catch {
      // A root from another realm or a frozen array: highlights there stay unpainted.
    }
  }

  /**
   * Changes are buffered and applied by `flush()`: every change to a registered Highlight
   * makes the browser redo highlight painting, so adding ranges a few at a time over a long
   * scan costs far more (seconds on a 5,000-row table) than adding them in a few batches.
   */
  add(occurrence: PageOccurrence): void {
    if (!this.available) return;
    this.#wanted.add(occurrence);
    this.#pendingRemove.delete(occurrence);
    this.#pendingAdd.add(occurrence);
  }

  remove(occurrence: PageOccurrence): void {
    if (!this.available) return;
    this.#wanted.delete(occurrence);
    this.#pendingAdd.delete(occurrence);
    if (this.#shown.has(occurrence)) this.#pendingRemove.add(occurrence);
  }

  /** True when changes wait for `flush()`. */
  get dirty(): boolean {
    return this.#pendingAdd.size > 0 || this.#pendingRemove.size > 0 || this.#windowStale;
  }

  /** The viewport moved (scroll, resize): re-pick which ranges are shown on a big page. */
  markWindowStale(): void {
    if (this.#wanted.size > 0) this.#windowStale = true;
  }

  /** Ranges currently painted, by kind (for tests and the benchmark). */
  count(kind: HighlightKind): number {
    return this.#highlights.get(kind)?.size ?? 0;
  }

  /**
   * Applies up to `limit` buffered changes to the page's highlights; returns true when more
   * remain. The browser's paint cost grows faster than linearly with the ranges it holds (no
   * long frame at 3,500 ranges, 53 ms at 8,000, 139 ms at 15,000), so only the occurrences
   * within two screens of the viewport are painted, and the window follows scrolling.
   * Scanning, findings and hover still cover the whole page.
   */
  flush(limit = Infinity): boolean {
    const inWindow = this.#windowTest();
    if (this.#windowStale) {
      this.#windowStale = false;
      for (const occurrence of this.#shown)
        if (!inWindow(occurrence)) this.#pendingRemove.add(occurrence);
      for (const occurrence of this.#wanted) {
        if (!this.#shown.has(occurrence) && inWindow(occurrence)) this.#pendingAdd.add(occurrence);
      }
    }
    let budget = limit;
    for (const occurrence of this.#pendingRemove) {
      if (budget-- <= 0) return true;
      for (const highlight of this.#highlights.values()) highlight.delete(occurrence.range);
      if (this.#shown.delete(occurrence)) this.#releasePaint(occurrence);
      this.#pendingRemove.delete(occurrence);
    }
    for (const occurrence of this.#pendingAdd) {
      if (budget-- <= 0) return true;
      this.#pendingAdd.delete(occurrence);
      if (!inWindow(occurrence) || !this.#claimPaint(occurrence)) continue;
      this.#highlights.get(occurrence.kind)?.add(occurrence.range);
      if (occurrence.unusual) this.#highlights.get('unusual')?.add(occurrence.range);
      this.#shown.add(occurrence);
    }
    return false;
  }

  /**
   * At most MAX_PAINTED_PER_NODE ranges are painted in one text node, and none in a node over
   * MAX_PAINTED_NODE_CHARS: Chromium's highlight painting is pathological on huge nodes
   * (23,000 ranges in one 10 MB node blocked the page for 3.5 minutes). Unpainted occurrences
   * still count in the findings and answer hover.
   */
  #claimPaint(occurrence: PageOccurrence): boolean {
    const node = occurrence.nodes[0];
    if (!node || node.length > MAX_PAINTED_NODE_CHARS) return false;
    const painted = this.#paintedPerNode.get(node) ?? 0;
    if (painted >= MAX_PAINTED_PER_NODE) return false;
    this.#paintedPerNode.set(node, painted + 1);
    return true;
  }

  #releasePaint(occurrence: PageOccurrence): void {
    const node = occurrence.nodes[0];
    if (node)
      this.#paintedPerNode.set(node, Math.max(0, (this.#paintedPerNode.get(node) ?? 1) - 1));
  }

  /**
   * Whether an occurrence's box is within about two screens of the viewport. Answers are kept
   * per element for this pass, and a short enclosing box (a table row, a list item) answers for
   * all of its cells: one layout query per row rather than one per cell.
   */
  #windowTest(): (occurrence: PageOccurrence) => boolean {
    const height = this.win.innerHeight || 800;
    const near = (rect: DOMRect) => rect.bottom >= -2 * height && rect.top <= 3 * height;
    const answers = new Map<Element, boolean>();
    const rows = new Map<Element, DOMRect>();
    return (occurrence) => {
      const element = occurrence.nodes[0]?.parentElement;
      if (!element) return false;
      let answer = answers.get(element);
      if (answer === undefined) {
        const row = element.parentElement;
        let rect = row ? rows.get(row) : undefined;
        if (row && !rect) {
          rect = row.getBoundingClientRect();
          rows.set(row, rect);
        }
        answer = rect && rect.height <= height ? near(rect) : near(element.getBoundingClientRect());
        answers.set(element, answer);
      }
      return answer;
    };
  }

  /** Flashes one occurrence for a moment (the popup's "show me where"). */
  flash(occurrence: PageOccurrence, ms = 1_500): void {
    const highlight = this.#highlights.get('flash');
    if (!highlight) return;
    highlight.add(occurrence.range);
    this.win.setTimeout(() => highlight.delete(occurrence.range), ms);
  }

  /** Marks an occurrence scored as unusual (or clears the mark); painted if it is shown. */
  setUnusual(occurrence: PageOccurrence, unusual: boolean): void {
    occurrence.unusual = unusual;
    if (!this.#shown.has(occurrence)) return;
    const highlight = this.#highlights.get('unusual');
    if (unusual) highlight?.add(occurrence.range);
    else highlight?.delete(occurrence.range);
  }

  /** Removes our highlights and stylesheet from the page. */
  dispose(): void {
    const registry = registryOf(this.win);
    for (const kind of this.#highlights.keys()) registry?.delete(this.names[kind]);
    this.#highlights.clear();
    for (const root of this.#styledRoots) {
      try {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== this.#sheet);
      } catch {
        // the root is gone
      }
    }
    this.#styledRoots.clear();
  }
}
