import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import {
  PENDING_MENU_QUERY_KEY,
  SCORE_MENU_ID,
  handleScoreMenuClick,
  queryFromMenuClick,
} from '@/lib/background/context-menu';

const click = (extra: Partial<Browser.contextMenus.OnClickData>) =>
  ({
    menuItemId: SCORE_MENU_ID,
    editable: false,
    pageUrl: 'https://siem.example/',
    ...extra,
  }) as Browser.contextMenus.OnClickData;

describe('queryFromMenuClick', () => {
  it.each([
    [{ selectionText: '  svchost.exe \n' }, 'svchost.exe'],
    [{ linkUrl: 'https://dl.example/setup.exe' }, 'https://dl.example/setup.exe'],
    [{ selectionText: 'cmd.exe', linkUrl: 'https://x/y.exe' }, 'cmd.exe'],
    [{ selectionText: '   ' }, null],
    [{}, null],
  ])('reads %j as %j', (info, expected) => {
    expect(queryFromMenuClick(click(info))).toBe(expected);
  });

  it('cuts a huge selection instead of refusing it', () => {
    expect(queryFromMenuClick(click({ selectionText: 'a'.repeat(50_000) }))?.length).toBe(20_000);
  });
});

describe('handleScoreMenuClick', () => {
  it('records the query with its tab for the surfaces that show it', async () => {
    const result = await handleScoreMenuClick(
      click({ selectionText: 'rundll32.exe', frameId: 3 }),
      { id: 12 } as Browser.tabs.Tab,
    );
    expect(result).toMatchObject({ query: 'rundll32.exe', tabId: 12, frameId: 3 });
    const stored = await fakeBrowser.storage.session.get(PENDING_MENU_QUERY_KEY);
    expect(stored[PENDING_MENU_QUERY_KEY]).toMatchObject({ query: 'rundll32.exe', tabId: 12 });
  });

  it('ignores other menu items', async () => {
    expect(
      await handleScoreMenuClick(click({ menuItemId: 'other', selectionText: 'x.exe' })),
    ).toBeNull();
  });
});
