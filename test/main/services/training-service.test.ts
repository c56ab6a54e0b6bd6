import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import type { TrainerChannel, TrainerExit } from '../../../src-main/trainer/launcher.js';
import type { RunOptions } from '../../../src-shared/training/run-options.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const store = new RunStore(t.dir);
  return { store, service: new TrainingService({ store }) };
}

const small: Partial<RunOptions> = { epochs: 30, batch_size: 64, seed: 7, limit: 1500, backend: 'wasm' };

/** The seed's LeakyReLU net with momentum so that a 1,500-image run learns in seconds. */
function quickModel() {
  const model = loadExample('leaky-relu');
  model.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9 };
  return model;
}

describe('TrainingService with a real training process', () => {
  it('records epochs and completes; the loss falls', async () => {
    const { store, service } = setup();
    const epochs: EpochMetrics[] = [];
    service.on('run:epoch', (e) => epochs.push(e.metrics));
    let progressEvents = 0;
    service.on('run:progress', () => progressEvents++);
    const id = service.start(quickModel(), { ...small, epochs: 3 });
    const done = await service.finished(id);
    expect(done.status).toBe('completed');
    expect(done.test_accuracy).toBeGreaterThan(0.5);
    expect(epochs).toHaveLength(3);
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(progressEvents).toBeGreaterThan(0);
    const rec = store.load(id);
    expect(rec.status.status).toBe('completed');
    expect(rec.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(rec.environment?.backend).toBe('wasm');
  });

  it('a crash of the training process marks the run failed and keeps recorded epochs', async () => {
    const { store, service } = setup();
    const id = service.start(quickModel(), small);
    await new Promise<void>((resolve) => service.once('run:epoch', () => resolve()));
    const pid = service.pidOf(id);
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');
    const done = await service.finished(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/killed \(SIGKILL\)/);
    const rec = store.load(id);
    expect(rec.status.status).toBe('failed');
    expect(rec.epochs.length).toBeGreaterThanOrEqual(1);
    expect(rec.epochs[0]!.val_accuracy).toBeGreaterThan(0.3);
  });

  it('stop ends the run after the current step with status stopped', async () => {
    const { store, service } = setup();
    const id = service.start(quickModel(), small);
    await new Promise<void>((resolve) => service.once('run:epoch', () => resolve()));
    const done = await service.stop(id);
    expect(done.status).toBe('stopped');
    expect(store.load(id).status.status).toBe('stopped');
    expect(store.load(id).epochs.length).toBeLessThan(small.epochs!);
  });

  it('a diverging run ends with status diverged and the step where the loss became NaN/Inf', async () => {
    const { store, service } = setup();
    const model = loadExample('leaky-relu');
    model.training.optimizer = { name: 'sgd', learning_rate: 1e4 };
    const id = service.start(model, { ...small, epochs: 2 });
    const done = await service.finished(id);
    expect(done.status).toBe('diverged');
    expect(done.diverged_at?.step).toBeGreaterThanOrEqual(1);
    expect(store.load(id).status.diverged_at).toEqual(done.diverged_at);
  });
});

/** A stand-in process that sends what we tell it to: for protocol errors only the channel is faked. */
function scriptedChannel(messages: unknown[], exit: TrainerExit | null): TrainerChannel {
  const exitListeners: ((e: TrainerExit) => void)[] = [];
  let eventListener: ((e: unknown) => void) | null = null;
  return {
    pid: undefined,
    send: (cmd) => {
      if (cmd.type !== 'start') return;
      setTimeout(() => {
        for (const m of messages) eventListener?.(m);
        if (exit) for (const l of exitListeners) l(exit);
      }, 5);
    },
    onEvent: (l) => (eventListener = l),
    onExit: (l) => exitListeners.push(l),
    release: () => undefined,
    kill: () => {
      for (const l of exitListeners) l({ code: null, signal: 'SIGKILL' });
    },
  };
}

describe('TrainingService protocol checks', () => {
  it.each([
    ['a malformed message', [{ type: 'epoch', metrics: 'garbage' }], null, /malformed message/],
    ['an unknown message type', [{ type: 'rm -rf' }], null, /malformed message/],
    ['an error report', [{ type: 'error', message: 'dataset cache unreadable' }], null, /dataset cache unreadable/],
    ['an exit without done', [], { code: 1, signal: null }, /exited with code 1/],
  ])('%s marks the run failed', async (_name, messages, exit, error) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new RunStore(t.dir);
    const service = new TrainingService({ store, launcher: () => scriptedChannel(messages, exit) });
    const id = service.start(quickModel(), small);
    const done = await service.finished(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(error);
    expect(store.load(id).status.status).toBe('failed');
  });
});
