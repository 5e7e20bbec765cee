import type { LookupResult } from '../insight';

/**
 * Asks the background about the processes and hashes a page shows: one batched message per
 * flush (never one per node), each key once per page, and keys whose message failed (the
 * service worker was restarting) are asked again with backoff, so no lookup is lost.
 */
export interface LookupRequester {
  /** Queues keys for lookup (already asked ones are ignored). */
  want(keys: Iterable<string>): void;
  /** The answer for a key, once it arrived. */
  result(key: string): LookupResult | undefined;
  /** Resolves when nothing is queued or in flight. */
  settled(): Promise<void>;
  stop(): void;
}

export interface RequesterOptions {
  send: (queries: string[]) => Promise<LookupResult[]>;
  onResults?: (results: LookupResult[]) => void;
  /** Collects keys for this long before sending, so a scan's slices make one message. */
  debounceMs?: number;
  batchSize?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

const RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];

export function createLookupRequester(options: RequesterOptions): LookupRequester {
  const debounceMs = options.debounceMs ?? 250;
  const batchSize = options.batchSize ?? 200;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const asked = new Set<string>();
  const pending = new Set<string>();
  const results = new Map<string, LookupResult>();
  let timer: unknown = null;
  let inFlight = 0;
  let failures = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];

  const idle = () => pending.size === 0 && inFlight === 0 && timer === null;
  const wake = () => {
    if (!idle()) return;
    for (const resolve of waiters.splice(0)) resolve();
  };
  const schedule = (ms: number) => {
    if (timer !== null || stopped) return;
    timer = setTimer(flush, ms);
  };
  const flush = () => {
    timer = null;
    if (stopped) return;
    const batch = [...pending].slice(0, batchSize);
    for (const key of batch) pending.delete(key);
    if (batch.length === 0) return wake();
    inFlight++;
    options
      .send(batch)
      .then((answers) => {
        failures = 0;
        for (const answer of answers) results.set(answer.query, answer);
        options.onResults?.(answers);
      })
      .catch(() => {
        // The background did not answer (restarting worker): ask again later.
        for (const key of batch) pending.add(key);
        failures = Math.min(failures + 1, RETRY_MS.length);
      })
      .finally(() => {
        inFlight--;
        if (pending.size > 0) schedule(failures ? RETRY_MS[failures - 1]! : 0);
        wake();
      });
    if (pending.size > 0) schedule(0);
  };

  return {
    want(keys) {
      for (const key of keys) {
        if (asked.has(key)) continue;
        asked.add(key);
        pending.add(key);
      }
      if (pending.size > 0) schedule(debounceMs);
    },
    result: (key) => results.get(key),
    settled: () => (idle() ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    stop() {
      stopped = true;
      pending.clear();
      waiters = [];
    },
  };
}
