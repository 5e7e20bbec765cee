import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { collectFindings } from '../context/collect-findings';
import { isFindingsRequest, type PageFindings } from '../findings';
import { collectTextSegments } from './text-segments';

/**
 * The content script's controller. It answers the public `proclens:findings` message with the
 * page's findings, and everything it starts hangs off `ctx`, so an extension update or reload
 * stops the old script cleanly.
 */
export function startScanner(ctx: ContentScriptContext, win: Window = window): void {
  const collect = (): PageFindings => {
    const root = win.document.body ?? win.document.documentElement;
    return collectFindings(win.location.href, collectTextSegments(root));
  };

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id || !isFindingsRequest(message)) return undefined;
    return Promise.resolve(collect());
  };
  // Only the top frame answers; child frames report through it.
  if (win === win.top) {
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  }
}
