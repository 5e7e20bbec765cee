import { browser, type Browser } from 'wxt/browser';
import { createScoreMenu, handleScoreMenuClick, sendToPage } from '@/lib/background/context-menu';
import {
  handleCardFor,
  handleClearCache,
  handleDisableSite,
  handleEnableSite,
  handleGetPageOptions,
  handleGetQuota,
  handleGetStatus,
  handleListSites,
  handleLookup,
  handleScoreContexts,
  handleSiteAccess,
  isOwnSender,
  RefusedMessage,
} from '@/lib/background/handlers';
import { forgetDataConsent } from '@/lib/background/data-consent';
import { scanGrantedSites, syncContentScripts } from '@/lib/background/site-access';
import { onMessage } from '@/lib/messaging';
import { CARD_AT_SELECTION_MESSAGE } from '@/lib/page-messages';

// Wiring only. Listeners are added synchronously so a woken service worker sees the event.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    createScoreMenu();
    void syncContentScripts();
    // First run: the options page offers the known consoles to enable (nothing is granted unasked).
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void handleScoreMenuClick(info, tab));
  browser.permissions.onAdded.addListener(({ origins }) => {
    forgetDataConsent();
    void scanGrantedSites(origins);
  });
  browser.permissions.onRemoved.addListener(() => {
    forgetDataConsent();
    void syncContentScripts();
  });
  const onCommand = async (command: string, tab?: Browser.tabs.Tab) => {
    if (command !== 'open-card') return;
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    if (target?.id !== undefined)
      await sendToPage(target.id, null, { type: CARD_AT_SELECTION_MESSAGE });
  };
  browser.commands.onCommand.addListener(onCommand);
  // Test build only: Firefox has no way to fire a menu click or a command from a test (Chrome's
  // events have `dispatch`); its e2e suite calls the same handlers through the event page.
  if (import.meta.env.MODE === 'e2e')
    Object.assign(globalThis, { proclensE2E: { menuClick: handleScoreMenuClick, onCommand } });

  const guard = <T>(sender: Parameters<typeof isOwnSender>[0], run: () => Promise<T>) => {
    if (!isOwnSender(sender)) throw new RefusedMessage('not sent by ProcLens');
    return run();
  };
  onMessage('getStatus', ({ sender }) => guard(sender, handleGetStatus));
  onMessage('lookup', ({ sender, data }) => guard(sender, () => handleLookup(data)));
  onMessage('getQuota', ({ sender, data }) => guard(sender, () => handleGetQuota(data)));
  onMessage('clearCache', ({ sender }) => guard(sender, handleClearCache));
  onMessage('getPageOptions', ({ sender }) => guard(sender, handleGetPageOptions));
  onMessage('cardFor', ({ sender, data }) => guard(sender, () => handleCardFor(data)));
  onMessage('scoreContexts', ({ sender, data }) => guard(sender, () => handleScoreContexts(data)));
  onMessage('siteAccess', ({ sender, data }) => guard(sender, () => handleSiteAccess(data)));
  onMessage('enableSite', ({ sender, data }) => guard(sender, () => handleEnableSite(data)));
  onMessage('disableSite', ({ sender, data }) => guard(sender, () => handleDisableSite(data)));
  onMessage('listSites', ({ sender }) => guard(sender, handleListSites));
});
