import { computePosition, flip, offset, shift, size, type Platform } from '@floating-ui/core';
import type { PageOccurrence } from './occurrence-index';

/**
 * Hover cards. The page gets one element from us, created on the first card: a host with a
 * closed shadow root, so page styles and scripts cannot reach the card, and a popover in the
 * top layer, so page stacking and `overflow` cannot hide it. Floating UI places it beside the
 * finding, flipping and shifting at viewport edges.
 *
 * Behaviour: hover intent (the pointer rests ~250 ms on a finding) opens the card; moving into
 * the card keeps it open; leaving both, or Esc, closes it; one card at a time. Events inside
 * the card stop at our shadow root, so the page's own hover handlers and tooltips do not fire.
 * Rendering is injected (`render`), so this module stays free of any UI framework.
 */
export const HOVER_INTENT_MS = 250;
const CLOSE_DELAY_MS = 300;
/** A page that keeps deleting our host gets it back at most this often (per minute), then not. */
const MAX_REATTACH_PER_MINUTE = 30;

export interface CardRequest {
  /** The finding the card is about (null for a card opened at a selection without one). */
  occurrence: PageOccurrence | null;
  query: string;
  /** Where to anchor the card (viewport coordinates). */
  anchor: () => DOMRect;
}

export interface CardController {
  /** Called by the hover watcher with the finding under the pointer (or null). */
  hover(occurrence: PageOccurrence | null): void;
  /** Opens a card now (keyboard command, context menu, popup "reveal"). */
  open(request: CardRequest): void;
  close(): void;
  /** Our host element, once created: the scanner must never read it. */
  isOwn(node: Node): boolean;
  readonly openQuery: string | null;
  dispose(): void;
}

export interface CardControllerOptions {
  /** Turns a hovered finding into a card request (its row's observation included). */
  toRequest?: (occurrence: PageOccurrence) => CardRequest;
  win: Window;
  /** Draws the card for `request` into `container` (and clears it when request is null). */
  render: (container: HTMLElement, request: CardRequest | null, close: () => void) => void;
  /** CSS for inside the shadow root. */
  css: string;
}

export function createCardController({
  win,
  render,
  css,
  toRequest: makeRequest,
}: CardControllerOptions): CardController {
  const doc = win.document;
  const toRequest =
    makeRequest ??
    ((occurrence: PageOccurrence) => ({
      occurrence,
      query: occurrence.key,
      anchor: () => rectOf(doc, occurrence),
    }));
  let host: HTMLElement | null = null;
  let panel: HTMLElement | null = null;
  let current: CardRequest | null = null;
  let intentTimer: number | null = null;
  let closeTimer: number | null = null;
  let pointerInCard = false;
  const reattachedAt: number[] = [];
  let disposed = false;
  let watcher: MutationObserver | null = null;
  let resizes: ResizeObserver | null = null;

  /** Puts our host back (a page removed it), within the rate bound. */
  const reattach = (): boolean => {
    const now = Date.now();
    while (reattachedAt.length && now - reattachedAt[0]! > 60_000) reattachedAt.shift();
    if (!host || reattachedAt.length >= MAX_REATTACH_PER_MINUTE) return false;
    reattachedAt.push(now);
    doc.documentElement.appendChild(host);
    if (current && panel) {
      try {
        panel.showPopover();
      } catch {
        // no Popover API
      }
      void place();
    }
    return true;
  };

  const ensureHost = (): HTMLElement | null => {
    if (disposed) return null;
    if (host && panel && host.isConnected) return panel;
    if (host && !host.isConnected) return reattach() ? panel : null;
    host = doc.createElement('div');
    const shadow = host.attachShadow({ mode: 'closed' });
    adoptStyles(
      shadow,
      `:host { all: initial !important; position: fixed !important; z-index: 2147483647 !important; }
      .pl-panel { position: fixed; inset: auto; margin: 0; padding: 0; border: 0; background: transparent; overflow: visible; }
      ${css}
      .pl-panel .pl-card { max-height: min(70vh, var(--pl-room, 70vh)); }`,
    );
    panel = doc.createElement('div');
    panel.className = 'pl-panel';
    panel.setAttribute('popover', 'manual');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'ProcLens card');
    shadow.append(panel);
    // Nothing that happens in the card reaches the page's listeners.
    for (const type of [
      'pointerover',
      'pointerout',
      'pointermove',
      'mouseover',
      'mouseout',
      'mousemove',
      'mousedown',
      'mouseup',
      'click',
      'dblclick',
      'keydown',
      'keyup',
      'wheel',
      'contextmenu',
    ]) {
      shadow.addEventListener(type, (event) => event.stopPropagation());
    }
    panel.addEventListener('pointerenter', () => {
      pointerInCard = true;
      clearClose();
    });
    panel.addEventListener('pointerleave', () => {
      pointerInCard = false;
      scheduleClose();
    });
    doc.documentElement.appendChild(host);
    // A card that changes size (its answer came, a list was expanded) is placed again.
    const View = win as Window & { ResizeObserver?: typeof ResizeObserver };
    if (View.ResizeObserver) {
      resizes = new View.ResizeObserver(() => {
        if (current) void place();
      });
      resizes.observe(panel);
    }
    // While a card is open, a page that removes our host gets it back (within the bound).
    watcher = new (win as Window & { MutationObserver: typeof MutationObserver }).MutationObserver(
      () => {
        if (current && host && !host.isConnected) reattach();
      },
    );
    watcher.observe(doc.documentElement, { childList: true });
    return panel;
  };

  const clearIntent = () => {
    if (intentTimer !== null) win.clearTimeout(intentTimer);
    intentTimer = null;
  };
  const clearClose = () => {
    if (closeTimer !== null) win.clearTimeout(closeTimer);
    closeTimer = null;
  };
  const scheduleClose = () => {
    clearClose();
    closeTimer = win.setTimeout(() => {
      if (!pointerInCard) controller.close();
    }, CLOSE_DELAY_MS);
  };

  /**
   * Places the panel beside its finding: below it, flipped above where the room below is too
   * small, shifted along the edges, and its height held to the room left (the card scrolls).
   * Runs again whenever the panel's size changes (the answer arrives, "show all"), so a card
   * that grows is flipped or held too; the decision is made on the card's own height.
   */
  const platform = viewportPlatform(win);
  const place = async () => {
    if (!panel || !current) return;
    const target = panel;
    const anchor = current.anchor;
    const reference = { getBoundingClientRect: anchor };
    target.style.removeProperty('--pl-room');
    const { x, y } = await computePosition(reference, target, {
      platform,
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        offset(6),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        size({
          padding: 8,
          apply({ availableHeight }) {
            target.style.setProperty('--pl-room', `${Math.max(160, availableHeight)}px`);
          },
        }),
      ],
    });
    target.style.left = `${x}px`;
    target.style.top = `${y}px`;
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && current) controller.close();
  };
  doc.addEventListener('keydown', onKey, true);
  const onScroll = () => {
    if (current) void place();
  };
  win.addEventListener('scroll', onScroll, { capture: true, passive: true });

  const controller: CardController = {
    hover(occurrence) {
      clearIntent();
      if (!occurrence) {
        if (current) scheduleClose();
        return;
      }
      if (current?.occurrence === occurrence) {
        clearClose();
        return;
      }
      intentTimer = win.setTimeout(() => {
        intentTimer = null;
        controller.open(toRequest(occurrence));
      }, HOVER_INTENT_MS);
    },
    open(request) {
      const target = ensureHost();
      if (!target) return;
      clearClose();
      current = request;
      pointerInCard = false;
      render(target, request, () => controller.close());
      try {
        if (!target.matches(':popover-open')) target.showPopover();
      } catch {
        // No Popover API: the fixed host with the highest z-index still shows the card.
      }
      void place();
    },
    close() {
      clearIntent();
      clearClose();
      if (!current || !panel) return;
      current = null;
      render(panel, null, () => {});
      try {
        panel.hidePopover();
      } catch {
        // not shown as a popover
      }
    },
    isOwn: (node) => host !== null && (node === host || host.contains(node)),
    get openQuery() {
      return current?.query ?? null;
    },
    dispose() {
      controller.close();
      disposed = true;
      watcher?.disconnect();
      resizes?.disconnect();
      doc.removeEventListener('keydown', onKey, true);
      win.removeEventListener('scroll', onScroll, { capture: true });
      host?.remove();
    },
  };
  return controller;
}

/**
 * Floating UI's core with the one layout the card has: a fixed panel in the top layer, placed
 * against a rectangle in viewport coordinates and kept inside the viewport. The DOM platform
 * of `@floating-ui/dom` (offset parents, scroll and clipping ancestors, transforms) has nothing
 * to do here and would add 7 kB to every enabled page's content script.
 */
export function viewportPlatform(win: Window): Platform {
  const dimensions = (element: HTMLElement) => ({
    width: element.offsetWidth,
    height: element.offsetHeight,
  });
  return {
    getElementRects: ({ reference, floating }) => {
      const { x, y, width, height } = (
        reference as { getBoundingClientRect(): DOMRect }
      ).getBoundingClientRect();
      return {
        reference: { x, y, width, height },
        floating: { x: 0, y: 0, ...dimensions(floating as HTMLElement) },
      };
    },
    getDimensions: dimensions,
    getClippingRect: () => {
      const root = win.document.documentElement;
      return {
        x: 0,
        y: 0,
        width: root.clientWidth || win.innerWidth,
        height: root.clientHeight || win.innerHeight,
      };
    },
  };
}

/**
 * The on-screen box of an occurrence (its first line), in the coordinates of the top document
 * the card lives in: an occurrence inside a same-origin frame is offset by the frame's box.
 */
export function rectOf(doc: Document, occurrence: PageOccurrence): DOMRect {
  const own = occurrence.range.startContainer.ownerDocument ?? doc;
  const range = own.createRange();
  let rect: DOMRect;
  try {
    range.setStart(occurrence.range.startContainer, occurrence.range.startOffset);
    range.setEnd(occurrence.range.endContainer, occurrence.range.endOffset);
    rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
  } catch {
    return new DOMRect(0, 0, 0, 0);
  }
  let x = rect.left;
  let y = rect.top;
  for (
    let view: Window | null = own.defaultView;
    view && view.document !== doc;
    view = view.parent === view ? null : view.parent
  ) {
    const frame = view.frameElement;
    if (!frame) break;
    const box = frame.getBoundingClientRect();
    x += box.left + frame.clientLeft;
    y += box.top + frame.clientTop;
  }
  return new DOMRect(x, y, rect.width, rect.height);
}

/**
 * Styles our shadow root with a constructed stylesheet: a page's `style-src` CSP does not
 * apply to one (it can block a `<style>` element, in Firefox even one a content script adds).
 * A `<style>` element remains the fallback where constructed sheets are missing.
 */
function adoptStyles(shadow: ShadowRoot, cssText: string): void {
  const view = shadow.ownerDocument.defaultView;
  if (view && 'adoptedStyleSheets' in shadow) {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(cssText);
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // fall through to a <style> element
    }
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = cssText;
  shadow.prepend(style);
}
