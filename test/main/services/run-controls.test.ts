/**
 * Run controls end to end through the training service and a real training process:
 * the dataset, optimizer and learning rate of a run's options are what is trained and
 * what the run folder's model.json says; samples/s and intra-epoch layer samples arrive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { samplesPerSecond, TrainingService } from '../../../src-main/services/training-service.js';
import type { RunLayersEvent, RunProgressEvent } from '../../../src-shared/training/events.js';
import type { RunOptions } from '../../../src-shared/training/run-options.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const store = new RunStore(t.dir);
  return { store, dir: t.dir, service: new TrainingService({ store }) };
}

const quick: Partial<RunOptions> = { epochs: 1, batch_size: 32, seed: 3, limit: 1000, backend: 'wasm' };

describe('samplesPerSecond', () => {
  it.each([
    [12_800, 4, 3200],
    [100, 0.25, null],
    [0, 0, null],
  ])('%d samples in %d s → %j', (samples, seconds, expected) => {
    expect(samplesPerSecond(samples, seconds)).toBe(expected);
  });
});

describe('run options reach the training process', () => {
  it('learning_rate 10 on sgd diverges where the same model with 1e-3 does not, and 0.05 learns faster than 1e-3', async () => {
    const { service } = setup();
    const model = loadExample('leaky-relu'); // sgd, learning_rate 0.001
    const wild = service.start(model, { ...quick, learning_rate: 10 });
    const calm = service.start(model, { ...quick, learning_rate: 1e-3 });
    const brisk = service.start(model, { ...quick, learning_rate: 0.05 });
    const [w, c, b] = await Promise.all([service.finished(wild), service.finished(calm), service.finished(brisk)]);
    expect(w.status).toBe('diverged');
    expect(w.diverged_at?.epoch).toBe(1);
    expect(c.status).toBe('completed');
    expect(Number.isFinite(c.test_loss)).toBe(true);
    expect(b.status).toBe('completed');
    // One epoch of 1,000 images: at 1e-3 plain SGD barely moves, at 0.05 it learns.
    expect(b.test_accuracy!).toBeGreaterThan(c.test_accuracy! + 0.2);
    expect(model.training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.001 }); // the caller's model is untouched
  });

  it('model.json is the model with the options merged in; dataset and optimizer are what trains', async () => {
    const { service, store, dir } = setup();
    const model = loadExample('leaky-relu');
    model.training.optimizer = { name: 'sgd', learning_rate: 0.001, momentum: 0.9 };
    const id = service.start(model, { ...quick, epochs: 2, seed: 11, dataset: 'mnist', optimizer: 'adam', learning_rate: 0.002 });
    const done = await service.finished(id);
    expect(done.status).toBe('completed');
    const stored = JSON.parse(readFileSync(join(dir, id, 'model.json'), 'utf8')) as typeof model;
    expect(stored).toEqual({
      ...model,
      dataset: 'mnist',
      training: { optimizer: { name: 'adam', learning_rate: 0.002 }, epochs: 2, batch_size: 32, seed: 11 },
    });
    const rec = store.load(id);
    expect(rec.model).toEqual(stored);
    expect(rec.environment?.backend).toBe('wasm');
    // Adam at 0.002 learns MNIST digits within two short epochs (chance is 0.1).
    expect(rec.epochs).toHaveLength(2);
    expect(done.test_accuracy).toBeGreaterThan(0.7);
  });
});

describe('progress while training', () => {
  it('progress carries samples/s; layer samples stream between epochs, throttled and not stored', async () => {
    const { service, dir } = setup();
    const progress: RunProgressEvent[] = [];
    const layers: RunLayersEvent[] = [];
    const arrivals: number[] = [];
    service.on('run:progress', (e) => progress.push(e));
    service.on('run:layers', (e) => {
      layers.push(e);
      arrivals.push(performance.now());
    });
    // 12,000 images: with the fused step an epoch of 3,000 (~0.2 s) can pass between two 250 ms samples.
    const id = service.start(loadExample('leaky-relu'), { ...quick, epochs: 2, limit: 12_000 });
    const done = await service.finished(id);
    expect(done.status).toBe('completed');

    const rates = progress.map((p) => p.samples_per_second).filter((r): r is number => r !== null);
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) expect(r).toBeGreaterThan(0);

    expect(layers.length).toBeGreaterThanOrEqual(2);
    // ~20 measurements an epoch, of which at most one per 250 ms is sent.
    expect(layers.length).toBeLessThanOrEqual(2 * 21);
    for (const l of layers) {
      expect(l.run_id).toBe(id);
      expect(l.layers.map((x) => x.name)).toEqual(['dense_1', 'dense_2', 'dense_3']);
      for (const x of l.layers) {
        expect(x.grad_norm).toBeGreaterThan(0);
        expect(x.act_std).toBeGreaterThan(0);
      }
      expect(l.layers[0]!.inactive_fraction).toBeGreaterThanOrEqual(0);
      expect(l.layers[2]!.inactive_fraction).toBeNull(); // softmax
    }
    const steps = layers.map((l) => l.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(layers.map((l) => l.epoch))).toEqual(new Set([1, 2]));
    // Throttled at the source: samples leave the trainer at least 250 ms apart (IPC may bunch them a little).
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] as number));
    expect(gaps.filter((g) => g < 150).length).toBeLessThanOrEqual(Math.ceil(gaps.length / 4));

    const jsonl = readFileSync(join(dir, id, 'metrics.jsonl'), 'utf8');
    expect(jsonl).not.toMatch(/"type":"layers"/);
    expect(jsonl.trim().split('\n').every((line) => /"type":"(batch|epoch)"/.test(line))).toBe(true);
  });
});
