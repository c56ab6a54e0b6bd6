/**
 * evaluateSaved's MC dropout and class subsets on real trained models (MNIST, wasm, in this
 * process): the averaged probabilities are the mean of N explicit passes, one pass is not
 * the deterministic answer, a model without dropout has std 0, wrong predictions are more
 * uncertain than right ones, and a subset model is evaluated on its own classes only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../../../src-main/data/index.js';
import { evaluate, exportArtifacts, loadArtifacts, outputHead, selectBackend, train, type ModelArtifactsData } from '../../../src-main/engine/index.js';
import { readWeights, writeWeights } from '../../../src-main/runs/weights.js';
import { entropyOf, evaluateSaved, isDropoutLayer, mcDropoutMoments } from '../../../src-main/trainer/evaluate-saved.js';
import type { TrainerCommand } from '../../../src-main/trainer/protocol.js';
import { allFeatures } from '../../../src-shared/data/features.js';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import { classCounts, moreUncertain, type EvaluationStats } from '../../../src-shared/training/evaluation.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-evaluate-mc-');
afterAll(() => tmp.cleanup());
delete process.env.GRADIENT_LAB_DATA_DIR;

function spec(layers: LayerSpec[], classes?: number[]): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'mc',
    dataset: 'mnist',
    ...(classes ? { classes } : {}),
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 0.05, momentum: 0.9 }, epochs: 3, batch_size: 32, seed: 7 },
  } as ModelSpec;
}

const WITH_DROPOUT = spec([
  { kind: 'flatten' },
  { kind: 'dense', units: 64, activation: 'relu', kernel_initializer: 'he_normal' },
  { kind: 'dropout', rate: 0.3 },
  { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
  { kind: 'dropout', rate: 0.3 },
  { kind: 'dense', units: 10, activation: 'softmax' },
]);
const WITHOUT_DROPOUT = spec([
  { kind: 'flatten' },
  { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
  { kind: 'batch_normalization' },
  { kind: 'dense', units: 10, activation: 'softmax' },
]);
const SUBSET = spec(
  [
    { kind: 'flatten' },
    { kind: 'dense', units: 16, activation: 'relu', kernel_initializer: 'he_normal' },
    { kind: 'dense', units: 2, activation: 'softmax' },
  ],
  [3, 8],
);

/** Trains `model` in this process and saves its weights in a run folder of its own; returns the folder and the engine's own test accuracy. */
async function trainAndSave(model: ModelSpec, name: string, epochs: number, limit: number): Promise<{ runDir: string; accuracy: number; artifacts: ModelArtifactsData }> {
  const data = prepareData('mnist', { preprocess: 'scale', limit, ...(model.classes ? { classes: model.classes } : {}) });
  const result = await train(model, data, { epochs, batchSize: 32, seed: 7 });
  expect(result.status).toBe('completed');
  const accuracy = (await evaluate(result.model, data.test, data.classes)).accuracy;
  const artifacts = await exportArtifacts(result.model);
  result.model.dispose();
  const runDir = join(tmp.dir, name);
  mkdirSync(runDir);
  writeWeights(runDir, artifacts, 'test');
  return { runDir, accuracy, artifacts };
}

function command(runDir: string, extra: Partial<Extract<TrainerCommand, { type: 'evaluate' }>> = {}): Extract<TrainerCommand, { type: 'evaluate' }> {
  return { type: 'evaluate', run_dir: runDir, dataset: 'mnist', preprocess: 'scale', backend: 'wasm', misclassified: 8, data_dir: null, ...extra };
}

let dropout: Awaited<ReturnType<typeof trainAndSave>>;
let plain: Awaited<ReturnType<typeof trainAndSave>>;
let subset: Awaited<ReturnType<typeof trainAndSave>>;
let deterministic: EvaluationStats;
let mc30: EvaluationStats;

beforeAll(async () => {
  await selectBackend('wasm');
  dropout = await trainAndSave(WITH_DROPOUT, 'dropout', 3, 7000);
  plain = await trainAndSave(WITHOUT_DROPOUT, 'plain', 1, 2000);
  subset = await trainAndSave(SUBSET, 'subset', 1, 1000);
  deterministic = await evaluateSaved(command(dropout.runDir));
  mc30 = await evaluateSaved(command(dropout.runDir, { mc_samples: 30 }));
}, 300_000);

describe('mcDropoutMoments', () => {
  it('is the mean and std of N explicit passes with only the dropout layers in training mode', async () => {
    const data = prepareData('mnist', { preprocess: 'scale', limit: 10 });
    const n = 64;
    const x = tf.tensor3d(allFeatures(data.test).subarray(0, n * 784), [n, 28, 28]);
    const a = await loadArtifacts(dropout.artifacts);
    const b = await loadArtifacts(dropout.artifacts);
    const N = 6;
    const got = await mcDropoutMoments(a, outputHead(a), x, N);
    // The same passes by hand on a second copy of the model (its dropout layers draw the same seeded masks).
    const passes: Float32Array[] = [];
    for (let p = 0; p < N; p++) {
      const probs = tf.tidy(() => b.layers.reduce<tf.Tensor>((h, layer) => layer.apply(h, { training: layer.getClassName() === 'SeededDropout' }) as tf.Tensor, x));
      passes.push(probs.dataSync() as Float32Array);
      probs.dispose();
    }
    expect(got.classes).toBe(10);
    let spread = 0;
    for (let j = 0; j < n * 10; j++) {
      const values = passes.map((pass) => pass[j]!);
      const mean = values.reduce((s, v) => s + v, 0) / N;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / N);
      expect(got.mean[j]).toBeCloseTo(mean, 12);
      expect(got.std[j]).toBeCloseTo(std, 12);
      spread = Math.max(spread, std);
    }
    // The passes really differ: dropout was on.
    expect(spread).toBeGreaterThan(0.05);
    // And deterministic inference (training off everywhere) is none of them.
    const inference = (a.predict(x) as tf.Tensor).dataSync();
    expect(passes.every((pass) => pass.some((v, j) => Math.abs(v - inference[j]!) > 1e-3))).toBe(true);
    expect(a.layers.filter(isDropoutLayer)).toHaveLength(2);
    tf.dispose([x]);
    a.dispose();
    b.dispose();
  }, 60_000);

  it('entropyOf: −Σ p log p, 0·log 0 = 0', () => {
    expect(entropyOf([0.5, 0.5])).toBeCloseTo(Math.log(2), 15);
    expect(entropyOf([1, 0, 0])).toBe(0);
    expect(entropyOf([9, 0.25, 0.25, 0.5, 9], 1, 3)).toBeCloseTo(1.0397207708399179, 15);
  });
});

describe('evaluateSaved with MC dropout', () => {
  it('without mc_samples: the deterministic answer, no mc field, all classes', () => {
    expect(deterministic.mc).toBeUndefined();
    expect(deterministic.class_ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.abs(deterministic.test_accuracy - dropout.accuracy)).toBeLessThan(1e-6);
    expect(deterministic.misclassified.every((m) => m.std === undefined && m.entropy === undefined)).toBe(true);
  });

  it('30 passes: accuracy, loss and confusion of the averaged probabilities; the single pass kept for comparison', () => {
    const mc = mc30.mc!;
    expect(mc.samples).toBe(30);
    expect(mc.dropout_layers).toBe(2);
    expect(mc.deterministic).toEqual({ test_loss: deterministic.test_loss, test_accuracy: deterministic.test_accuracy });
    expect(mc30.count).toBe(2000);
    expect(classCounts(mc30.confusion)).toEqual(classCounts(deterministic.confusion));
    expect(mc30.confusion).not.toEqual(deterministic.confusion);
    expect(mc30.test_loss).not.toBe(deterministic.test_loss);
    // MC dropout does not hurt a trained model (the book: it usually helps a little).
    expect(mc30.test_accuracy).toBeGreaterThan(deterministic.test_accuracy - 0.01);
    expect(mc.correct.count + mc.wrong.count).toBe(2000);
    expect(mc.wrong.count).toBe(Math.round(2000 * (1 - mc30.test_accuracy)));
  });

  it('wrong predictions are more uncertain than right ones (std and entropy)', () => {
    const { correct, wrong } = mc30.mc!;
    console.log(`MC dropout (30 passes): accuracy ${mc30.test_accuracy} vs one pass ${deterministic.test_accuracy}; right ${JSON.stringify(correct)}, wrong ${JSON.stringify(wrong)}`);
    expect(wrong.count).toBeGreaterThan(20);
    expect(wrong.mean_std).toBeGreaterThan(1.2 * correct.mean_std);
    expect(wrong.mean_entropy).toBeGreaterThan(1.2 * correct.mean_entropy);
  });

  it('mistakes carry their uncertainty; the most uncertain images come sorted, with their pixels', () => {
    expect(mc30.misclassified).toHaveLength(8);
    for (const m of mc30.misclassified) {
      expect(m.predicted_label).not.toBe(m.true_label);
      expect(m.std).toBeGreaterThanOrEqual(0);
      expect(m.entropy).toBeGreaterThan(0);
    }
    const top = mc30.mc!.most_uncertain;
    expect(top).toHaveLength(16);
    for (let i = 1; i < top.length; i++) expect(moreUncertain(top[i]!, top[i - 1]!)).toBe(false);
    expect(top[0]!.std).toBeGreaterThan(mc30.mc!.wrong.mean_std);
    expect(top.every((u) => u.pixels.length === 784 && u.pixels.some((p) => p > 0))).toBe(true);
  });

  it('is deterministic for a given run and N; one pass differs from the deterministic pass and has std 0', async () => {
    const again = await evaluateSaved(command(dropout.runDir, { mc_samples: 30 }));
    expect(again).toEqual(mc30);
    const one = await evaluateSaved(command(dropout.runDir, { mc_samples: 1 }));
    expect(one.test_loss).not.toBe(deterministic.test_loss);
    expect(one.confusion).not.toEqual(deterministic.confusion);
    expect([one.mc!.correct.mean_std, one.mc!.wrong.mean_std]).toEqual([0, 0]);
  }, 120_000);

  it('a model without dropout: every pass the same (std exactly 0), the deterministic predictions', async () => {
    const det = await evaluateSaved(command(plain.runDir));
    const r = await evaluateSaved(command(plain.runDir, { mc_samples: 5 }));
    expect(r.mc!.dropout_layers).toBe(0);
    expect([r.mc!.correct.mean_std, r.mc!.wrong.mean_std]).toEqual([0, 0]);
    expect(r.mc!.most_uncertain.every((u) => u.std === 0)).toBe(true);
    expect(r.confusion).toEqual(det.confusion);
    expect(r.test_accuracy).toBe(det.test_accuracy);
    expect(r.test_loss).toBeCloseTo(det.test_loss, 5);
    // Without dropout the entropy ranks the most uncertain images.
    expect(r.mc!.most_uncertain[0]!.entropy).toBeGreaterThan(r.mc!.wrong.mean_entropy);
  }, 60_000);

  it.each([1001, -1, 2.5])('refuses mc_samples=%s, naming it', async (n) => {
    await expect(evaluateSaved(command(plain.runDir, { mc_samples: n }))).rejects.toThrow(`mc_samples: expected a whole number of passes from 0 to 1000. Received: mc_samples=${n}`);
  });
});

describe('evaluateSaved on a class subset', () => {
  it('a [3, 8] model: only those test images, a 2×2 matrix, class_ids naming the rows, the engine’s accuracy', async () => {
    const r = await evaluateSaved(command(subset.runDir, { classes: [3, 8] }));
    const test = prepareData('mnist', { preprocess: 'scale', classes: [3, 8] }).test;
    expect(r.class_ids).toEqual([3, 8]);
    expect(r.count).toBe(test.count);
    expect(r.confusion).toHaveLength(2);
    expect(r.per_class).toHaveLength(2);
    const counts = [0, 0];
    for (const y of test.y) counts[y]!++;
    expect(classCounts(r.confusion)).toEqual(counts);
    expect(Math.abs(r.test_accuracy - subset.accuracy)).toBeLessThan(1e-6);
    expect(r.test_accuracy).toBeGreaterThan(0.9);
    for (const m of r.misclassified) expect([m.true_label, m.predicted_label].every((l) => l === 0 || l === 1)).toBe(true);
    // The weights file is the run's own (nothing written by evaluating).
    expect(readWeights(subset.runDir)).not.toBeNull();
  }, 60_000);

  it('a subset that does not match the model’s outputs is an error naming both', async () => {
    await expect(evaluateSaved(command(subset.runDir))).rejects.toThrow('classes: the saved model has 2 outputs but 10 classes were asked for');
    await expect(evaluateSaved(command(plain.runDir, { classes: [3, 12] }))).rejects.toThrow('classes: expected class ids from 0 to 9. Received: classes[1]=12');
  });
});
