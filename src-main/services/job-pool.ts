/**
 * Short jobs in training processes (initializer samples, evaluations) that a class may ask
 * for all at once: identical requests share one job, at most `maxRunning` run at once,
 * `maxWaiting` more wait for a slot, and beyond that a request is refused at once.
 */

/** A bounded pool of keyed, shared jobs. */
export interface JobPool<T> {
  /**
   * Runs `job` under `key`, or returns the job already running under that key. When the
   * pool is full, calls `busy` (which throws the caller's refusal) without starting anything.
   */
  run(key: string, job: () => Promise<T>, busy: (capacity: number) => never): Promise<T>;
}

/** Creates a pool. Example: `createJobPool<Stats>(2, 16)` → two at once, sixteen waiting. */
export function createJobPool<T>(maxRunning: number, maxWaiting: number): JobPool<T> {
  const inFlight = new Map<string, Promise<T>>();
  const waiting: (() => void)[] = [];
  let running = 0;

  async function withSlot(fn: () => Promise<T>): Promise<T> {
    if (running >= maxRunning) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }

  return {
    run(key, job, busy) {
      const shared = inFlight.get(key);
      if (shared) return shared;
      if (running >= maxRunning && waiting.length >= maxWaiting) busy(maxRunning + maxWaiting);
      const pending = withSlot(job).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
      return pending;
    },
  };
}
