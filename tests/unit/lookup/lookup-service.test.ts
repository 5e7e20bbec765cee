// @vitest-environment node
// The lookup service against the local EchoTrail-compatible server (real HTTP on 127.0.0.1):
// every status and fault, and the state the analyst sees for each.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLookupService,
  memoryQuotaStore,
  type LookupServiceOptions,
} from '@/lib/background/lookup-service';
import { createLookupCache } from '@/lib/cache/lookup-cache';
import { fetchInsight, type ClientConfig } from '@/lib/echotrail/client';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { startFakeEchoTrail, type FakeEchoTrail } from '../../fake-echotrail/server.mjs';
import { syntheticHash } from '../../fake-echotrail/data.mjs';

let server: FakeEchoTrail;
let settings: Settings;
let clock: number;
let dbCount = 0;

beforeAll(async () => {
  server = await startFakeEchoTrail();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  clock = Date.UTC(2026, 10, 29, 12, 0, 0);
  settings = { ...DEFAULT_SETTINGS, apiKey: server.apiKey, apiBaseUrl: server.url };
});

function service(extra: Partial<LookupServiceOptions> = {}) {
  const cache = extra.cache ?? createLookupCache({ dbName: `test-${++dbCount}`, now: () => clock });
  const svc = createLookupService({
    cache,
    settings: async () => settings,
    quota: memoryQuotaStore(),
    now: () => clock,
    clientConfig: { sleep: async () => {}, timeoutMs: 300 },
    ...extra,
  });
  return { svc, cache };
}

describe('lookup order: cache → EchoTrail → baseline', () => {
  it('answers from the baseline with no key, and sends nothing', async () => {
    settings.apiKey = '';
    const { svc } = service();
    const known = await svc.lookup('SVCHOST.EXE');
    expect(known).toMatchObject({
      status: 'found',
      source: 'baseline',
      problem: { kind: 'no-key' },
    });
    expect(known.insight?.parents[0]?.value).toBe('services.exe');
    expect(await svc.lookup('mystery.exe')).toMatchObject({
      status: 'unknown',
      source: null,
      problem: { kind: 'no-key' },
    });
    expect(server.requests).toHaveLength(0);
  });

  it("sends nothing without the browser's data consent (Firefox), and says so; cached answers still show", async () => {
    let consent = true;
    const { svc } = service({ consent: async () => consent });
    await svc.lookup('cmd.exe');
    expect(server.requests).toHaveLength(1);
    consent = false;
    expect(await svc.lookup('svchost.exe')).toMatchObject({
      status: 'found',
      source: 'baseline',
      problem: { kind: 'no-consent' },
    });
    expect(await svc.lookup('mystery.exe')).toMatchObject({ status: 'unknown', source: null });
    expect(await svc.lookup('cmd.exe')).toMatchObject({ source: 'echotrail' });
    expect(server.requests).toHaveLength(1);
    expect(await svc.state()).toMatchObject({ consentMissing: true });
    consent = true;
    expect(await svc.lookup('svchost.exe')).toMatchObject({ source: 'echotrail' });
    expect(await svc.state()).toMatchObject({ consentMissing: false });
  });

  it('asks EchoTrail once per query, then answers from the cache', async () => {
    const { svc, cache } = service();
    const first = await svc.lookup('svchost.exe');
    expect(first).toMatchObject({
      status: 'found',
      source: 'echotrail',
      stale: false,
      problem: null,
    });
    expect(first.insight).toMatchObject({ rank: 24, hostPrev: 94.4, eps: 96.07 });
    expect(first.insight?.paths[0]).toEqual({ value: 'C:\\Windows\\System32', pct: 99.92 });
    expect(first.insight?.truncated.children).toBe(1328);
    await svc.lookup('svchost.exe');
    await svc.lookup(' SvcHost.exe ');
    expect(server.insightQueries()).toEqual(['svchost.exe']);
    expect(await cache.size()).toBe(1);
  });

  it('sends the key and the version header, and nothing else of the page', async () => {
    const { svc } = service();
    await svc.lookup('cmd.exe');
    const [req] = server.requests;
    expect(req!.path).toBe('/insights/cmd.exe');
    expect(req!.headers['x-api-key']).toBe(server.apiKey);
    expect(req!.headers['api-version']).toBe('v1');
    expect(req!.headers.cookie).toBeUndefined();
    expect(req!.headers.referer).toBeUndefined();
  });

  it('asks about screensavers and .com programs, and sends nothing that is neither a name nor a hash', async () => {
    const { svc } = service();
    await svc.lookup('Invoice.SCR');
    await svc.lookup('chcp.com');
    await svc.lookup('C:\\Windows\\cmd.exe');
    await svc.lookup('readme.txt');
    expect(server.insightQueries()).toEqual(['invoice.scr', 'chcp.com']);
  });

  it('caches a miss ("never observed") as its own answer, for less time', async () => {
    const { svc } = service();
    expect(await svc.lookup('neverseen.exe')).toMatchObject({
      status: 'never-observed',
      source: 'echotrail',
      problem: null,
    });
    clock += 5 * 3_600_000;
    await svc.lookup('neverseen.exe');
    expect(server.insightQueries()).toHaveLength(1);
    clock += 2 * 3_600_000; // past the 6 h miss lifetime: served stale, refreshed
    expect((await svc.lookup('neverseen.exe')).stale).toBe(true);
    await svc.settled();
    expect(server.insightQueries()).toHaveLength(2);
  });

  it('answers a hash with the names it was seen under', async () => {
    const { svc } = service();
    const result = await svc.lookup(syntheticHash('renamed-cmd'));
    expect(result.insight?.kind).toBe('hash');
    expect(result.insight?.filenames).toEqual([
      { value: 'cmd.exe', pct: 88 },
      { value: 'update.exe', pct: 12 },
    ]);
  });
});

describe('traffic discipline', () => {
  it('sends one request for many callers of the same query', async () => {
    server.setDelay(100);
    const { svc } = service();
    await Promise.all(Array.from({ length: 10 }, () => svc.lookup('lsass.exe')));
    expect(server.insightQueries()).toEqual(['lsass.exe']);
  });

  it('sends one request when a caller reads the cache while another request completes', async () => {
    // The second caller's cache read starts before the first answer is stored and ends after
    // its request finished (a slow IndexedDB read on a busy machine): no second request.
    const { cache } = service();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const slowCache = {
      ...cache,
      get: async (query: string) => {
        const entry = await cache.get(query);
        if (++reads === 2) await gate;
        return entry;
      },
    };
    const { svc } = service({ cache: slowCache });
    const first = svc.lookup('lsass.exe');
    const second = svc.lookup('lsass.exe');
    await first;
    release();
    expect((await second).status).toBe('found');
    expect(server.insightQueries()).toEqual(['lsass.exe']);
  });

  it('keeps at most 4 requests in flight', async () => {
    let running = 0;
    let peak = 0;
    const counting = async (q: string, c: ClientConfig, s?: AbortSignal) => {
      peak = Math.max(peak, ++running);
      try {
        return await fetchInsight(q, c, s);
      } finally {
        running--;
      }
    };
    server.setDelay(50);
    const { svc } = service({ fetchInsight: counting });
    const names = [
      'cmd.exe',
      'svchost.exe',
      'lsass.exe',
      'csrss.exe',
      'smss.exe',
      'wininit.exe',
      'winlogon.exe',
      'services.exe',
      'explorer.exe',
      'userinit.exe',
      'taskhostw.exe',
      'conhost.exe',
    ];
    await svc.lookupMany(names);
    expect(peak).toBe(4);
    expect(server.insightQueries().sort()).toEqual([...names].sort());
  });

  it('aborts a request nobody waits for any more', async () => {
    server.setDelay(200);
    const { svc } = service({ maxInFlight: 1 });
    const first = svc.lookup('cmd.exe');
    const controller = new AbortController();
    const second = svc.lookup('lsass.exe', controller.signal);
    controller.abort();
    await first;
    expect(await second).toMatchObject({
      status: 'found',
      source: 'baseline',
      problem: { kind: 'timeout' },
    });
    expect(server.insightQueries()).toEqual(['cmd.exe']);
  });
});

describe('failures: a clear state, a baseline answer where there is one, nothing cached', () => {
  it.each([
    ['bad key (403)', { status: 403 as const }, 'bad-key', 1],
    ['bad base URL (404)', { status: 404 as const }, 'not-found', 1],
    ['server error (500), retried twice', { status: 500 as const }, 'server', 3],
    ['malformed JSON', { malformed: true }, 'unexpected', 1],
    ['an HTML error page from a gateway (502), retried twice', { html: true }, 'server', 3],
    ['an HTML page with status 200', { html: true, status: 200 as never }, 'unexpected', 1],
    ['a dropped connection, retried twice', { drop: true }, 'server', 3],
    ['a timeout, retried once', { delayMs: 800 }, 'timeout', 2],
  ])('%s', async (_label, fault, kind, requests) => {
    server.setFault('svchost.exe', fault);
    const { svc, cache } = service();
    const result = await svc.lookup('svchost.exe');
    expect(result).toMatchObject({ status: 'found', source: 'baseline', problem: { kind } });
    expect(result.problem?.message.length).toBeGreaterThan(10);
    expect(result.problem?.nextStep.length).toBeGreaterThan(10);
    expect(JSON.stringify(result)).not.toContain(server.apiKey);
    expect(server.insightQueries()).toHaveLength(requests);
    expect(await cache.size()).toBe(0);
    // A name the baseline does not know is an error, not a guess.
    server.setFault('*', fault);
    expect((await svc.lookup('neverseen.exe')).status).toBe('error');
  });

  it('stops asking after a refused key, until the key changes', async () => {
    server.setFault('*', { status: 403 });
    const { svc } = service();
    await svc.lookup('cmd.exe');
    expect((await svc.lookup('lsass.exe')).problem?.kind).toBe('bad-key');
    expect(server.insightQueries()).toEqual(['cmd.exe']);
    expect((await svc.state()).keyRefused).toBe(true);
    server.clearFaults();
    settings = { ...settings, apiKey: `${server.apiKey}` + '' };
    settings.apiKey = 'another-key';
    await svc.lookup('lsass.exe');
    expect(server.insightQueries()).toEqual(['cmd.exe', 'lsass.exe']);
  });

  it('stops all requests after a 429 until Retry-After, and says when they resume', async () => {
    server.setFault('*', { status: 429, retryAfter: 120 });
    const { svc } = service();
    const result = await svc.lookup('cmd.exe');
    expect(result.problem).toMatchObject({ kind: 'quota', retryAt: clock + 120_000 });
    expect(result.problem?.nextStep).toMatch(/No requests are sent until 2026-11-29 12:02 UTC/);
    server.clearFaults();
    await svc.lookup('lsass.exe');
    expect(server.insightQueries()).toEqual(['cmd.exe']);
    clock += 121_000;
    await svc.lookup('lsass.exe');
    expect(server.insightQueries()).toEqual(['cmd.exe', 'lsass.exe']);
  });

  it('reports offline without sending anything', async () => {
    const { svc } = service({ clientConfig: { sleep: async () => {}, isOnline: () => false } });
    expect((await svc.lookup('cmd.exe')).problem?.kind).toBe('offline');
    expect(server.requests).toHaveLength(0);
  });
});

describe('stale-while-revalidate', () => {
  it('serves a stale answer at once and refreshes it in the background', async () => {
    const { svc, cache } = service();
    await svc.lookup('cmd.exe');
    const fetchedAt = (await cache.get('cmd.exe'))!.fetchedAt;
    clock += 25 * 3_600_000;
    const stale = await svc.lookup('cmd.exe');
    expect(stale).toMatchObject({ status: 'found', source: 'echotrail', stale: true, fetchedAt });
    await svc.settled();
    expect((await cache.get('cmd.exe'))!.fetchedAt).toBe(clock);
  });

  it('never replaces a good answer with an error', async () => {
    const { svc, cache } = service();
    await svc.lookup('cmd.exe');
    const before = await cache.get('cmd.exe');
    clock += 25 * 3_600_000;
    for (const fault of [
      { status: 500 as const },
      { status: 429 as const },
      { malformed: true },
      { status: 403 as const },
    ]) {
      server.setFault('*', fault);
      const result = await svc.lookup('cmd.exe');
      expect(result).toMatchObject({ status: 'found', source: 'echotrail' });
      await svc.settled();
      expect(await cache.get('cmd.exe')).toEqual(before);
    }
  });
});

describe('quota and cache state', () => {
  it("reads today's usage", async () => {
    const { svc } = service();
    await svc.lookup('cmd.exe');
    expect(await svc.usage()).toEqual({
      usage: { used: 1, remaining: 249, total: 250 },
      problem: null,
    });
    settings.apiKey = '';
    expect((await svc.usage()).problem?.kind).toBe('no-key');
  });

  it('tests a key before it is saved', async () => {
    const { svc } = service();
    settings.apiKey = '';
    expect((await svc.usage({ apiKey: 'wrong', apiBaseUrl: server.url })).problem?.kind).toBe(
      'bad-key',
    );
    expect((await svc.usage({ apiKey: server.apiKey, apiBaseUrl: server.url })).problem).toBeNull();
  });

  it('clears the cache on request', async () => {
    const { svc } = service();
    await svc.lookup('cmd.exe');
    await svc.clearCache();
    expect((await svc.state()).cacheSize).toBe(0);
    await svc.lookup('cmd.exe');
    expect(server.insightQueries()).toHaveLength(2);
  });
});
