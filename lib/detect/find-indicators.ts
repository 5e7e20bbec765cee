import {
  classifyField,
  rulesOutFileHash,
  saysSomething,
  type FieldMeaning,
} from './classify-field';
import {
  findCutHashes,
  findHashes,
  mayHoldBrokenHash,
  mayHoldCutDigest,
  type HashMention,
} from './find-hashes';
import { findInlineFields, type InlineField } from './find-inline-fields';
import { EXECUTABLE_EXTENSION, findProcesses, type ProcessMention } from './find-processes';
import {
  findFolderFields,
  findKernelParents,
  findReferencedParents,
  folderField,
  kernelParent,
  mayBeFolder,
  mayBeKernel,
  mayReferenceParents,
  type LabelledDirectory,
  type ReferencedParent,
} from './find-record-links';

export interface LabelledProcess extends ProcessMention {
  /** The label the mention stands under (its own inline key, else the block's), or null. */
  label: string | null;
  meaning: FieldMeaning;
  /** True for the first executable of a command-line value: the process the line starts. */
  commandHead: boolean;
  /** Which record inside the text (each top-level JSON object is one); 0 for most text. */
  group: number;
}

export interface LabelledHash extends HashMention {
  meaning: FieldMeaning | null;
  group: number;
}

export interface Indicators {
  processes: LabelledProcess[];
  hashes: LabelledHash[];
  /** Only when the text names a process's folder in a field of its own. */
  directories?: LabelledDirectory[];
  /** Only when a record names its parent by reference, or names the kernel ("System"). */
  parents?: ReferencedParent[];
}

const EXECUTABLE = new RegExp(EXECUTABLE_EXTENSION, 'i');
/** A value "System" in the text, before its fields are looked at for a kernel parent. */
const KERNEL_WORD = /["':=>]\s*system\b(?![.\\/])/i;

/** Cheap test that a text may hold anything at all, run before any real work. */
export function mayHoldIndicators(text: string): boolean {
  return (
    text.length >= 5 &&
    (EXECUTABLE.test(text) ||
      /[0-9a-fA-F]{32}/.test(text) ||
      // a hash a console broke with invisible characters so it wraps (separate simple scans
      // measured faster than one combined regex)
      mayHoldBrokenHash(text))
  );
}

/**
 * Cheap test that a block may say anything to the scanner: an indicator, a digest cut short,
 * or (alone in its block) the folder of a process named in another column or the kernel.
 */
export function mayHoldFindings(text: string): boolean {
  return (
    mayHoldIndicators(text) || mayBeFolder(text) || mayBeKernel(text) || mayHoldCutDigest(text)
  );
}

/**
 * Finds the processes and hashes in one block of text and labels each with the field it
 * stands under: `blockLabel` (the column header or key of the whole block) or, for a block
 * with no label of its own, the inline field around it (JSON key, `Key: value`, Sysmon XML).
 *
 * @example findIndicators('C:\\Windows\\System32\\svchost.exe -k netsvcs', 'CommandLine').processes[0].commandHead // true
 */
export function findIndicators(text: string, blockLabel: string | null = null): Indicators {
  if (!mayHoldIndicators(text)) {
    // A cell of its own under a folder column ("FilePath" beside "FileName"), or a parent
    // column naming the kernel.
    const folder = blockLabel !== null && mayBeFolder(text) ? folderField(blockLabel, text) : null;
    if (folder) return { processes: [], hashes: [], directories: [{ ...folder, group: 0 }] };
    const kernel = blockLabel !== null ? kernelParent(blockLabel, text) : null;
    return kernel
      ? { processes: [], hashes: [], parents: [{ name: kernel, group: 0 }] }
      : { processes: [], hashes: [] };
  }
  const { blockMeaning, inline, fieldAt } = fieldsOf(text, blockLabel);

  let seenCommandFields: Set<unknown> | null = null;
  // Mentions are extended in place: on a large page this loop runs a million times, and a
  // copy per mention is most of its cost.
  const processes = findProcesses(text) as LabelledProcess[];
  for (const mention of processes) {
    const field = fieldAt(mention.start);
    const label = field ? field.label : blockLabel;
    const meaning = classifyField(label);
    // The line's own process is its first token: `"C:\\…\\x.exe" args`, `rundll32.exe a.dll,b`.
    const commandHead =
      meaning.kind === 'commandline' &&
      (field?.first ?? true) &&
      !seenCommandFields?.has(field ?? 'block') &&
      /^[\s"'\\]*$/.test(text.slice(field?.start ?? 0, mention.start));
    if (meaning.kind === 'commandline') (seenCommandFields ??= new Set()).add(field ?? 'block');
    mention.label = label;
    mention.meaning = meaning;
    mention.commandHead = commandHead;
    mention.group = field?.group ?? 0;
  }

  const hashes = findHashes(text, blockLabel) as LabelledHash[];
  const fileHashes = labelHashes(hashes, blockMeaning, fieldAt);
  const directories = inline.length > 0 ? findFolderFields(text, inline) : null;
  const referenced =
    inline.length > 0 && mayReferenceParents(text)
      ? findReferencedParents(text, inline, processes)
      : null;
  const kernel =
    inline.length > 0 && KERNEL_WORD.test(text) ? findKernelParents(text, inline) : null;
  const parents = referenced && kernel ? [...referenced, ...kernel] : (referenced ?? kernel);
  const found: Indicators = { processes, hashes: fileHashes };
  if (directories) found.directories = directories;
  if (parents) found.parents = parents;
  return found;
}

const NO_FIELDS: ReturnType<typeof findInlineFields> = [];

/**
 * The meaning of the block's label, and the inline fields of its text where the label leaves
 * them to be read: a column like "Event" or "Message" holds whole records.
 */
function fieldsOf(text: string, blockLabel: string | null) {
  const blockMeaning = blockLabel ? classifyField(blockLabel) : null;
  const readsInline =
    !blockMeaning || (blockMeaning.owner === 'other' && blockMeaning.kind === 'value');
  // This runs for every piece of text a page shows: nothing is allocated that is not needed.
  const inline = readsInline ? findInlineFields(text) : NO_FIELDS;
  const fieldAt = inline.length === 0 ? noField : (offset: number) => fieldIn(inline, offset);
  return { blockMeaning, inline, fieldAt };
}

/**
 * Says whose each hash is, in place, and returns the file hashes among them. Whose hash it is
 * comes from the widest hash label: the column ("InitiatingProcessHashes"), then the JSON path
 * ("process.parent.hash.sha256"), then "SHA256=" right before it. A JSON path that names an id
 * ("routing.parent", LimaCharlie's atom) outweighs its last key.
 */
function labelHashes(
  hashes: LabelledHash[],
  blockMeaning: FieldMeaning | null,
  fieldAt: (offset: number) => InlineField | null,
): LabelledHash[] {
  for (const hash of hashes) {
    const field = fieldAt(hash.start);
    const fieldMeaning = field ? classifyField(field.label) : null;
    hash.meaning =
      blockMeaning?.kind === 'hash'
        ? blockMeaning
        : fieldMeaning?.kind === 'hash' || rulesOutFileHash(fieldMeaning)
          ? fieldMeaning
          : (saysSomething(hash.label) ?? fieldMeaning ?? hash.label ?? blockMeaning);
    hash.group = field?.group ?? 0;
  }
  // An inline field labelled as an identifier (`"host_id": "…"`) rules out what findHashes could not see.
  return hashes.every(isFileHash) ? hashes : hashes.filter(isFileHash);
}

/**
 * The digests of `text` that a console shows cut short and keeps whole beside it (see
 * `findCutHashes`), labelled as `findIndicators` labels hashes. Apart from it: the answer
 * depends on the page's attributes, not on the text alone.
 */
export function findCutIndicators(
  text: string,
  blockLabel: string | null,
  fullValues: (start: number, end: number) => readonly string[],
): LabelledHash[] {
  const { blockMeaning, fieldAt } = fieldsOf(text, blockLabel);
  const hashes = findCutHashes(text, blockLabel, fullValues) as LabelledHash[];
  return hashes.length > 0 ? labelHashes(hashes, blockMeaning, fieldAt) : hashes;
}

function isFileHash(h: LabelledHash): boolean {
  return !rulesOutFileHash(h.meaning);
}
const noField = () => null;

/** The field whose value holds `offset` (fields come in text order: a pasted table has thousands). */
function fieldIn(fields: ReturnType<typeof findInlineFields>, offset: number) {
  let low = 0;
  let high = fields.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const field = fields[mid]!;
    if (offset < field.start) high = mid - 1;
    else if (offset >= field.end) low = mid + 1;
    else return field;
  }
  return null;
}
