import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { exportArtifacts, loadArtifacts, makeSyntheticData, selectBackend, train } from '../../../src-main/engine/index.js';
import { featureRange } from '../../../src-shared/data/features.js';

const s: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'round trip',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 16, kernel_initializer: 'he_normal' },
    { kind: 'batch_normalization' },
    { kind: 'rrelu', lower: 0.1, upper: 0.3 },
    { kind: 'dropout', rate: 0.2 },
    { kind: 'dense', units: 12, activation: 'leaky_relu', kernel_initializer: { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' } },
    { kind: 'prelu' },
    { kind: 'dense', units: 8, kernel_initializer: 'lecun_normal' },
    { kind: 'elu', alpha: 0.5 },
    { kind: 'alpha_dropout', rate: 0.1 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'adam', learning_rate: 0.003 }, epochs: 1, batch_size: 32, seed: 1 },
};

beforeAll(async () => {
  await selectBackend('wasm');
});

it('exports the TF.js layers format in memory and loads it back, custom layers included, with equal predictions', async () => {
  const data = makeSyntheticData({ train: 256, validation: 32, test: 32 });
  const result = await train(s, data, { epochs: 1, batchSize: 32, seed: 4 });
  const artifacts = await exportArtifacts(result.model);
  expect(artifacts.weightData).toBeInstanceOf(ArrayBuffer);
  const bytes = artifacts.weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  expect(artifacts.weightData.byteLength).toBe(bytes);
  const topology = JSON.stringify(artifacts.modelTopology);
  for (const cls of ['RReLU', 'SeededDropout', 'SeededAlphaDropout', 'EluAlpha', 'KerasVarianceScaling', '"leaky_relu"']) {
    expect(topology).toContain(cls);
  }

  // As the run store would: model.json through JSON text, weights.bin as a separate copy of the bytes.
  const loaded = await loadArtifacts({
    modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)) as object,
    weightSpecs: JSON.parse(JSON.stringify(artifacts.weightSpecs)) as typeof artifacts.weightSpecs,
    weightData: artifacts.weightData.slice(0),
  });
  expect(loaded.layers.map((l) => l.name)).toEqual(result.model.layers.map((l) => l.name));
  const x = tf.tensor3d(featureRange(data.test, 0, 32), [32, 28, 28]);
  const a = (result.model.predict(x) as tf.Tensor).dataSync();
  const b = (loaded.predict(x) as tf.Tensor).dataSync();
  expect(Array.from(b)).toEqual(Array.from(a));
  expect((loaded.getLayer('rrelu_1').getConfig() as { lower: number }).lower).toBe(0.1);
  tf.dispose(x);
  loaded.dispose();
  result.model.dispose();
});
