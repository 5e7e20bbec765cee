import type { PageOccurrence } from './occurrence-index';

/**
 * Paints occurrences with the CSS Custom Highlight API: ranges in named `Highlight`s, styled
 * through `::highlight()` in a constructed stylesheet. No node of the page is touched. Where
 * the API is missing, `available` is false and painting is skipped; scanning and hover work.
 *
 * The highlight registry is shared with the page, so the names are neutral and random per
 * page load rather than the extension's name.
 */
export type HighlightKind = 'process' | 'hash' | 'unusual';

interface HighlightWindow extends Window {
  Highlight?: new (...ranges: AbstractRange[]) => Set<AbstractRange> & { priority: number };
  CSSStyleSheet: typeof CSSStyleSheet;
  CSS?: { highlights?: Map<string, unknown> };
}

function registryOf(win: Window): Map<string, unknown> | undefined {
  return (win as HighlightWindow).CSS?.highlights;
}

const STYLES: Record<HighlightKind, string> = {
  process:
    'background-color: rgba(11, 92, 173, 0.1); text-decoration: underline dotted rgba(11, 92, 173, 0.85) 2px; text-underline-offset: 2px;',
  hash: 'background-color: rgba(124, 58, 237, 0.08); text-decoration: underline dashed rgba(124, 58, 237, 0.8) 1px; text-underline-offset: 2px;',
  unusual:
    'background-color: rgba(234, 88, 12, 0.28); text-decoration: underline wavy rgb(194, 65, 12) 1px; text-underline-offset: 2px;',
};

export class Highlighter {
  readonly available: boolean;
  readonly names: Record<HighlightKind, string>;
  private readonly highlights = new Map<HighlightKind, Set<AbstractRange>>();
  private readonly sheet: CSSStyleSheet | null = null;
  private readonly styledRoots = new Set<Document | ShadowRoot>();

  constructor(private readonly win: Window) {
    const w = win as HighlightWindow;
    const registry = registryOf(win);
    this.available = typeof w.Highlight === 'function' && !!registry;
    const tag = Math.random().toString(36).slice(2, 8);
    this.names = { process: `hl-a-${tag}`, hash: `hl-b-${tag}`, unusual: `hl-c-${tag}` };
    if (!this.available || !registry) return;
    for (const kind of ['process', 'hash', 'unusual'] as const) {
      const highlight = new w.Highlight!();
      highlight.priority = kind === 'unusual' ? 2 : 1;
      registry.set(this.names[kind], highlight);
      this.highlights.set(kind, highlight);
    }
    this.sheet = new w.CSSStyleSheet();
    this.sheet.replaceSync(
      (Object.keys(STYLES) as HighlightKind[])
        .map((kind) => `::highlight(${this.names[kind]}) { ${STYLES[kind]} }`)
        .join('\n'),
    );
    this.styleRoot(win.document);
  }

  /** Page styles do not reach into shadow trees: each open shadow root adopts the sheet too. */
  styleRoot(root: Document | ShadowRoot): void {
    if (!this.sheet || this.styledRoots.has(root)) return;
    try {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
      this.styledRoots.add(root);
    } catch {
      // A root from another realm or a frozen array: highlights there stay unpainted.
    }
  }

  add(occurrence: PageOccurrence): void {
    this.highlights.get(occurrence.kind)?.add(occurrence.range);
  }

  remove(occurrence: PageOccurrence): void {
    for (const highlight of this.highlights.values()) highlight.delete(occurrence.range);
  }

  /** Marks an occurrence scored as unusual (or clears the mark). */
  setUnusual(occurrence: PageOccurrence, unusual: boolean): void {
    const highlight = this.highlights.get('unusual');
    if (unusual) highlight?.add(occurrence.range);
    else highlight?.delete(occurrence.range);
  }

  count(kind: HighlightKind): number {
    return this.highlights.get(kind)?.size ?? 0;
  }

  /** Removes our highlights and stylesheet from the page. */
  dispose(): void {
    const registry = registryOf(this.win);
    for (const kind of this.highlights.keys()) registry?.delete(this.names[kind]);
    this.highlights.clear();
    for (const root of this.styledRoots) {
      try {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== this.sheet);
      } catch {
        // the root is gone
      }
    }
    this.styledRoots.clear();
  }
}
