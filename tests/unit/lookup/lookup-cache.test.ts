// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { UseStore } from 'idb-keyval';
import { createLookupCache, isStale } from '@/lib/cache/lookup-cache';

let n = 0;
const entry = (query: string, fetchedAt = 0) => ({
  query,
  status: 'never-observed' as const,
  insight: null,
  source: 'echotrail' as const,
  fetchedAt,
  expiresAt: fetchedAt + 1000,
});

describe('lookup cache', () => {
  it('survives a restart of the worker (a new cache object over the same database)', async () => {
    const name = `persist-${++n}`;
    await createLookupCache({ dbName: name }).put(entry('cmd.exe'));
    const reopened = createLookupCache({ dbName: name });
    expect((await reopened.get('cmd.exe'))?.query).toBe('cmd.exe');
    expect(await reopened.size()).toBe(1);
  });

  it('evicts the least recently used entries past its cap', async () => {
    let clock = 0;
    const cache = createLookupCache({ dbName: `lru-${++n}`, maxEntries: 10, now: () => clock });
    for (let i = 0; i < 10; i++) {
      clock = i * 2 * 3_600_000;
      await cache.put(entry(`p${i}.exe`, clock));
    }
    clock += 3 * 3_600_000;
    await cache.get('p0.exe'); // used recently: kept
    await cache.put(entry('p10.exe', clock));
    expect(await cache.size()).toBeLessThanOrEqual(10);
    expect(await cache.get('p0.exe')).toBeDefined();
    expect(await cache.get('p1.exe')).toBeUndefined();
    expect(await cache.get('p10.exe')).toBeDefined();
  });

  it('falls back to memory, with a notice, when IndexedDB fails', async () => {
    const broken: UseStore = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    const cache = createLookupCache({ store: broken });
    await cache.put(entry('cmd.exe'));
    expect(cache.problem?.kind).toBe('storage');
    expect((await cache.get('cmd.exe'))?.query).toBe('cmd.exe');
    expect(await cache.size()).toBe(1);
  });

  it('knows when an entry is stale', () => {
    expect(isStale({ ...entry('a.exe', 0), usedAt: 0 }, 999)).toBe(false);
    expect(isStale({ ...entry('a.exe', 0), usedAt: 0 }, 1000)).toBe(true);
  });
});
