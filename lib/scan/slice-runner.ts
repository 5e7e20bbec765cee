/**
 * Runs work in short slices so the page never sees a long task from us: each slice gets
 * `SLICE_MS` of main thread, then yields to the event loop, so input, rendering and the
 * page's own tasks run between our slices.
 *
 * Slices are queued as background-priority tasks (`scheduler.postTask`), which the browser
 * runs after anything more urgent; where that API is missing, a MessageChannel task (not
 * clamped like nested timers). Idle callbacks are not used: on a busy console they arrive
 * about once a frame, which made a 5,000-row scan take seconds of wall time for half a
 * second of work.
 */
export const SLICE_MS = 6;

export interface SliceRunner {
  /** Makes sure a slice is scheduled. */
  schedule(): void;
  cancel(): void;
  readonly scheduled: boolean;
}

interface PostTaskScheduler {
  postTask(
    callback: () => void,
    options: { priority: 'background'; signal?: AbortSignal },
  ): Promise<unknown>;
}

/**
 * @param work called with the time it must return by; returns true while work remains.
 */
export function createSliceRunner(
  win: Window,
  work: (deadline: number) => boolean,
  sliceMs = SLICE_MS,
): SliceRunner {
  let scheduled = false;
  let generation = 0;
  const scheduler = (win as Window & { scheduler?: PostTaskScheduler }).scheduler;
  const MessageChannelCtor = (win as Window & { MessageChannel?: typeof MessageChannel })
    .MessageChannel;
  const channel =
    !scheduler && typeof MessageChannelCtor === 'function' ? new MessageChannelCtor() : null;

  const run = (ticket: number) => {
    if (ticket !== generation) return; // cancelled
    scheduled = false;
    const more = work(performance.now() + sliceMs);
    if (more) runner.schedule();
  };
  if (channel) channel.port1.onmessage = (event: MessageEvent<number>) => run(event.data);

  const runner: SliceRunner = {
    schedule() {
      if (scheduled) return;
      scheduled = true;
      const ticket = generation;
      if (scheduler) {
        scheduler.postTask(() => run(ticket), { priority: 'background' }).catch(() => {});
      } else if (channel) {
        channel.port2.postMessage(ticket);
      } else {
        win.setTimeout(() => run(ticket), 0);
      }
    },
    cancel() {
      generation++;
      scheduled = false;
    },
    get scheduled() {
      return scheduled;
    },
  };
  return runner;
}
