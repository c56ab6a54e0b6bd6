/**
 * One queue of chart redraws for the whole page, run in animation frames within a time
 * budget. At an epoch's end every dashboard chart gets new data at once; redrawing six
 * charts of a 100-layer run in one frame made that frame longer than 100 ms, so the
 * redraws are spread over consecutive frames instead (each chart still redraws once).
 */

/** Milliseconds of redrawing one frame may take before the rest waits for the next frame. */
export const FRAME_BUDGET_MS = 24;

const queue = new Map<object, () => void>();
let frame = 0;

function run(): void {
  frame = 0;
  const start = performance.now();
  for (const [key, task] of queue) {
    queue.delete(key);
    task();
    // At least one task per frame, so progress never stalls on a slow chart.
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  if (queue.size > 0) frame = requestAnimationFrame(run);
}

/** Schedules `task` for a coming frame; a later call with the same `key` replaces the pending task. */
export function scheduleRedraw(key: object, task: () => void): void {
  queue.set(key, task);
  if (!frame) frame = requestAnimationFrame(run);
}

/** Drops a pending redraw (the chart is being destroyed, or it redraws right now). */
export function cancelRedraw(key: object): void {
  queue.delete(key);
}
