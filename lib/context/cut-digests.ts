import { findCutIndicators, type Indicators } from '../detect/find-indicators';
import { mayHoldCutDigest } from '../detect/find-hashes';
import type { SegmentLike } from './analyze-segments';

/*
 * Digests a console shows cut short ("de96a6e6…160ab32c") and keeps whole beside the text: in
 * an attribute of the element showing them, or of a copy button or link in the same cell.
 */

/**
 * `indicators` with the digests the segment shows cut short where the page keeps them whole
 * (see `valuesKeptBeside`), each checked to begin and end with the digits shown.
 */
export function withCutDigests(
  indicators: Indicators,
  segment: SegmentLike,
  text: string,
  blockLabel: string | null,
): Indicators {
  const pieces = segment.pieces;
  if (!pieces || !mayHoldCutDigest(text)) return indicators;
  const cut = findCutIndicators(text, blockLabel, (start) => {
    let piece = pieces[0]!;
    for (const p of pieces) if (p.start <= start) piece = p;
    return valuesKeptBeside(piece.node, segment.block);
  });
  return cut.length > 0 ? { ...indicators, hashes: [...indicators.hashes, ...cut] } : indicators;
}

/**
 * Attribute values that may keep a digest whole: of the elements from a text node up to its
 * block (a few levels at most), then of the block's own elements (a copy button's
 * `data-clipboard-text`, a link to the file's page).
 */
function valuesKeptBeside(node: Node, block: Element): string[] {
  const values: string[] = [];
  let element = node.parentElement;
  for (let depth = 0; element && depth < 4; depth++, element = element.parentElement) {
    keptValues(element, values);
    if (element === block) break;
  }
  let inside = 0;
  for (const child of block.querySelectorAll('[title],[aria-label],[href],button,a')) {
    if (++inside > MAX_KEEPERS) break;
    keptValues(child, values);
  }
  return values;
}
const MAX_KEEPERS = 20;

function keptValues(element: Element, values: string[]): void {
  for (const { name, value } of element.attributes) {
    if (
      (name === 'title' || name === 'aria-label' || name === 'href' || name.startsWith('data-')) &&
      value.length <= 500
    )
      values.push(value);
  }
}
