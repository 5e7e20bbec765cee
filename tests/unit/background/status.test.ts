import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getStatus, isOwnSender } from '@/lib/background/status';
import { saveSettings } from '@/lib/settings-store';

describe('background status', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'ProcLens',
      version: '9.9.9',
    });
  });

  it('reports baseline mode with no key, and never the key itself', async () => {
    expect(await getStatus()).toMatchObject({ mode: 'baseline', version: '9.9.9' });
    await saveSettings({ apiKey: 'secret-key-1' });
    const status = await getStatus();
    expect(status.mode).toBe('echotrail');
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
});
