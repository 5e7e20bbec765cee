/**
 * Visible text, as the analyst reads it, in segments that detection can work on.
 *
 * A segment is the run of text nodes that render as one piece of text: consecutive text
 * nodes under the same block (a cell, a list item, a paragraph), joined through inline
 * elements, so a value split by search-term `<mark>`, Splunk's per-segment spans or `<wbr>`
 * reads as the whole value. `<br>` becomes a line break. The DOM is only read, never changed.
 *
 * Skipped: script, style, noscript, template, form fields, editable regions, hidden text
 * (`[hidden]`, `aria-hidden="true"`, tooltips, `display:none`, `visibility:hidden`), and any
 * node the caller owns. Open shadow roots are read too.
 */
export interface TextPiece {
  node: Text;
  /** Offset of this node's first character in the segment's text. */
  start: number;
}

export interface TextSegment {
  /** The element the text renders in (nearest non-inline ancestor). */
  block: Element;
  text: string;
  pieces: TextPiece[];
  /** True when a text node was longer than the cap and only its start was read. */
  truncated: boolean;
}

export interface SegmentOptions {
  /** Our own UI (the shadow host): never read. */
  isOwnNode?: (element: Element) => boolean;
  /** Cap on characters read from one text node (a 10 MB node must not stall the page). */
  maxNodeChars?: number;
}

export const MAX_NODE_CHARS = 1_000_000;

const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'HEAD',
  'TITLE',
  'IFRAME',
  'FRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'MATH',
]);
/** Elements that flow inline by default: they never separate a value. */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'nobr',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/** Per-pass caches: layout answers do not change while one pass reads the page. */
export interface SegmentCaches {
  skipped: WeakMap<Element, boolean>;
  inline: WeakMap<Element, boolean>;
  block: WeakMap<Element, Element>;
  visible: WeakMap<Element, boolean>;
}

export function createSegmentCaches(): SegmentCaches {
  return {
    skipped: new WeakMap(),
    inline: new WeakMap(),
    block: new WeakMap(),
    visible: new WeakMap(),
  };
}

/**
 * Reads the visible text segments under `root` (a document, element or shadow root),
 * including open shadow roots below it.
 */
export function collectTextSegments(
  root: Node,
  options: SegmentOptions = {},
  caches = createSegmentCaches(),
): TextSegment[] {
  return [...iterateTextSegments(root, options, caches)];
}

/**
 * The same walk as a generator, so a caller can stop after a time budget and resume on the
 * next frame. A segment is yielded once it is complete (the walk has moved past its block).
 * Open shadow roots are walked after the root they are found in; `onShadowRoot` is told
 * about each (the scanner observes them).
 */
export function* iterateTextSegments(
  root: Node,
  options: SegmentOptions = {},
  caches = createSegmentCaches(),
  onShadowRoot?: (shadow: ShadowRoot) => void,
): Generator<TextSegment, void, undefined> {
  const roots: Node[] = [root];
  while (roots.length > 0) {
    const next = roots.shift()!;
    yield* readRoot(next, roots, options, caches, onShadowRoot);
  }
}

function* readRoot(
  root: Node,
  roots: Node[],
  options: SegmentOptions,
  caches: SegmentCaches,
  onShadowRoot?: (shadow: ShadowRoot) => void,
): Generator<TextSegment, void, undefined> {
  const doc = root.ownerDocument ?? (root as Document);
  const view = doc.defaultView;
  if (!view) return;
  if (root.nodeType === 1 && isSkipped(root as Element, options)) return;
  const maxChars = options.maxNodeChars ?? MAX_NODE_CHARS;
  // No filter callback: a JS call per element costs more than the walk itself. Skipped
  // subtrees are decided per text node instead, memoized up the ancestor chain.
  const walker = doc.createTreeWalker(
    root,
    view.NodeFilter.SHOW_ELEMENT | view.NodeFilter.SHOW_TEXT,
  );
  const skipped = (element: Element): boolean => {
    let answer = caches.skipped.get(element);
    if (answer === undefined) {
      const parent = element.parentElement;
      answer = isSkipped(element, options) || (parent !== null && skipped(parent));
      caches.skipped.set(element, answer);
    }
    return answer;
  };
  let current: TextSegment | null = null;
  let pendingBreak = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1) {
      const element = node as Element;
      const shadow = element.shadowRoot;
      if (shadow && !skipped(element)) {
        // Open shadow roots only: closed ones return null.
        roots.push(shadow);
        onShadowRoot?.(shadow);
      }
      if (isInline(element, view, caches)) {
        if (element.tagName === 'BR') pendingBreak = true;
      } else {
        if (current) yield current;
        current = null;
        pendingBreak = false;
      }
      continue;
    }
    const text = node as Text;
    const parent = text.parentElement;
    if (!parent || skipped(parent) || !isVisible(parent, view, caches)) continue;
    let data = text.data;
    const block = blockOf(parent, view, caches);
    // Whitespace between blocks (indentation between cells) is not part of any value.
    if (isBlank(data) && (current as TextSegment | null)?.block !== block) continue;
    let truncated = false;
    if (data.length > maxChars) {
      data = data.slice(0, maxChars);
      truncated = true;
    }
    if (current && current.block === block) {
      if (pendingBreak) current.text += '\n';
      current.pieces.push({ node: text, start: current.text.length });
      current.text += data;
      current.truncated ||= truncated;
    } else {
      if (current) yield current;
      current = { block, text: data, pieces: [{ node: text, start: 0 }], truncated };
    }
    pendingBreak = false;
  }
  if (current) yield current;
}

function isSkipped(element: Element, options: SegmentOptions): boolean {
  if (SKIP_TAGS.has(element.tagName.toUpperCase())) return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  if (element.getAttribute('role') === 'tooltip') return true;
  const editable = element.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return true;
  return options.isOwnNode?.(element) ?? false;
}

function isInline(element: Element, view: Window, caches: SegmentCaches): boolean {
  let inline = caches.inline.get(element);
  if (inline === undefined) {
    // localName is lower case and allocates nothing (tagName.toUpperCase() did, per element).
    inline = INLINE_TAGS.has(element.localName);
    if (inline && element.localName !== 'br' && element.localName !== 'wbr') {
      // Flex and grid items are blockified; a span styled as a block separates values too.
      const display = view.getComputedStyle(element).display;
      inline = display === '' || display === 'inline' || display === 'contents';
    }
    caches.inline.set(element, inline);
  }
  return inline;
}

/** The nearest ancestor (or self) that is not inline: the box a value renders in. */
export function blockOf(element: Element, view: Window, caches: SegmentCaches): Element {
  const cached = caches.block.get(element);
  if (cached) return cached;
  const parent = element.parentElement;
  const block = isInline(element, view, caches) && parent ? blockOf(parent, view, caches) : element;
  caches.block.set(element, block);
  return block;
}

function isVisible(element: Element, view: Window, caches: SegmentCaches): boolean {
  let visible = caches.visible.get(element);
  if (visible === undefined) {
    const check = (element as Element & { checkVisibility?: (o?: object) => boolean })
      .checkVisibility;
    if (typeof check === 'function') {
      visible = check.call(element, { visibilityProperty: true, checkVisibilityCSS: true });
    } else {
      const style = view.getComputedStyle(element);
      const parent = element.parentElement;
      visible =
        style.display !== 'none' &&
        style.visibility !== 'hidden' &&
        (!parent || isVisible(parent, view, caches));
    }
    caches.visible.set(element, visible);
  }
  return visible;
}

function isBlank(text: string): boolean {
  return !/\S/.test(text);
}
