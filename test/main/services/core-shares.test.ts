/**
 * Trainings running at once split the machine's cores (data-parallel threads): the
 * split itself, and the queue telling each training process its share as runs start
 * and end, never handing out more than the cores in total.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../../src-main/runs/index.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { TrainerCommand } from '../../../src-main/trainer/protocol.js';
import { coreShares } from '../../../src-shared/training/threads.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('coreShares', () => {
  it.each([
    { cores: 2, running: 0, shares: [] },
    { cores: 2, running: 1, shares: [2] },
    { cores: 2, running: 2, shares: [1, 1] },
    { cores: 4, running: 3, shares: [2, 1, 1] },
    { cores: 16, running: 3, shares: [6, 5, 5] },
    { cores: 8, running: 8, shares: [1, 1, 1, 1, 1, 1, 1, 1] },
    // More runs than cores (a lab server's cap set above its cores): one each, the OS shares the rest.
    { cores: 2, running: 3, shares: [1, 1, 1] },
  ])('$cores cores, $running running → $shares', ({ cores, running, shares }) => {
    expect(coreShares(cores, running)).toEqual(shares);
    if (running <= cores) expect(shares.reduce((a, b) => a + b, 0)).toBe(running === 0 ? 0 : cores);
  });
});

const STAND_IN = fileURLToPath(new URL('./fixtures/stand-in-trainer.mjs', import.meta.url));

describe('the queue tells each training process its share', () => {
  it('4 cores: A alone gets 4; B starts → 2 + 2; C starts → 2 + 1 + 1; A stops → B and C get 2 each', async () => {
    process.env['STAND_IN_EPOCH_MS'] = '400';
    const base = nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] });
    /** Per process, in launch order: the share it was last told. */
    const current: number[] = [];
    const log: string[] = [];
    const launcher: TrainerLauncher = () => {
      const ch = base();
      const index = current.length;
      current.push(0);
      const send = ch.send.bind(ch);
      ch.send = (command: TrainerCommand) => {
        if (command.type === 'start') current[index] = command.threads ?? 1;
        if (command.type === 'threads') current[index] = command.threads;
        if (command.type === 'start' || command.type === 'threads') log.push(`${'ABC'[index]}=${current[index]}`);
        send(command);
      };
      return ch;
    };
    const t = tempDir();
    const service = new TrainingService({ store: new RunStore(t.dir), launcher, maxConcurrent: 3, cores: 4 });
    cleanups.push(t.cleanup, () => service.stopAll());
    const model = loadExample('leaky-relu');
    const options = { epochs: 50, batch_size: 32, seed: 1, limit: 500, backend: 'wasm' as const };
    // A finished run gives its cores back: the total told to live runs never exceeds 4.
    const live = new Set<number>();
    const total = () => [...live].reduce((s, i) => s + (current[i] as number), 0);

    const a = service.start(model, options);
    live.add(0);
    expect(log).toEqual(['A=4']);
    const b = service.start(model, options);
    live.add(1);
    expect(log).toEqual(['A=4', 'A=2', 'B=2']);
    expect(total()).toBe(4);
    service.start(model, options);
    live.add(2);
    expect(log.slice(3)).toEqual(['B=1', 'C=1']);
    expect(current).toEqual([2, 1, 1]);
    expect(total()).toBe(4);

    await service.stop(a);
    live.delete(0);
    expect(current.slice(1)).toEqual([2, 2]);
    expect(total()).toBe(4);
    await service.stop(b);
    live.delete(1);
    expect(current[2]).toBe(4);
  });
});

describe('a real training process trains on its share and records it', () => {
  it.each([
    { example: 'leaky-relu', batch: 128, threads: 2, limit: undefined },
    { example: 'leaky-relu', batch: 32, threads: 1, limit: 'small_batch' },
    { example: 'batch-norm', batch: 128, threads: 1, limit: 'batch_normalization' },
  ])('$example, batch $batch, on 2 cores → $threads thread(s) in environment.json', async ({ example, batch, threads, limit }) => {
    const t = tempDir();
    const store = new RunStore(t.dir);
    const service = new TrainingService({ store, maxConcurrent: 1, cores: 2 });
    cleanups.push(t.cleanup, () => service.stopAll());
    const progressThreads: number[] = [];
    service.on('run:progress', (e) => {
      if (e.threads !== undefined) progressThreads.push(e.threads);
    });
    const id = service.start(loadExample(example), { epochs: 1, batch_size: batch, seed: 1, limit: 2000, backend: 'wasm' });
    const end = await service.finished(id);
    expect(end.status).toBe('completed');
    const env = store.load(id).environment;
    expect(env?.threads).toBe(threads);
    expect(env?.thread_limit).toBe(limit);
    expect(new Set(progressThreads)).toEqual(new Set([threads]));
  });
});
