import { browser, type Browser } from 'wxt/browser';

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

/** Records the click's query for the surfaces that show the result. */
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
  return request;
}
