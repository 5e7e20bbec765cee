/**
 * The findings contract: what the content script in the top frame answers to the runtime
 * message `{ type: 'proclens:findings' }`. The popup's page list and the JSON export use the
 * same object. It is a public interface (documented in the README): change it only by adding
 * fields, and bump `version` for anything else.
 */
export const FINDINGS_MESSAGE_TYPE = 'proclens:findings';

export type ProcessRole = 'process' | 'parent' | 'grandparent' | 'child' | 'mentioned';
export type HashType = 'md5' | 'sha1' | 'sha256';

export interface FindingContext {
  role: ProcessRole;
  path: string | null;
  /** Lower-case basename of the parent in the same row or record. */
  parent: string | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  /** Conformity 0-100 once scored, else null. */
  score: number | null;
  /** e.g. "lookalike-name", "unusual-path", "unusual-parent", "hash-name-mismatch", "renamed-binary". */
  flags: string[];
  /**
   * Not part of the public findings (left out of `PageFindings`): the name the executable
   * gives itself in its record (Sysmon's OriginalFileName), where the record says it.
   */
  originalName?: string;
}

export interface ProcessFinding {
  /** Lower-case basename, e.g. "rundll32.exe". */
  name: string;
  /** Mentions in visible, non-editable text; a full path or command line mentioning it counts once. */
  occurrences: number;
  /** Distinct full paths seen: lower-case, backslashes, env vars and device prefixes normalized. */
  paths: string[];
  /** One per distinct row/record context in which it appears. */
  contexts: FindingContext[];
}

export interface HashFinding {
  value: string;
  type: HashType;
  occurrences: number;
}

export interface PageFindings {
  version: 1;
  url: string;
  /** True once no scanning or scoring work is pending. */
  complete: boolean;
  processes: ProcessFinding[];
  hashes: HashFinding[];
  /** Caps hit, API state, anything the analyst should know about this scan. */
  notices: string[];
}

/** The answer for a page where nothing was found (yet). */
export function emptyFindings(url: string, complete = true): PageFindings {
  return { version: 1, url, complete, processes: [], hashes: [], notices: [] };
}

/** True for the one message shape a page's content script answers with its findings. */
export function isFindingsRequest(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === FINDINGS_MESSAGE_TYPE
  );
}
