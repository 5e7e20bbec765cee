/**
 * What ProcLens knows about a process name or a hash, in one shape whatever answered
 * (the EchoTrail API or the built-in baseline), and what a lookup returns.
 */
import { EXECUTABLE_EXTENSION } from './detect/find-processes';

export interface Share {
  /** A directory, a process name, a port, a hash or a file name. */
  value: string;
  /** Share of observed executions, 0-100. */
  pct: number;
}

export const LIST_KEYS = [
  'paths',
  'parents',
  'grandparents',
  'children',
  'network',
  'hashes',
  'filenames',
] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export interface Insight {
  /** The normalized query: a lower-case process name or hash. */
  query: string;
  kind: 'process' | 'hash';
  /** Execution rank: 1 is the most executed process. */
  rank: number | null;
  /** Percentage of hosts seen running it. */
  hostPrev: number | null;
  /** EchoTrail Prevalence Score, 0 (rare) to 100 (most common). */
  eps: number | null;
  description: string | null;
  intel: string | null;
  paths: Share[];
  parents: Share[];
  grandparents: Share[];
  children: Share[];
  network: Share[];
  hashes: Share[];
  filenames: Share[];
  /** Per list, how many entries were left out (EchoTrail truncates long lists). */
  truncated: Partial<Record<ListKey, number>>;
  /** Fields of the API's answer that could not be read (wholly or in part), so were left out. */
  unreadable?: string[];
}

export type Source = 'echotrail' | 'baseline';

/** Why an answer is not (or not only) a fresh EchoTrail answer, in words for the analyst. */
export interface LookupProblem {
  kind:
    | 'no-key'
    | 'no-consent'
    | 'bad-key'
    | 'quota'
    | 'server'
    | 'timeout'
    | 'offline'
    | 'unexpected'
    | 'not-found'
    | 'storage';
  message: string;
  nextStep: string;
  /** When requests resume (quota), ms since epoch. */
  retryAt?: number;
}

export interface LookupResult {
  query: string;
  /**
   * found: an insight is known; never-observed: EchoTrail has never seen it execute;
   * unknown: nothing answered (no key and not in the baseline); error: the API failed and
   * nothing else knows it.
   */
  status: 'found' | 'never-observed' | 'unknown' | 'error';
  source: Source | null;
  insight: Insight | null;
  /** When the answer was fetched (ms since epoch), for "cached 3 h ago". */
  fetchedAt: number | null;
  /** True when a cached answer is past its lifetime and a refresh is pending or failed. */
  stale: boolean;
  problem: LookupProblem | null;
}

/** Lower-cased, trimmed: the one key a query is cached and requested under. */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase();
}

/** A Windows file name (no separators or reserved characters) with a runnable extension. */
const FILE_NAME = new RegExp(String.raw`^[^\\/:*?"<>|]{1,251}${EXECUTABLE_EXTENSION}$`);

/** A query ProcLens may send: a process file name or an MD5/SHA1/SHA256 hash, nothing else. */
export function isValidQuery(query: string): boolean {
  if (/^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/.test(query)) return true;
  // Windows file names: no path separators, reserved characters or control characters, and
  // no half of a surrogate pair (page text may hold one; no URL can carry it).
  return (
    FILE_NAME.test(query) &&
    ![...query].some((c) => c.charCodeAt(0) < 0x20) &&
    !LONE_SURROGATE.test(query)
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** `text` with each half of a surrogate pair standing alone replaced by U+FFFD: safe to put in a URL. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD');
}

export function queryKind(query: string): Insight['kind'] {
  return /^[0-9a-f]{32,64}$/.test(query) ? 'hash' : 'process';
}

export function emptyInsight(query: string): Insight {
  return {
    query,
    kind: queryKind(query),
    rank: null,
    hostPrev: null,
    eps: null,
    description: null,
    intel: null,
    paths: [],
    parents: [],
    grandparents: [],
    children: [],
    network: [],
    hashes: [],
    filenames: [],
    truncated: {},
  };
}
