/**
 * The training queue: a cap on trainings at once, positions, per-client limits and
 * stopping a queued run. The processes are real child processes; most tests use a
 * stand-in trainer (fixtures/stand-in-trainer.mjs) that speaks the protocol without
 * training, so a burst of 30 starts takes seconds. The last test queues real trainings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../../src-main/runs/index.js';
import { defaultMaxConcurrent, QueueLimitError, TrainingService } from '../../../src-main/services/training-service.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { RunOptions } from '../../../src-shared/training/run-options.js';
import type { RunFinishedEvent } from '../../../src-shared/training/events.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STAND_IN = fileURLToPath(new URL('./fixtures/stand-in-trainer.mjs', import.meta.url));

/** The stand-in trainer, counting the processes it started and how many were alive at once. */
function countingLauncher(epochMs = 60): { launcher: TrainerLauncher; started: () => number; alive: () => number } {
  process.env['STAND_IN_EPOCH_MS'] = String(epochMs);
  const base = nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] });
  let started = 0;
  let alive = 0;
  return {
    started: () => started,
    alive: () => alive,
    launcher: () => {
      const ch = base();
      started++;
      alive++;
      ch.onExit(() => alive--);
      return ch;
    },
  };
}

function setup(opts: { maxConcurrent: number; maxPerClient?: number | null; launcher: TrainerLauncher }) {
  const t = tempDir();
  const store = new RunStore(t.dir);
  const service = new TrainingService({ store, launcher: opts.launcher, maxConcurrent: opts.maxConcurrent, maxPerClient: opts.maxPerClient ?? null });
  cleanups.push(t.cleanup, () => service.stopAll());
  return { store, service };
}

const options: Partial<RunOptions> = { epochs: 3, batch_size: 32, seed: 1, limit: 500, backend: 'wasm' };

describe('default number of trainings at once', () => {
  it.each([
    [1, 1],
    [2, 1],
    [4, 3],
    [16, 15],
  ])('%i cores → %i', (cores, expected) => {
    expect(defaultMaxConcurrent(cores)).toBe(expected);
  });
});

describe('training queue with real (stand-in) processes', () => {
  it('a burst of 30 starts never runs more than the cap at once, and all 30 complete in order', async () => {
    const c = countingLauncher(40);
    const { store, service } = setup({ maxConcurrent: 2, launcher: c.launcher });
    let running = 0;
    let peakRunning = 0;
    let peakAlive = 0;
    const startedOrder: string[] = [];
    service.on('run:started', (e) => {
      running++;
      peakRunning = Math.max(peakRunning, running);
      peakAlive = Math.max(peakAlive, c.alive());
      startedOrder.push(e.run_id);
    });
    service.on('run:finished', () => running--);
    const model = loadExample('leaky-relu');
    const ids = Array.from({ length: 30 }, () => service.start(model, options));
    // Right after the burst: 2 training, 28 waiting on disk as `queued`, numbered 1…28.
    expect(service.runningIds()).toHaveLength(2);
    expect(service.queuedIds()).toHaveLength(28);
    expect(service.positionOf(ids[2]!)).toBe(1);
    expect(service.positionOf(ids[29]!)).toBe(28);
    expect(store.list().filter((r) => r.status === 'queued')).toHaveLength(28);

    const results = await Promise.all(ids.map((id) => service.finished(id)));
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(peakRunning).toBe(2);
    expect(peakAlive).toBeLessThanOrEqual(2);
    expect(c.started()).toBe(30);
    expect(startedOrder).toEqual(ids);
    expect(store.list().every((r) => r.status === 'completed' && r.epochs_done === 3)).toBe(true);
  }, 60_000);

  it('positions move as runs start and leave; stopping a queued run ends it stopped without a process', async () => {
    const c = countingLauncher(80);
    const { store, service } = setup({ maxConcurrent: 1, launcher: c.launcher });
    const positions = new Map<string, number[]>();
    service.on('run:queued', (e) => positions.set(e.run_id, [...(positions.get(e.run_id) ?? []), e.position]));
    const model = loadExample('leaky-relu');
    const [a, b, d, e] = [0, 1, 2, 3].map(() => service.start(model, options)) as [string, string, string, string];
    expect([b, d, e].map((id) => service.positionOf(id))).toEqual([1, 2, 3]);

    const stopped: RunFinishedEvent = await service.stop(d);
    expect(stopped.status).toBe('stopped');
    expect(store.load(d).status.status).toBe('stopped');
    expect(store.load(d).status.started_at).toBeNull();
    expect(service.positionOf(e)).toBe(2);
    expect(positions.get(e)).toContain(2);

    await service.finished(e);
    // d never started a process: a, b and e did.
    expect(c.started()).toBe(3);
    expect(positions.get(e)!.at(-1)).toBe(1);
    expect(store.load(a).status.status).toBe('completed');
  }, 30_000);

  it('a client may hold at most maxPerClient jobs; others still queue; the limit frees when a run ends', async () => {
    const c = countingLauncher(60);
    const { service } = setup({ maxConcurrent: 1, maxPerClient: 1, launcher: c.launcher });
    const model = loadExample('leaky-relu');
    const a1 = service.start(model, options, 'lab-alice-0001');
    expect(() => service.start(model, options, 'lab-alice-0001')).toThrow(QueueLimitError);
    expect(() => service.start(model, options, 'lab-alice-0001')).toThrow(/limit 1 per browser/);
    const b1 = service.start(model, options, 'lab-bob-00001');
    expect(service.positionOf(b1)).toBe(1);
    // A refused start created nothing.
    expect(service.runningIds().length + service.queuedIds().length).toBe(2);
    await service.finished(a1);
    const a2 = service.start(model, options, 'lab-alice-0001');
    // Last in line (b1 may still be waiting for a1's process to exit).
    expect(service.positionOf(a2)).toBe(service.queuedIds().length);
    await service.finished(a2);
  }, 30_000);

  it('raising the cap starts queued runs at once', async () => {
    const c = countingLauncher(200);
    const { service } = setup({ maxConcurrent: 1, launcher: c.launcher });
    const model = loadExample('leaky-relu');
    const ids = [0, 1, 2].map(() => service.start(model, options));
    expect(service.runningIds()).toHaveLength(1);
    service.setMaxConcurrent(3);
    expect(service.runningIds()).toHaveLength(3);
    expect(service.queuedIds()).toHaveLength(0);
    expect(() => service.setMaxConcurrent(0)).toThrow(/expected an integer ≥ 1, received 0/);
    await Promise.all(ids.map((id) => service.finished(id)));
  }, 30_000);
});

describe('training queue with the real trainer', () => {
  it('the second real training waits for the first, then both complete and learn', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new RunStore(t.dir);
    const service = new TrainingService({ store, maxConcurrent: 1 });
    cleanups.push(() => service.stopAll());
    const model = loadExample('leaky-relu');
    model.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9 };
    const real: Partial<RunOptions> = { epochs: 2, batch_size: 64, seed: 3, limit: 1000, backend: 'wasm' };
    let overlap = 0;
    let running = 0;
    service.on('run:started', () => (overlap = Math.max(overlap, ++running)));
    service.on('run:finished', () => running--);
    const first = service.start(model, real);
    const second = service.start(model, real);
    expect(store.load(second).status.status).toBe('queued');
    const [r1, r2] = await Promise.all([service.finished(first), service.finished(second)]);
    expect([r1.status, r2.status]).toEqual(['completed', 'completed']);
    expect(overlap).toBe(1);
    const s1 = store.load(first).status;
    const s2 = store.load(second).status;
    // The second started only after the first had finished.
    expect(Date.parse(s2.started_at!)).toBeGreaterThanOrEqual(Date.parse(s1.finished_at!));
    const e2 = store.load(second).epochs;
    expect(e2[1]!.loss).toBeLessThan(e2[0]!.loss);
  }, 120_000);
});
