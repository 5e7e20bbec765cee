import { classifyField } from './classify-field';
import { findProcesses } from './find-processes';
import type { InlineField } from './find-inline-fields';

/** A header cell: a short field name, not a value ("Session#" and "Offset(V)" included). */
const HEADER_CELL = /^[A-Za-z_@][\w .@()/#-]{0,47}$/;
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
  if (!HEADER_START.test(text)) return alignedTableFields(text, lineStart, lineEnd);
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
  return alignedTableFields(text, lineStart, lineEnd);
}

/** A column of a table aligned with spaces: where its label starts and ends on the header line. */
interface Column {
  label: string;
  start: number;
  end: number;
}
/**
 * A label or cell of an aligned line: text with single spaces inside ("Image Name"), two or
 * more around.
 */
const ALIGNED_CELL = /\S+(?: \S+)*/g;
/** The rule under an aligned header ("----  ------", "=====  ==="): its runs are the columns. */
const RULE_LINE = /^[ \t]*[-=]{2,}(?:[ \t]+[-=]{2,})+[ \t]*$/;
const RULE_RUN = /\S+/g;

/**
 * A table whose columns are aligned with spaces, as command-line tools print them (`wmic
 * process get`, `tasklist`, Volatility 2's `pslist`, PowerShell's `Format-Table`): a header of
 * field names two or more spaces apart (or marked out by a rule of dashes under them), then
 * one record per line, each cell under the column it overlaps most (numbers are aligned
 * right, names left).
 */
function alignedTableFields(text: string, lineStart: number, lineEnd: number): InlineField[] {
  const headerText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  // Cheap tests first: most text is no table (no rule under its first line, no two spaces in it).
  let ruleStart = lineEnd + 1;
  while (text[ruleStart] === ' ' || text[ruleStart] === '\t') ruleStart++;
  let next = -1;
  let second = '';
  if (text[ruleStart] === '-' || text[ruleStart] === '=') {
    next = text.indexOf('\n', lineEnd + 1);
    if (next < 0) next = text.length;
    second = text.slice(lineEnd + 1, next).replace(/\r$/, '');
  }
  const ruled = second !== '' && RULE_LINE.test(second);
  if (!ruled && !headerText.includes('  ')) return [];
  const columns: Column[] = [];
  for (const m of (ruled ? second : headerText).matchAll(ruled ? RULE_RUN : ALIGNED_CELL)) {
    const start = m.index;
    const end = start + m[0].length;
    const label = ruled ? headerText.slice(start, end).trim() : m[0];
    columns.push({ label, start, end });
  }
  if (
    columns.length < 2 ||
    !columns.every((c) => isHeaderCell(c.label)) ||
    !columns.some((c) => classifyField(c.label).owner !== 'other')
  )
    return [];
  const fields: InlineField[] = [];
  let group = 0;
  for (const line of linesOf(text, (ruled ? next : lineEnd) + 1)) {
    const cells = ruled ? ruledCells(columns, line.text) : spacedCells(columns, line.text);
    if (cells.size < 2) continue;
    group++;
    for (const [column, cell] of [...cells].sort((a, b) => a[1].start - b[1].start))
      fields.push({
        label: columns[column]!.label,
        start: line.start + cell.start,
        end: line.start + cell.end,
        group,
        first: true,
      });
  }
  return fields;
}

type Cells = Map<number, { start: number; end: number }>;

/** Under a rule, a column's cell is what stands between its run's start and the next run's. */
function ruledCells(columns: readonly Column[], line: string): Cells {
  const cells: Cells = new Map();
  columns.forEach((column, i) => {
    let start = column.start;
    let end = Math.min(line.length, columns[i + 1]?.start ?? line.length);
    while (start < end && /\s/.test(line[start]!)) start++;
    while (end > start && /\s/.test(line[end - 1]!)) end--;
    if (end > start) cells.set(i, { start, end });
  });
  return cells;
}

/** Without a rule, cells are two spaces or more apart, each under the column it overlaps most. */
function spacedCells(columns: readonly Column[], line: string): Cells {
  const cells: Cells = new Map();
  for (const m of line.matchAll(ALIGNED_CELL)) {
    const column = columnOf(columns, m.index, m.index + m[0].length);
    if (column >= 0 && !cells.has(column))
      cells.set(column, { start: m.index, end: m.index + m[0].length });
  }
  return cells;
}

/** The column a cell overlaps most (each column reaching to the next one's start), or -1. */
function columnOf(columns: readonly Column[], start: number, end: number): number {
  let best = -1;
  let most = 0;
  columns.forEach((column, i) => {
    const from = i === 0 ? 0 : Math.min(column.start, columns[i - 1]!.end + 1);
    const to = i + 1 < columns.length ? columns[i + 1]!.start : Infinity;
    const overlap = Math.min(end, to) - Math.max(start, from);
    if (overlap > most) {
      most = overlap;
      best = i;
    }
  });
  return best;
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
