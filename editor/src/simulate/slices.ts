// Long loops in the worker run in time slices: between slices the worker reads its messages
// (a cancel, a newer run) and reports progress. One slice is short enough for a cancel to
// feel immediate, long enough that yielding costs nothing measurable.

export interface SliceOptions {
  /** Milliseconds of work between yields. */
  sliceMs?: number;
  /** Called after each slice with the items done so far. */
  onSlice?: (done: number) => void;
  /** Checked after each slice: true stops the loop. */
  stopped: () => boolean;
}

const SLICE_MS = 40;

/** Lets queued messages in. setTimeout(0) would be clamped to 4 ms after a few nested calls. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/**
 * Calls `fn` for every item, yielding between slices. Resolves to false when stopped.
 *
 * @example
 * const finished = await sliced(inputs, (x) => sim.add(x), { stopped: () => cancelled });
 */
export async function sliced<T>(items: Iterable<T>, fn: (item: T, index: number) => void, opts: SliceOptions): Promise<boolean> {
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  let i = 0;
  let until = performance.now() + sliceMs;
  for (const item of items) {
    fn(item, i++);
    // Reading the clock costs more than a cheap item: look at it every 64 items.
    if ((i & 63) === 0 && performance.now() >= until) {
      opts.onSlice?.(i);
      await yieldToEvents();
      if (opts.stopped()) return false;
      until = performance.now() + sliceMs;
    }
  }
  opts.onSlice?.(i);
  return !opts.stopped();
}
