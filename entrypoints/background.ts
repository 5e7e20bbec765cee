import { browser } from 'wxt/browser';
import { createScoreMenu, handleScoreMenuClick } from '@/lib/background/context-menu';
import {
  handleCardFor,
  handleClearCache,
  handleGetPageOptions,
  handleGetQuota,
  handleGetStatus,
  handleLookup,
  handleScoreContexts,
  isOwnSender,
  RefusedMessage,
} from '@/lib/background/handlers';
import { onMessage } from '@/lib/messaging';

// Wiring only. Listeners are added synchronously so a woken service worker sees the event.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => createScoreMenu());
  browser.contextMenus.onClicked.addListener((info, tab) => void handleScoreMenuClick(info, tab));

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
});
