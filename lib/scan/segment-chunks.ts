import { follow, prefixOf, type Open } from '../context/code-lines';
import { TREE_DRAWING } from '../context/text-tree';
import { EXECUTABLE_EXTENSION } from '../detect/find-processes';
import { positionOf } from './occurrence-index';
import type { TextPiece, TextSegment } from './text-segments';

/**
 * A long text (a log or an export pasted into a ticket, up to the 1 MB read of a node) cut
 * into chunks that are analyzed in separate slices, so that no single task holds the page
 * for a fifth of a second. Plain text is cut at a line break where no bracket is open (or
 * only a top-level JSON array's), preferably at a blank line, so records of a log and events
 * separated by blank lines stay whole. JSON (pretty, on one line, or NDJSON) is cut between
 * documents or the elements of its outermost array, each chunk read under the keys open
 * there (`{"resources":[`), so every record is read as it would be whole.
 */

/** Chunks of about this many characters (a few milliseconds of analysis each). */
export const SEGMENT_CHUNK_CHARS = 32_000;

/**
 * `segment` as consecutive chunks of at most about `maxChars` characters each (more where no
 * cut is possible); the segment itself when it is short or cannot be cut. Each chunk maps its
 * characters to the same text nodes (a first piece may start before the chunk: its `start` is
 * then negative). Only the last chunk carries `truncated`.
 */
export function chunkSegment(segment: TextSegment, maxChars = SEGMENT_CHUNK_CHARS): TextSegment[] {
  const text = segment.text;
  if (text.length <= maxChars * 1.5) return [segment];
  const { cuts, rank, prefixes } = startsAsJson(text) ? jsonCutPoints(text) : cutPoints(text);
  if (cuts.length === 0) return [segment];
  const chunks: TextSegment[] = [];
  let from = 0;
  let next = 0;
  let reopenedAt: string | undefined;
  while (text.length - from > maxChars * 1.5) {
    const limit = from + maxChars;
    // The best-ranked cut in the last three quarters before the limit (the latest of them),
    // else the first after it.
    while (next < cuts.length && cuts[next]! <= from) next++;
    let best = -1;
    let i = next;
    for (; i < cuts.length && cuts[i]! <= limit; i++)
      if (cuts[i]! > from + maxChars / 4 && (best < 0 || rank[i]! >= rank[best]!)) best = i;
    const chosen = best >= 0 ? best : i;
    if (chosen >= cuts.length) break;
    const to = cuts[chosen]!;
    chunks.push(slice(segment, from, to, false, reopenedAt));
    from = to;
    reopenedAt = prefixes?.[chosen];
    next = chosen + 1;
  }
  if (chunks.length === 0) return [segment];
  chunks.push(slice(segment, from, text.length, segment.truncated, reopenedAt));
  return chunks;
}

/** Whether a text opens as JSON does (its chunks are read under the keys open before them). */
export function startsAsJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

interface CutPoints {
  /** Offsets where a chunk may start (just after a line break, or a comma in JSON). */
  cuts: number[];
  /** How good a place each is: 2 after a blank line, 1 after a line break, 0 within a line. */
  rank: number[];
  /** For JSON: the text reopening the containers open at each. */
  prefixes?: string[];
}

/**
 * Cut points of JSON, pretty-printed or on one line: just after a line break or comma between
 * two documents (NDJSON) or two elements of the outermost array (the records; an array inside
 * a record, its arguments, is no place to cut), with the containers open there.
 */
function jsonCutPoints(text: string): CutPoints {
  const cuts: number[] = [];
  const rank: number[] = [];
  const prefixes: string[] = [];
  const stack: Open[] = [];
  follow(text, stack, { key: null, inString: false }, (at) => {
    const between =
      stack.length === 0 ? text[at] === '\n' : stack.findIndex((o) => o.array) === stack.length - 1;
    if (!between) return;
    cuts.push(at + 1);
    rank.push(1);
    prefixes.push(stack.length > 0 ? prefixOf(stack) : '');
  });
  return { cuts, rank, prefixes };
}

/**
 * Where plain text may be cut: just after each line break where no bracket is open (or only
 * a top-level array's), ranked higher after a blank line; and, ranked lowest, after the
 * space that follows a program's name. Quotes open a string until its closing quote or the
 * end of the line (JSON strings hold no raw line break; a stray quote in a log line must not
 * hide the rest of the text).
 */
function cutPoints(text: string): CutPoints {
  const cuts: number[] = [];
  const rank: number[] = [];
  const base = indentAt(text, 0);
  let depth = 0;
  let inArray = false;
  let inString = false;
  let lineHasText = false;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      inString = false;
      lineStart = i + 1;
      if ((depth === 0 || (depth === 1 && inArray)) && startsRecord(text, i + 1, base)) {
        cuts.push(i + 1);
        rank.push(lineHasText ? 1 : 2);
      }
      lineHasText = false;
      continue;
    }
    // Within a line far longer than any record's (a text with no line break for long), only
    // right after a program's name.
    if (
      (c === 32 || c === 9) &&
      i - lineStart > LONG_LINE_CHARS &&
      depth === 0 &&
      !inString &&
      AFTER_NAME.test(text.slice(i - 4, i))
    ) {
      cuts.push(i + 1);
      rank.push(0);
    }
    if (c !== 32 && c !== 9 && c !== 13) lineHasText = true;
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) inArray = c === 91;
      depth++;
    } else if ((c === 125 /* } */ || c === 93) /* ] */ && depth > 0) depth--;
  }
  return { cuts, rank };
}

/**
 * Whether the line starting at `at` may begin a record: a line indented deeper than `base`
 * (the text's first line), or starting with a tree's drawing (a branch, a stem, a bullet),
 * goes on what the lines above began (a child of a process tree, a wrapped field).
 */
export function startsRecord(text: string, at: number, base = 0): boolean {
  const indent = indentAt(text, at);
  const first = text[at + indent];
  return indent <= base && first !== undefined && !TREE_DRAWING.test(first);
}

function indentAt(text: string, at: number): number {
  let indent = 0;
  while (text[at + indent] === ' ' || text[at + indent] === '\t') indent++;
  return indent;
}

/** A line this long is no record of a log: it may be cut within. */
const LONG_LINE_CHARS = 4_000;

/** The end of a program's name: where a text with no line break may be cut. */
const AFTER_NAME = new RegExp(`${EXECUTABLE_EXTENSION}$`, 'i');

function slice(
  segment: TextSegment,
  from: number,
  to: number,
  truncated: boolean,
  reopened: string | undefined,
): TextSegment {
  const all = segment.pieces;
  const pieces: TextPiece[] = [];
  for (let i = positionOf(segment, from, false).index; i < all.length && all[i]!.start < to; i++) {
    const piece = all[i]!;
    const start = piece.start - from;
    pieces.push(
      piece.breakBefore && start > 0
        ? { node: piece.node, start, breakBefore: true }
        : { node: piece.node, start },
    );
  }
  const text = segment.text.slice(from, to);
  return reopened
    ? { block: segment.block, text, pieces, truncated, reopened }
    : { block: segment.block, text, pieces, truncated };
}
