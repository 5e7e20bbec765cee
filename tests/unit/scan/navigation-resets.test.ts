import { describe, expect, it } from 'vitest';
import { createNavigationResets } from '@/lib/scan/navigation-resets';

/** A clock and timers the test moves by hand. */
function setup() {
  let clock = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let id = 0;
  const win = {
    setTimeout: ((run: () => void, ms: number) => {
      timers.set(++id, { at: clock + ms, run });
      return id;
    }) as unknown as Window['setTimeout'],
    clearTimeout: ((handle: number) => void timers.delete(handle)) as Window['clearTimeout'],
  };
  let resets = 0;
  const nav = createNavigationResets(win, 'https://c.example/app/discover?x=0', () => resets++, {
    minGapMs: 10_000,
    now: () => clock,
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const [handle, timer] of [...timers]) {
      if (timer.at <= clock) {
        timers.delete(handle);
        timer.run();
      }
    }
  };
  return { nav, advance, resets: () => resets, pending: () => timers.size };
}

describe('createNavigationResets', () => {
  it('resets at once on the first change and on every new path', () => {
    const { nav, advance, resets } = setup();
    nav.navigated('https://c.example/app/discover?x=1');
    expect(resets()).toBe(1);
    advance(100);
    nav.navigated('https://c.example/app/alerts/42');
    expect(resets()).toBe(2);
    advance(100);
    nav.navigated('https://c.example/app/alerts/43');
    expect(resets()).toBe(3);
  });

  it('resets a URL rewritten on every scroll at most once per gap, and the last state too', () => {
    const { nav, advance, resets, pending } = setup();
    for (let i = 1; i <= 50; i++) {
      nav.navigated(`https://c.example/app/discover?scroll=${i}`);
      advance(200);
    }
    // 10 s of rewrites every 200 ms: the first reset, then one when the gap had passed.
    expect(resets()).toBe(2);
    advance(10_000);
    expect(resets()).toBeLessThanOrEqual(3);
    expect(pending()).toBe(0);
  });

  it('stops its deferred reset', () => {
    const { nav, advance, resets } = setup();
    nav.navigated('https://c.example/app/discover?x=1');
    nav.navigated('https://c.example/app/discover?x=2');
    nav.stop();
    advance(20_000);
    expect(resets()).toBe(1);
  });
});
