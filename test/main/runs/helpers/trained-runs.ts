/**
 * Real run folders for the archive and Python export tests: a model trained for one epoch
 * on synthetic images by the engine itself, recorded through the RunStore as the training
 * service records it (metrics, final status, saved weights). Not a test file itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportArtifacts, makeSyntheticData, selectBackend, train } from '../../../../src-main/engine/index.js';
import type { TrainResult } from '../../../../src-main/engine/train.js';
import type { RunStore, WeightArtifacts } from '../../../../src-main/runs/index.js';
import type { ModelSpec } from '../../../../src-shared/model/spec.js';
import { environment } from '../fixtures.js';

/** Every kind of layer that has weights (dense with and without bias, batch norm, PReLU) and a few that have none. */
export const trainedModel: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'Archive net',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 6, kernel_initializer: 'he_normal' },
    { kind: 'batch_normalization' },
    { kind: 'prelu' },
    { kind: 'dense', units: 5, use_bias: false },
    { kind: 'rrelu' },
    { kind: 'dropout', rate: 0.1 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'adam', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 3 },
};

/** A smaller second model: a run without weights (stopped before any were saved). */
export const plainModel: ModelSpec = {
  ...trainedModel,
  name: 'Plain net',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
};

/** Engine artifacts of `trainedModel` after one epoch on 128 synthetic images, and that epoch's metrics. */
export async function trainOnce(): Promise<{ artifacts: Awaited<ReturnType<typeof exportArtifacts>>; result: Awaited<ReturnType<typeof train>> }> {
  await selectBackend('cpu');
  const data = makeSyntheticData({ train: 128, validation: 32, test: 32 });
  const result = await train(trainedModel, data, { epochs: 1, batchSize: 32, seed: 3 });
  const artifacts = await exportArtifacts(result.model);
  return { artifacts, result };
}

/** What `recordTrainedRun` records: saved weights and the training's outcome. */
export interface TrainedParts {
  artifacts: WeightArtifacts;
  result: Pick<TrainResult, 'epochs' | 'test_accuracy' | 'test_loss'>;
}

/** A completed run of `trainedModel` with its metrics and weights; returns its id. */
export function recordTrainedRun(store: RunStore, trained: TrainedParts): string {
  const { artifacts, result } = trained;
  const run = store.create({ model: trainedModel, environment, options: { epochs: 1, batch_size: 32, limit: 128, seed: 3, backend: 'cpu' } });
  store.setStatus(run.id, { started_at: new Date().toISOString() });
  run.appendMetric({ type: 'batch', epoch: 1, step: 2, loss: 2.1, samples_done: 64, samples_total: 128 });
  for (const e of result.epochs) run.appendMetric({ type: 'epoch', ...e });
  run.saveWeights({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData });
  run.setStatus({ status: 'completed', finished_at: new Date().toISOString(), test_accuracy: result.test_accuracy, test_loss: result.test_loss });
  return run.id;
}

/** A stopped run of `plainModel` without weights, with a meta.json (name, tags, note) and a stray heartbeat.json. */
export function recordPlainRun(store: RunStore): string {
  const run = store.create({ model: plainModel, environment, options: { epochs: 3, batch_size: 32, limit: null, seed: 1, backend: 'cpu' } });
  run.appendMetric({ type: 'epoch', epoch: 1, loss: Number.NaN, accuracy: 0.1, val_loss: 2, val_accuracy: 0.12, seconds: 1, layers: [] });
  run.setStatus({ status: 'stopped', started_at: new Date().toISOString(), finished_at: new Date().toISOString() });
  writeFileSync(join(run.dir, 'meta.json'), `${JSON.stringify({ name: '학생 1', tags: ['class-a', 'selu'], note: 'first try' }, null, 2)}\n`);
  writeFileSync(join(run.dir, 'heartbeat.json'), '{}\n');
  return run.id;
}
