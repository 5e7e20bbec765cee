import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enabledSites, sitePattern, syncContentScripts } from '@/lib/background/site-access';
import { patternForUrl } from '@/lib/console-presets';

type Registered = { id: string; matches?: string[] };
let granted: string[];
let registered: Registered[];

beforeEach(() => {
  granted = [];
  registered = [];
  const b = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  b.permissions = { getAll: vi.fn(async () => ({ origins: granted, permissions: [] })) };
  b.scripting = {
    getRegisteredContentScripts: vi.fn(async ({ ids }: { ids: string[] }) =>
      registered.filter((r) => ids.includes(r.id)),
    ),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
      registered = registered.filter((r) => !ids.includes(r.id));
    }),
    registerContentScripts: vi.fn(async (scripts: Registered[]) => {
      registered.push(...scripts);
    }),
  };
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'ProcLens',
    version: '1',
    host_permissions: ['https://api.echotrail.io/*'],
  });
});

describe('per-site opt-in', () => {
  it('registers the scanner for exactly the granted sites, and never for the API', async () => {
    granted = [
      'https://api.echotrail.io/*',
      'https://*.splunkcloud.com/*',
      'https://thehive.corp.example/*',
    ];
    expect(await syncContentScripts()).toEqual([
      'https://*.splunkcloud.com/*',
      'https://thehive.corp.example/*',
    ]);
    const sites = ['https://*.splunkcloud.com/*', 'https://thehive.corp.example/*'];
    expect(registered).toEqual([
      // The highlight stylesheet first, while the document is empty; the scanner once it is idle.
      expect.objectContaining({
        id: 'proclens-highlight-styles',
        js: ['content-scripts/highlight-styles.js'],
        matches: sites,
        allFrames: true,
        runAt: 'document_start',
      }),
      expect.objectContaining({
        id: 'proclens-scanner',
        js: ['content-scripts/scanner.js'],
        matches: sites,
        allFrames: true,
        runAt: 'document_idle',
      }),
    ]);
  });

  it('follows a site being removed, and unregisters when none is left', async () => {
    granted = ['https://a.example/*', 'https://b.example/*'];
    await syncContentScripts();
    granted = ['https://b.example/*'];
    await syncContentScripts();
    expect(registered.map((r) => r.matches)).toEqual([
      ['https://b.example/*'],
      ['https://b.example/*'],
    ]);
    granted = [];
    await syncContentScripts();
    expect(registered).toEqual([]);
    expect(await enabledSites()).toEqual([]);
  });

  it.each([
    ['https://siem.example.org/app/search?q=1', 'https://siem.example.org/*'],
    ['http://127.0.0.1:8000/x', 'http://127.0.0.1/*'],
    ['chrome://extensions', null],
    ['file:///C:/report.html', null],
    [undefined, null],
  ])('the site of %s is %s', (url, pattern) => {
    expect(sitePattern(url)).toBe(pattern);
  });

  it.each([
    ['thehive.corp.example:9000/cases', 'https://thehive.corp.example/*'],
    ['http://kibana.lab', 'http://kibana.lab/*'],
    ['ftp://x', null],
    ['not a url at all', null],
  ])('a typed site %s becomes %s', (url, pattern) => {
    expect(patternForUrl(url)).toBe(pattern);
  });
});
