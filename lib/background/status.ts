import { browser, type Browser } from 'wxt/browser';
import type { BackgroundStatus } from '../messaging';
import { loadSettings } from '../settings-store';

/** Only our own pages and content scripts may talk to the background. */
export function isOwnSender(sender: Browser.runtime.MessageSender | undefined): boolean {
  return sender?.id === browser.runtime.id;
}

/** What the popup's status line shows. Never includes the key. */
export async function getStatus(): Promise<BackgroundStatus> {
  const settings = await loadSettings();
  return {
    version: browser.runtime.getManifest().version,
    mode: settings.apiKey ? 'echotrail' : 'baseline',
    apiBaseUrl: settings.apiBaseUrl,
  };
}
