/**
 * When an SPA navigation resets the page's findings. A new path resets at once. A change of
 * the query or hash alone resets at most once per `minGapMs`: apps that keep their view state
 * in the URL rewrite it on every scroll or filter, and a full rescan each time kept a
 * 5,000-row console busy 70 % of the time. The last such change is reset too, once the gap
 * has passed. The page's own changes are scanned as they happen in the meantime.
 */
export interface NavigationResets {
  /** Tells of a new location. */
  navigated(href: string): void;
  stop(): void;
}

/** The shortest time between two resets for query- or hash-only changes. */
export const QUERY_RESET_GAP_MS = 10_000;

export function createNavigationResets(
  win: Pick<Window, 'setTimeout' | 'clearTimeout'>,
  initialHref: string,
  reset: () => void,
  { minGapMs = QUERY_RESET_GAP_MS, now = () => performance.now() } = {},
): NavigationResets {
  let last = parse(initialHref);
  let lastResetAt = -Infinity;
  let timer: number | null = null;
  const cancel = () => {
    if (timer !== null) win.clearTimeout(timer);
    timer = null;
  };
  const run = () => {
    cancel();
    lastResetAt = now();
    reset();
  };
  return {
    navigated(href) {
      const next = parse(href);
      const newPath =
        !next || !last || next.origin !== last.origin || next.pathname !== last.pathname;
      last = next;
      const wait = lastResetAt + minGapMs - now();
      if (newPath || wait <= 0) run();
      else timer ??= win.setTimeout(run, wait);
    },
    stop: cancel,
  };
}

function parse(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}
