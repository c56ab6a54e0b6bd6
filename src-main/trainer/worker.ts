/**
 * The training process's logic, independent of how messages travel (Node IPC in a
 * child process, a MessagePort in Electron's utilityProcess). It receives one
 * `start`, trains, saves the weights into the run folder and reports `done`.
 */
import { selectBackend, train, exportArtifacts, makeKernelInitializer, type InitialWeights } from '../engine/index.js';
import { prepareData } from '../data/index.js';
import { RunStore } from '../runs/index.js';
import { readWeights } from '../runs/weights.js';
import type { InitSampleStats, TrainerCommand, TrainerEvent } from './protocol.js';
import { measureSpeeds } from './activation-speed.js';
import { evaluateSaved } from './evaluate-saved.js';
import { findLearningRate } from './lr-find.js';
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
      if (command.type === 'lr-find') {
        findLearningRate(command)
          .then((result) => port.send({ type: 'lr-found', result }))
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
  // The service checked the source run before queueing; this read still fails clearly if it went away since.
  // A continued run already holds its reused layers, trained further: its own weights win.
  const transferWeights =
    command.transfer_run_dir && model.transfer && !initialWeights
      ? { weights: savedWeightsOf(command.transfer_run_dir, 'reuse the layers of'), layers: model.transfer.layers }
      : undefined;

  const data = prepareData(model.dataset, {
    preprocess: model.preprocess,
    limit: options.limit ?? undefined,
    cacheDir: command.data_dir ?? undefined,
    fold: command.fold ?? null,
    // A class subset (the book's model A: 8 classes; B: sandal vs shirt); `limit` counts after it.
    ...(model.classes ? { classes: model.classes } : {}),
  });

  const result = await train(
    model,
    data,
    {
      epochs: options.epochs,
      batchSize: options.batch_size,
      seed: options.seed,
      threads,
      ...(initialWeights ? { initialWeights } : {}),
      ...(transferWeights ? { transferWeights } : {}),
    },
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
      ...(result.early_stopped ? { early_stopped: result.early_stopped } : {}),
    },
  });
}

/** The weights a run starts from (continued, or reused layers); a run folder without them is an error naming it. */
function savedWeightsOf(runDir: string, use = 'continue from'): InitialWeights {
  const saved = readWeights(runDir);
  if (saved === null) throw new Error(`cannot ${use} ${runDir}: it has no saved weights`);
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
