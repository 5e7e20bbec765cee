/**
 * Runs work in short slices so the page never sees a long task from us: each slice gets
 * `SLICE_MS` of main thread, then yields to the page until the browser is idle again
 * (requestIdleCallback, with a timeout so a page that is never idle still makes progress).
 */
export const SLICE_MS = 6;
/** Longest wait for an idle period before a slice runs anyway. */
const IDLE_TIMEOUT_MS = 100;

export interface SliceRunner {
  /** Makes sure a slice is scheduled. */
  schedule(): void;
  cancel(): void;
  readonly scheduled: boolean;
}

/**
 * @param work called with the time it must return by; returns true while work remains.
 */
export function createSliceRunner(
  win: Window,
  work: (deadline: number) => boolean,
  sliceMs = SLICE_MS,
): SliceRunner {
  let handle: number | null = null;
  let usesIdle = false;
  const run = () => {
    handle = null;
    const more = work(performance.now() + sliceMs);
    if (more) runner.schedule();
  };
  const runner: SliceRunner = {
    schedule() {
      if (handle !== null) return;
      usesIdle = typeof win.requestIdleCallback === 'function';
      handle = usesIdle
        ? win.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS })
        : win.setTimeout(run, 0);
    },
    cancel() {
      if (handle === null) return;
      if (usesIdle) win.cancelIdleCallback(handle);
      else win.clearTimeout(handle);
      handle = null;
    },
    get scheduled() {
      return handle !== null;
    },
  };
  return runner;
}
