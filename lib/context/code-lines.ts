/**
 * JSON shown by a code view one line per element (Kibana's JSON tab and other Monaco views,
 * CodeMirror, line-numbered blobs): each line is a block of its own, so the keys a value is
 * nested under (`"process": {` … `"parent": {`) stand in earlier lines. The keys open at the
 * start of each line are found once per view, in one pass over its lines.
 */

/** A line that starts as JSON does inside a container: a member, a string element, an object. */
const MEMBER_LINE = /^\s*(?:"|\{\s*")/;
/** Views longer than this, or lines longer than this, are not followed (each pass reads them). */
const MAX_LINES = 5_000;
const MAX_LINE_CHARS = 4_000;
const MAX_LINES_BEFORE_JSON = 50;
/** The innermost open containers kept in a prefix (as deep as JSON labels are kept). */
const MAX_DEPTH = 8;

/** Per pass: each code view's line elements, with the JSON text that opens what is open at their start. */
export type CodeLineMemo = Map<Element, Map<Element, string> | null>;

interface Open {
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
  let key: string | null = null;
  for (let n = 0; n < lines.length; n++) {
    // A list whose first lines open nothing is no code view of JSON: the rest is not read.
    if (n === MAX_LINES_BEFORE_JSON && prefixes.size === 0 && stack.length === 0) return null;
    const line = lines[n]!;
    const text = line.textContent ?? '';
    if (text.length > MAX_LINE_CHARS) return null;
    if (stack.length > 0) prefixes.set(line, prefixOf(stack));
    key = follow(text, stack, key);
  }
  return prefixes;
}

/** Runs one line through the container stack; returns the key pending at its end. */
function follow(text: string, stack: Open[], pending: string | null): string | null {
  let key = pending;
  for (let i = 0; i < text.length; i++) {
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
    } else if (c === '"') {
      let close = i + 1;
      while (close < text.length && text[close] !== '"') close += text[close] === '\\' ? 2 : 1;
      if (close >= text.length) return null; // a string that runs on: no JSON line
      let j = close + 1;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] === ':') key = text.slice(i + 1, close);
      i = close;
    }
  }
  return key;
}

function prefixOf(stack: readonly Open[]): string {
  let prefix = '';
  for (const open of stack.slice(-MAX_DEPTH)) {
    const bracket = open.array ? '[' : '{';
    prefix += open.key === null ? bracket : `${JSON.stringify(open.key)}:${bracket}`;
  }
  // A keyed container must sit inside an object for the key to read as one.
  return stack.length > MAX_DEPTH || stack[0]?.key !== null ? `{${prefix}` : prefix;
}
