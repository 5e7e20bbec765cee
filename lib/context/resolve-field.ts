import { classifyField } from '../detect/classify-field';
import { looksLikeValue } from '../detect/find-table-fields';
import { isParentReference, isRecordId } from '../detect/find-record-links';

/**
 * Where a piece of text stands on the page: the label of its field (column header, `dt`, row
 * header, label element) and the record it belongs to (table row, key-value panel, list item).
 * Consoles draw tables as `<table>`, as ARIA grids (`role="grid"` with `aria-colindex`), or as
 * div grids that name each cell's column in an attribute (Kibana's `data-gridcell-column-id`,
 * ag-Grid's `col-id`, MUI's `data-field`, Fluent UI's `data-automation-key`); all are read.
 */
export interface FieldPlace {
  label: string | null;
  /** The element whose text forms one record (an event, an alert). */
  record: Element;
  /** True when the record is one event by construction (a "Field | Value" table). */
  whole?: true;
}

/** Attributes in which grid libraries name a cell's column. */
const COLUMN_ATTRIBUTES = [
  'data-gridcell-column-id',
  'col-id',
  'data-field',
  'data-column-id',
  'data-colid',
  'data-field-name',
  'data-column',
  'data-automation-key',
];
const CELL = 'td,th,[role="gridcell"],[role="cell"],[role="rowheader"]';
const GRID = 'table,[role="grid"],[role="table"],[role="treegrid"]';
const RECORD =
  'tr,[role="row"],li,[role="listitem"],[role="treeitem"],article,[role="article"],section,aside,dialog,[role="dialog"],details,fieldset,form,[role="region"],[data-record]';
const MAX_LABEL_CHARS = 80;
/** Longest label among many sibling boxes (a CSS grid of fields). */
const MAX_GRID_LABEL_CHARS = 40;

/** Per-pass caches (plain maps: the scanner drops them when a pass ends). */
export interface FieldCaches {
  headers: Map<Element, TableHeaders>;
  places: Map<Element, FieldPlace>;
  /** Column position of each cell of a row (colspans counted). */
  columns: Map<Element, Map<Element, number>>;
  /** What the ancestors of a row's plain cells say, by the cells' parent. */
  rows: Map<Element, RowContext>;
}

/** The answers of `closest()` that every plain cell of one parent shares. */
interface RowContext {
  dd: Element | null;
  grid: Element | null;
  row: Element;
  record: Element;
}

interface TableHeaders {
  /** Header text by column position (colspans expanded), or null when the table has no header row. */
  byIndex: (string | null)[] | null;
  /** Header text by aria-colindex. */
  byAriaIndex: Map<string, string>;
  /** A two-column table of labels and values, without a header row. */
  keyValue: boolean;
  /** Columns of a "Field | Value" table, whose rows are the fields of one record. */
  fieldValue: { keyColumn: number; valueColumn: number } | null;
  /** True for a process list whose rows give their own PID and their parent's. */
  processIds: boolean;
}

const KEY_HEADERS = /^(field|field name|key|name|attribute|property)$/i;
const VALUE_HEADERS = /^(value|values|data|field value)$/i;

export function createFieldCaches(): FieldCaches {
  return { headers: new Map(), places: new Map(), columns: new Map(), rows: new Map() };
}

/** Finds the label and record of the text rendered in `block`. */
export function resolveField(
  block: Element,
  caches: FieldCaches = createFieldCaches(),
): FieldPlace {
  let place = caches.places.get(block);
  if (!place) {
    place = findPlace(block, caches);
    caches.places.set(block, place);
  }
  return place;
}

// A list item that is one "Label: value" line is a field of the list's record, not a record.
// (A drive letter's colon, "C:\\Users\\…", is no label's.)
const FIELD_LINE = /^\s*[A-Za-z][\w .()/-]{0,60}?\s*[:=]\s*(?![\\/])\S/;

function findPlace(block: Element, caches: FieldCaches): FieldPlace {
  const place = findPlaceInside(block, caches);
  if (place.label === null && place.record.tagName === 'LI') {
    const list = place.record.parentElement;
    if (FIELD_LINE.test((place.record.textContent ?? '').slice(0, 200))) {
      place.record = recordOf(list ?? place.record);
    } else if (list) {
      // A list under a heading that names whose processes they are ("Child processes (3)"):
      // each item is a value of that field of the enclosing record.
      const heading = listHeading(list);
      if (heading !== null) {
        place.label = heading;
        place.record = recordOf(list.parentElement ?? list);
      }
    }
  }
  return place;
}

/** The label of a list given by the heading right before it, when it names a process field. */
function listHeading(list: Element): string | null {
  const previous = list.previousElementSibling;
  if (!previous || !(isHeading(previous) || previous.localName === 'label')) return null;
  const text = labelText(previous)?.replace(/\s*\(\d+\)$/, '');
  if (!text || text.split(' ').length > 4) return null;
  const meaning = classifyField(text);
  return meaning.owner !== 'other' && meaning.kind === 'value' ? text : null;
}

function findPlaceInside(block: Element, caches: FieldCaches): FieldPlace {
  // A plain <td>/<th> matches none of the ancestor queries below itself: its parent's answers,
  // shared by the whole row, are its own. (A 5,000-row table asks them once per row.)
  const parent = block.parentElement;
  if (parent && isPlainCell(block)) {
    const context = rowContextOf(parent, caches);
    if (!context.dd)
      return context.grid
        ? placeInGrid(block, context.grid, context.row, context.record, caches)
        : { label: null, record: context.record };
  }

  const dd = block.closest('dd');
  if (dd) {
    let dt = dd.previousElementSibling;
    while (dt && dt.tagName !== 'DT') dt = dt.previousElementSibling;
    const record = recordOf(dd.parentElement ?? dd);
    return { label: inSection(dt ? labelText(dt) : null, dd, record), record };
  }
  if (block.tagName === 'DT') return { label: null, record: recordOf(block) };

  const cell = block.closest(CELL);
  const grid = cell?.closest(GRID);
  if (cell && grid) {
    const row = cell.closest('tr,[role="row"]') ?? cell.parentElement ?? cell;
    return placeInGrid(cell, grid, row, recordOf(row), caches);
  }
  // A grid library's cell outside any element marked as a grid still names its column.
  if (cell)
    return { label: cell.hasAttributes() ? namedColumn(cell) : null, record: recordOf(cell) };

  const record = recordOf(block);
  return { label: inSection(ownLabel(block) ?? siblingLabel(block), block, record), record };
}

/**
 * A field under a section heading that names whose it is: CrowdStrike's and SentinelOne's
 * detail panes repeat "Image file name", "Command line", "SHA256" under "Triggering process",
 * "Parent process", "Grandparent process". The heading qualifies the label ("Parent process
 * Command line"). A heading alone is no label: "Process spawned" above a name is a title.
 */
function inSection(label: string | null, block: Element, record: Element): string | null {
  if (label === null || classifyField(label).owner !== 'process') return label;
  const heading = sectionHeading(block, record);
  if (!heading) return label;
  const owner = classifyField(heading).owner;
  return owner === 'parent' || owner === 'grandparent' || owner === 'child'
    ? `${heading} ${label}`
    : label;
}

/** How far up, and how far back among siblings, a section heading is looked for. */
const SECTION_LEVELS = 4;
const SECTION_SIBLINGS = 12;

/** The text of the nearest heading before `block` in its section, within its record. */
function sectionHeading(block: Element, record: Element): string | null {
  let element: Element | null = block;
  for (let level = 0; element && level < SECTION_LEVELS; level++) {
    let sibling = element.previousElementSibling;
    for (let n = 0; sibling && n < SECTION_SIBLINGS; n++) {
      if (isHeading(sibling)) {
        const text = labelText(sibling);
        return text && text.split(' ').length <= 4 ? text : null;
      }
      sibling = sibling.previousElementSibling;
    }
    if (element === record) break;
    element = element.parentElement;
    if (!element || element === element.ownerDocument.body) break;
  }
  return null;
}

function isHeading(element: Element): boolean {
  const name = element.localName;
  return (
    (name.length === 2 && name[0] === 'h' && name[1]! >= '1' && name[1]! <= '6') ||
    name === 'legend' ||
    name === 'summary' ||
    element.getAttribute('role') === 'heading'
  );
}

/** A `td`/`th` with no role and no record marker of its own. */
function isPlainCell(element: Element): boolean {
  const name = element.localName;
  return (
    (name === 'td' || name === 'th') &&
    (!element.hasAttributes() ||
      (!element.hasAttribute('role') && !element.hasAttribute('data-record')))
  );
}

function rowContextOf(parent: Element, caches: FieldCaches): RowContext {
  let context = caches.rows.get(parent);
  if (!context) {
    context = {
      dd: parent.closest('dd'),
      grid: parent.closest(GRID),
      row: parent.closest('tr,[role="row"]') ?? parent,
      record: recordOf(parent),
    };
    caches.rows.set(parent, context);
  }
  return context;
}

/** The label and record of a cell of a table or grid (`rowRecord`: the record of its row). */
function placeInGrid(
  cell: Element,
  grid: Element,
  row: Element,
  rowRecord: Element,
  caches: FieldCaches,
): FieldPlace {
  const headers = headersOf(grid, caches);
  if (headers.keyValue) {
    const first = cellsOf(row)[0];
    return {
      label: first && first !== cell ? labelText(first) : null,
      record: recordOf(grid.parentElement ?? grid),
    };
  }
  if (headers.fieldValue) {
    const cells = cellsOf(row);
    const key = cells[headers.fieldValue.keyColumn];
    const label = cell === cells[headers.fieldValue.valueColumn] && key ? labelText(key) : null;
    return { label, record: recordOf(grid.parentElement ?? grid), whole: true };
  }
  // A detail row opened under a row belongs to that row, and its columns are not its labels.
  if (rowRecord !== row) return { label: null, record: rowRecord };
  return { label: columnLabel(cell, row, headers, caches), record: row };
}

/** `<div><label>Path</label><span>C:\…</span></div>`: the label inside the value's own box. */
function ownLabel(block: Element): string | null {
  const label = block.firstElementChild;
  return label && label.tagName === 'LABEL' ? labelText(label) : null;
}

/**
 * Whether a record is a table or grid row, or a list or tree item: one record by construction.
 * Other records (a panel, a section, the page) may hold several events.
 */
export function isRowRecord(record: Element): boolean {
  const name = record.localName;
  if (name === 'tr' || name === 'li') return true;
  const role = record.getAttribute('role');
  return role === 'row' || role === 'listitem' || role === 'treeitem';
}

/**
 * A process list's row's own PID and its parent's PID (Velociraptor's pslist, osquery's
 * processes, a 4688 export), read from the cells under those columns; null when its table
 * has no such columns.
 */
export function rowProcessIds(
  row: Element,
  caches: FieldCaches,
): { grid: Element; pid: string | null; ppid: string | null } | null {
  const grid = row.closest(GRID);
  const headers = grid ? headersOf(grid, caches) : null;
  if (!grid || !headers?.processIds) return null;
  let pid: string | null = null;
  let ppid: string | null = null;
  for (const cell of cellsOf(row)) {
    const label = columnLabel(cell, row, headers, caches);
    if (!label) continue;
    const text = (cell.textContent ?? '').trim();
    if (isRecordId(label)) pid = text;
    else if (isParentReference(label, text)) ppid = text;
  }
  return { grid, pid, ppid };
}

/** Whether a record is the whole page (text in no row, item or panel). */
export function isPageRecord(record: Element): boolean {
  const doc = record.ownerDocument;
  return record === doc.body || record === doc.documentElement;
}

/** The nearest ancestor that holds one record; the document's body when none does. */
export function recordOf(element: Element): Element {
  const record = element.closest(RECORD) ?? element.ownerDocument.body ?? element;
  return record.localName === 'tr' ? (dataRowOf(record) ?? record) : record;
}

/**
 * The row a detail row belongs to: legacy tables open the rest of a row's fields in a row of
 * one cell spanning the table right under it (Kibana's old document table). Null for any
 * other row.
 */
function dataRowOf(row: Element): Element | null {
  const cells = (row as HTMLTableRowElement).cells;
  if (!cells || cells.length !== 1 || cells[0]!.colSpan < 2) return null;
  const previous = row.previousElementSibling as HTMLTableRowElement | null;
  return previous?.localName === 'tr' && previous.cells.length >= 2 ? previous : null;
}

function columnLabel(
  cell: Element,
  row: Element,
  headers: TableHeaders,
  caches: FieldCaches,
): string | null {
  if (cell.hasAttributes()) {
    const named = namedColumn(cell);
    if (named) return named;
    const aria = cell.getAttribute('aria-colindex');
    if (aria && headers.byAriaIndex.has(aria)) return headers.byAriaIndex.get(aria)!;
  }
  if (!headers.byIndex) return null;
  const column = columnsOf(row, caches).get(cell);
  return column === undefined ? null : (headers.byIndex[column] ?? null);
}

function columnsOf(row: Element, caches: FieldCaches): Map<Element, number> {
  let columns = caches.columns.get(row);
  if (!columns) {
    columns = new Map();
    let index = 0;
    for (const cell of cellsOf(row)) {
      columns.set(cell, index);
      index += spanOf(cell);
    }
    caches.columns.set(row, columns);
  }
  return columns;
}

function headersOf(grid: Element, caches: FieldCaches): TableHeaders {
  const cached = caches.headers.get(grid);
  if (cached) return cached;
  // Headers stand in the first rows: a 5,000-row table is not searched whole (this runs again
  // after every batch of page changes).
  const rows = rowsOf(grid);
  const byAriaIndex = new Map<string, string>();
  for (const row of rows) {
    for (const header of row.querySelectorAll('[role="columnheader"][aria-colindex]'))
      byAriaIndex.set(header.getAttribute('aria-colindex')!, headerName(header));
  }
  const headerRow = findHeaderRow(grid, rows);
  let byIndex: (string | null)[] | null = null;
  if (headerRow) {
    const headRows = rows.filter((r) => r.parentElement === headerRow.parentElement);
    byIndex =
      headerRow.parentElement?.localName === 'thead' && headRows.length > 1
        ? groupedHeaders(headRows)
        : headerCells(headerRow);
  } else if (grid.localName === 'table' && byAriaIndex.size === 0) {
    // Sticky-header grids draw the header as a table of its own above the body's.
    const detached = detachedHeaderRow(grid);
    if (detached) byIndex = headerCells(detached);
  }
  const keyValue =
    !byIndex && byAriaIndex.size === 0 && rows.length > 0 && rows.every(isKeyValueRow);
  // "Field | Value" tables (Splunk's event fields, Elastic's alert flyout, detail panes).
  const keyColumn = byIndex?.findIndex((h) => h !== null && KEY_HEADERS.test(h)) ?? -1;
  const valueColumn = byIndex?.findIndex((h) => h !== null && VALUE_HEADERS.test(h)) ?? -1;
  const fieldValue = keyColumn >= 0 && valueColumn > keyColumn ? { keyColumn, valueColumn } : null;
  const names = [...(byIndex ?? []), ...byAriaIndex.values()];
  const processIds =
    names.some((n) => n !== null && isRecordId(n)) &&
    names.some((n) => n !== null && isParentReference(n, '0'));
  const headers = { byIndex, byAriaIndex, keyValue, fieldValue, processIds };
  caches.headers.set(grid, headers);
  return headers;
}

/**
 * A row of a table of labels and values: two cells, or a label cell followed by a value and a
 * cell or two of actions (Kibana's document table: field | filter buttons | value).
 */
function isKeyValueRow(row: Element): boolean {
  const cells = cellsOf(row);
  if (cells.length === 2) return true;
  if (cells.length < 2 || cells.length > 4) return false;
  const key = labelText(cells[0]!);
  return key !== null && key.length <= 60 && key.split(' ').length <= 6 && !holdsValue(key, true);
}

/** Header text by column position, colspans expanded. */
function headerCells(row: Element): (string | null)[] {
  const byIndex: (string | null)[] = [];
  for (const header of cellsOf(row)) {
    const name = headerName(header);
    for (let k = 0; k < spanOf(header); k++) byIndex.push(name || null);
  }
  return byIndex;
}

/**
 * Header text by column position when a thead has several rows: a group ("Parent") over its
 * columns ("Name", "Path") gives "Parent Name"; cells spanning rows ("Time") keep their place.
 */
function groupedHeaders(rows: Element[]): (string | null)[] {
  const grid: string[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let column = 0;
    for (const header of cellsOf(row)) {
      while (grid[r]![column] !== undefined) column++;
      const name = headerName(header);
      const rowSpan = Math.min(
        Math.max(1, Number(header.getAttribute('rowspan')) || 1),
        rows.length - r,
      );
      for (let dr = 0; dr < rowSpan; dr++)
        for (let k = 0; k < spanOf(header); k++) (grid[r + dr] ??= [])[column + k] = name;
      column += spanOf(header);
    }
  });
  const width = Math.max(...grid.map((row) => row.length));
  return Array.from({ length: width }, (_, column) => {
    const names: string[] = [];
    for (const row of grid) {
      const name = row[column];
      if (name && !names.includes(name)) names.push(name);
    }
    return names.length > 0 ? names.join(' ') : null;
  });
}

/**
 * The header row of a body table drawn without one, from a header-only table just before it
 * (DataTables, Kendo and other sticky-header grids), when the column counts agree.
 */
function detachedHeaderRow(body: Element): Element | null {
  const firstRow = body.querySelector('tr');
  if (!firstRow) return null;
  const width = cellsOf(firstRow).reduce((n, c) => n + spanOf(c), 0);
  let element: Element | null = body;
  for (let level = 0; element && level < 3; level++) {
    let sibling = element.previousElementSibling;
    for (let n = 0; sibling && n < 3; n++) {
      const table: Element | null =
        sibling.localName === 'table' ? sibling : sibling.querySelector('table');
      const head = table?.querySelector('thead');
      const row = head?.lastElementChild;
      if (
        table &&
        row &&
        !table.querySelector('tbody td') &&
        cellsOf(row).reduce((k, c) => k + spanOf(c), 0) === width
      )
        return row;
      sibling = sibling.previousElementSibling;
    }
    element = element.parentElement;
  }
  return null;
}

/** The row of column headers: thead's last row, or a first row made only of header cells. */
function findHeaderRow(grid: Element, rows: Element[]): Element | null {
  if (grid.tagName === 'TABLE') {
    const head = rows.filter((r) => r.parentElement?.tagName === 'THEAD');
    if (head.length > 0) return head[head.length - 1]!;
    const first = rows[0];
    const cells = first ? cellsOf(first) : [];
    // Header cells, or (a table pasted from a document into a ticket) cells whose text is all
    // bold: "<td><b>Image</b></td><td><b>ParentImage</b></td>".
    if (!first || rows.length < 2 || cells.length === 0) return null;
    if (cells.every((c) => c.tagName === 'TH')) return first;
    if (cells.length > 1 && cells.every(isBoldLabel)) return first;
    return isPlainHeaderRow(cells) ? first : null;
  }
  const header = grid.querySelector('[role="columnheader"]');
  return header?.closest('[role="row"]') ?? header?.parentElement ?? null;
}

/**
 * A header row drawn with plain cells (`<tr class="header"><td>Process Name</td>…`, an email
 * table pasted into a ticket): every cell is empty or a short label holding no value, and the
 * labels name a process, parent or hash field (two of them in a two-column table, which would
 * otherwise be a label and its value).
 */
function isPlainHeaderRow(cells: Element[]): boolean {
  let labels = 0;
  let fields = 0;
  for (const cell of cells) {
    if (!cell.textContent?.trim()) continue;
    const text = labelText(cell);
    if (
      !text ||
      text.length > MAX_GRID_LABEL_CHARS ||
      text.split(' ').length > 5 ||
      !/[A-Za-z]/.test(text) ||
      text.includes('\\') ||
      holdsValue(text)
    )
      return false;
    labels++;
    if (namesProcessField(text)) fields++;
  }
  return labels >= 2 && fields >= (cells.length === 2 ? 2 : 1);
}

/**
 * Whether a label surely names a process's field: its parent, child, hash or command line, or
 * a field of the process by that word ("Process Name", "Image"), not just any "Name".
 */
function namesProcessField(label: string): boolean {
  const { owner, kind } = classifyField(label);
  if (owner === 'other') return false;
  return owner !== 'process' || kind !== 'value' || /process|image|proc\b/i.test(label);
}

/** A cell whose whole text is one short bold label, with no path, name or hash in it. */
function isBoldLabel(cell: Element): boolean {
  const bold = cell.querySelector('b, strong');
  const text = labelText(cell);
  return (
    bold !== null &&
    text !== null &&
    text.length <= 40 &&
    labelText(bold) === text &&
    !holdsValue(text, true)
  );
}

/** The first `limit` rows of `grid` itself (not of tables nested in it). */
function rowsOf(grid: Element, limit = 20): Element[] {
  const rows: Element[] = [];
  // querySelectorAll would list every row of a long table before the first is looked at.
  const doc = grid.ownerDocument;
  const walker = doc.createTreeWalker(grid, 1 /* SHOW_ELEMENT */);
  for (let node = walker.nextNode(); node && rows.length < limit; node = walker.nextNode()) {
    const element = node as Element;
    if (element.localName !== 'tr' && element.getAttribute('role') !== 'row') continue;
    if (element.closest(GRID) === grid) rows.push(element);
  }
  return rows;
}

const CELL_ROLES = new Set(['gridcell', 'cell', 'columnheader', 'rowheader']);

/** The cells among a row's children: `td`, `th`, or an element with a cell's role. */
function cellsOf(row: Element): Element[] {
  const cells: Element[] = [];
  for (let c = row.firstElementChild; c; c = c.nextElementSibling) {
    const name = c.localName;
    if (name === 'td' || name === 'th' || CELL_ROLES.has(c.getAttribute('role') ?? ''))
      cells.push(c);
  }
  return cells;
}

function spanOf(cell: Element): number {
  const span = Number(cell.getAttribute('colspan') ?? 1);
  return Number.isFinite(span) && span >= 1 && span <= 100 ? Math.floor(span) : 1;
}

function headerName(header: Element): string {
  return namedColumn(header) ?? labelText(header) ?? '';
}

/** The column a grid library names in an attribute of the cell (`col-id`, `data-field` …). */
function namedColumn(cell: Element): string | null {
  for (const attribute of COLUMN_ATTRIBUTES) {
    const named = cell.getAttribute(attribute);
    if (named) return named;
  }
  return null;
}

/** A label's text: whitespace folded, a trailing colon dropped, long text refused. */
function labelText(element: Element): string | null {
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().replace(/\s*:$/, '');
  return text && text.length <= MAX_LABEL_CHARS ? text : null;
}

/**
 * A label drawn as the element just before the value: `<div><span class="k">Image</span>
 * <div class="v">C:\…</div></div>`, `<label>`, `<strong>Parent:</strong>`.
 */
function siblingLabel(block: Element): string | null {
  const parent = block.parentElement;
  const previous = block.previousElementSibling;
  if (!parent || !previous || /^H[1-6]$/.test(previous.tagName)) return null;
  // Among many siblings (a CSS grid of label and value boxes, not a list of items) only a
  // small box of short text is a label. (childElementCount walks every child: a table body
  // of 5,000 rows made it costly.)
  if (
    hasMoreChildrenThan(parent, 3) &&
    (hasMoreChildrenThan(previous, 2) || (previous.textContent?.length ?? 0) > MAX_GRID_LABEL_CHARS)
  )
    return null;
  const text = labelText(previous);
  if (!text || text.split(' ').length > 5 || holdsValue(text)) return null;
  return text;
}

/**
 * Whether a would-be label is a value instead: it names a process or holds a hash (or, with
 * `paths`, a path separator).
 */
function holdsValue(text: string, paths = false): boolean {
  return (paths && /[\\/]/.test(text)) || looksLikeValue(text);
}

/** Whether `parent` has more than `n` element children, without counting them all. */
export function hasMoreChildrenThan(parent: Element, n: number): boolean {
  let child = parent.firstElementChild;
  for (let i = 0; child; i++, child = child.nextElementSibling) if (i >= n) return true;
  return false;
}
