/**
 * The forward-signal rule on real training (bundled Fashion-MNIST, wasm, first epoch on
 * 2,000 images): weights twice He's std make a ReLU stack's signal grow layer by layer while
 * every weight gradient grows alike, so the first/last gradient ratio alone looks healthy.
 * Glorot and He's argument (chapter 11.1.1) is about that signal; the diagnosis must see it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../../../src-main/data/index.js';
import { selectBackend, train } from '../../../src-main/engine/index.js';
import { parseModel, type ModelSpec } from '../../../src-shared/model/index.js';
import { diagnoseEpoch, GRADIENT_NORM_EXPLODING, SIGNAL_RATIO } from '../../../src-shared/training/diagnose.js';
import { runHealth } from '../../../src-shared/training/health.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';

beforeAll(async () => {
  const b = await selectBackend('wasm');
  expect(b.active).toBe('wasm');
});

/** 8 hidden dense layers of 120 units, softmax output, SGD 1e-3 (the chapter's), as the issue measured. */
function stack(activation: string, init: unknown): ModelSpec {
  const r = parseModel({
    format: 'gradient-lab/model',
    version: 2,
    name: `8 × 120 ${activation}`,
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [
      { kind: 'flatten' },
      ...Array.from({ length: 8 }, () => ({ kind: 'dense', units: 120, activation, kernel_initializer: init })),
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
    training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 1, batch_size: 32, seed: 42 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

async function firstEpoch(model: ModelSpec): Promise<EpochMetrics> {
  const data = prepareData(model.dataset, { preprocess: model.preprocess, limit: 2000 });
  const r = await train(model, data, { epochs: 1, batchSize: 32, seed: 1 }, {});
  r.model.dispose();
  expect(r.status).toBe('completed');
  return r.epochs[0]!;
}

describe('weights too large for their activation: the signal explodes on the way forward', () => {
  it('ReLU with N(0, 0.25) weights (2× He’s std): exploding, though the gradient ratio looks level', async () => {
    const model = stack('relu', { name: 'random_normal', mean: 0, stddev: 0.25 });
    const e = await firstEpoch(model);
    const d = diagnoseEpoch(e);
    // The old rule's blind spot: first/last gradient norms stay within the healthy band.
    expect(d.grad_ratio).toBeGreaterThan(0.1);
    expect(d.grad_ratio).toBeLessThan(10);
    // Measured here: activation std 1.6 → 13 (8×), every hidden gradient norm 68–91, loss 42.
    expect(d.signal_ratio).toBeGreaterThan(SIGNAL_RATIO);
    expect(d.grad_scale).toBeGreaterThan(GRADIENT_NORM_EXPLODING);
    expect(d.findings).toEqual(['exploding']);
    expect(d.evidence).toEqual([
      { kind: 'exploding', measure: 'signal_ratio' },
      { kind: 'exploding', measure: 'grad_scale' },
    ]);
    const [f, ...rest] = runHealth({ epochs: [e], status: 'completed', diverged_at: null, model }, 'en');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'exploding', rule: 'forward-signal', layers: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(f!.action).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ path: ['layers', i, 'kernel_initializer'], value: 'he_normal' })));
  });

  it('ELU with he_normal at the same shape: healthy (the signal grows about 2×, gradients a few units)', async () => {
    const model = stack('elu', 'he_normal');
    const e = await firstEpoch(model);
    const d = diagnoseEpoch(e);
    expect(d.signal_ratio).toBeGreaterThan(1);
    expect(d.signal_ratio).toBeLessThan(SIGNAL_RATIO);
    expect(d.grad_scale).toBeLessThan(GRADIENT_NORM_EXPLODING);
    expect(d.findings).toEqual([]);
    expect(runHealth({ epochs: [e], status: 'completed', diverged_at: null, model }, 'en')).toEqual([]);
  });
});
