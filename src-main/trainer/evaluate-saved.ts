/**
 * The `evaluate` command of the training process: a finished run's saved weights on the
 * whole test split (split out of worker.ts so that evaluation grows on its own).
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHTS_LOAD_FAILED } from '../../src-shared/training/evaluation.js';
import { selectBackend, loadArtifacts, lossForward, outputHead } from '../engine/index.js';
import { computeSplit, loadRaw, pixelTransform } from '../data/index.js';
import { readWeights } from '../runs/weights.js';
import { CLASSES, FEATURES, IMAGE_COLS, IMAGE_ROWS } from '../../src-shared/data/types.js';
import { EVALUATE_LIMITS, emptyConfusion, keepMostConfident, perClassAccuracy, type EvaluationStats, type MisclassifiedImage } from '../../src-shared/training/evaluation.js';
import type { TrainerCommand } from './protocol.js';

/**
 * Evaluates a run's saved weights on the whole test split, exactly as training's own
 * test evaluation does (same features, batches of 1024 in split order, the loss from
 * the logits, float32 sums), so the accuracy equals the run's recorded test_accuracy on
 * the same backend. Memory stays bounded: one batch of features at a time, never the
 * training split's 172 MB of floats that `prepareData` would build.
 */
export async function evaluateSaved(command: Extract<TrainerCommand, { type: 'evaluate' }>): Promise<EvaluationStats> {
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
