import { browser, type Browser } from 'wxt/browser';

/**
 * Per-site opt-in. ProcLens runs on a site only after the analyst grants that origin (an
 * optional host permission, asked from the popup or options); the scanner is then registered
 * as a dynamic content script for exactly the granted origins, and removed with them.
 */
export const SCANNER_SCRIPT_ID = 'proclens-scanner';
export const SCANNER_FILE = 'content-scripts/scanner.js';
/** Adopts the highlight stylesheet at document_start (lib/scan/highlight-styles.ts). */
export const STYLES_SCRIPT_ID = 'proclens-highlight-styles';
export const STYLES_FILE = 'content-scripts/highlight-styles.js';
const SCRIPT_IDS = [SCANNER_SCRIPT_ID, STYLES_SCRIPT_ID];

/** Origins granted for other reasons, never "enabled sites": the API, and static test pages. */
function otherOrigins(): string[] {
  const manifest = browser.runtime.getManifest();
  const staticMatches = (manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []);
  return ['https://api.echotrail.io/*', ...staticMatches];
}

/** Match patterns of the sites the analyst enabled. */
export async function enabledSites(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  const required = new Set(otherOrigins());
  return origins.filter((origin) => !required.has(origin));
}

/**
 * Registers the scanner (and its early stylesheet) for exactly the enabled sites, or
 * unregisters them when there are none.
 */
export async function syncContentScripts(): Promise<string[]> {
  const sites = await enabledSites();
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: SCRIPT_IDS });
  if (registered.length > 0)
    await browser.scripting.unregisterContentScripts({ ids: registered.map((r) => r.id) });
  if (sites.length > 0) {
    await browser.scripting.registerContentScripts([
      {
        id: STYLES_SCRIPT_ID,
        js: [STYLES_FILE],
        matches: sites,
        allFrames: true,
        runAt: 'document_start',
        persistAcrossSessions: true,
      },
      {
        id: SCANNER_SCRIPT_ID,
        js: [SCANNER_FILE],
        matches: sites,
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  return sites;
}

/** A whole-tab injection asked for again within this time reuses the first. */
const INJECTION_REUSE_MS = 3_000;
const recentInjections = new Map<number, { at: number; done: Promise<boolean> }>();

/**
 * Runs the scanner in a tab now (after enabling its site, or for a right-click on any page).
 * Asked twice for the same tab within a few seconds (the popup's enable and the grant it
 * caused), the tab is scripted once: a second copy would only take over and scan again.
 */
export function injectScanner(tabId: number, frameId?: number | null): Promise<boolean> {
  const wholeTab = frameId === null || frameId === undefined || frameId <= 0;
  const now = Date.now();
  const recent = wholeTab ? recentInjections.get(tabId) : undefined;
  if (recent && now - recent.at < INJECTION_REUSE_MS) return recent.done;
  const done = (async () => {
    try {
      await browser.scripting.executeScript({
        target: wholeTab ? { tabId } : { tabId, frameIds: [frameId] },
        files: [`/${SCANNER_FILE}` as const],
      });
      return true;
    } catch {
      return false; // a page that cannot be scripted (browser pages, the PDF viewer, the store)
    }
  })();
  if (wholeTab) {
    for (const [id, injection] of recentInjections)
      if (now - injection.at >= INJECTION_REUSE_MS) recentInjections.delete(id);
    recentInjections.set(tabId, { at: now, done });
  }
  return done;
}

/**
 * Sites were granted (from the popup, options, or the browser's own add-on manager): the
 * scanner is registered for them, and runs now in the tabs already open on them, so an
 * analyst need not reload the console. (Firefox closes the popup when it shows the
 * permission prompt, so the popup's own request to scan its tab may never be sent.)
 */
export async function scanGrantedSites(origins: readonly string[] | undefined): Promise<void> {
  const sites = await syncContentScripts();
  const granted = (origins ?? []).filter((origin) => sites.includes(origin));
  if (granted.length === 0) return;
  const tabs = await browser.tabs.query({ url: granted });
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? false : injectScanner(tab.id))));
}

/** The match pattern for a page's origin ("https://siem.example.com/*"), or null for pages no script can run on. */
export function sitePattern(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? `${parsed.protocol}//${parsed.hostname}/*`
      : null;
  } catch {
    return null;
  }
}

export type TabInfo = Pick<Browser.tabs.Tab, 'id' | 'url'>;
