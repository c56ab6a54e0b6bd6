/** The bounded pool behind samples and evaluations: shared keys, a cap on running jobs, refusals past the queue. */
import { describe, expect, it } from 'vitest';
import { createJobPool } from '../../../src-main/services/job-pool.js';

function deferred() {
  let resolve!: (v: number) => void;
  const promise = new Promise<number>((r) => (resolve = r));
  return { promise, resolve };
}
const busy = (count: number): never => {
  throw new Error(`busy ${count}`);
};

describe('createJobPool', () => {
  it('shares a key, runs at most maxRunning at once, queues maxWaiting, refuses beyond', async () => {
    const pool = createJobPool<number>(1, 1);
    const a = deferred();
    const b = deferred();
    let started = 0;
    const pa = pool.run('a', () => (started++, a.promise), busy);
    expect(pool.run('a', () => Promise.resolve(-1), busy)).toBe(pa);
    const pb = pool.run('b', () => (started++, b.promise), busy);
    expect(() => pool.run('c', () => Promise.resolve(3), busy)).toThrow('busy 2');
    await Promise.resolve();
    expect(started).toBe(1);
    a.resolve(1);
    expect(await pa).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(2);
    b.resolve(2);
    expect(await pb).toBe(2);
    // Finished keys are forgotten: a new request starts a new job.
    expect(await pool.run('a', () => Promise.resolve(5), busy)).toBe(5);
  });
});
