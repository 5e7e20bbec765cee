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

/** Runs the scanner in a tab now (after enabling its site, or for a right-click on any page). */
export async function injectScanner(tabId: number, frameId?: number | null): Promise<boolean> {
  try {
    await browser.scripting.executeScript({
      target:
        frameId !== null && frameId !== undefined && frameId > 0
          ? { tabId, frameIds: [frameId] }
          : { tabId },
      files: [`/${SCANNER_FILE}` as const],
    });
    return true;
  } catch {
    return false; // a page that cannot be scripted (browser pages, the PDF viewer, the store)
  }
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
