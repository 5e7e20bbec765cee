/**
 * Asks the background about many items of a page: one batched message per flush (never one
 * per node), each distinct item once per page, and items whose message failed (the service
 * worker was restarting) are asked again with backoff, so nothing is lost. Used for lookups
 * (keyed by process name or hash) and for scoring (keyed by row context).
 */
export interface BatchRequester<T> {
  /** Queues items (ones already asked are ignored). */
  want(items: Iterable<T>): void;
  /** Lets go of keys asked before, so that they are asked again if wanted again. */
  forget(keys: Iterable<string>): void;
  /** True when nothing is queued or in flight. */
  readonly idle: boolean;
  /** Resolves when idle. */
  settled(): Promise<void>;
  stop(): void;
}

export interface BatchOptions<T, R> {
  keyOf: (item: T) => string;
  send: (items: T[]) => Promise<R[]>;
  /** Called with the answers of each batch, in the items' order (they are not kept here). */
  onResults?: (items: T[], results: R[]) => void;
  /** Collects items for this long before sending, so a scan's slices make one message. */
  debounceMs?: number;
  batchSize?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

const RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];
/** Keys remembered as asked; past this the memory starts over. */
const MAX_ASKED_KEPT = 50_000;

export function createBatchRequester<T, R>(options: BatchOptions<T, R>): BatchRequester<T> {
  const debounceMs = options.debounceMs ?? 250;
  const batchSize = options.batchSize ?? 200;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const asked = new Set<string>();
  const pending = new Map<string, T>();
  let timer: unknown = null;
  let inFlight = 0;
  let failures = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];

  const isIdle = () => pending.size === 0 && inFlight === 0 && timer === null;
  const wake = () => {
    if (!isIdle()) return;
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
    for (const [key] of batch) pending.delete(key);
    if (batch.length === 0) return wake();
    const items = batch.map(([, item]) => item);
    inFlight++;
    options
      .send(items)
      .then((answers) => {
        failures = 0;
        options.onResults?.(items, answers);
      })
      .catch(() => {
        // The background did not answer (restarting worker): ask again later.
        for (const [key, item] of batch) pending.set(key, item);
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
    want(items) {
      for (const item of items) {
        const key = options.keyOf(item);
        if (asked.has(key)) continue;
        // A page that runs for days asks about more than is worth remembering: the background
        // answers a repeated question from its cache.
        if (asked.size >= MAX_ASKED_KEPT) asked.clear();
        asked.add(key);
        pending.set(key, item);
      }
      if (pending.size > 0) schedule(debounceMs);
    },
    forget(keys) {
      for (const key of keys) asked.delete(key);
    },
    get idle() {
      return isIdle();
    },
    settled: () => (isIdle() ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    stop() {
      stopped = true;
      pending.clear();
      waiters = [];
    },
  };
}
