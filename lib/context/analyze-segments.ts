import type { FindingContext, HashType, ProcessRole } from '../findings';
import { classifyField, isLineageLabel, type FieldMeaning } from '../detect/classify-field';
import {
  findIndicators,
  mayHoldFindings,
  type Indicators,
  type LabelledProcess,
} from '../detect/find-indicators';
import {
  createFieldCaches,
  isRowRecord,
  resolveField,
  rowProcessIds,
  type FieldCaches,
} from './resolve-field';
import { nodesAboveNamed, treeNodeOf, treeParentOf } from './process-tree';
import { lineAround, listedLineage, textTreeNodes, type TextTreeNode } from './text-tree';
import { adjacentHashes, type OwnHashes } from './adjacent-hashes';
import { jsonLinePrefix, reopenedLine, type CodeLineMemo } from './code-lines';
import { withCutDigests } from './cut-digests';

/** What analysis needs of a text segment (see lib/scan/text-segments.ts). */
export interface SegmentLike {
  block: Element;
  text: string;
  /** The text nodes it was read from, where known: a label wrapped on its own is seen. */
  pieces?: ReadonlyArray<{ node: Node; start: number }>;
  /** JSON that reopens the containers open at its start (a chunk of a long JSON text). */
  reopened?: string;
}

export interface ProcessOccurrence<S extends SegmentLike = SegmentLike> {
  segment: S;
  /** Span of the mention in the segment's text (the whole path when there is one). */
  start: number;
  end: number;
  name: string;
  /** The mention's own normalized full path, when it was written as one. */
  path: string | null;
  context: FindingContext;
}

export interface HashOccurrence<S extends SegmentLike = SegmentLike> {
  segment: S;
  start: number;
  end: number;
  value: string;
  type: HashType;
}

export interface Analysis<S extends SegmentLike = SegmentLike> {
  processes: ProcessOccurrence<S>[];
  hashes: HashOccurrence<S>[];
  /**
   * With `holdOpen`: the segments of the event each record that is not a row was reading
   * when the segments ran out (it may go on in the next ones). They are not in `processes`
   * or `hashes`: the caller analyzes them again with what follows.
   */
  held?: S[];
}

export interface AnalyzeOptions {
  /** The segments are a batch cut from a longer run: hold back each unfinished event. */
  holdOpen?: boolean;
}

/** An event held back is at most this many segments (a bigger one is analyzed as it is). */
const MAX_HELD_SEGMENTS = 64;
/** …and at most this much text (it is read twice). */
const MAX_HELD_CHARS = 4_000;

/** What a record (row, event, panel) says about one process in it. */
interface Party {
  name: string | null;
  path: string | null;
  /** Its folder, when a field names it apart from the name. */
  dir: string | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  /** The name its executable gives itself (OriginalFileName), when a field says it. */
  original: string | null;
  /** The mention its name came from, and the text it stands in. */
  named: { mention: LabelledProcess; text: string | null } | null;
  /**
   * Every name of a field that lists several (Splunk's `values(parent_process_name)` cell):
   * each is that party of the record, and none is *the* one, so no single parent, path or
   * hash is paired with them.
   */
  several: Set<string> | null;
}
type PartyRole = 'process' | 'parent' | 'grandparent';
/** The created process of an event (XDR's action_process, SentinelOne's TgtProc) has its own fields too. */
type HolderRole = PartyRole | 'child';
type Record_ = Record<HolderRole, Party>;

const PARTY_ROLES: readonly string[] = ['process', 'parent', 'grandparent'];

/**
 * Finds every process and hash in `segments` and pairs each process occurrence with the
 * path, parent and hashes of its own row or record. Records are never merged by name: two
 * rows with the same process and different parents keep their own contexts.
 */
export function analyzeSegments<S extends SegmentLike>(
  segments: readonly S[],
  caches: FieldCaches = createFieldCaches(),
  options: AnalyzeOptions = {},
): Analysis<S> {
  // Per record that is not a row: the segments of the event it reads now.
  const current = new Map<Element, { key: object; segments: S[] }>();
  // Most text holds one record per element (group 0); JSON with several objects and pasted
  // tables hold more, which belong to their own block of text (groups 1, 2, …).
  const records = new Map<object, Record_>();
  const grouped = new Map<object, Map<number, Record_>>();
  const recordFor = (key: object, group: number): Record_ => {
    let record: Record_ | undefined;
    if (group === 0) {
      record = records.get(key);
      if (!record) records.set(key, (record = emptyRecord()));
      return record;
    }
    let groups = grouped.get(key);
    if (!groups) grouped.set(key, (groups = new Map()));
    record = groups.get(group);
    if (!record) groups.set(group, (record = emptyRecord()));
    return record;
  };
  // A record that is not a row or item (a panel, a section, the whole page for text outside
  // any) may hold several events. Read in order, a block whose fields name another process,
  // parent or hash than the record so far starts a new record: events drawn as plain <div>s
  // or <pre>s are not all paired with the first, while a ticket's "Process:", "Parent:",
  // "SHA256:" lines still pair.
  const coarse = new Map<Element, object>();

  const found: Array<{
    segment: S;
    mention: LabelledProcess;
    record: Record_;
    treeNode: Element | null;
    textNode: TextTreeNode | undefined;
    /** Hashes written right beside this name ("svchost.exe (SHA256: …)"). */
    own: OwnHashes | undefined;
  }> = [];
  const hashes: HashOccurrence<S>[] = [];
  const commandHeads: Array<{ mention: LabelledProcess; record: Record_ }> = [];
  const treeNames = new Map<Element, string>();
  const nestedNodes = new Map<Element, boolean>();
  const codeLines: CodeLineMemo = new Map();

  for (const segment of segments) {
    if (!mayHoldFindings(segment.text)) continue;
    const place = resolveField(segment.block, caches);
    // A line of a JSON code view is read under the keys its earlier lines left open.
    const reopened = segment.reopened ?? jsonLinePrefix(segment.block, segment.text, codeLines);
    // A label element of the value's own outweighs a label that names nothing of a process
    // (the card title just above a field: "Odd svchost" over "<span>Parent</span>…").
    const leading =
      !reopened && (place.label === null || classifyField(place.label).owner === 'other')
        ? leadingLabel(segment)
        : null;
    // The label's own text is no part of a value, even when nothing separates the two
    // ("Process" + "cmd.exe" in two spans reads "Processcmd.exe"): it is blanked, in place.
    const text = leading ? ' '.repeat(leading.end) + segment.text.slice(leading.end) : segment.text;
    const blockLabel = reopened ? null : (leading?.label ?? place.label);
    const indicators = withCutDigests(
      reopened
        ? shifted(indicatorsOf(reopenedLine(reopened, text), null, caches), reopened.length)
        : indicatorsOf(text, blockLabel, caches),
      segment,
      text,
      blockLabel,
    );
    let recordKey: object = place.record;
    // Group 0 belongs to the block's record; other groups to this text alone (a block read in
    // several texts, a long log in chunks, numbers its groups in each).
    const recordIn = (group: number) => recordFor(group === 0 ? recordKey : segment, group);
    if (!place.whole && !isRowRecord(place.record)) {
      recordKey = coarse.get(place.record) ?? place.record;
      if (disagrees(indicators, recordIn)) coarse.set(place.record, (recordKey = {}));
      if (options.holdOpen) {
        const event = current.get(place.record);
        if (event?.key === recordKey) event.segments.push(segment);
        else current.set(place.record, { key: recordKey, segments: [segment] });
      }
    }
    const treeNode = place.label === null ? treeNodeOf(segment.block, nestedNodes) : null;
    // A tree drawn in the text outweighs its block's label ("Process tree:" before a <pre>).
    let textTree = textTreeNodes(text, indicators.processes);
    if (textTree.size === 0) textTree = listedLineage(text, indicators.processes, blockLabel);
    // A hash beside a name that no field gives a role belongs to that name, not the record.
    const own =
      indicators.hashes.length > 0 && indicators.processes.length > 0
        ? adjacentHashes(text, indicators.processes.filter(isLoose), indicators.hashes)
        : null;
    const ownValues = own?.size
      ? new Set([...own.values()].flatMap((o) => Object.values(o)))
      : null;
    for (const mention of indicators.processes) {
      const record = recordIn(mention.group);
      // Only a mention without an inline key of its own is a node of a drawn tree, or one
      // keyed as a lineage ("Lineage: explorer.exe → cmd.exe").
      const textNode =
        mention.label === blockLabel || isLineageLabel(mention.label)
          ? textTree.get(mention)
          : undefined;
      found.push({ segment, mention, record, treeNode, textNode, own: own?.get(mention) });
      const role = partyRoleOf(mention.meaning);
      // A node of a drawn tree or lineage is not the record's own process, parent or grandparent.
      const holder = holderOf(mention.meaning);
      if (holder && mention.meaning.kind === 'value' && !textNode)
        fillName(record[holder], mention, text);
      else if (holder && mention.meaning.kind === 'original-name')
        record[holder].original ??= mention.name;
      else if (role && mention.commandHead) commandHeads.push({ mention, record });
      if (treeNode && mention.label === null && !treeNames.has(treeNode))
        treeNames.set(treeNode, mention.name);
    }
    for (const parent of indicators.parents ?? [])
      recordIn(parent.group).parent.name ??= parent.name;
    for (const directory of indicators.directories ?? []) {
      const holder = holderOf(directory.meaning);
      if (holder) recordIn(directory.group)[holder].dir ??= directory.path;
    }
    for (const hash of indicators.hashes) {
      hashes.push({
        segment,
        start: hash.start,
        end: hash.end,
        value: hash.value,
        type: hash.type,
      });
      const holder = hash.meaning && holderOf(hash.meaning);
      if (holder && !ownValues?.has(hash.value)) {
        const party = recordIn(hash.group)[holder];
        party[hash.type] ??= hash.value;
      }
    }
  }
  // A command line's first executable names the process only where no name field did.
  for (const { mention, record } of commandHeads)
    fillName(record[partyRoleOf(mention.meaning)!], mention);
  // A process list names each row's parent by its PID.
  linkRowsByProcessId(records, caches);
  // A lineage in the record ("explorer.exe → cmd.exe") names its process's parent.
  for (const { mention, record, textNode } of found) {
    if (textNode?.parent && record.process.name === mention.name && record.parent.name === null)
      record.parent.name = textNode.parent;
  }

  // Tree nodes' parents, and the nodes with a named node below them, found once per call.
  const treeParents = new Map<Element, Element | null>();
  let namedBelow: Set<Element> | null = null;
  const processes = found.map(
    ({ segment, mention, record, treeNode, textNode, own }): ProcessOccurrence<S> => {
      let context = contextOf(mention, record);
      // In a tree drawn as text, a node is a process whose parent is the node one level up;
      // the node that is the record's own process takes the record's context.
      if (textNode) {
        if (record.process.name === mention.name && record.parent.name === textNode.parent) {
          context = contextOf(mention, record, 'process');
        } else if (textNode.parent === null && record.parent.name === mention.name) {
          // The first link is the record's own parent ("winword.exe spawned cmd.exe" in the
          // description of cmd.exe's row).
          context = contextOf(mention, record, 'parent');
        } else {
          context = blankContext('process', mention.path);
          context.parent = textNode.parent;
        }
      }
      // In a process tree, a node's own name is a process whose parent is the node one level up.
      if (
        context.role === 'mentioned' &&
        mention.label === null &&
        treeNode &&
        treeNames.get(treeNode) === mention.name
      ) {
        const parentNode = treeParentOf(treeNode, treeParents);
        const hasChildNode = (namedBelow ??= nodesAboveNamed(treeNames.keys(), treeParents)).has(
          treeNode,
        );
        if ((parentNode && treeNames.has(parentNode)) || hasChildNode) {
          context = blankContext('process', mention.path);
          context.parent = parentNode ? (treeNames.get(parentNode) ?? null) : null;
        }
      }
      if (own) {
        if (context.role === 'mentioned') context = blankContext('process', mention.path);
        if (!context.md5 && !context.sha1 && !context.sha256) Object.assign(context, own);
      }
      return {
        segment,
        start: mention.start,
        end: mention.end,
        name: mention.name,
        path: mention.path,
        context,
      };
    },
  );
  if (options.holdOpen) {
    const held = new Set<S>();
    for (const event of current.values()) {
      const chars = event.segments.reduce((n, segment) => n + segment.text.length, 0);
      if (event.segments.length <= MAX_HELD_SEGMENTS && chars <= MAX_HELD_CHARS)
        for (const segment of event.segments) held.add(segment);
    }
    // Something must be read each time: a batch that is all one open event is read whole.
    if (held.size > 0 && held.size < segments.length) {
      return {
        processes: processes.filter((o) => !held.has(o.segment)),
        hashes: hashes.filter((o) => !held.has(o.segment)),
        held: segments.filter((segment) => held.has(segment)),
      };
    }
  }
  return { processes, hashes };
}

/** What was found in a text read after an `offset`-long prefix, placed in the text itself. */
function shifted(indicators: Indicators, offset: number): Indicators {
  const processes = indicators.processes
    .filter((m) => m.start >= offset)
    .map((m) => ({
      ...m,
      start: m.start - offset,
      end: m.end - offset,
      nameStart: m.nameStart - offset,
    }));
  const hashes = indicators.hashes
    .filter((h) => h.start >= offset)
    .map((h) => ({ ...h, start: h.start - offset, end: h.end - offset }));
  return { ...indicators, processes, hashes };
}

/**
 * In a table listing processes with their PIDs and their parents' (Velociraptor's pslist,
 * osquery's processes), each row's parent is the process of the row whose PID its PPID names.
 */
function linkRowsByProcessId(records: ReadonlyMap<object, Record_>, caches: FieldCaches): void {
  const rows: Array<{ record: Record_; ids: NonNullable<ReturnType<typeof rowProcessIds>> }> = [];
  // A PID two rows share names neither (PIDs repeat across hosts and reboots): null.
  const named = new Map<Element, Map<string, string | null>>();
  for (const [key, record] of records) {
    // (Records of text outside rows are keyed by plain objects; rows by their element.)
    if (!('localName' in key) || record.process.name === null) continue;
    const row = key as Element;
    if (!isRowRecord(row)) continue;
    const ids = rowProcessIds(row, caches);
    if (!ids) continue;
    rows.push({ record, ids });
    const name = onlyName(record.process);
    if (ids.pid && name) {
      let byPid = named.get(ids.grid);
      if (!byPid) named.set(ids.grid, (byPid = new Map()));
      byPid.set(ids.pid, byPid.has(ids.pid) ? null : name);
    }
  }
  for (const { record, ids } of rows) {
    if (record.parent.name !== null || !ids.ppid || ids.ppid === ids.pid) continue;
    const parent = named.get(ids.grid)?.get(ids.ppid);
    if (parent) record.parent.name = parent;
  }
}

/** Whether a block's labelled names or hashes differ from those its record already holds. */
function disagrees(indicators: Indicators, recordOf: (group: number) => Record_): boolean {
  for (const mention of indicators.processes) {
    const role = partyRoleOf(mention.meaning);
    if (!role || mention.meaning.kind !== 'value') continue;
    const name = recordOf(mention.group)[role].name;
    if (name !== null && name !== mention.name) return true;
  }
  for (const hash of indicators.hashes) {
    const role = hash.meaning && partyRoleOf(hash.meaning);
    if (!role) continue;
    const value = recordOf(hash.group)[role][hash.type];
    if (value !== null && value !== hash.value) return true;
  }
  return false;
}

/**
 * A label drawn as its own inline element at the start of the value's box, without a colon:
 * `<span class="label">Parent</span> <span>winword.exe</span>`. Only a short text that names a
 * process field, before text that holds no `Key: value` fields of its own.
 */
function leadingLabel(segment: SegmentLike): { label: string; end: number } | null {
  const pieces = segment.pieces;
  if (!pieces || pieces.length < 2) return null;
  const holder = pieces[0]!.node.parentElement;
  if (!holder || holder === segment.block || holder.contains(pieces[1]!.node)) return null;
  const end = pieces[1]!.start;
  const label = segment.text.slice(0, end).trim();
  // A key whose colon stands in the next piece ("<span>\"name\"</span><span>:</span>", a
  // highlighted code view) is the text's own inline field.
  if (
    !label ||
    label.length > 40 ||
    /[:=]$/.test(label) ||
    /^\s*[:=]/.test(segment.text.slice(end)) ||
    label.split(/\s+/).length > 4
  )
    return null;
  if (mayHoldFindings(label) || INLINE_KEY.test(segment.text.slice(end))) return null;
  // A field's name, or any text its element calls a label: not a highlighted piece of a value
  // ("<mark>svc</mark>host.exe").
  const named = classifyField(label).owner !== 'other' || LABEL_ELEMENT.test(holder.className);
  return named || holder.localName === 'label' ? { label, end } : null;
}
/** Class names of elements that hold a field's label. */
const LABEL_ELEMENT = /(?:^|[\s_-])(?:label|key|field-?name|caption)(?:$|[\s_-])/i;
/** A `Key: value` or `Key=value` pair (not a drive letter's colon). */
const INLINE_KEY = /(?:^|\s)[A-Za-z][\w.]{1,40}\s*[:=]\s*(?![\\/])\S/;

/**
 * Detection of one block of text under one label, remembered for the scan pass (`caches`):
 * consoles repeat the same short values (parent images, names) on row after row. The answer is
 * shared between blocks, and read, never changed.
 */
function indicatorsOf(text: string, label: string | null, caches: FieldCaches): Indicators {
  if (text.length > MAX_REMEMBERED_CHARS) return findIndicators(text, label);
  let memo = REMEMBERED.get(caches);
  if (!memo) REMEMBERED.set(caches, (memo = new Map()));
  const key = label === null ? text : `${label}\u0000${text}`;
  let found = memo.get(key);
  if (!found) {
    if (memo.size >= MAX_REMEMBERED) memo.clear();
    found = findIndicators(text, label);
    memo.set(key, found);
  }
  return found;
}
const REMEMBERED = new WeakMap<FieldCaches, Map<string, Indicators>>();
const MAX_REMEMBERED = 2_000;
const MAX_REMEMBERED_CHARS = 200;

/** A mention that no field makes the record's process, parent or grandparent. */
function isLoose(mention: LabelledProcess): boolean {
  return !partyRoleOf(mention.meaning) || mention.meaning.kind !== 'value';
}

function partyRoleOf(meaning: FieldMeaning): PartyRole | null {
  return PARTY_ROLES.includes(meaning.owner) ? (meaning.owner as PartyRole) : null;
}

/** Whose field a value fills: a party's, or the created process's (which splits no record). */
function holderOf(meaning: FieldMeaning): HolderRole | null {
  return meaning.owner === 'child' ? 'child' : partyRoleOf(meaning);
}

function emptyRecord(): Record_ {
  return {
    process: emptyParty(),
    parent: emptyParty(),
    grandparent: emptyParty(),
    child: emptyParty(),
  };
}

function emptyParty(): Party {
  return {
    name: null,
    path: null,
    dir: null,
    md5: null,
    sha1: null,
    sha256: null,
    original: null,
    named: null,
    several: null,
  };
}

/**
 * Fills a party's name from `mention` (in `text`), the first one wins. Names that each stand
 * alone on a line under the same label (one per line or box of a cell) list several: none is
 * the one. (Whether they stand alone is asked only then: this runs for every labelled name.)
 * A command line's first executable (no `text`) lists nothing.
 */
function fillName(party: Party, mention: LabelledProcess, text: string | null = null): void {
  const named = party.named;
  if (named === null) {
    party.name = mention.name;
    party.named = { mention, text };
  } else if (
    party.name !== mention.name &&
    named.mention.label === mention.label &&
    aloneOnLine(named.text, named.mention) &&
    aloneOnLine(text, mention)
  ) {
    (party.several ??= new Set([named.mention.name])).add(mention.name);
  }
  if (party.name === mention.name && party.path === null && mention.path) party.path = mention.path;
}

/** Whether a mention is all its line holds ("cmd.exe" on a line of its own, not in a command). */
function aloneOnLine(text: string | null, mention: { start: number; end: number }): boolean {
  if (text === null) return false;
  const { before, after } = lineAround(text, mention.start, mention.end);
  return !before.trim() && !after.trim();
}

/** The one name of a party, or null when it has none or several. */
function onlyName(party: Party): string | null {
  return party.several ? null : party.name;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('\\') ? dir + name : `${dir}\\${name}`;
}

function blankContext(role: ProcessRole, path: string | null): FindingContext {
  return { role, path, parent: null, md5: null, sha1: null, sha256: null, score: null, flags: [] };
}

function roleOf(mention: LabelledProcess, record: Record_): ProcessRole {
  const { owner, kind } = mention.meaning;
  // The original name a binary gives itself is, when the record's process runs under that
  // very name, that process ("OriginalFileName: RUNDLL32.EXE" beside rundll32.exe's Image).
  if (kind === 'original-name') {
    const holder = holderOf(mention.meaning);
    return holder && record[holder].name === mention.name ? holder : 'mentioned';
  }
  if (owner === 'child') return 'child';
  if (kind === 'commandline' && !mention.commandHead) return 'mentioned';
  if (kind !== 'value' && kind !== 'commandline') return 'mentioned';
  return owner === 'other' ? 'mentioned' : owner;
}

function contextOf(
  mention: LabelledProcess,
  record: Record_,
  role: ProcessRole = roleOf(mention, record),
): FindingContext {
  if (role === 'mentioned') return blankContext(role, mention.path);
  if (role === 'child') {
    const context = blankContext(role, mention.path);
    // A record of a parent and its child alone (a "Parent | Child" table) is an edge: the
    // child's parent is that parent.
    context.parent =
      record.process.name === null && !record.process.several
        ? onlyName(record.parent)
        : onlyName(record.process);
    // The record's one created process: its path and hashes (a list of children has none).
    const child = record.child;
    if (child.name === mention.name && !child.several) {
      context.path =
        child.path ??
        mention.path ??
        (child.dir !== null ? joinPath(child.dir, mention.name) : null);
      context.md5 = child.md5;
      context.sha1 = child.sha1;
      context.sha256 = child.sha256;
    }
    return context;
  }
  const party = record[role];
  const above =
    role === 'process'
      ? onlyName(record.parent)
      : role === 'parent'
        ? onlyName(record.grandparent)
        : null;
  if (party.several?.has(mention.name) && mention.meaning.kind === 'value') {
    const context = blankContext(role, mention.path);
    context.parent = above;
    return context;
  }
  // The record's process under this role has another name: this one is only mentioned.
  if (party.name !== null && party.name !== mention.name)
    return blankContext('mentioned', mention.path);
  const path =
    party.path ??
    mention.path ??
    (party.dir !== null && party.name === mention.name ? joinPath(party.dir, mention.name) : null);
  const context = blankContext(role, path);
  context.parent = above;
  context.md5 = party.md5;
  context.sha1 = party.sha1;
  context.sha256 = party.sha256;
  if (party.original !== null) context.originalName = party.original;
  return context;
}
