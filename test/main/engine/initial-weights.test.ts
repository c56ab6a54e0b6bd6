import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import {
  buildModel,
  exportArtifacts,
  makeSyntheticData,
  selectBackend,
  setInitialWeights,
  train,
  weightsMismatch,
} from '../../../src-main/engine/index.js';

function spec(layers: LayerSpec[]): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'test',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 0.05 }, epochs: 1, batch_size: 32, seed: 1 },
  };
}

const mlp = (units: number): LayerSpec[] => [
  { kind: 'flatten' },
  { kind: 'dense', units, kernel_initializer: 'he_normal' },
  { kind: 'batch_normalization' },
  { kind: 'activation', activation: 'relu' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

const data = makeSyntheticData({ train: 512, validation: 128, test: 128, seed: 3 });

beforeAll(async () => {
  await selectBackend('wasm');
});

async function values(model: tf.LayersModel): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const w of model.weights) out[w.originalName] = Array.from(await w.read().data());
  return out;
}

describe('initial weights', () => {
  it('a fresh model given saved weights holds exactly them, batch-norm statistics included', async () => {
    const trained = await train(spec(mlp(16)), data, { epochs: 1, batchSize: 32, seed: 1 });
    const saved = await exportArtifacts(trained.model);
    const fresh = buildModel(spec(mlp(16)), 99);
    expect(await values(fresh)).not.toEqual(await values(trained.model));
    setInitialWeights(fresh, saved);
    const got = await values(fresh);
    expect(got).toEqual(await values(trained.model));
    // The moving mean moved off its initial zeros during training, so it really was carried over.
    expect(got['batch_normalization_1/moving_mean']!.some((v) => v !== 0)).toBe(true);
    trained.model.dispose();
    fresh.dispose();
  });

  it('training from saved weights starts at the level the earlier run ended at', async () => {
    const first = await train(spec(mlp(16)), data, { epochs: 2, batchSize: 32, seed: 1 });
    const saved = await exportArtifacts(first.model);
    const again = await train(spec(mlp(16)), data, { epochs: 1, batchSize: 32, seed: 1, initialWeights: saved });
    const freshStart = first.epochs[0]!.loss;
    const ended = first.epochs[1]!.loss;
    expect(again.epochs[0]!.loss).toBeLessThan(freshStart * 0.6);
    expect(again.epochs[0]!.loss).toBeLessThan(ended * 1.1);
    first.model.dispose();
    again.model.dispose();
  });

  it.each<[string, LayerSpec[], RegExp]>([
    ['another width', mlp(24), /dense_1\/kernel: saved with shape \[784, 16\], the model has \[784, 24\]/],
    [
      'a layer fewer',
      [{ kind: 'flatten' }, { kind: 'dense', units: 16 }, { kind: 'dense', units: 10, activation: 'softmax' }],
      /batch_normalization_1\/gamma: saved, but the model has no such weight/,
    ],
    [
      'a layer more',
      [...mlp(16).slice(0, 4), { kind: 'dense', units: 8 }, { kind: 'dense', units: 10, activation: 'softmax' }],
      /dense_3\/kernel: not in the saved weights/,
    ],
  ])('refuses weights saved for %s, naming the mismatch, and leaves no tensor behind', async (_label, layers, message) => {
    const source = buildModel(spec(mlp(16)), 1);
    const saved = await exportArtifacts(source);
    source.dispose();
    const target = buildModel(spec(layers), 1);
    expect(weightsMismatch(target, saved.weightSpecs)).toMatch(message);
    const before = await values(target);
    expect(() => setInitialWeights(target, saved)).toThrow(/^the saved weights do not fit this model: /);
    expect(await values(target)).toEqual(before);
    target.dispose();
    const tensors = tf.memory().numTensors;
    await expect(train(spec(layers), data, { epochs: 1, batchSize: 32, seed: 1, initialWeights: saved })).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
