import { classifyField, isLineageLabel, saysSomething } from './classify-field';
import { EXECUTABLE_EXTENSION } from './find-processes';
import { findTableFields, looksLikeValue } from './find-table-fields';

/** A labelled value inside a block of text: a JSON member, a Sysmon XML `Data`, a `Key: value` line. */
export interface InlineField {
  /** The field name; nested JSON keys are joined with dots ("process.parent.name"). */
  label: string;
  start: number;
  end: number;
  /** Which record in the text the value belongs to (each top-level JSON object is one). */
  group: number;
  /** False for the second and later elements of a JSON array (`args[1]` is not the command). */
  first: boolean;
}

/**
 * Finds the labelled values in a block of event text that has no label of its own: JSON views
 * (pretty or single-line, escaped backslashes and all), Sysmon XML (`<Data Name="Image">`),
 * `Key: value` lines (Event Viewer, Sysmon text), `Key=value` pairs (Splunk raw events) and
 * tables pasted as text (CSV, TSV, Markdown). Fields come in text order and never overlap.
 *
 * @example findInlineFields('Image: C:\\x.exe\nParentImage: C:\\y.exe').map((f) => f.label) // ['Image', 'ParentImage']
 */
export function findInlineFields(text: string): InlineField[] {
  if (JSON_HINT.test(text)) {
    const json = jsonFields(text, PYTHON_KEY.test(text));
    if (json.length > 0) return json;
  }
  if (text.includes('<Data')) {
    const xml = xmlFields(text);
    if (xml.length > 0) return xml;
  }
  if (text.includes('\n')) {
    const table = findTableFields(text);
    if (table.length > 0) return table;
  }
  return lineFields(text);
}

/**
 * A quoted key: JSON's (`"name":`), a Python dict's as SOAR playbooks and scripts print them
 * (`'name':`), Logstash's rubydebug (`"name" =>`).
 */
const JSON_HINT = /["']\s*(?::|=>)/;
const PYTHON_KEY = /'\s*:/;

/**
 * Keys of a nested JSON label kept (the innermost): a label of more words means nothing to
 * classifyField, and a hostile page's thousands of levels must not make every label that long.
 */
const MAX_KEY_DEPTH = 8;

/**
 * A tolerant JSON scanner: no full parse, so truncated or concatenated JSON still yields
 * fields. With `singleQuotes`, strings may be single-quoted too (a Python dict's repr).
 */
function jsonFields(text: string, singleQuotes: boolean): InlineField[] {
  const fields: Array<InlineField & { element: number }> = [];
  const stack: Array<{ array: boolean; keyed: boolean; count: number; element: number }> = [];
  // The keys of the open containers that have one (each step is O(1), however deep the text).
  const keys: string[] = [];
  // Objects that are elements of an array inside a record ("behaviors": [{…}, {…}]): each may
  // be a record of its own (see recordsOfElements). Their enclosing element, by id.
  const enclosing: number[] = [];
  let key: string | null = null;
  let group = -1;
  const path = () => (keys.length > MAX_KEY_DEPTH ? keys.slice(-MAX_KEY_DEPTH) : keys);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      // Each top-level object is one record, and so is each object of a top-level array.
      if (
        stack.length === 0 ||
        (stack.length === 1 && stack[0]!.array && c === '{' && stack[0]!.count > 0)
      )
        group++;
      // A container sits under the current key, unless it is an element of an array (whose
      // own key is already on the stack).
      const parentIsArray = stack[stack.length - 1]?.array ?? false;
      if (parentIsArray) stack[stack.length - 1]!.count++;
      const within = stack[stack.length - 1]?.element ?? -1;
      let element = within;
      if (parentIsArray && c === '{' && stack.length >= 2) {
        element = enclosing.length;
        enclosing.push(within);
      }
      const keyed = !parentIsArray && key !== null;
      if (keyed) keys.push(key!);
      stack.push({ array: c === '[', keyed, count: 0, element });
      key = null;
    } else if (c === '}' || c === ']') {
      if (stack.pop()?.keyed) keys.pop();
      key = null;
    } else if (c === ',') {
      if (!stack[stack.length - 1]?.array) key = null;
    } else if (c === '"' || (c === "'" && singleQuotes)) {
      const close = stringEnd(text, i + 1, c);
      if (close < 0) break;
      let j = close + 1;
      while (
        j < text.length &&
        (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')
      )
        j++;
      const keyEnds = text[j] === ':' || (text[j] === '=' && text[j + 1] === '>');
      if (keyEnds && !stack[stack.length - 1]?.array) {
        key = text.slice(i + 1, close);
      } else if (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const label = top.array ? path().join('.') : key === null ? '' : [...path(), key].join('.');
        const first = !top.array || top.count === 0;
        if (top.array) top.count++;
        if (label) {
          const field = {
            label,
            start: i + 1,
            end: close,
            group: Math.max(group, 0),
            first,
            element: top.element,
          };
          const inner = close - i > MIN_NESTED_CHARS ? nestedFields(text, field) : null;
          if (inner) fields.push(...inner);
          else fields.push(field);
        }
      }
      i = close;
    }
  }
  if (enclosing.length > 0) recordsOfElements(fields, enclosing, group + 1);
  return fields;
}

/** Shortest string value worth reading for fields of its own ("Image: x.exe\n…"). */
const MIN_NESTED_CHARS = 24;
/** Longest one: a string of megabytes is read as text, not unescaped. */
const MAX_NESTED_CHARS = 100_000;
/** An escaped line break, or an escaped quote before a colon: fields may be inside. */
const NESTED_HINT = /\\[nr]|\\"\s*:/;
let nesting = false;

/**
 * The fields inside a JSON string value, with their spans in the outer text: a whole event
 * as one escaped string, as shippers keep it (Winlogbeat's `message`, "Process Create:\r\n
 * Image: …", an `event.original` holding the event's JSON). The value's text between them
 * stays the outer field's. Null when the string holds no field naming a party or a hash.
 */
function nestedFields<F extends InlineField>(text: string, field: F): F[] | null {
  if (nesting || field.end - field.start > MAX_NESTED_CHARS) return null;
  const raw = text.slice(field.start, field.end);
  if (!NESTED_HINT.test(raw)) return null;
  const { value, at } = unescapeJson(raw);
  nesting = true;
  let inner: InlineField[];
  try {
    inner = findInlineFields(value);
  } finally {
    nesting = false;
  }
  if (!inner.some((f) => saysSomething(classifyField(f.label)))) return null;
  const out: F[] = [];
  let from = field.start;
  for (const f of inner) {
    const start = field.start + at[f.start]!;
    const end = field.start + at[f.end]!;
    if (start < from) continue;
    if (start > from) out.push({ ...field, start: from, end: start });
    out.push({ ...field, label: f.label, start, end, first: f.first });
    from = end;
  }
  if (from < field.end) out.push({ ...field, start: from, end: field.end });
  return out;
}

/**
 * A JSON string's content unescaped, and where each of its characters (and its end) stands in
 * the escaped text.
 */
function unescapeJson(raw: string): { value: string; at: Int32Array } {
  const at = new Int32Array(raw.length + 1);
  let value = '';
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    at[n] = i;
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      value += c;
      n++;
      continue;
    }
    const e = raw[++i]!;
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      value += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
    } else value += ESCAPES[e] ?? e;
    n++;
  }
  at[n] = raw.length;
  return { value, at: at.subarray(0, n + 1) };
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/**
 * Gives each array element that is a record of its own (it names a process or a parent, or
 * their command lines: CrowdStrike's `behaviors`, Defender's `evidence`) a group of its own, from
 * `nextGroup` on; fields of other elements (a list of children under a process) stay with
 * the record around them.
 */
function recordsOfElements(
  fields: Array<InlineField & { element: number }>,
  enclosing: readonly number[],
  nextGroup: number,
): void {
  const isRecord = new Set<number>();
  for (const field of fields) {
    if (field.element < 0 || isRecord.has(field.element)) continue;
    const { owner, kind } = classifyField(field.label);
    // (An element that only holds a hash is one of a list of its record's hashes.)
    if (
      (owner === 'process' || owner === 'parent' || owner === 'grandparent') &&
      (kind === 'value' || kind === 'commandline')
    )
      isRecord.add(field.element);
  }
  if (isRecord.size === 0) return;
  // The record each element belongs to: itself, or the nearest enclosing record (an element's
  // enclosing element has a smaller id, so one pass in id order finds all).
  const recordOf = new Int32Array(enclosing.length);
  for (let element = 0; element < enclosing.length; element++) {
    const outer = enclosing[element]!;
    recordOf[element] = isRecord.has(element) ? element : outer >= 0 ? recordOf[outer]! : -1;
  }
  const groupOf = new Map<number, number>();
  for (const field of fields) {
    const element = field.element < 0 ? -1 : recordOf[field.element]!;
    if (element < 0) continue;
    let group = groupOf.get(element);
    if (group === undefined) groupOf.set(element, (group = nextGroup++));
    field.group = group;
  }
}

/** Index of the closing quote of a JSON string whose content starts at `from`, or -1. */
export function stringEnd(text: string, from: number, quote = '"'): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i;
    else if (c === '\n') return -1;
  }
  return -1;
}

const XML_DATA = /<Data\s+Name\s*=\s*["']([^"']{1,80})["']\s*>([^<]*)<\/Data>/g;

const XML_EVENT = /<Event[\s>]/g;

/** Sysmon/Windows XML `<Data Name="…">` fields; each `<Event>` of several is its own record. */
function xmlFields(text: string): InlineField[] {
  const fields: InlineField[] = [];
  const events: number[] = [];
  XML_EVENT.lastIndex = 0;
  for (let m = XML_EVENT.exec(text); m; m = XML_EVENT.exec(text)) events.push(m.index);
  let group = 0;
  XML_DATA.lastIndex = 0;
  for (let m = XML_DATA.exec(text); m; m = XML_DATA.exec(text)) {
    while (group + 1 < events.length && events[group + 1]! < m.index) group++;
    const start = m.index + m[0].indexOf('>') + 1;
    fields.push({ label: m[1]!, start, end: start + m[2]!.length, group, first: true });
  }
  return fields;
}

/**
 * What may open a line before its key: indentation, a list's bullet or number ("- ", "* ",
 * "• ", "1. "), a quote's "> ", and Markdown bold around the key ("**Process:** x.exe").
 */
const LINE_LEAD = String.raw`[ \t]*(?:(?:[-*+•‣◦▪>]|\d{1,3}[.)])[ \t]+)?(?:\*\*|__)?`;
/**
 * A key in any script: Windows writes its own event text in the system's language. An
 * apostrophe only inside a word ("Type d’élévation du jeton"), never a quote around a value.
 */
const KEY = String.raw`(\p{L}[\p{L}\p{M}\d_ .()/'’-]{0,60}?)`;
/** An apostrophe that is no letter's neighbour on both sides: a quote, so no key. */
const QUOTE_IN_KEY = /(?<!\p{L})['’]|['’](?!\p{L})/u;
const LINE_KEY = String.raw`${KEY}(?:\*\*|__)?[ \t]*:(?:\*\*|__)?`;
// "Image: C:\x.exe" (a space after the colon, so "C:\" never reads as a key) …
const COLON_LINE = new RegExp(String.raw`^${LINE_LEAD}${LINE_KEY}[ \t]+(?=\S)`, 'u');
/**
 * … "Parent:" alone on its line, with its fields indented below it (YAML, an EDR's panel
 * copied into a ticket): a section whose name goes before theirs.
 */
const SECTION_LINE = new RegExp(String.raw`^${LINE_LEAD}${LINE_KEY}[ \t]*$`, 'u');
// … and "Image=C:\x.exe ParentImage=…" pairs, several to a line.
const EQUALS_KEY = /(?:^|[\s;|{])([A-Za-z_][\w.]{0,63})[ \t]?=[ \t]?(?!=)/g;
/** A search query, not a record: "process.name : x.exe or process.name : y.exe". */
const BOOLEAN_OPERATOR = /\s(?:or|and|not)\s/i;
/** A field and its value in two tab-separated cells (a key-value table copied into a ticket). */
const TAB_LINE = new RegExp(String.raw`^[ \t]*${KEY}\t+(?=\S)`, 'u');

/**
 * `Image<TAB>C:\x.exe`: a line of two cells whose first is a field's name, read like
 * `Image: C:\x.exe`. A first cell that is itself a value (a name, a path, a hash) makes a row
 * of data instead.
 */
function tabPair(line: string): RegExpExecArray | null {
  const pair = line.includes('\t') ? keyed(TAB_LINE.exec(line)) : null;
  if (!pair || line.slice(pair[0].length).includes('\t')) return null;
  return looksLikeValue(pair[1]!) ? null : pair;
}
/** A second key inside a colon line's value: a query, or several pairs to a line. */
const INNER_KEY = /\s[\w.]+\s?:\s/;

/** A key inside a line: one token ("process.parent.name") or up to four Title Case words. */
const COLON_KEY =
  /(?<=^|[\s,;|])((?:[A-Z][a-z]+ ){1,3}[A-Z][a-z]+|[A-Za-z][\w.@-]{0,63})[ \t]?:[ \t]+(?=\S)/g;

/**
 * Several `Key: value` pairs on one line ("process.name: x.exe process.parent.name: y.exe", a
 * ticket's "Process: x.exe Parent: y.exe SHA256: …"), at `offset` in the text; none when no
 * second key names a process, parent or hash field (a query). Only such keys split the line,
 * so "Note: ran cmd.exe at 10:02" stays one value.
 */
function colonPairs(line: string, first: RegExpExecArray, offset: number): InlineField[] {
  const keys = [{ label: first[1]!.trim(), at: 0, valueStart: first[0].length }];
  COLON_KEY.lastIndex = first[0].length;
  for (let m = COLON_KEY.exec(line); m; m = COLON_KEY.exec(line)) {
    const meaning = classifyField(m[1]);
    if (meaning.owner !== 'other' || meaning.kind !== 'value')
      keys.push({ label: m[1]!, at: m.index, valueStart: m.index + m[0].length });
  }
  if (keys.length < 2) return [];
  const fields: InlineField[] = [];
  keys.forEach((key, n) => {
    const end = trimValueEnd(line, key.valueStart, keys[n + 1]?.at ?? line.length);
    if (end > key.valueStart)
      fields.push({
        label: key.label,
        start: offset + key.valueStart,
        end: offset + end,
        group: 0,
        first: true,
      });
  });
  return fields;
}

function lineFields(text: string): InlineField[] {
  const fields: InlineField[] = [];
  const sections: Section[] = [];
  // A field's name alone on its line, its value on the next ("Parent process" then
  // "winword.exe"), as a panel of label and value boxes reads once copied as text.
  let pending: string | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (pending !== null) {
      const label = pending;
      const value = valueLine(line, label);
      if (value) {
        fields.push({
          label,
          start: lineStart + value.start,
          end: lineStart + value.end,
          group: 0,
          first: true,
        });
        pending = null;
        lineStart = lineEnd + 1;
        continue;
      }
      if (line.trim()) pending = null;
    }
    const bare = bareLabel(line);
    if (bare !== null) {
      pending = bare;
      lineStart = lineEnd + 1;
      continue;
    }
    const colon = keyLine(line) ?? tabPair(line);
    const value = colon ? line.slice(colon[0].length) : '';
    if (sections.length > 0 || endsWithColon(line)) {
      // Only a line that says something closes the sections it is not indented under.
      const indent = indentOf(line);
      if (indent < line.length)
        while (sections.length && sections[sections.length - 1]!.indent >= indent) sections.pop();
      const section = colon ? null : keyed(SECTION_LINE.exec(line));
      if (section) sections.push(sectionOf(indent, section[1]!.trim()));
      if (colon && sections.some((s) => s.party)) colon[1] = labelIn(sections, colon[1]!.trim());
    }
    if (colon && BOOLEAN_OPERATOR.test(value)) {
      // a query line: its names are mentions, not fields
    } else if (colon && INNER_KEY.test(value)) {
      // several pairs to the line, or else (no second field key) a query: mentions only
      fields.push(...colonPairs(line, colon, lineStart));
    } else if (colon) {
      fields.push({
        label: colon[1]!.trim(),
        start: lineStart + colon[0].length,
        end: lineStart + line.trimEnd().length,
        group: 0,
        first: true,
      });
    } else if (line.includes('=')) {
      const keys = [...line.matchAll(EQUALS_KEY)];
      keys.forEach((k, n) => {
        const valueStart = k.index + k[0].length;
        const next = keys[n + 1];
        let valueEnd = trimValueEnd(line, valueStart, next ? next.index : line.length);
        let s = valueStart;
        if ((line[s] === '"' || line[s] === "'") && line[valueEnd - 1] === line[s]) {
          s++;
          valueEnd--;
        }
        if (valueEnd > s)
          fields.push({
            label: k[1]!,
            start: lineStart + s,
            end: lineStart + valueEnd,
            group: 0,
            first: true,
          });
      });
    }
    lineStart = lineEnd + 1;
  }
  if (fields.length > 2 && text.includes('\n')) splitRepeatedRecords(fields);
  return fields;
}

/** A `Key: value` line's match (a colon line's key, its value after). */
function keyLine(line: string): RegExpExecArray | null {
  return line.includes(':') ? keyed(COLON_LINE.exec(line)) : null;
}

/** A key line's match, unless its key holds a quote ("ran 'cmd.exe': …" is prose). */
function keyed(match: RegExpExecArray | null): RegExpExecArray | null {
  const key = match?.[1];
  return key && (key.includes("'") || key.includes('’')) && QUOTE_IN_KEY.test(key) ? null : match;
}

/** A line that may be a field's name alone: short, no value in it. */
const BARE_LABEL = new RegExp(String.raw`^[ \t]*${KEY}[ \t\r]*$`, 'u');
/** What only a value holds: a program's name or a digest. */
const VALUE_HINT = new RegExp(String.raw`${EXECUTABLE_EXTENSION}\b|[0-9a-f]{32}`, 'i');
const EXECUTABLES = new RegExp(String.raw`${EXECUTABLE_EXTENSION}\b`, 'gi');
const MAX_VALUE_LINE = 512;

/**
 * The line's field name when it is only that, and one that names a party's value, command
 * line or hash ("Parent process", "SHA256"); else null.
 */
function bareLabel(line: string): string | null {
  if (line.length > 48 || line.includes(':') || line.includes('\t') || VALUE_HINT.test(line))
    return null;
  const m = keyed(BARE_LABEL.exec(line));
  if (!m || m[1]!.split(' ').length > 4) return null;
  // A lineage's links stand one per line under its name: each its own, read as a lineage.
  return saysSomething(classifyField(m[1])) && !isLineageLabel(m[1]!) ? m[1]! : null;
}

/**
 * The value line under a bare label: the whole line, trimmed, when it is one value (a name, a
 * path, a digest; any text under a command line's label). Null for a blank line, another
 * label, a `Key: value` line, or a sentence naming several programs.
 */
function valueLine(line: string, label: string): { start: number; end: number } | null {
  const start = line.search(/\S/);
  if (start < 0 || line.length > MAX_VALUE_LINE || keyLine(line)) return null;
  const { kind } = classifyField(label);
  if (kind !== 'commandline' && (line.match(EXECUTABLES) ?? []).length > 1) return null;
  return { start, end: line.trimEnd().length };
}

/** Whether the line's last character, past spaces and Markdown bold, is a colon. */
function endsWithColon(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r' || line[i] === '*'))
    i--;
  return line[i] === ':';
}

interface Section {
  indent: number;
  label: string;
  /** It names another party than the process: a parent, grandparent or child. */
  party: boolean;
}

function sectionOf(indent: number, label: string): Section {
  const { owner } = classifyField(label);
  return {
    indent,
    label,
    party: owner === 'parent' || owner === 'grandparent' || owner === 'child',
  };
}

/** Columns before a line's key: its indentation, and a list item's bullet counts as more. */
function indentOf(line: string): number {
  let columns = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') columns++;
    else if (c === '\t') columns += 4;
    else break;
  }
  // A list item's bullet and the space after it.
  const c = line[i];
  if (
    (c === '-' || c === '*' || c === '+' || c === '•' || c === '>') &&
    /[ \t]/.test(line[i + 1] ?? '')
  )
    columns += 2;
  const blank = i === line.length || (line[i] === '\r' && i + 1 === line.length);
  return blank ? line.length : columns;
}

/**
 * The label of a key inside sections: the key alone, unless it names no one's but the
 * process's own value ("name", "path", "sha256") and a section above it names another party
 * ("parent:", "Parent Process:"); then the sections' names go before it ("parent.name").
 */
function labelIn(sections: Section[], key: string): string {
  if (classifyField(key).owner !== 'process') return key;
  return [...sections.filter((s) => s.party).map((s) => s.label), key].join('.');
}

/**
 * Several events pasted one after another ("Image: …", "ParentImage: …", then "Image: …"
 * again): a process or parent field seen a second time opens the next record. Other keys
 * repeat inside one event (Windows' "Account Name" under Subject and New Logon) and do not.
 */
function splitRepeatedRecords(fields: InlineField[]): void {
  const seen = new Set<string>();
  let group = 0;
  for (const field of fields) {
    const meaning = classifyField(field.label);
    if (meaning.owner !== 'other' && meaning.kind === 'value') {
      const key = field.label.toLowerCase();
      if (seen.has(key)) {
        group++;
        seen.clear();
      }
      seen.add(key);
    }
    field.group = group;
  }
}

/** `end` moved back over the separators (`,;|` and spaces) that end a value before the next key. */
function trimValueEnd(line: string, start: number, end: number): number {
  while (end > start && /[\s,;|]/.test(line[end - 1]!)) end--;
  return end;
}
