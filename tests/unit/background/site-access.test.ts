import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  enabledSites,
  injectScanner,
  scanGrantedSites,
  sitePattern,
  syncContentScripts,
} from '@/lib/background/site-access';
import { patternForUrl } from '@/lib/console-presets';

type Registered = { id: string; matches?: string[] };
let granted: string[];
let registered: Registered[];
const openTabs = [
  { id: 11, url: 'https://thehive.corp.example/cases/1' },
  { id: 12, url: 'https://thehive.corp.example/alerts' },
  { id: 13, url: 'https://other.example/' },
];
const scriptedTabs = () =>
  vi
    .mocked(fakeBrowser.scripting.executeScript)
    .mock.calls.map(([options]) => (options.target as { tabId: number }).tabId);

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
    executeScript: vi.fn(async () => []),
  };
  b.tabs = {
    query: vi.fn(async ({ url }: { url: string[] }) =>
      openTabs.filter((tab) => url.some((pattern) => tab.url.startsWith(pattern.slice(0, -1)))),
    ),
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

describe('running the scanner in open tabs', () => {
  it('runs it now in the tabs already open on a site just granted, and nowhere else', async () => {
    granted = ['https://api.echotrail.io/*', 'https://thehive.corp.example/*'];
    vi.setSystemTime(Date.UTC(2026, 10, 29, 10));
    await scanGrantedSites(['https://thehive.corp.example/*', 'https://api.echotrail.io/*']);
    expect(registered.map((r) => r.matches)).toEqual([
      ['https://thehive.corp.example/*'],
      ['https://thehive.corp.example/*'],
    ]);
    expect(scriptedTabs()).toEqual([11, 12]);
    // A grant the browser reports without origins (an API permission) scripts nothing.
    await scanGrantedSites(undefined);
    expect(scriptedTabs()).toEqual([11, 12]);
    vi.useRealTimers();
  });

  it('scripts a tab once when asked twice within seconds (the popup, then the grant)', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 29, 11), toFake: ['Date'] });
    expect(await injectScanner(21)).toBe(true);
    expect(await injectScanner(21)).toBe(true);
    expect(scriptedTabs()).toEqual([21]);
    // A frame of its own is always scripted, and a tab again once the moment has passed.
    await injectScanner(21, 3);
    vi.setSystemTime(Date.UTC(2026, 10, 29, 11, 0, 5));
    await injectScanner(21);
    expect(scriptedTabs()).toEqual([21, 21, 21]);
    vi.useRealTimers();
  });

  it('says false for a tab that cannot be scripted', async () => {
    vi.mocked(fakeBrowser.scripting.executeScript).mockRejectedValueOnce(
      new Error('Cannot access a chrome:// URL'),
    );
    expect(await injectScanner(31)).toBe(false);
  });
});
