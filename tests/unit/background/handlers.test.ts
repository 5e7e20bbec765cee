import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  handleCardFor,
  handleGetStatus,
  handleLookup,
  handleScoreContexts,
  isOwnSender,
} from '@/lib/background/handlers';
import * as services from '@/lib/background/services';
import { saveSettings } from '@/lib/settings-store';

describe('background handlers', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'ProcLens',
      version: '9.9.9',
    });
  });

  it('reports the mode and never the key itself', async () => {
    await saveSettings({ apiKey: 'secret-key-1' });
    const status = await handleGetStatus();
    expect(status).toMatchObject({ mode: 'echotrail', version: '9.9.9' });
    expect(JSON.stringify(status)).not.toContain('secret-key-1');
  });

  it.each([
    [{ id: fakeBrowser.runtime.id }, true],
    [{ id: 'some-other-extension' }, false],
    [{}, false],
    [undefined, false],
  ])('treats sender %j as ours: %s', (sender, expected) => {
    expect(isOwnSender(sender)).toBe(expected);
  });

  it.each([
    ['no object', 'svchost.exe'],
    ['queries not an array', { queries: 'svchost.exe' }],
    ['a query that is not a string', { queries: [1] }],
    ['a query of 10 kB', { queries: ['a'.repeat(10_000) + '.exe'] }],
    ['more than 200 queries', { queries: Array.from({ length: 201 }, (_, i) => `p${i}.exe`) }],
  ])('refuses a lookup with %s', async (_label, payload) => {
    await expect(handleLookup(payload)).rejects.toThrow(/Refused/);
  });

  it("spends one lookup on a row's hashes: its SHA256, else its MD5", async () => {
    const asked: string[][] = [];
    const lookupMany = vi.fn(async (queries: string[]) => {
      asked.push(queries);
      return queries.map((query) => ({
        query,
        status: 'unknown' as const,
        source: null,
        insight: null,
        fetchedAt: null,
        stale: false,
        problem: null,
      }));
    });
    vi.spyOn(services, 'lookupService').mockReturnValue({
      lookupMany,
    } as unknown as ReturnType<typeof services.lookupService>);
    const md5 = '5896c1464ab396d9f7c95d8dac91ebd2';
    const sha1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    const sha256 = '5896c1464ab396d9f7c95d8dac91ebd29b67db25d0a9117672b0d78befcc909e';
    await handleScoreContexts({
      observations: [
        { name: 'svchost.exe', sha256, sha1, md5 },
        { name: 'cmd.exe', md5, sha1 },
      ],
    });
    expect(asked).toEqual([['svchost.exe', sha256, 'cmd.exe', md5]]);
    asked.length = 0;
    await handleCardFor({ query: 'rundll32.exe', observation: { name: 'rundll32.exe', sha1 } });
    expect(asked).toEqual([['rundll32.exe'], [sha1]]);
  });

  it('looks up only process names and hashes, each once', async () => {
    const results = await handleLookup({
      queries: ['SVCHOST.exe', 'svchost.exe', 'C:\\x\\evil.exe', 'hello', 'a'.repeat(64)],
    });
    expect(results.map((r) => r.query)).toEqual(['svchost.exe', 'a'.repeat(64)]);
  });
});
