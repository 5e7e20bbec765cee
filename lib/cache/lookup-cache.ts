import {
  clear,
  createStore,
  delMany,
  entries,
  get,
  getMany,
  keys,
  set,
  type UseStore,
} from 'idb-keyval';
import type { Insight, LookupProblem } from '../insight';
import { problemFor } from '../echotrail/problems';

/**
 * The persistent lookup cache (background only): one IndexedDB store through idb-keyval,
 * keyed by normalized query, that survives service-worker and browser restarts. It guards
 * the daily quota: an answer is asked of EchoTrail once, then served from here.
 *
 * Only EchoTrail answers are stored (the baseline is built in and instant, so a baseline
 * answer can never overwrite an API answer), and only answers: an error is never stored, so
 * it never replaces a good entry. Least-recently-used entries are evicted past `maxEntries`.
 * If IndexedDB fails (private mode, disk full), the cache keeps working in memory and says so.
 */
export interface CacheEntry {
  query: string;
  status: 'found' | 'never-observed';
  insight: Insight | null;
  source: 'echotrail';
  fetchedAt: number;
  expiresAt: number;
  /** Last time a lookup used it, for least-recently-used eviction. */
  usedAt: number;
}

export interface LookupCache {
  get(query: string): Promise<CacheEntry | undefined>;
  /**
   * What this worker holds in memory for `query`, synchronously. An answer is in memory from
   * the moment `put` is called, before its IndexedDB write ends.
   */
  peek(query: string): CacheEntry | undefined;
  getMany(queries: string[]): Promise<Map<string, CacheEntry>>;
  put(entry: Omit<CacheEntry, 'usedAt'>): Promise<void>;
  clear(): Promise<void>;
  size(): Promise<number>;
  /** Set once IndexedDB failed and the cache fell back to memory. */
  readonly problem: LookupProblem | null;
}

export interface CacheOptions {
  maxEntries?: number;
  dbName?: string;
  storeName?: string;
  now?: () => number;
  /** For tests: a store that fails like a broken or full IndexedDB. */
  store?: UseStore;
}

/** About a day of a busy console's distinct binaries and hashes, many times over. */
export const MAX_ENTRIES = 20_000;
/** `usedAt` is written back at most this often per entry (a write per read would cost more than it saves). */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export function createLookupCache(options: CacheOptions = {}): LookupCache {
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const now = options.now ?? Date.now;
  let store: UseStore | null = null;
  const memory = new Map<string, CacheEntry>();
  /** Queries known not to be stored: one IndexedDB read each per worker life, not one per lookup. */
  const absent = new Set<string>();
  let problem: LookupProblem | null = null;
  let count: number | null = null;

  const idb = (): UseStore | null => {
    if (problem) return null;
    try {
      store ??=
        options.store ??
        createStore(options.dbName ?? 'proclens-cache', options.storeName ?? 'lookups');
      return store;
    } catch {
      fallBack();
      return null;
    }
  };
  const fallBack = () => {
    problem ??= problemFor('storage');
  };
  /** Runs an IndexedDB operation; on failure, switches to memory for good. */
  const attempt = async <T>(operation: (s: UseStore) => Promise<T>): Promise<T | undefined> => {
    const s = idb();
    if (!s) return undefined;
    try {
      return await operation(s);
    } catch {
      fallBack();
      return undefined;
    }
  };

  const touch = (entry: CacheEntry) => {
    const time = now();
    if (time - entry.usedAt < TOUCH_EVERY_MS) return;
    entry.usedAt = time;
    void attempt((s) => set(entry.query, entry, s));
  };

  const evictIfNeeded = async () => {
    const size = await cache.size();
    if (size <= maxEntries) return;
    // Evict the least recently used tenth at once, so eviction runs rarely.
    const all = problem
      ? [...memory.values()]
      : ((await attempt((s) => entries<string, CacheEntry>(s))) ?? []).map(([, e]) => e);
    all.sort((a, b) => a.usedAt - b.usedAt);
    const victims = all
      .slice(0, size - maxEntries + Math.ceil(maxEntries / 10))
      .map((e) => e.query);
    for (const key of victims) memory.delete(key);
    if (!problem) await attempt((s) => delMany(victims, s));
    count = null;
  };

  const cache: LookupCache = {
    async get(query) {
      let entry = memory.get(query);
      if (!entry && !problem && !absent.has(query))
        entry = await attempt((s) => get<CacheEntry>(query, s));
      if (entry) {
        memory.set(query, entry);
        touch(entry);
      } else absent.add(query);
      return entry;
    },
    peek: (query) => memory.get(query),
    async getMany(queries) {
      const found = new Map<string, CacheEntry>();
      const missing: string[] = [];
      for (const query of queries) {
        const entry = memory.get(query);
        if (entry) found.set(query, entry);
        else if (!absent.has(query)) missing.push(query);
      }
      if (missing.length && !problem) {
        const loaded = (await attempt((s) => getMany<CacheEntry>(missing, s))) ?? [];
        loaded.forEach((entry, i) => {
          if (entry) {
            memory.set(missing[i]!, entry);
            found.set(missing[i]!, entry);
          } else absent.add(missing[i]!);
        });
      }
      for (const entry of found.values()) touch(entry);
      return found;
    },
    async put(partial) {
      const entry: CacheEntry = { ...partial, usedAt: now() };
      const isNew = !memory.has(entry.query);
      memory.set(entry.query, entry);
      absent.delete(entry.query);
      await attempt((s) => set(entry.query, entry, s));
      if (count !== null && isNew) count++;
      if (count === null || count > maxEntries) await evictIfNeeded();
    },
    async clear() {
      memory.clear();
      absent.clear();
      count = 0;
      await attempt((s) => clear(s));
    },
    async size() {
      if (problem) return memory.size;
      if (count === null) {
        const all = await attempt((s) => keys(s));
        count = all ? all.length : memory.size;
      }
      return count;
    },
    get problem() {
      return problem;
    },
  };
  return cache;
}

/** Whether an entry is past its lifetime (it is still served, and refreshed in the background). */
export function isStale(entry: CacheEntry, now: number): boolean {
  return entry.expiresAt <= now;
}
