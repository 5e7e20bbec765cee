import { baselineInsight } from '../baseline/baseline';
import { isStale, type CacheEntry, type LookupCache } from '../cache/lookup-cache';
import {
  fetchInsight,
  fetchUsage,
  type ClientConfig,
  type FetchOutcome,
} from '../echotrail/client';
import type { Usage } from '../echotrail/parse-response';
import { problemFor } from '../echotrail/problems';
import { isValidQuery, normalizeQuery, type LookupProblem, type LookupResult } from '../insight';
import type { Settings } from '../settings';

/**
 * The one place lookups happen (background only). Order: cache → EchoTrail (when a key is
 * set, the key was not refused, and the quota is not spent) → built-in baseline.
 *
 * Quota discipline: one request per normalized query at a time (callers asking for the same
 * query share it), at most `MAX_IN_FLIGHT` requests at once, a stale cached answer is served
 * at once and refreshed in the background, a 429 stops all requests until its Retry-After
 * (persisted, so a restarted service worker does not ask again), and a refused key is not
 * retried until the key changes. A request nobody waits for any more is aborted.
 */
export interface QuotaStore {
  get(): Promise<number>;
  set(blockedUntil: number): Promise<void>;
}

export interface LookupServiceOptions {
  cache: LookupCache;
  settings: () => Promise<Settings>;
  quota?: QuotaStore;
  fetchInsight?: (
    query: string,
    config: ClientConfig,
    signal?: AbortSignal,
  ) => Promise<FetchOutcome>;
  fetchUsage?: typeof fetchUsage;
  clientConfig?: Partial<ClientConfig>;
  now?: () => number;
  maxInFlight?: number;
  /**
   * Whether the analyst allowed page content (the names and hashes found) to be sent to the
   * API: Firefox's built-in data consent. Absent where the browser has none (Chrome).
   */
  consent?: () => Promise<boolean>;
}

export interface LookupService {
  lookup(query: string, signal?: AbortSignal): Promise<LookupResult>;
  lookupMany(queries: string[], signal?: AbortSignal): Promise<LookupResult[]>;
  /** Today's quota, for the popup and options ("Test key"). */
  usage(
    override?: Pick<Settings, 'apiKey' | 'apiBaseUrl'>,
  ): Promise<{ usage: Usage | null; problem: LookupProblem | null }>;
  clearCache(): Promise<void>;
  state(): Promise<{
    cacheSize: number;
    cacheProblem: LookupProblem | null;
    quotaBlockedUntil: number;
    keyRefused: boolean;
    /** A key is set but the browser's data consent for sending page content is not given. */
    consentMissing: boolean;
  }>;
  /** Resolves when background refreshes have finished (tests and shutdown). */
  settled(): Promise<void>;
}

/** Four requests at once: enough for a page's first lookups, gentle on a rate-limited API. */
export const MAX_IN_FLIGHT = 4;
const HOUR = 3_600_000;

export function memoryQuotaStore(): QuotaStore {
  let blockedUntil = 0;
  return { get: async () => blockedUntil, set: async (t) => void (blockedUntil = t) };
}

export function createLookupService(options: LookupServiceOptions): LookupService {
  const now = options.now ?? Date.now;
  const quota = options.quota ?? memoryQuotaStore();
  const doFetch = options.fetchInsight ?? fetchInsight;
  const limit = createLimiter(options.maxInFlight ?? MAX_IN_FLIGHT);
  const inFlight = new Map<string, Request>();
  const refreshes = new Set<Promise<unknown>>();
  let refusedKey: string | null = null;
  let blockedUntil: number | null = null;

  const blocked = async () => (blockedUntil ??= await quota.get()) > now();

  /** Why no request may be sent now, or null when one may. */
  const reasonNotToAsk = async (settings: Settings): Promise<LookupProblem | null> => {
    if (!settings.apiKey) return problemFor('no-key');
    if (options.consent && !(await options.consent())) return problemFor('no-consent');
    if (refusedKey === settings.apiKey) return problemFor('bad-key');
    if (await blocked()) return problemFor('quota', { retryAt: blockedUntil! });
    return null;
  };

  interface Request {
    promise: Promise<FetchOutcome>;
    waiters: number;
    controller: AbortController;
  }

  /** One request per query at a time; it is aborted when every caller has stopped waiting. */
  const request = (
    query: string,
    settings: Settings,
    signal?: AbortSignal,
  ): Promise<FetchOutcome> => {
    let entry = inFlight.get(query);
    if (!entry) {
      const controller = new AbortController();
      const config: ClientConfig = {
        now,
        ...options.clientConfig,
        baseUrl: settings.apiBaseUrl,
        apiKey: settings.apiKey,
      };
      const promise = limit(() =>
        controller.signal.aborted
          ? Promise.resolve(cancelled())
          : doFetch(query, config, controller.signal),
      ).then(async (outcome) => {
        await record(query, settings, outcome);
        return outcome;
      });
      entry = { promise, waiters: 0, controller };
      inFlight.set(query, entry);
      void promise.finally(() => inFlight.delete(query));
    }
    const current = entry;
    if (signal?.aborted) {
      // The caller gave up before the request was even registered.
      if (current.waiters === 0) current.controller.abort();
      return current.promise;
    }
    current.waiters++;
    if (signal) {
      signal.addEventListener(
        'abort',
        () => {
          if (--current.waiters <= 0) current.controller.abort();
        },
        { once: true },
      );
    }
    return current.promise;
  };

  /** Stores answers; remembers refused keys and spent quota. Problems are never cached. */
  const record = async (query: string, settings: Settings, outcome: FetchOutcome) => {
    const time = now();
    if (outcome.kind === 'hit' || outcome.kind === 'miss') {
      const hours = outcome.kind === 'hit' ? settings.cacheHitTtlHours : settings.cacheMissTtlHours;
      await options.cache.put({
        query,
        status: outcome.kind === 'hit' ? 'found' : 'never-observed',
        insight: outcome.kind === 'hit' ? outcome.insight : null,
        source: 'echotrail',
        fetchedAt: time,
        expiresAt: time + hours * HOUR,
      });
    } else if (outcome.problem.kind === 'bad-key') {
      refusedKey = settings.apiKey;
    } else if (outcome.problem.kind === 'quota') {
      blockedUntil = outcome.problem.retryAt ?? time + HOUR;
      await quota.set(blockedUntil);
    }
  };

  const fromEntry = (
    entry: CacheEntry,
    stale: boolean,
    problem: LookupProblem | null,
  ): LookupResult => ({
    query: entry.query,
    status: entry.status,
    source: 'echotrail',
    insight: entry.insight,
    fetchedAt: entry.fetchedAt,
    stale,
    problem,
  });

  const fromBaseline = (query: string, problem: LookupProblem | null): LookupResult => {
    const insight = baselineInsight(query);
    // No key, or no consent to use it: the analyst's choice, not an error.
    const noKey = problem?.kind === 'no-key' || problem?.kind === 'no-consent';
    return {
      query,
      status: insight ? 'found' : noKey ? 'unknown' : 'error',
      source: insight ? 'baseline' : null,
      insight,
      fetchedAt: null,
      stale: false,
      problem,
    };
  };

  const lookup = async (raw: string, signal?: AbortSignal): Promise<LookupResult> => {
    const query = normalizeQuery(raw);
    if (!isValidQuery(query))
      return fromBaseline(
        query,
        problemFor('unexpected', { detail: 'not a process name or hash' }),
      );
    const settings = await options.settings();
    const cached = await options.cache.get(query);
    const why = await reasonNotToAsk(settings);
    if (cached) {
      const stale = isStale(cached, now());
      if (stale && !why) {
        // Serve the stale answer now; refresh it in the background (an error keeps it).
        const refresh = request(query, settings).catch(() => undefined);
        refreshes.add(refresh);
        void refresh.finally(() => refreshes.delete(refresh));
      }
      return fromEntry(cached, stale, stale ? why : null);
    }
    if (why) return fromBaseline(query, why);
    // The awaits above let another lookup of this query finish meanwhile: its request is no
    // longer in flight, but its answer is stored (in memory before the request is released).
    const stored = options.cache.peek(query);
    if (stored) return fromEntry(stored, isStale(stored, now()), null);
    const outcome = await request(query, settings, signal);
    if (outcome.kind === 'hit')
      return {
        query,
        status: 'found',
        source: 'echotrail',
        insight: outcome.insight,
        fetchedAt: now(),
        stale: false,
        problem: null,
      };
    if (outcome.kind === 'miss')
      return {
        query,
        status: 'never-observed',
        source: 'echotrail',
        insight: null,
        fetchedAt: now(),
        stale: false,
        problem: null,
      };
    return fromBaseline(query, outcome.problem);
  };

  return {
    lookup,
    async lookupMany(queries, signal) {
      // One IndexedDB transaction for the whole batch; the lookups then read memory.
      await options.cache.getMany(queries.map(normalizeQuery));
      return Promise.all(queries.map((q) => lookup(q, signal)));
    },
    async usage(override) {
      const settings = { ...(await options.settings()), ...override };
      if (!settings.apiKey) return { usage: null, problem: problemFor('no-key') };
      const result = await (options.fetchUsage ?? fetchUsage)({
        ...options.clientConfig,
        baseUrl: settings.apiBaseUrl,
        apiKey: settings.apiKey,
      });
      if (result.kind === 'usage') {
        if (override && refusedKey === override.apiKey) refusedKey = null;
        return { usage: result.usage, problem: null };
      }
      return { usage: null, problem: result.problem };
    },
    clearCache: () => options.cache.clear(),
    async state() {
      const settings = await options.settings();
      return {
        cacheSize: await options.cache.size(),
        cacheProblem: options.cache.problem,
        quotaBlockedUntil: (await blocked()) ? blockedUntil! : 0,
        keyRefused: !!settings.apiKey && refusedKey === settings.apiKey,
        consentMissing: !!settings.apiKey && !!options.consent && !(await options.consent()),
      };
    },
    async settled() {
      while (refreshes.size > 0 || inFlight.size > 0) {
        await Promise.allSettled([...refreshes, ...[...inFlight.values()].map((r) => r.promise)]);
      }
    },
  };
}

function cancelled(): FetchOutcome {
  return { kind: 'problem', problem: problemFor('timeout', { detail: 'cancelled' }) };
}

/** Runs at most `max` tasks at once, in the order they were queued. */
function createLimiter(max: number) {
  let running = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (running >= max) return;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}
