/**
 * JSON shown by a code view one line per element (Kibana's JSON tab and other Monaco views,
 * read-only CodeMirror): each line is a block of its own, so the keys a value is nested under
 * (`"process": {` … `"parent": {`) stand in earlier lines. The keys open at the start of each
 * line are found once per view and pass, in one read of its lines.
 */

import { stringEnd } from '../detect/find-inline-fields';

/** A line that starts as JSON does inside a container: a member, a string element, an object. */
const MEMBER_LINE = /^\s*(?:"|\{\s*")/;
/** Views longer than this, or lines longer than this, are not followed (each pass reads them). */
const MAX_LINES = 5_000;
const MAX_LINE_CHARS = 4_000;
/** A list whose first 50 lines open no container is no JSON view: the rest is not read. */
const MAX_LINES_BEFORE_JSON = 50;
/** The innermost open containers kept in a prefix (as deep as JSON labels are kept). */
const MAX_DEPTH = 8;

/** Per pass: each code view's line elements, with the JSON text that opens what is open at their start. */
export type CodeLineMemo = Map<Element, Map<Element, string> | null>;

/** A JSON container open at some point of the text: an array, or an object (under `key`). */
export interface Open {
  array: boolean;
  key: string | null;
}

/**
 * The JSON text that reopens the containers open at the start of `line` (`{"process":{"parent":{`),
 * to be read before the line's own text, or '' when the line is no member line of a JSON code
 * view or nothing is open above it.
 */
export function jsonLinePrefix(line: Element, text: string, memo: CodeLineMemo): string {
  // (A table cell is a field of its row, not a line of code.)
  if (!MEMBER_LINE.test(text) || line.localName === 'td' || line.localName === 'th') return '';
  const view = line.parentElement;
  if (!view) return '';
  let prefixes = memo.get(view);
  if (prefixes === undefined) {
    prefixes = linePrefixes(view);
    memo.set(view, prefixes);
  }
  return prefixes?.get(line) ?? '';
}

/**
 * The text to read for a line under its `prefix`: the prefix, the line, and a closing quote
 * when the line's last string runs on into the next line (a view wrapping a long value).
 */
export function reopenedLine(prefix: string, text: string): string {
  // Read on its own: only whether its last string stays open matters.
  const state: LineState = { key: null, inString: false };
  follow(text, [], state);
  return state.inString ? `${prefix}${text}"` : prefix + text;
}

/** The prefix of every line of `view`, or null when it is no code view of JSON (or too long). */
function linePrefixes(view: Element): Map<Element, string> | null {
  const lines: Element[] = [];
  for (let child = view.firstElementChild; child; child = child.nextElementSibling) {
    if (lines.length >= MAX_LINES) return null;
    lines.push(child);
  }
  if (lines.length < 3) return null;
  const prefixes = new Map<Element, string>();
  const stack: Open[] = [];
  const state: LineState = { key: null, inString: false };
  for (let n = 0; n < lines.length; n++) {
    // A list whose first lines open nothing is no code view of JSON: the rest is not read.
    if (n === MAX_LINES_BEFORE_JSON && prefixes.size === 0 && stack.length === 0) return null;
    const line = lines[n]!;
    const text = line.textContent ?? '';
    if (text.length > MAX_LINE_CHARS) return null;
    // (A line that goes on with a string the line before wrapped is no line of its own.)
    if (stack.length > 0 && !state.inString) prefixes.set(line, prefixOf(stack));
    follow(text, stack, state);
  }
  return prefixes;
}

/** Where the reading stands between lines: the key waiting for its value, an open string. */
export interface LineState {
  key: string | null;
  inString: boolean;
}

/**
 * Runs one line (or a whole JSON text) through the container stack, from and into `state`;
 * `atSeparator` is told of each comma and line break outside strings, with the stack there.
 */
export function follow(
  text: string,
  stack: Open[],
  state: LineState,
  atSeparator?: (index: number) => void,
): void {
  let key = state.key;
  let i = 0;
  if (state.inString) {
    // The rest of a string a view wrapped onto this line (a long command line).
    const close = stringEnd(text, 0);
    if (close < 0) return;
    state.inString = false;
    i = close + 1;
  }
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      stack.push({ array: c === '[', key: top?.array ? null : key });
      key = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
      key = null;
    } else if (c === ',') {
      key = null;
      atSeparator?.(i);
    } else if (c === '\n') {
      atSeparator?.(i);
    } else if (c === '"') {
      const close = stringEnd(text, i + 1);
      if (close < 0) {
        // A string that runs on into the next line.
        state.inString = true;
        break;
      }
      let j = close + 1;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] === ':') key = text.slice(i + 1, close);
      i = close;
    }
  }
  state.key = key;
}

/** The JSON text that reopens `stack`'s containers (`{"process":{"parent":{`). */
export function prefixOf(stack: readonly Open[]): string {
  let prefix = '';
  for (const open of stack.slice(-MAX_DEPTH)) {
    const bracket = open.array ? '[' : '{';
    prefix += open.key === null ? bracket : `${JSON.stringify(open.key)}:${bracket}`;
  }
  // A keyed container must sit inside an object for the key to read as one.
  return stack.length > MAX_DEPTH || stack[0]?.key !== null ? `{${prefix}` : prefix;
}
