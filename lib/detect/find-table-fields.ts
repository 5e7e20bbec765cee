import { classifyField } from './classify-field';
import { findProcesses } from './find-processes';
import type { InlineField } from './find-inline-fields';

/** A header cell: a short field name, not a value. */
const HEADER_CELL = /^[A-Za-z_@][\w .@()/-]{0,47}$/;
/** A first header cell and its delimiter, read in place (sticky) at the line's start. */
const HEADER_START = /[ \t]*\|?[ \t"]*[A-Za-z_@][\w .@()/-]{0,47}[ \t"]*[|,;\t]/y;
/**
 * Whether a would-be field name is a value instead: it names a process or holds a digest
 * ("cmd.exe" heading a headerless TSV).
 */
export function looksLikeValue(text: string): boolean {
  return /[0-9a-f]{32}/i.test(text) || findProcesses(text).length > 0;
}
const isHeaderCell = (cell: string) =>
  HEADER_CELL.test(cell) && cell.split(' ').length <= 4 && !looksLikeValue(cell);
const DELIMITERS = ['|', '\t', ',', ';'] as const;
/** A border line of a drawn table and the line break after it, read in place (sticky). */
const BORDER_LINE = /\+[-+=]+[ \t]*\r?\n/y;
type Delimiter = (typeof DELIMITERS)[number];

/**
 * A table pasted as text (a CSV or TSV export in a ticket, a Markdown table): a first line of
 * field names, then one record per line with as many cells. Each row is its own record
 * (group 1, 2, …); rows of another width are left to the other readers. Empty when the first
 * line is no header (a header names at least one process, parent or hash field).
 *
 * @example findTableFields('Image,ParentImage\nC:\\x.exe,y.exe').map((f) => f.label) // ['Image', 'ParentImage']
 */
export function findTableFields(text: string): InlineField[] {
  // The header line is checked before the text is split into lines (most text is no table).
  let headerStart = text.search(/\S/);
  if (headerStart < 0) return [];
  // A table drawn with borders (osquery, psql, MySQL: "+------+------+") opens with one.
  if (text[headerStart] === '+') {
    BORDER_LINE.lastIndex = headerStart;
    if (BORDER_LINE.test(text)) headerStart = BORDER_LINE.lastIndex;
  }
  const lineStart = text.lastIndexOf('\n', headerStart) + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0 || lineEnd - lineStart > 1000) return [];
  // Most lines are no header: their first cell is not a field name. Nothing is allocated then.
  HEADER_START.lastIndex = lineStart;
  if (!HEADER_START.test(text)) return [];
  const header = { text: text.slice(lineStart, lineEnd).replace(/\r$/, ''), start: lineStart };
  for (const delimiter of DELIMITERS) {
    if (!header.text.includes(delimiter)) continue;
    const labels = cellsOf(header.text, delimiter).map((c) => header.text.slice(c.start, c.end));
    if (labels.length < 2 || !labels.every(isHeaderCell)) continue;
    // Prose has commas too: "Hi team, the process looks odd" is no header.
    if (
      (delimiter === ',' || delimiter === ';') &&
      labels.length < 3 &&
      labels.some((l) => l.includes(' '))
    )
      continue;
    if (!labels.some((l) => classifyField(l).owner !== 'other')) continue;
    const fields: InlineField[] = [];
    let group = 0;
    for (const line of linesOf(text, lineEnd + 1)) {
      if (delimiter === '|' && /^[\s|:+-]*$/.test(line.text)) continue; // |---|:--:|, +----+
      const cells = cellsOf(line.text, delimiter);
      if (cells.length !== labels.length) continue;
      group++;
      cells.forEach((cell, n) => {
        if (cell.end > cell.start)
          fields.push({
            label: labels[n]!,
            start: line.start + cell.start,
            end: line.start + cell.end,
            group,
            first: true,
          });
      });
    }
    return fields;
  }
  return [];
}

function linesOf(text: string, from: number): Array<{ text: string; start: number }> {
  const lines: Array<{ text: string; start: number }> = [];
  for (let start = from; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ text: text.slice(start, text[end - 1] === '\r' ? end - 1 : end), start });
    start = end + 1;
  }
  return lines;
}

/**
 * The cells of one delimited line, as spans without their padding and quotes. Comma and
 * semicolon lines follow CSV quoting ("a, b" is one cell, "" an escaped quote); a Markdown
 * row's outer pipes, where it has them, open and close it.
 */
function cellsOf(line: string, delimiter: Delimiter): Array<{ start: number; end: number }> {
  const cells: Array<{ start: number; end: number }> = [];
  const quoting = delimiter === ',' || delimiter === ';';
  let i = 0;
  let end = line.length;
  if (delimiter === '|') {
    while (i < end && /\s/.test(line[i]!)) i++;
    while (end > i && /\s/.test(line[end - 1]!)) end--;
    // Outer pipes are optional (GitHub's Markdown, a pipe-delimited export).
    if (line[i] === '|') i++;
    if (end > i && line[end - 1] === '|') end--;
  }
  while (i <= end) {
    let start = i;
    let stop: number;
    while (start < end && (line[start] === ' ' || line[start] === '\t') && delimiter !== '\t')
      start++;
    if (quoting && line[start] === '"') {
      let j = start + 1;
      while (j < end && !(line[j] === '"' && line[j + 1] !== '"')) j += line[j] === '"' ? 2 : 1;
      stop = j;
      start++;
      i = line.indexOf(delimiter, j);
    } else {
      i = line.indexOf(delimiter, start);
      stop = i < 0 || i > end ? end : i;
    }
    while (stop > start && /\s/.test(line[stop - 1]!)) stop--;
    cells.push({ start, end: stop });
    if (i < 0 || i >= end) break;
    i++;
  }
  return cells;
}
