import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleGetStatus, handleLookup, isOwnSender } from '@/lib/background/handlers';
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

  it('looks up only process names and hashes, each once', async () => {
    const results = await handleLookup({
      queries: ['SVCHOST.exe', 'svchost.exe', 'C:\\x\\evil.exe', 'hello', 'a'.repeat(64)],
    });
    expect(results.map((r) => r.query)).toEqual(['svchost.exe', 'a'.repeat(64)]);
  });
});
