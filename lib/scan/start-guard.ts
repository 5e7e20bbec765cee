/**
 * WXT's `ContentScriptContext` stops an older copy of a content script when a newer one starts
 * (ProcLens injected into a tab where it already runs): the newer copy dispatches a
 * `CustomEvent` on `document`, named after the extension id and the script, and every older
 * copy invalidates itself on it. Extension ids are public and DOM events cross worlds, so any
 * page could dispatch that event and switch ProcLens off on itself (a test did).
 *
 * A copy of ours says it is starting through a global of our isolated world, which pages
 * cannot reach, before WXT dispatches the event; the guard stops every other such event
 * before WXT's listener sees it.
 */
const STARTING = '__proclensStarting';

type GuardedGlobal = typeof globalThis & { [STARTING]?: boolean };

/** Called at the top level of a content script, before WXT creates its context. */
export function announceStart(): void {
  (globalThis as GuardedGlobal)[STARTING] = true;
}

/**
 * Lets through only the start events our own copies announced; returns the guard's removal.
 * Called from `main()`: by then this copy's own event has been dispatched.
 */
export function guardStartEvents(win: Window, eventName: string): () => void {
  (globalThis as GuardedGlobal)[STARTING] = false;
  const listener = (event: Event) => {
    if ((globalThis as GuardedGlobal)[STARTING]) return;
    event.stopImmediatePropagation();
  };
  win.addEventListener(eventName, listener, true);
  return () => win.removeEventListener(eventName, listener, true);
}
