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
import { isHashLength } from '../detect/find-hashes';
import { EXECUTABLE_EXTENSION, isWordChar } from '../detect/find-processes';

export interface TextPiece {
  node: Text;
  /** Offset of this node's first character in the segment's text. */
  start: number;
  /** A line break (`<br>`) stands before it in the segment's text. */
  breakBefore?: true;
}

export interface TextSegment {
  /** The element the text renders in (nearest non-inline ancestor). */
  block: Element;
  text: string;
  pieces: TextPiece[];
  /** True when a text node was longer than the cap and only its start was read. */
  truncated: boolean;
  /** A chunk cut inside a JSON document: the JSON that reopens what is open at its start. */
  reopened?: string;
}

export interface SegmentOptions {
  /** Our own UI (the shadow host): never read. */
  isOwnNode?: (element: Element) => boolean;
  /** Cap on characters read from one text node (a 10 MB node must not stall the page). */
  maxNodeChars?: number;
  /**
   * Only segments whose text passes are wanted; the others are not yielded (a truncated one
   * still is, so the caller can say so). Visibility, the costliest question of the walk, is
   * then asked only of the wanted text.
   */
  select?: (text: string) => boolean;
  /**
   * Told of each custom element met without an open shadow root: one defined or rendered
   * later attaches its root with no change to the page's tree that an observer would see.
   */
  onShadowless?: (element: Element) => void;
  /**
   * Told of elements whose text was passed over as hidden although it may hold an indicator
   * (a closed tab, accordion or `<details>`): shown later by a change of class or attribute,
   * it has to be read then.
   */
  onHidden?: (element: Element) => void;
}

export const MAX_NODE_CHARS = 1_000_000;

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'head',
  'title',
  'iframe',
  'frame',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'math',
  // SVG that is never drawn as such: definitions (drawn only where `<use>` places them),
  // paint servers, clips and masks, and the tooltip and metadata text of a graph's nodes.
  'defs',
  'symbol',
  'clipPath',
  'mask',
  'pattern',
  'marker',
  'linearGradient',
  'radialGradient',
  'filter',
  'desc',
  'metadata',
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
  // SVG's runs inside one `<text>`: a graph's node label split into styled pieces.
  'tspan',
  'textPath',
  'tt',
  'u',
  'var',
  'wbr',
]);

/**
 * Per-pass caches: layout answers do not change while one pass reads the page. Plain maps
 * (faster than weak ones, and no ephemeron work for the collector): the scanner drops them
 * when a pass ends.
 */
export interface SegmentCaches {
  skipped: Map<Element, boolean>;
  inline: Map<Element, boolean>;
  block: Map<Element, Element>;
  visible: Map<Element, boolean>;
}

export function createSegmentCaches(): SegmentCaches {
  return { skipped: new Map(), inline: new Map(), block: new Map(), visible: new Map() };
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
  if (root.nodeType === 1) {
    const element = root as Element;
    if (isSkipped(element, options)) return;
    // The walker yields the root's descendants, not the root: a rescanned custom element
    // (a row added later) has its own shadow root to read.
    const shadow = canHostShadow(element.localName) ? element.shadowRoot : null;
    if (shadow) {
      roots.push(shadow);
      onShadowRoot?.(shadow);
    }
  }
  const maxChars = options.maxNodeChars ?? MAX_NODE_CHARS;
  // No filter callback: a JS call per element costs more than the walk itself. Skipped
  // subtrees are decided per text node instead, memoized up the ancestor chain.
  const walker = doc.createTreeWalker(
    root,
    view.NodeFilter.SHOW_ELEMENT | view.NodeFilter.SHOW_TEXT,
  );
  const skippedHere = (element: Element) => (isSkipped(element, options) ? true : undefined);
  const skipped = (element: Element): boolean =>
    caches.skipped.get(element) ?? inherited(element, caches.skipped, skippedHere, () => false);
  let current: TextSegment | null = null;
  let pendingBreak = false;
  const finish = (segment: TextSegment) => finishSegment(segment, options, view, caches);
  // Consecutive text nodes mostly share their parent: its answers are kept at hand.
  let lastParent: Element | null = null;
  let lastBlock: Element | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1) {
      const element = node as Element;
      const name = element.localName;
      const shadow = canHostShadow(name) ? element.shadowRoot : null;
      if (shadow && !skipped(element)) {
        // Open shadow roots only: closed ones return null.
        roots.push(shadow);
        onShadowRoot?.(shadow);
      } else if (!shadow && options.onShadowless && name.includes('-')) {
        if (!skipped(element)) options.onShadowless(element);
      }
      if (INLINE_TAGS.has(name) && name !== 'wbr' && element.firstChild === null) {
        // A line break, or an empty phrasing element (an icon-font glyph, `<i class="fa
        // fa-chevron-right"></i>` between the links of a lineage, inline or inline-block),
        // separates what stands on either side within the text; `<wbr>` (a hint inside a
        // long value) does not.
        pendingBreak = true;
      } else if (!isInline(element, view, caches)) {
        if (current && (current = finish(current))) yield current;
        current = null;
        pendingBreak = false;
      }
      continue;
    }
    const text = node as Text;
    const parent = text.parentElement;
    if (parent !== lastParent) {
      lastParent = parent;
      lastBlock = !parent || skipped(parent) ? null : blockOf(parent, view, caches);
    }
    const block = lastBlock;
    if (!block) {
      if (parent && options.onHidden && hiddenBySkip(parent, text.data, options))
        options.onHidden(parent);
      continue;
    }
    let data = text.data;
    // Whitespace between blocks (indentation between cells) is not part of any value.
    if ((current === null || current.block !== block) && isBlank(data)) continue;
    let truncated = false;
    if (data.length > maxChars) {
      data = data.slice(0, maxChars);
      truncated = true;
    }
    if (current && current.block === block) {
      // A link or label drawn right after a whole value ("mshta.exe" + "Pivot", a hash + "VT")
      // stands apart from it, as on screen.
      if (pendingBreak || gluedAfterValue(current.text, data)) {
        current.text += '\n';
        current.pieces.push({ node: text, start: current.text.length, breakBefore: true });
      } else current.pieces.push({ node: text, start: current.text.length });
      current.text += data;
      current.truncated ||= truncated;
    } else {
      if (current && (current = finish(current))) yield current;
      current = { block, text: data, pieces: [{ node: text, start: 0 }], truncated };
    }
    pendingBreak = false;
  }
  if (current && (current = finish(current))) yield current;
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}
const NAME_END = new RegExp(`${EXECUTABLE_EXTENSION}$`, 'i');

/**
 * Whether `text` (the run so far) ends with a whole process name or hash that the next text
 * node, `next`, would glue onto: a console's link or label drawn right after a value
 * (`<a>mshta.exe</a><a>Pivot</a>`, `<hash><a>VT</a>`) reads `mshta.exePivot` otherwise. A
 * value split across nodes (`svc<mark>host</mark>.exe`, a hash in two halves) is not cut.
 */
function gluedAfterValue(text: string, next: string): boolean {
  if (!isWordChar(next.charCodeAt(0))) return false;
  const last = text.charCodeAt(text.length - 1);
  if (!isHexCode(last) && last !== 0x6d && last !== 0x4d && last !== 0x72 && last !== 0x52)
    return false; // ends in no hex digit (.exe ends in one) and in neither m (.com) nor r (.scr)
  if (NAME_END.test(text.slice(-4))) return true;
  let run = 0;
  while (run < 65 && isHexCode(text.charCodeAt(text.length - 1 - run))) run++;
  if (!isHashLength(run) || isWordChar(text.charCodeAt(text.length - 1 - run))) return false;
  let more = 0;
  while (more < 65 && isHexCode(next.charCodeAt(more))) more++;
  // The next node goes on with hex digits: one longer hash, or no hash at all, either way
  // read together.
  return more === 0 || (!isHashLength(run + more) && isWordChar(next.charCodeAt(more)));
}

/**
 * A complete segment as the walk yields it: null when it is not wanted (`select`) or not
 * visible; without its hidden pieces when only some are (`visibility: hidden` inside a cell).
 * A `display: none` element is not inline, so its text is a segment of its own.
 */
function finishSegment(
  segment: TextSegment,
  options: SegmentOptions,
  view: Window,
  caches: SegmentCaches,
): TextSegment | null {
  // Unwanted text is dropped unread, unless it was cut short (a visible one is yielded so the
  // caller can say the page was read in part).
  if (options.select && !options.select(segment.text) && !segment.truncated) return null;
  const pieces = segment.pieces;
  // The walk may have paused since a piece was read: a node the page removed meanwhile has no
  // parent any more, and is dropped like hidden text.
  const shown = (piece: TextPiece) => {
    const parent = piece.node.parentElement;
    return parent !== null && isVisible(parent, view, caches);
  };
  if (pieces.length === 1) {
    if (shown(pieces[0]!)) return segment;
    if (pieces[0]!.node.parentElement) options.onHidden?.(segment.block);
    return null;
  }
  const kept = pieces.filter(shown);
  if (kept.length === pieces.length) return segment;
  options.onHidden?.(segment.block);
  if (kept.length === 0) return null;
  // Rebuild from the visible pieces; a line break before a hidden piece stays in the text.
  let text = '';
  let pendingBreak = false;
  const rebuilt: TextPiece[] = [];
  pieces.forEach((piece, i) => {
    const next = pieces[i + 1];
    const end = next ? next.start - (next.breakBefore ? 1 : 0) : segment.text.length;
    pendingBreak ||= !!piece.breakBefore;
    if (!kept.includes(piece)) return;
    if (pendingBreak && text) {
      text += '\n';
      rebuilt.push({ node: piece.node, start: text.length, breakBefore: true });
    } else rebuilt.push({ node: piece.node, start: text.length });
    text += segment.text.slice(piece.start, end);
    pendingBreak = false;
  });
  return { block: segment.block, text, pieces: rebuilt, truncated: segment.truncated };
}

/** Never-read subtrees (code, forms, editable text): their text is not "hidden", just not ours. */
const NEVER_READ = 'script,style,noscript,template,textarea,input,select,[contenteditable]';

/** Whether skipped text was skipped for being hidden (`[hidden]`, `aria-hidden`, a tooltip) and may hold an indicator. */
function hiddenBySkip(parent: Element, text: string, options: SegmentOptions): boolean {
  // Element tests first: the text of a script or style may run to megabytes, and is not
  // worth a scan for indicators.
  if (options.isOwnNode?.(parent)) return false;
  // A tooltip stays one when shown: its text is never read.
  if (parent.closest('[role="tooltip"]')) return false;
  const never = parent.closest(NEVER_READ);
  if (never !== null && never.getAttribute('contenteditable')?.toLowerCase() !== 'false')
    return false;
  return !options.select || options.select(text);
}

/** Elements that can have a shadow root (the DOM standard's list, and custom elements). */
const SHADOW_HOSTS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);

/** Asking any other element for its shadow root is a wasted call per cell of a table. */
function canHostShadow(name: string): boolean {
  return SHADOW_HOSTS.has(name) || name.includes('-');
}

function isSkipped(element: Element, options: SegmentOptions): boolean {
  if (SKIP_TAGS.has(element.localName)) return true;
  // Most cells of a big table have no attribute at all: one call instead of four.
  if (element.hasAttributes()) {
    if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true')
      return true;
    if (element.getAttribute('role') === 'tooltip') return true;
    const editable = element.getAttribute('contenteditable');
    if (editable !== null && editable.toLowerCase() !== 'false') return true;
  }
  return options.isOwnNode?.(element) ?? false;
}

function isInline(element: Element, view: Window, caches: SegmentCaches): boolean {
  // localName is lower case and allocates nothing. Only inline tags need a cached answer:
  // their computed display decides.
  const name = element.localName;
  if (!INLINE_TAGS.has(name)) return false;
  if (name === 'br' || name === 'wbr') return true;
  let inline = caches.inline.get(element);
  if (inline === undefined) {
    // Flex and grid items are blockified; a span styled as a block separates values too.
    const display = view.getComputedStyle(element).display;
    inline = display === '' || display === 'inline' || display === 'contents';
    caches.inline.set(element, inline);
  }
  return inline;
}

/** The nearest ancestor (or self) that is not inline: the box a value renders in. */
export function blockOf(element: Element, view: Window, caches: SegmentCaches): Element {
  // A block is its own block: only inline elements need the (cached) climb.
  if (!isInline(element, view, caches)) return element;
  return (
    caches.block.get(element) ??
    inherited(
      element,
      caches.block,
      (e) => (isInline(e, view, caches) ? undefined : e),
      (top) => top,
    )
  );
}

/**
 * What `element` inherits from the nearest ancestor that decides (`own` gives an answer), or
 * `fallback` of the topmost one; memoized along the way. A loop, not recursion: pages nest
 * elements 20,000 deep, past the call stack.
 */
function inherited<V>(
  element: Element,
  cache: Map<Element, V>,
  own: (element: Element) => V | undefined,
  fallback: (top: Element) => V,
): V {
  const chain: Element[] = [];
  let answer: V | undefined;
  for (let e: Element | null = element; e; e = e.parentElement) {
    answer = cache.get(e);
    if (answer !== undefined) break;
    answer = own(e);
    if (answer !== undefined) {
      cache.set(e, answer);
      break;
    }
    chain.push(e);
  }
  if (answer === undefined) answer = fallback(chain[chain.length - 1]!);
  for (const e of chain) cache.set(e, answer);
  return answer;
}

/** Whether `element` is shown (not `display:none`, `visibility:hidden`, or under such). */
export function isVisible(element: Element, view: Window, caches: SegmentCaches): boolean {
  let visible = caches.visible.get(element);
  if (visible === undefined) {
    const check = (element as Element & { checkVisibility?: (o?: object) => boolean })
      .checkVisibility;
    if (typeof check === 'function') {
      visible = check.call(element, { visibilityProperty: true, checkVisibilityCSS: true });
      caches.visible.set(element, visible);
    } else {
      visible = inherited(
        element,
        caches.visible,
        (e) => {
          const style = view.getComputedStyle(e);
          return style.display === 'none' || style.visibility === 'hidden' ? false : undefined;
        },
        () => true,
      );
    }
  }
  return visible;
}

const NON_BLANK = /\S/;

function isBlank(text: string): boolean {
  return !NON_BLANK.test(text);
}
