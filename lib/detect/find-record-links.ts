/**
 * What one record of a text says about another part of it: a process's folder written in a
 * field of its own, and a parent named by reference to another record (Sentinel's entity JSON).
 */
import { classifyField, type FieldMeaning } from './classify-field';
import type { LabelledProcess } from './find-indicators';
import type { InlineField } from './find-inline-fields';
import { normalizePath } from './normalize-path';

/** A folder written apart from the name (Sentinel's `ImageFile.Directory` beside `ImageFile.Name`). */
export interface LabelledDirectory {
  /** Normalized folder. */
  path: string;
  meaning: FieldMeaning;
  group: number;
}

/** A parent named by reference to another record of the same text (Sentinel's `"$ref": "2"`). */
export interface ReferencedParent {
  name: string;
  group: number;
}

/**
 * A record that names its parent by the id of another record of the same text: Sentinel's
 * entity JSON (`"ParentProcess": { "$ref": "2" }` for the entity whose `$id` is 2), and process
 * lists whose rows give their parent's PID (Volatility and Velociraptor's pslist, osquery's
 * `processes`, a 4688 export: `PID`, `PPID`). The parent is that record's process name.
 */
export function findReferencedParents(
  text: string,
  fields: readonly InlineField[],
  processes: readonly LabelledProcess[],
): ReferencedParent[] | null {
  const valueOf = (field: InlineField) => text.slice(field.start, field.end).trim();
  // An id that two records share names neither (PIDs repeat across hosts and reboots).
  const groupOfId = new Map<string, number | null>();
  for (const field of fields) {
    if (!isRecordId(field.label)) continue;
    const id = valueOf(field);
    const known = groupOfId.get(id);
    groupOfId.set(id, known === undefined || known === field.group ? field.group : null);
  }
  if (groupOfId.size === 0) return null;
  let found: ReferencedParent[] | null = null;
  for (const field of fields) {
    const value = valueOf(field);
    if (!isParentReference(field.label, value)) continue;
    const group = groupOfId.get(value);
    if (group === undefined || group === null || group === field.group) continue;
    const named = processes.filter((p) => p.group === group && p.meaning.owner === 'process');
    const name =
      (named.find((p) => p.meaning.kind === 'value') ?? named.find((p) => p.commandHead))?.name ??
      (isKernelRecord(text, fields, group) ? KERNEL_NAME : undefined);
    if (name) (found ??= []).push({ name, group: field.group });
  }
  return found;
}

/** Whether a record's process name field says "System": the kernel's (PID 4 in a pslist). */
function isKernelRecord(text: string, fields: readonly InlineField[], group: number): boolean {
  return fields.some((field) => {
    if (field.group !== group || !mayBeKernel(text.slice(field.start, field.end))) return false;
    const { owner, kind } = classifyField(field.label);
    return owner === 'process' && kind === 'value';
  });
}

/** A record's own id: Sentinel's `$id`, a process list's PID. */
const RECORD_ID = /^(?:\$id|pid|process_?id|unique_?process_?id|new_?process_?id)$/i;
/** A reference to the parent's record: `ParentProcess.$ref`, a PPID. */
const PARENT_REFERENCE =
  /(?:^|\.)parent_?process\.\$ref$|^(?:ppid|parent_?pid|parent_?process_?id|creator_?process_?id|inherited_?from_?unique_?process_?id)$/i;

/** Whether a label names a record's own id (`$id`, `PID`, `ProcessId`). */
export function isRecordId(label: string): boolean {
  return RECORD_ID.test(label.replace(/ /g, '_'));
}

/** Whether a label (with its value) names the parent's record: `$ref`, `PPID`, osquery's numeric `parent`. */
export function isParentReference(label: string, value: string): boolean {
  // osquery's processes table names the parent's PID "parent".
  return (
    PARENT_REFERENCE.test(label.replace(/ /g, '_')) ||
    (/^parent$/i.test(label) && /^\d+$/.test(value))
  );
}

/** Cheap test that a text may name records by id: Sentinel's `$ref`, a PPID column or key. */
export function mayReferenceParents(text: string): boolean {
  return text.includes('"$ref"') || /ppid|parent_?pid|parent ?process ?id|parent\W/i.test(text);
}

/**
 * "ImageFile.Directory", "Parent Folder", CrowdStrike's "FilePath" (a folder beside
 * "FileName"): a folder field, once its value is a folder; not a working or home directory.
 */
const DIRECTORY_LABEL = /(?:directory|folder|dir|path)$/i;
const NOT_IMAGE_FOLDER =
  /working|current|cwd|home|temp|profile|log|output|target|destination|share|object|relative|registry|ur[il]/i;
const FILE_NAME_END = /\.[a-z][a-z0-9]{0,4}$/i;
const ABSOLUTE_FOLDER = /^\s*["']?(?:[a-z]:[\\/]|\\\\|%[a-z]+%|\\device\\)/i;

/**
 * Cheap test that a block's whole text may be a folder (a table cell under "FilePath"). It
 * runs on every block of text a page shows that holds no indicator: one anchored regex.
 */
export function mayBeFolder(text: string): boolean {
  return text.length < 1024 && ABSOLUTE_FOLDER.test(text);
}

/**
 * The folder a field labelled `label` gives its process or parent, normalized, or null when
 * the label is not a folder's or the value is not an absolute folder.
 * @example folderField('FilePath', '\\Device\\HarddiskVolume2\\Users\\Public\\') // { path: 'c:\\users\\public', … }
 */
export function folderField(label: string, raw: string): Omit<LabelledDirectory, 'group'> | null {
  if (!DIRECTORY_LABEL.test(label) || NOT_IMAGE_FOLDER.test(label)) return null;
  const value = raw.trim().replace(/^(["'])(.*)\1$/s, '$2');
  if (!ABSOLUTE_FOLDER.test(value) || /\.(?:exe|scr)\b/i.test(value) || value.length > 1024)
    return null;
  // A file's path ("FilePath" of a file event: C:\…\Temp\abc.tmp) is no process's folder;
  // folders may have dots too ("v1.0", "4.18.23110.3-0"), not a short alphabetic extension.
  if (FILE_NAME_END.test(value)) return null;
  const meaning = classifyField(label);
  if (meaning.owner === 'other' || meaning.owner === 'child') return null;
  const path = normalizePath(value).replace(/\\+$/, '');
  return { path: /^[a-z]:$/.test(path) ? `${path}\\` : path, meaning };
}

/** The kernel's own process, which starts the session manager: "ParentImage: System". */
const KERNEL_PROCESS = /^\s*["']?system["']?\s*$/i;
const KERNEL_NAME = 'system';
const NAME_LABEL_END = /(?:image|name|process|proc|exe|executable|path|file|parent)$/i;

/** Cheap test that a block's whole text may be the kernel's process name (a parent cell). */
export function mayBeKernel(text: string): boolean {
  return text.length <= 12 && KERNEL_PROCESS.test(text);
}

/**
 * The parent a field names when it is the kernel ("System" has no file name, so no mention
 * finds it), or null.
 * @example kernelParent('ParentImage', 'System') // 'system'
 */
export function kernelParent(label: string, raw: string): string | null {
  if (!mayBeKernel(raw)) return null;
  // The parent's name or image ("ParentImage", "parent.name"), not its user or integrity level.
  if (!NAME_LABEL_END.test(label)) return null;
  const { owner, kind } = classifyField(label);
  return owner === 'parent' && kind === 'value' ? KERNEL_NAME : null;
}

/** The kernel parents among `fields` (Sysmon's "ParentImage: System" for the session manager). */
export function findKernelParents(
  text: string,
  fields: readonly InlineField[],
): ReferencedParent[] | null {
  return readFields(text, fields, (label, value) => {
    const name = kernelParent(label, value);
    return name ? { name } : null;
  });
}

/** What `read` makes of each field's label and value, with the field's group; null for none. */
function readFields<T extends object>(
  text: string,
  fields: readonly InlineField[],
  read: (label: string, value: string) => T | null,
): Array<T & { group: number }> | null {
  let found: Array<T & { group: number }> | null = null;
  for (const field of fields) {
    const value = read(field.label, text.slice(field.start, field.end));
    if (value) (found ??= []).push({ ...value, group: field.group });
  }
  return found;
}

/**
 * The folders among `fields` that belong to a process or its parent, normalized.
 * @example findFolderFields(text, fields) // [{ path: 'c:\\users\\public', meaning: { owner: 'process', … }, group: 0 }]
 */
export function findFolderFields(
  text: string,
  fields: readonly InlineField[],
): LabelledDirectory[] | null {
  return readFields(text, fields, folderField);
}
