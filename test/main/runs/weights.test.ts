import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore, type WeightArtifacts } from '../../../src-main/runs/index.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { RunEnvironment } from '../../../src-shared/training/run.js';

const scratch = mkdtempSync(join(tmpdir(), 'gl-weights-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

const model: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'tiny',
  dataset: 'mnist',
  preprocess: 'scale',
  layers: [{ kind: 'dense', units: 3 }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.1 }, epochs: 1, batch_size: 4, seed: 1 },
};
const environment: RunEnvironment = {
  backend: 'cpu', backend_requested: 'cpu', backend_attempts: [], tfjs_version: tf.version.tfjs, app_version: '0.1.0',
  node_version: process.versions.node, electron_version: null, platform: process.platform, arch: process.arch,
  cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h',
};

function newRun(): { store: RunStore; id: string; dir: string } {
  const store = new RunStore(join(scratch, `w${n++}`), { generatedBy: 'Gradient Lab test' });
  const run = store.create({ model, environment, options: { epochs: 1, batch_size: 4, limit: null, seed: 1, backend: 'cpu' } });
  return { store, id: run.id, dir: run.dir };
}

/** Two float32 tensors: a 2×3 kernel and a bias of 3 (36 bytes). */
const specs = [
  { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
  { name: 'dense/bias', shape: [3], dtype: 'float32' },
];
const values = Float32Array.from([1, 2, 3, 4, 5, 6, 0.5, -0.5, 0.25]);
const topology = { class_name: 'Sequential', config: { name: 'tiny', layers: [] } };

describe('RunStore.saveWeights', () => {
  it('writes the TF.js layers format: weights/model.json + weights/weights.bin', () => {
    const { store, id, dir } = newRun();
    store.saveWeights(id, { modelTopology: topology, weightSpecs: specs, weightData: values.buffer });
    expect(readdirSync(join(dir, 'weights')).sort()).toEqual(['model.json', 'weights.bin']);
    const manifest = JSON.parse(readFileSync(join(dir, 'weights', 'model.json'), 'utf8'));
    expect(manifest).toEqual({
      format: 'layers-model',
      generatedBy: 'Gradient Lab test',
      convertedBy: null,
      modelTopology: topology,
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    });
    const bin = readFileSync(join(dir, 'weights', 'weights.bin'));
    expect(new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4)).toEqual(values);
    expect(store.list()[0]!.has_weights).toBe(true);
    expect(store.load(id).has_weights).toBe(true);
  });

  it('concatenates weight data given as several buffers, and keeps the artifacts own generatedBy', () => {
    const { store, id } = newRun();
    const parts = [values.slice(0, 6).buffer, values.slice(6).buffer];
    store.saveWeights(id, { modelTopology: topology, weightSpecs: specs, weightData: parts, generatedBy: 'TensorFlow.js tfjs-layers v4.22.0' });
    const back = store.readWeights(id)!;
    expect(new Float32Array(back.weightData)).toEqual(values);
    expect(back.weightSpecs).toEqual(specs);
    expect(back.generatedBy).toBe('TensorFlow.js tfjs-layers v4.22.0');
  });

  it('replaces earlier weights atomically and leaves no temp folders', () => {
    const { store, id, dir } = newRun();
    store.saveWeights(id, { modelTopology: topology, weightSpecs: specs, weightData: values.buffer });
    const doubled = values.map((v) => v * 2);
    store.saveWeights(id, { modelTopology: topology, weightSpecs: specs, weightData: doubled.buffer });
    expect(readdirSync(dir).sort()).toEqual(['environment.json', 'model.json', 'status.json', 'weights']);
    expect(new Float32Array(store.readWeights(id)!.weightData)).toEqual(doubled);
  });

  it.each([
    { name: 'too few bytes', data: new ArrayBuffer(32), error: /describe 36 bytes. Received: weightData of 32 bytes/ },
    { name: 'too many bytes', data: new ArrayBuffer(40), error: /describe 36 bytes. Received: weightData of 40 bytes/ },
  ])('refuses weight data that does not match the specs ($name), writing nothing', ({ data, error }) => {
    const { store, id, dir } = newRun();
    expect(() => store.saveWeights(id, { modelTopology: topology, weightSpecs: specs, weightData: data })).toThrow(error);
    expect(readdirSync(dir).sort()).toEqual(['environment.json', 'model.json', 'status.json']);
    expect(store.readWeights(id)).toBeNull();
  });

  it('saves a real tfjs model that tfjs loads back with identical predictions', async () => {
    await tf.setBackend('cpu');
    const net = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    const { store, id } = newRun();
    await net.save(
      tf.io.withSaveHandler(async (artifacts) => {
        store.saveWeights(id, artifacts as WeightArtifacts);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const saved = store.readWeights(id)!;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: saved.modelTopology as object, weightSpecs: saved.weightSpecs as tf.io.WeightsManifestEntry[], weightData: saved.weightData }),
    );
    const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.9], [1, 2, -1, 0]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((net.predict(x) as tf.Tensor).dataSync()));
    const manifest = JSON.parse(readFileSync(join(store.runDir(id), 'weights', 'model.json'), 'utf8'));
    expect(manifest.format).toBe('layers-model');
    expect(manifest.generatedBy).toMatch(/TensorFlow.js tfjs-layers v4\.22\.0/);
    expect(manifest.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toHaveLength(4);
  });
});
