import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, validateSettingsPatch } from '@/lib/settings';
import { loadSettings, saveSettings } from '@/lib/settings-store';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('parseSettings', () => {
  it.each([
    ['nothing stored', undefined],
    ['a string', 'garbage'],
    ['an empty object', {}],
  ])('falls back to every default for %s', (_label, stored) => {
    expect(parseSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and replaces invalid ones field by field', () => {
    const parsed = parseSettings({
      apiKey: '  abc  ',
      apiBaseUrl: 'javascript:alert(1)',
      cacheHitTtlHours: 48,
      cacheMissTtlHours: -1,
      bands: { typical: 20, rare: 50 },
    });
    expect(parsed.apiKey).toBe('abc');
    expect(parsed.apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    expect(parsed.cacheHitTtlHours).toBe(48);
    expect(parsed.cacheMissTtlHours).toBe(DEFAULT_SETTINGS.cacheMissTtlHours);
    expect(parsed.bands).toEqual(DEFAULT_SETTINGS.bands);
  });
});

describe('validateSettingsPatch', () => {
  it.each([
    ['https://api.echotrail.io/', 'https://api.echotrail.io'],
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1'],
    ['http://localhost:3000', 'http://localhost:3000'],
    [' https://proxy.example.org/echotrail// ', 'https://proxy.example.org/echotrail'],
    // The endpoint pasted instead of its base (as integrations' docs show it)
    ['https://api.echotrail.io/v1/private/insights/', 'https://api.echotrail.io/v1/private'],
    ['https://api.echotrail.io/Insights', 'https://api.echotrail.io'],
  ])('accepts the base URL %s as %s', (input, expected) => {
    expect(validateSettingsPatch({ apiBaseUrl: input })).toEqual({
      ok: true,
      value: { apiBaseUrl: expected },
    });
  });

  it.each([
    'ftp://example.org',
    'not a url',
    'javascript:alert(1)',
    '',
    'http://api.echotrail.io',
    'http://10.0.0.5:8080',
    'https://user:secret@proxy.example.org',
    'https://api.echotrail.io/?key=x',
    'https://api.echotrail.io/#x',
  ])('refuses the base URL %j with a reason', (input) => {
    const result = validateSettingsPatch({ apiBaseUrl: input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.apiBaseUrl).toBeTruthy();
  });

  it('ignores unknown keys and the version', () => {
    expect(validateSettingsPatch({ version: 99, bogus: 1 } as never)).toEqual({
      ok: true,
      value: {},
    });
  });
});

describe('settings store', () => {
  it('stores in storage.local only, and reads back what it stored', async () => {
    const saved = await saveSettings({ apiKey: 'k-123', apiBaseUrl: 'http://127.0.0.1:1/' });
    expect(saved.ok).toBe(true);
    expect((await loadSettings()).apiKey).toBe('k-123');
    expect((await loadSettings()).apiBaseUrl).toBe('http://127.0.0.1:1');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('stores nothing from a change with an invalid field', async () => {
    const result = await saveSettings({ apiKey: 'k', apiBaseUrl: 'nope' });
    expect(result.ok).toBe(false);
    expect((await loadSettings()).apiKey).toBe('');
  });
});
