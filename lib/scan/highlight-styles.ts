/**
 * The stylesheet that gives our highlights their look: `::highlight(name)` rules under neutral
 * names, random per page load. Adopting it into a document makes the browser restyle every
 * element once (a `::highlight()` rule applies to all of them): about 100 ms on a 5,000-row
 * table once the page is laid out, next to nothing while the document is still empty. So on
 * the sites the analyst enabled, a tiny `document_start` script adopts it first (see
 * entrypoints/highlight-styles.content.ts) and the scanner takes it over; a scanner started any
 * other way (a right-click) adopts its own.
 */
export type HighlightKind = 'process' | 'hash' | 'unusual' | 'flash';

export const HIGHLIGHT_KINDS: readonly HighlightKind[] = ['process', 'hash', 'unusual', 'flash'];

const STYLES: Record<HighlightKind, string> = {
  process:
    'background-color: rgba(11, 92, 173, 0.1); text-decoration: underline dotted rgba(11, 92, 173, 0.85) 2px; text-underline-offset: 2px;',
  hash: 'background-color: rgba(124, 58, 237, 0.08); text-decoration: underline dashed rgba(124, 58, 237, 0.8) 1px; text-underline-offset: 2px;',
  unusual:
    'background-color: rgba(234, 88, 12, 0.28); text-decoration: underline wavy rgb(194, 65, 12) 1px; text-underline-offset: 2px;',
  flash: 'background-color: rgba(250, 204, 21, 0.85); color: #000;',
};

export interface HighlightStyles {
  names: Record<HighlightKind, string>;
  sheet: CSSStyleSheet;
}

/** Where the early script leaves its styles: a global of our isolated world, never the page's. */
const EARLY = '__proclensHighlightStyles';

type StylesWindow = Window & {
  CSSStyleSheet: typeof CSSStyleSheet;
  [EARLY]?: HighlightStyles & { doc: Document };
};

/** Neutral names, random per page load (the highlight registry is shared with the page). */
export function highlightNames(): Record<HighlightKind, string> {
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    process: `hl-a-${tag}`,
    hash: `hl-b-${tag}`,
    unusual: `hl-c-${tag}`,
    flash: `hl-d-${tag}`,
  };
}

/** New names and a new sheet for `win`'s realm (not adopted anywhere yet). */
export function createHighlightStyles(win: Window): HighlightStyles {
  const names = highlightNames();
  const sheet = new (win as StylesWindow).CSSStyleSheet();
  sheet.replaceSync(
    HIGHLIGHT_KINDS.map((kind) => `::highlight(${names[kind]}) { ${STYLES[kind]} }`).join('\n'),
  );
  return { names, sheet };
}

/** The early script: adopts the styles into the still-empty document and leaves them for the scanner. */
export function adoptEarly(win: Window): void {
  const w = win as StylesWindow;
  const doc = win.document;
  if (w[EARLY]?.doc === doc || !('adoptedStyleSheets' in doc)) return;
  try {
    const styles = createHighlightStyles(win);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, styles.sheet];
    w[EARLY] = { ...styles, doc };
  } catch {
    // The scanner adopts its own later.
  }
}

/** The styles the early script adopted into `win`'s current document, if it did and they are still there. */
export function takeEarlyStyles(win: Window): HighlightStyles | null {
  const w = win as StylesWindow;
  const early = w[EARLY];
  if (!early || early.doc !== win.document) return null;
  delete w[EARLY];
  return win.document.adoptedStyleSheets.includes(early.sheet)
    ? { names: early.names, sheet: early.sheet }
    : null;
}
