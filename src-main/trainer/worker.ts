/**
 * The training process's logic, independent of how messages travel (Node IPC in a
 * child process, a MessagePort in Electron's utilityProcess). It receives one
 * `start`, trains, saves the weights into the run folder and reports `done`.
 */
import { WEIGHTS_LOAD_FAILED } from '../../src-shared/training/evaluation.js';
import {
  selectBackend,
  train,
  exportArtifacts,
  makeKernelInitializer,
  loadArtifacts,
  lossForward,
  outputHead,
  type InitialWeights,
} from '../engine/index.js';
import { computeSplit, loadRaw, pixelTransform, prepareData } from '../data/index.js';
import { RunStore } from '../runs/index.js';
import { readWeights } from '../runs/weights.js';
import { CLASSES, FEATURES, IMAGE_COLS, IMAGE_ROWS } from '../../src-shared/data/types.js';
import { EVALUATE_LIMITS, emptyConfusion, keepMostConfident, perClassAccuracy, type EvaluationStats, type MisclassifiedImage } from '../../src-shared/training/evaluation.js';
import type { InitSampleStats, TrainerCommand, TrainerEvent } from './protocol.js';
import { measureSpeeds } from './activation-speed.js';
import * as tf from '@tensorflow/tfjs';

/** Message plumbing the worker needs: where to send events, and a way to receive commands. */
export interface TrainerPort {
  send(event: TrainerEvent): void;
  onCommand(listener: (command: TrainerCommand) => void): void;
}

/** Wires a port to the training loop; resolves when the run has ended (the process may then exit). */
export function serveTrainer(port: TrainerPort): Promise<void> {
  const abort = new AbortController();
  // The run's share of the cores; the queue changes it as other runs start and end.
  const share = { threads: 1 };
  return new Promise((resolve) => {
    let started = false;
    port.onCommand((command) => {
      if (command.type === 'threads') {
        share.threads = command.threads;
        return;
      }
      if (command.type === 'stop') {
        abort.abort();
        if (!started) resolve();
        return;
      }
      if (started) return; // one job per process: a second command is ignored
      started = true;
      if (command.type === 'probe') {
        // Backend probing loads native libraries (CUDA): never in the app's main process.
        selectBackend(command.backend)
          .then((backend) => port.send({ type: 'backend', backend, tfjs_version: tf.version.tfjs }))
          .catch((err: unknown) => port.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
          .finally(resolve);
        return;
      }
      if (command.type === 'sample-init') {
        sampleInit(command)
          .then((sample) => port.send({ type: 'init-sample', sample }))
          .catch((err: unknown) => port.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
          .finally(resolve);
        return;
      }
      if (command.type === 'evaluate') {
        evaluateSaved(command)
          .then((stats) => port.send({ type: 'evaluation', stats }))
          .catch((err: unknown) => port.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
          .finally(resolve);
        return;
      }
      if (command.type === 'speeds') {
        measureSpeeds(command)
          .then((answer) => port.send({ type: 'speeds', ...answer }))
          .catch((err: unknown) => port.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
          .finally(resolve);
        return;
      }
      if (command.threads !== undefined) share.threads = command.threads;
      runOnce(command, port, abort.signal, () => share.threads)
        .catch((err: unknown) => port.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
        .finally(resolve);
    });
  });
}

async function runOnce(
  command: Extract<TrainerCommand, { type: 'start' }>,
  port: TrainerPort,
  signal: AbortSignal,
  threads: () => number,
): Promise<void> {
  const { model, options } = command;
  const backend = await selectBackend(options.backend);
  port.send({ type: 'backend', backend, tfjs_version: tf.version.tfjs });

  // Read before the data: a continued run whose weights are gone fails at once.
  const initialWeights = command.init_weights_run_dir ? savedWeightsOf(command.init_weights_run_dir) : undefined;

  const data = prepareData(model.dataset, {
    preprocess: model.preprocess,
    limit: options.limit ?? undefined,
    cacheDir: command.data_dir ?? undefined,
    fold: command.fold ?? null,
  });

  const result = await train(
    model,
    data,
    { epochs: options.epochs, batchSize: options.batch_size, seed: options.seed, threads, ...(initialWeights ? { initialWeights } : {}) },
    {
      onThreads: ({ threads: n, limit }) => port.send({ type: 'threads', threads: n, limit }),
      onBatch: (sample) => port.send({ type: 'batch', sample }),
      onEpoch: (metrics) => port.send({ type: 'epoch', metrics }),
      onLayers: (sample) => port.send({ type: 'layers', sample }),
    },
    signal,
  );

  // Weights of a diverged model are NaN: saving them would only mislead.
  if (result.status !== 'diverged') {
    const store = new RunStore(command.runs_dir);
    store.saveWeights(command.run_id, await exportArtifacts(result.model));
  }
  result.model.dispose();
  port.send({
    type: 'done',
    outcome: {
      status: result.status,
      diverged_at: result.diverged_at ?? null,
      test_loss: result.test_loss,
      test_accuracy: result.test_accuracy,
    },
  });
}

/** The weights a continued run starts from; a run folder without them is an error naming it. */
function savedWeightsOf(runDir: string): InitialWeights {
  const saved = readWeights(runDir);
  if (saved === null) throw new Error(`cannot continue from ${runDir}: it has no saved weights`);
  return { weightSpecs: saved.weightSpecs as tf.io.WeightsManifestEntry[], weightData: saved.weightData };
}

/**
 * Draws a [fan_in, fan_out] kernel exactly as a Dense layer gets it (the engine's
 * initializer, same seed handling) and measures all of it; only a strided subsample
 * travels back, since the weights are i.i.d. and a histogram needs no more.
 */
async function sampleInit(command: Extract<TrainerCommand, { type: 'sample-init' }>): Promise<InitSampleStats> {
  // The draws are tfjs' seeded JS samplers whatever the backend; cpu avoids loading native libraries for nothing.
  await selectBackend('cpu');
  const kernel = makeKernelInitializer(command.initializer, command.seed).apply([command.fan_in, command.fan_out], 'float32');
  const data = (await kernel.data()) as Float32Array;
  kernel.dispose();
  const count = data.length;
  // Two passes in float64: float32 running sums drift visibly over millions of weights.
  let sum = 0;
  for (let i = 0; i < count; i++) sum += data[i] as number;
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < count; i++) {
    const d = (data[i] as number) - mean;
    sq += d * d;
  }
  const stride = Math.max(1, Math.ceil(count / Math.max(1, command.max_values)));
  const values: number[] = [];
  for (let i = 0; i < count; i += stride) values.push(data[i] as number);
  return { values, measured_mean: mean, measured_std: Math.sqrt(sq / count), count };
}

/**
 * Evaluates a run's saved weights on the whole test split, exactly as training's own
 * test evaluation does (same features, batches of 1024 in split order, the loss from
 * the logits, float32 sums), so the accuracy equals the run's recorded test_accuracy on
 * the same backend. Memory stays bounded: one batch of features at a time, never the
 * training split's 172 MB of floats that `prepareData` would build.
 */
async function evaluateSaved(command: Extract<TrainerCommand, { type: 'evaluate' }>): Promise<EvaluationStats> {
  const saved = readWeights(command.run_dir);
  if (saved === null) throw new Error(`${command.run_dir} has no saved weights`);
  await selectBackend(command.backend);
  let model: Awaited<ReturnType<typeof loadArtifacts>>;
  try {
    model = await loadArtifacts({
      modelTopology: saved.modelTopology as object,
      weightSpecs: saved.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: saved.weightData,
    });
  } catch (err) {
    // One line: tfjs' config errors span several.
    throw new Error(`${WEIGHTS_LOAD_FAILED} ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim()}`);
  }
  try {
    const raw = loadRaw(command.dataset, command.data_dir === null ? {} : { cacheDir: command.data_dir });
    const split = computeSplit(command.dataset, raw.labels);
    const { mean, std } = pixelTransform(raw, split.train, command.preprocess);
    const rows = split.test;
    const head = outputHead(model);
    const confusion = emptyConfusion(CLASSES);
    const kept: MisclassifiedImage[] = [];
    let lossSum = 0;
    const batch = EVALUATE_LIMITS.batch_size;
    for (let start = 0; start < rows.length; start += batch) {
      const n = Math.min(rows.length, start + batch) - start;
      const xs = new Float32Array(n * FEATURES);
      const ys = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const src = (rows[start + k] as number) * FEATURES;
        ys[k] = raw.labels[rows[start + k] as number] as number;
        // The same expression as prepareData's (for `scale` it equals its p/255 table): identical float32 features.
        for (let f = 0; f < FEATURES; f++) xs[k * FEATURES + f] = ((raw.pixels[src + f] as number) - (mean[f] as number)) / (std[f] as number);
      }
      const [sum, predicted, probability] = tf.tidy(() => {
        const x = tf.tensor3d(xs, [n, IMAGE_ROWS, IMAGE_COLS]);
        const y = tf.tensor1d(ys, 'int32');
        const { perExample, scores } = lossForward(model, head, x, y, CLASSES, false);
        const probs = head.kind === 'probabilities' ? tf.div(scores, tf.sum(scores, -1, true)) : tf.softmax(scores);
        return [tf.sum(perExample), tf.argMax(scores, -1), tf.max(probs, -1)];
      });
      const [s] = await sum.data();
      const pred = (await predicted.data()) as Int32Array;
      const prob = (await probability.data()) as Float32Array;
      tf.dispose([sum, predicted, probability]);
      // Training sums per-batch losses in a float32 tensor; fround keeps the same rounding.
      lossSum = Math.fround(lossSum + (s as number));
      for (let k = 0; k < n; k++) {
        const t = ys[k] as number;
        const p = pred[k] as number;
        (confusion[t] as number[])[p]! += 1;
        if (p === t) continue;
        const index = start + k;
        const candidate = { index, true_label: t, predicted_label: p, probability: prob[k] as number, pixels: [] as number[] };
        if (keepMostConfident(kept, candidate, command.misclassified)) {
          const src = (rows[index] as number) * FEATURES;
          candidate.pixels = Array.from(raw.pixels.subarray(src, src + FEATURES));
        }
      }
    }
    const count = rows.length;
    const correct = confusion.reduce((a, row, i) => a + (row[i] as number), 0);
    const test_loss = lossSum / count;
    if (!Number.isFinite(test_loss)) throw new Error(`the test loss is not finite (${test_loss}): the saved weights hold NaN or Infinity`);
    return { test_loss, test_accuracy: correct / count, per_class: perClassAccuracy(confusion), confusion, count, misclassified: kept };
  } finally {
    model.dispose();
  }
}
