import type { FindingContext, HashType } from '../findings';
import type { TextSegment } from './text-segments';

/** One indicator as it stands on the page: what it is, and where (as a static range). */
export interface PageOccurrence {
  kind: 'process' | 'hash';
  /** Process name or hash value: what the card and the page list are keyed by. */
  key: string;
  range: StaticRange;
  /** The text nodes the occurrence covers, first to last. */
  nodes: Text[];
  /** Where it starts in its first node and ends in its last (the range's offsets). */
  readonly startOffset: number;
  readonly endOffset: number;
  /** For processes: the mention's own path and its row's context. */
  path: string | null;
  context: FindingContext | null;
  /** The key its context is scored under (`contextKey`), for processes with a context. */
  contextKey: string | null;
  hashType: HashType | null;
  /** Scored as unusual or rare: painted with the "unusual" highlight too. */
  unusual?: boolean;
}

/**
 * A page occurrence whose `StaticRange` is made when first asked for: only the occurrences
 * painted near the viewport, hovered or revealed ever need one, and a 5,000-row console has
 * 15,000 occurrences.
 */
export class LazyOccurrence implements PageOccurrence {
  contextKey: string | null = null;
  unusual?: boolean;
  #made: StaticRange | null = null;

  constructor(
    readonly kind: PageOccurrence['kind'],
    readonly key: string,
    readonly nodes: Text[],
    readonly startOffset: number,
    readonly endOffset: number,
    public path: string | null,
    public context: FindingContext | null,
    readonly hashType: HashType | null,
  ) {}

  get range(): StaticRange {
    return (this.#made ??= makeStaticRange(
      this.nodes[0]!,
      this.startOffset,
      this.nodes[this.nodes.length - 1]!,
      this.endOffset,
    ));
  }
}

/** A StaticRange from the node's own realm, or a plain stand-in where the engine has none. */
function makeStaticRange(
  startContainer: Text,
  startOffset: number,
  endContainer: Text,
  endOffset: number,
): StaticRange {
  const init = { startContainer, startOffset, endContainer, endOffset };
  const view = startContainer.ownerDocument.defaultView as
    (Window & { StaticRange?: typeof StaticRange }) | null;
  const Ctor = view?.StaticRange;
  if (typeof Ctor === 'function') return new Ctor(init);
  return {
    ...init,
    collapsed: startContainer === endContainer && startOffset === endOffset,
  } as StaticRange;
}

/** A position in a segment's text, as a DOM position. */
export function positionOf(
  segment: TextSegment,
  offset: number,
  isEnd: boolean,
): { node: Text; offset: number; index: number } {
  const pieces = segment.pieces;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    // An end offset that falls on a piece boundary belongs to the piece before it.
    if (pieces[mid]!.start < offset || (!isEnd && pieces[mid]!.start === offset)) lo = mid;
    else hi = mid - 1;
  }
  const piece = pieces[lo]!;
  return { node: piece.node, offset: Math.min(offset - piece.start, piece.node.length), index: lo };
}

/** The nodes of `segment` that the span [start, end) covers. */
export function nodesBetween(segment: TextSegment, startIndex: number, endIndex: number): Text[] {
  return segment.pieces.slice(startIndex, endIndex + 1).map((p) => p.node);
}

/**
 * Occurrences of the page, findable by the text node under the pointer. Entries never hold
 * live `Range`s: a live range costs the page on every DOM change it makes.
 */
export class OccurrenceIndex {
  readonly #all = new Set<PageOccurrence>();
  #byNode = new WeakMap<Text, PageOccurrence[]>();

  get size(): number {
    return this.#all.size;
  }

  values(): IterableIterator<PageOccurrence> {
    return this.#all.values();
  }

  add(occurrence: PageOccurrence): void {
    this.#all.add(occurrence);
    for (const node of occurrence.nodes) {
      const list = this.#byNode.get(node);
      if (list) list.push(occurrence);
      else this.#byNode.set(node, [occurrence]);
    }
  }

  /** The occurrences that cover `node`. */
  occurrencesOf(node: Text): readonly PageOccurrence[] {
    return this.#byNode.get(node) ?? [];
  }

  /**
   * Removes the given occurrences; returns those that were indexed. Each node's list is
   * rewritten once, however many of its occurrences go: a 1 MB log pasted in one text node
   * holds 80,000 of them, and dropping them one by one would take seconds.
   */
  removeAll(occurrences: Iterable<PageOccurrence>): PageOccurrence[] {
    const removed = new Set<PageOccurrence>();
    const touched = new Set<Text>();
    for (const occurrence of occurrences) {
      if (!this.#all.delete(occurrence)) continue;
      removed.add(occurrence);
      for (const node of occurrence.nodes) touched.add(node);
    }
    for (const node of touched) {
      const list = this.#byNode.get(node);
      if (!list) continue;
      const kept = list.filter((o) => !removed.has(o));
      if (kept.length) this.#byNode.set(node, kept);
      else this.#byNode.delete(node);
    }
    return [...removed];
  }

  /** The occurrence covering the caret position (`node`, `offset`), if any. */
  at(node: Node, offset: number): PageOccurrence | null {
    const list = this.#byNode.get(node as Text);
    if (!list) return null;
    // Offsets, not ranges: a range made for each of a node's occurrences would cost a hover
    // over a pasted log thousands of objects.
    for (const occurrence of list) {
      const { nodes, startOffset, endOffset } = occurrence;
      const afterStart = node !== nodes[0] || offset >= startOffset;
      const beforeEnd = node !== nodes[nodes.length - 1] || offset <= endOffset;
      if (afterStart && beforeEnd) return occurrence;
    }
    return null;
  }

  /** Removes and returns every occurrence. */
  clear(): PageOccurrence[] {
    const all = [...this.#all];
    this.#all.clear();
    this.#byNode = new WeakMap();
    return all;
  }
}
