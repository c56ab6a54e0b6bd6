/**
 * `runs:evaluate` on a real tiny run: train 1 epoch on 1,000 Fashion-MNIST images (wasm),
 * then evaluate its saved weights in a training process on the whole test split. The
 * accuracy must equal the run's recorded test_accuracy, the confusion rows the class
 * counts, and every "misclassified" image must really be one.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSplit, loadRaw } from '../../../src-main/data/index.js';
import { RunStore } from '../../../src-main/runs/index.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { EvaluationRefused, evaluateRun, evaluateRunDir } from '../../../src-main/services/evaluator.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { classCounts, type EvaluateResponse } from '../../../src-shared/training/evaluation.js';
import type { RunEnvironment } from '../../../src-shared/training/run.js';
import { tempDir } from '../../helpers/tmp.js';
import { prepareData } from '../../../src-main/data/index.js';
import { exportArtifacts, selectBackend, train } from '../../../src-main/engine/index.js';

const tmp = tempDir('gl-evaluator-');
afterAll(() => tmp.cleanup());
const store = new RunStore(join(tmp.dir, 'runs'));

/** Standardized inputs, RReLU (a custom layer the loader must know) and batch norm (moving statistics in inference). */
const model: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'eval tiny',
  dataset: 'fashion-mnist',
  preprocess: 'standardize',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, kernel_initializer: 'he_normal' },
    { kind: 'batch_normalization' },
    { kind: 'rrelu' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'sgd', learning_rate: 0.05, momentum: 0.9 }, epochs: 1, batch_size: 32, seed: 3 },
} as ModelSpec;

const environment: RunEnvironment = {
  backend: 'wasm', backend_requested: 'wasm', backend_attempts: [], tfjs_version: tf.version.tfjs, app_version: '0.1.0',
  node_version: process.versions.node, electron_version: null, platform: process.platform, arch: process.arch,
  cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h',
};
const options = { epochs: 1, batch_size: 32, limit: 1000, seed: 3, backend: 'wasm' };

let runId = '';
let recorded = NaN;
let first: EvaluateResponse;

beforeAll(async () => {
  const service = new TrainingService({ store });
  runId = service.start(model, { epochs: 1, batch_size: 32, seed: 3, limit: 1000, backend: 'wasm' });
  const done = await service.finished(runId);
  expect(done.status).toBe('completed');
  recorded = store.load(runId).status.test_accuracy as number;
  first = await evaluateRun(store, { run_id: runId });
}, 240_000);

describe('evaluateRun on a real run', () => {
  it('equals the run’s recorded test accuracy, on the whole test split', () => {
    expect(recorded).toBeGreaterThan(0.5);
    expect(first.run_id).toBe(runId);
    expect(first.dataset).toBe('fashion-mnist');
    expect(first.count).toBe(10_000);
    expect(Math.abs(first.test_accuracy - recorded)).toBeLessThan(1e-6);
    expect(first.test_loss).toBeGreaterThan(0);
    expect(first.test_loss).toBeCloseTo(store.load(runId).status.test_loss as number, 5);
  });

  it('confusion rows (true class) sum to the class counts; per_class is the diagonal over them', () => {
    expect(first.confusion).toHaveLength(10);
    for (const row of first.confusion) expect(row).toHaveLength(10);
    expect(classCounts(first.confusion)).toEqual(new Array(10).fill(1000));
    const diagonal = first.confusion.reduce((a, row, i) => a + row[i]!, 0);
    expect(diagonal / 10_000).toBeCloseTo(first.test_accuracy, 12);
    first.per_class.forEach((acc, i) => expect(acc).toBeCloseTo(first.confusion[i]![i]! / 1000, 12));
  });

  it('sends the 24 most confident mistakes, each really misclassified, with its raw test image', () => {
    const raw = loadRaw('fashion-mnist', {});
    const test = computeSplit('fashion-mnist', raw.labels).test;
    expect(first.misclassified).toHaveLength(24);
    let previous = Infinity;
    for (const m of first.misclassified) {
      expect(m.predicted_label).not.toBe(m.true_label);
      const row = test[m.index]!;
      expect(m.true_label).toBe(raw.labels[row]);
      expect(m.pixels).toEqual(Array.from(raw.pixels.subarray(row * 784, (row + 1) * 784)));
      expect(m.probability).toBeGreaterThanOrEqual(0.1);
      expect(m.probability).toBeLessThanOrEqual(previous);
      previous = m.probability;
    }
    // Each (true, predicted) pair shown is a counted cell of the matrix.
    for (const m of first.misclassified) expect(first.confusion[m.true_label]![m.predicted_label]!).toBeGreaterThan(0);
  });

  it('is deterministic, and takes the number of images asked for (0 and 64)', async () => {
    const none = await evaluateRun(store, { run_id: runId, misclassified: 0 });
    expect(none.misclassified).toEqual([]);
    expect(none.confusion).toEqual(first.confusion);
    expect(none.test_loss).toBe(first.test_loss);
    const many = await evaluateRunDir(store.runDir(runId), 64);
    expect(many.misclassified).toHaveLength(64);
    expect(many.misclassified.slice(0, 24)).toEqual(first.misclassified);
    expect(many.test_accuracy).toBe(first.test_accuracy);
  }, 120_000);

  it('is served on runs:evaluate through the app’s dispatch', async () => {
    const services = createAppServices({ shell: 'lab', runsDir: store.dir, canChangeRunsDir: false, log: () => {} });
    const r = await dispatch(services.handlers, 'runs:evaluate', { run_id: runId, misclassified: 2 }, { transport: 'lab', client: 'c' });
    expect(r.ok).toBe(true);
    const res = (r as { result: EvaluateResponse }).result;
    expect(res.confusion).toEqual(first.confusion);
    expect(res.misclassified).toEqual(first.misclassified.slice(0, 2));
    const bad = await dispatch(services.handlers, 'runs:evaluate', { run_id: runId, misclassified: 65 }, { transport: 'lab', client: 'c' });
    expect(bad).toMatchObject({ ok: false, error: { field: 'misclassified' } });
    await services.dispose();
  }, 120_000);
});

describe('evaluateRun: class subsets and MC dropout', () => {
  it('the answer names its classes and the model’s dropout layers; no mc without mc_samples', () => {
    expect(first.class_ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.dropout_layers).toBe(0);
    expect(first.mc).toBeUndefined();
  });

  it('mc_samples through runs:evaluate: without dropout every pass is the same (std 0), batch norm and RReLU in inference', async () => {
    const r = await evaluateRun(store, { run_id: runId, misclassified: 2, mc_samples: 3 });
    expect(r.mc).toMatchObject({ samples: 3, dropout_layers: 0, deterministic: { test_accuracy: first.test_accuracy, test_loss: first.test_loss } });
    expect([r.mc!.correct.mean_std, r.mc!.wrong.mean_std]).toEqual([0, 0]);
    expect(r.confusion).toEqual(first.confusion);
    expect(r.mc!.most_uncertain).toHaveLength(16);
    expect(r.misclassified.map((m) => m.index)).toEqual(first.misclassified.slice(0, 2).map((m) => m.index));
    await expect(evaluateRun(store, { run_id: runId, mc_samples: 1001 })).rejects.toMatchObject({ field: 'mc_samples' });
    await expect(evaluateRunDir(store.runDir(runId), 0, {}, 2.5)).rejects.toThrow('mc_samples: expected a whole number of passes from 0 to 1000. Received: 2.5');
  }, 120_000);

  it('a run of a class subset ([5, 6], sandals vs shirts) is evaluated on those classes: a 2×2 matrix', async () => {
    const subset = { ...model, version: 2, name: 'sandals vs shirts', classes: [5, 6], preprocess: 'scale', layers: [{ kind: 'flatten' }, { kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 2, activation: 'softmax' }] } as ModelSpec;
    await selectBackend('wasm');
    const result = await train(subset, prepareData('fashion-mnist', { preprocess: 'scale', classes: [5, 6], limit: 200 }), { epochs: 2, batchSize: 32, seed: 1 });
    const h = store.create({ model: subset, environment, options });
    store.saveWeights(h.id, await exportArtifacts(result.model));
    result.model.dispose();
    store.setStatus(h.id, { status: 'completed' });
    const r = await evaluateRun(store, { run_id: h.id });
    expect(r.class_ids).toEqual([5, 6]);
    expect(r.count).toBe(2000);
    expect(classCounts(r.confusion)).toEqual([1000, 1000]);
    expect(r.per_class).toHaveLength(2);
    expect(r.test_accuracy).toBeGreaterThan(0.8);
  }, 120_000);
});

describe('evaluateRun refuses clearly, naming the run', () => {
  function bareRun(status: 'completed' | 'diverged' | 'running'): string {
    const h = store.create({ model, environment, options });
    if (status !== 'running') store.setStatus(h.id, { status, ...(status === 'diverged' ? { diverged_at: { epoch: 1, step: 7 } } : {}) });
    return h.id;
  }

  it('a run without weights', async () => {
    const id = bareRun('completed');
    const err = await evaluateRun(store, { run_id: id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvaluationRefused);
    expect((err as EvaluationRefused).reason.kind).toBe('no_weights');
    expect((err as Error).message).toBe(`run ${id} has no saved weights (status completed): nothing to evaluate`);
    expect((err as EvaluationRefused).field).toBe('run_id');
  });

  it('a diverged run, saying where', async () => {
    const id = bareRun('diverged');
    await expect(evaluateRun(store, { run_id: id })).rejects.toThrow(`run ${id} diverged at epoch 1, step 7`);
  });

  it('a run still training', async () => {
    const id = bareRun('running');
    await expect(evaluateRun(store, { run_id: id })).rejects.toThrow(`run ${id} is still running`);
  });

  it('damaged weights, naming the file', async () => {
    const id = bareRun('completed');
    const w = store.readWeights(runId)!;
    store.saveWeights(id, w);
    truncateSync(join(store.runDir(id), 'weights', 'weights.bin'), 10);
    const err = await evaluateRun(store, { run_id: id }).catch((e: unknown) => e);
    expect((err as EvaluationRefused).reason.kind).toBe('weights_damaged');
    expect((err as Error).message).toMatch(new RegExp(`^run ${id} cannot be evaluated: its saved weights are damaged \\(weights/weights.bin has 10 bytes but`));
  });

  it('weights whose topology parses but does not load: damaged (the training process said why), not a crash', async () => {
    const id = bareRun('completed');
    const w = store.readWeights(runId)!;
    store.saveWeights(id, w);
    const manifest = join(store.runDir(id), 'weights', 'model.json');
    const doc = JSON.parse(readFileSync(manifest, 'utf8'));
    doc.modelTopology = {};
    writeFileSync(manifest, JSON.stringify(doc));
    const err = await evaluateRun(store, { run_id: id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvaluationRefused);
    expect((err as EvaluationRefused).reason.kind).toBe('weights_damaged');
    expect((err as Error).message).not.toMatch(/\n/);
  }, 60_000);

  it('an unknown run, a folder that is not a run, a bad request', async () => {
    await expect(evaluateRun(store, { run_id: '20990101-000000-nothing-here-0000' })).rejects.toThrow(/20990101-000000-nothing-here-0000/);
    const err = await evaluateRunDir(tmp.dir, 24).catch((e: unknown) => e);
    expect((err as EvaluationRefused).reason).toMatchObject({ kind: 'not_a_run' });
    await expect(evaluateRunDir(join(tmp.dir, 'missing'), 24)).rejects.toThrow(/is not a run folder: it cannot be read \(ENOENT\)/);
    await expect(evaluateRun(store, { run_id: '../x' })).rejects.toThrow(/^run_id: expected a run id/);
  });
});
