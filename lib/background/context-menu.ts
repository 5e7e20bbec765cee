import { browser, type Browser } from 'wxt/browser';
import { wellFormed } from '../insight';
import { SHOW_CARD_MESSAGE } from '../page-messages';
import { injectScanner } from './site-access';

/**
 * Right-click "Score this process". One static item, created once on install and resolved at
 * click time: menus rebuilt on every selection are the most common reason peers' menus fail
 * to appear.
 */
export const SCORE_MENU_ID = 'proclens-score';
export const PENDING_MENU_QUERY_KEY = 'lastMenuQuery';
/** A selection longer than this is not a copied row any more; cut it rather than refuse it. */
const MAX_SELECTION_CHARS = 20_000;

export function createScoreMenu(): void {
  browser.contextMenus.create({
    id: SCORE_MENU_ID,
    title: 'Score this process',
    contexts: ['selection', 'link'],
  });
}

/** The text a click asks about: the selection, else the link (a download URL of an `.exe`). */
export function queryFromMenuClick(info: Browser.contextMenus.OnClickData): string | null {
  const text = (info.selectionText ?? info.linkUrl ?? '').trim();
  return text ? text.slice(0, MAX_SELECTION_CHARS) : null;
}

export interface MenuQuery {
  query: string;
  tabId: number | null;
  frameId: number | null;
  at: number;
}

/**
 * Shows the card for the click's query on the page, anchored at the selection: through the
 * page's content script, injecting it first on a site that is not enabled (the click grants
 * activeTab); where no script can run (browser pages, the PDF viewer), in a small extension
 * window. The query is also kept in session storage for that window.
 */
export async function handleScoreMenuClick(
  info: Browser.contextMenus.OnClickData,
  tab?: Browser.tabs.Tab,
): Promise<MenuQuery | null> {
  if (info.menuItemId !== SCORE_MENU_ID) return null;
  const query = queryFromMenuClick(info);
  if (!query) return null;
  const request: MenuQuery = {
    query,
    tabId: tab?.id ?? null,
    frameId: info.frameId ?? null,
    at: Date.now(),
  };
  await browser.storage.session.set({ [PENDING_MENU_QUERY_KEY]: request });
  if (request.tabId !== null && request.tabId >= 0) {
    const shown = await sendToPage(request.tabId, request.frameId, {
      type: SHOW_CARD_MESSAGE,
      text: query,
    });
    if (shown) return request;
  }
  await openCardWindow(query);
  return request;
}

/** Sends `message` to a tab's content script, injecting the scanner first if it is not there. */
export async function sendToPage(
  tabId: number,
  frameId: number | null,
  message: object,
): Promise<boolean> {
  const options = frameId !== null && frameId >= 0 ? { frameId } : undefined;
  try {
    if (await browser.tabs.sendMessage(tabId, message, options)) return true;
  } catch {
    // no content script in this frame yet
  }
  if (!(await injectScanner(tabId, frameId))) return false;
  try {
    return Boolean(await browser.tabs.sendMessage(tabId, message, options));
  } catch {
    return false;
  }
}

/** A small window with the popup's lookup, for pages no script can run on. */
export async function openCardWindow(query: string): Promise<void> {
  const url = browser.runtime.getURL(`/popup.html?query=${encodeURIComponent(wellFormed(query))}`);
  await browser.windows
    .create({ url, type: 'popup', width: 460, height: 680 })
    .catch(() => browser.tabs.create({ url }));
}
