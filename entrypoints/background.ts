import { browser } from 'wxt/browser';
import { createScoreMenu, handleScoreMenuClick } from '@/lib/background/context-menu';
import { getStatus, isOwnSender } from '@/lib/background/status';
import { onMessage } from '@/lib/messaging';

// Wiring only. Listeners are added synchronously so a woken service worker sees the event.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => createScoreMenu());
  browser.contextMenus.onClicked.addListener((info, tab) => void handleScoreMenuClick(info, tab));
  onMessage('getStatus', ({ sender }) => {
    if (!isOwnSender(sender)) throw new Error('Refused: not sent by ProcLens');
    return getStatus();
  });
});
