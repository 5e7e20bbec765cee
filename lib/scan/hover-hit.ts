import type { OccurrenceIndex, PageOccurrence } from './occurrence-index';

/**
 * Which occurrence is under the pointer, with no listener on any page node: one delegated,
 * passive pointer listener on the document, throttled to one hit-test per animation frame,
 * using the caret position at the pointer (`caretPositionFromPoint`, else
 * `caretRangeFromPoint`). The caret is the nearest text position even beside the text, so
 * the hit is confirmed against the occurrence's own boxes.
 */
export type HitListener = (hit: PageOccurrence | null, point: { x: number; y: number }) => void;

/** Both caret APIs may be missing (older engines, test DOMs). */
type CaretDocument = Partial<Pick<Document, 'caretPositionFromPoint' | 'caretRangeFromPoint'>>;

/** Slack around a text box, in CSS pixels, so the pointer on a glyph's edge still counts. */
const SLACK_PX = 1;

export function occurrenceAtPoint(
  doc: Document,
  index: OccurrenceIndex,
  x: number,
  y: number,
  shadowRoots: ShadowRoot[] = [],
): PageOccurrence | null {
  const caretDoc = doc as CaretDocument;
  let node: Node | null = null;
  let offset = 0;
  if (typeof caretDoc.caretPositionFromPoint === 'function') {
    const position = caretDoc.caretPositionFromPoint(
      x,
      y,
      shadowRoots.length ? { shadowRoots } : undefined,
    );
    node = position?.offsetNode ?? null;
    offset = position?.offset ?? 0;
  } else if (typeof caretDoc.caretRangeFromPoint === 'function') {
    const range = caretDoc.caretRangeFromPoint(x, y);
    node = range?.startContainer ?? null;
    offset = range?.startOffset ?? 0;
  }
  if (!node || node.nodeType !== 3) return null;
  const occurrence = index.at(node, offset);
  return occurrence && containsPoint(doc, occurrence, x, y) ? occurrence : null;
}

function containsPoint(doc: Document, occurrence: PageOccurrence, x: number, y: number): boolean {
  const range = doc.createRange();
  try {
    const r = occurrence.range;
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
  } catch {
    return false; // the text changed under the range
  }
  for (const box of range.getClientRects()) {
    if (
      x >= box.left - SLACK_PX &&
      x <= box.right + SLACK_PX &&
      y >= box.top - SLACK_PX &&
      y <= box.bottom + SLACK_PX
    )
      return true;
  }
  return false;
}

/**
 * Calls `listener` whenever the occurrence under the pointer changes (null when it leaves).
 * Returns the function that stops watching.
 */
export function watchHover(
  doc: Document,
  index: OccurrenceIndex,
  listener: HitListener,
  shadowRoots: () => ShadowRoot[] = () => [],
): () => void {
  const view = doc.defaultView;
  if (!view) return () => {};
  let last: PageOccurrence | null = null;
  let pending: { x: number; y: number } | null = null;
  let frame: number | null = null;
  const test = () => {
    frame = null;
    if (!pending) return;
    const point = pending;
    pending = null;
    const hit = occurrenceAtPoint(doc, index, point.x, point.y, shadowRoots());
    if (hit !== last) {
      last = hit;
      listener(hit, point);
    }
  };
  const onMove = (event: PointerEvent) => {
    pending = { x: event.clientX, y: event.clientY };
    if (frame === null) frame = view.requestAnimationFrame(test);
  };
  doc.addEventListener('pointermove', onMove, { capture: true, passive: true });
  return () => {
    doc.removeEventListener('pointermove', onMove, { capture: true });
    if (frame !== null) view.cancelAnimationFrame(frame);
  };
}
