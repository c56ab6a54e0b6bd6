/**
 * The `evaluate` command of the training process: a finished run's saved weights on the
 * whole test split (split out of worker.ts so that evaluation grows on its own), on the
 * run's class subset if it has one, with one deterministic pass or with MC dropout.
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHTS_LOAD_FAILED } from '../../src-shared/training/evaluation.js';
import { selectBackend, loadArtifacts, lossForward, outputHead, PROB_EPSILON, type OutputHead } from '../engine/index.js';
import { computeSplit, loadRaw, pixelTransform } from '../data/index.js';
import { readWeights } from '../runs/weights.js';
import { FEATURES, IMAGE_COLS, IMAGE_ROWS } from '../../src-shared/data/types.js';
import { ALL_CLASS_IDS, checkClassIds, labelMap, rowsOfClasses } from '../../src-shared/data/subset.js';
import {
  EVALUATE_LIMITS,
  emptyConfusion,
  keepMostConfident,
  keepTop,
  moreUncertain,
  perClassAccuracy,
  type EvaluationStats,
  type McDropoutStats,
  type MisclassifiedImage,
  type UncertainImage,
  type UncertaintyGroup,
} from '../../src-shared/training/evaluation.js';
import type { TrainerCommand } from './protocol.js';

/** tfjs class names of the layers MC dropout keeps active (ours are seeded; tfjs' own in case a topology names them). */
const DROPOUT_CLASSES: ReadonlySet<string> = new Set(['SeededDropout', 'SeededAlphaDropout', 'Dropout', 'AlphaDropout', 'GaussianDropout']);

/** Whether MC dropout runs `layer` in training mode. */
export function isDropoutLayer(layer: tf.layers.Layer): boolean {
  return DROPOUT_CLASSES.has(layer.getClassName());
}

/**
 * Mean and std (population, as numpy's) over `samples` MC dropout passes of the output
 * probabilities of images `x`: [n×k] row-major each. Only the dropout layers run with
 * `training: true` — batch normalization keeps its moving statistics and RReLU its mean
 * slope, as the book's MCDropout subclass changes nothing else. The layers before the
 * first dropout layer run once. The noise is the layers' own seeded draws: call c of a
 * dropout layer of a freshly loaded model always draws the same mask, so pass p of the
 * b-th batch evaluated (its call b·samples + p) is reproducible. Welford's update keeps
 * the std of identical passes exactly 0.
 */
export async function mcDropoutMoments(
  model: tf.LayersModel,
  head: OutputHead,
  x: tf.Tensor,
  samples: number,
): Promise<{ mean: Float64Array; std: Float64Array; classes: number }> {
  const layers = model.layers;
  const first = layers.findIndex(isDropoutLayer);
  const from = first < 0 ? layers.length : first;
  const prefix = tf.tidy(() => {
    let h = x;
    for (let i = 0; i < from; i++) h = (layers[i] as tf.layers.Layer).apply(h, { training: false }) as tf.Tensor;
    return from === 0 ? tf.clone(h) : h;
  });
  const n = x.shape[0] as number;
  let mean: Float64Array | null = null;
  let m2: Float64Array | null = null;
  let classes = 0;
  try {
    for (let p = 0; p < samples; p++) {
      const probs = tf.tidy(() => {
        let h = prefix;
        for (let i = from; i < layers.length; i++) {
          const layer = layers[i] as tf.layers.Layer;
          h = layer.apply(h, { training: isDropoutLayer(layer) }) as tf.Tensor;
        }
        // A softmax head already gives probabilities; any other output is renormalized as the loss does.
        return head.kind === 'probabilities' ? tf.div(h, tf.sum(h, -1, true)) : h === prefix ? tf.clone(h) : h;
      });
      const values = (await probs.data()) as Float32Array;
      probs.dispose();
      if (mean === null || m2 === null) {
        classes = values.length / n;
        mean = new Float64Array(values.length);
        m2 = new Float64Array(values.length);
      }
      const count = p + 1;
      for (let j = 0; j < values.length; j++) {
        const v = values[j] as number;
        const delta = v - (mean[j] as number);
        mean[j] = (mean[j] as number) + delta / count;
        m2[j] = (m2[j] as number) + delta * (v - (mean[j] as number));
      }
    }
  } finally {
    prefix.dispose();
  }
  if (mean === null || m2 === null) throw new Error(`mc_samples: expected at least 1 pass. Received: mc_samples=${samples}`);
  const std = new Float64Array(m2.length);
  for (let j = 0; j < m2.length; j++) std[j] = Math.sqrt(Math.max(0, (m2[j] as number) / samples));
  return { mean, std, classes };
}

/** Predictive entropy in nats of one probability row, −Σ p log p (0·log 0 = 0). */
export function entropyOf(p: ArrayLike<number>, start = 0, length = p.length): number {
  let h = 0;
  for (let c = 0; c < length; c++) {
    const v = p[start + c] as number;
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** Running sums of one group's uncertainty. */
class GroupSums {
  count = 0;
  std = 0;
  entropy = 0;
  add(std: number, entropy: number): void {
    this.count++;
    this.std += std;
    this.entropy += entropy;
  }
  result(): UncertaintyGroup {
    return this.count === 0 ? { count: 0, mean_std: 0, mean_entropy: 0 } : { count: this.count, mean_std: this.std / this.count, mean_entropy: this.entropy / this.count };
  }
}

/** Checks `mc_samples` (0 = off), naming it. */
function checkSamples(samples: number): number {
  if (!Number.isInteger(samples) || samples < 0 || samples > EVALUATE_LIMITS.max_mc_samples) {
    throw new Error(`mc_samples: expected a whole number of passes from 0 to ${EVALUATE_LIMITS.max_mc_samples}. Received: mc_samples=${samples}`);
  }
  return samples;
}

/**
 * Evaluates a run's saved weights on the whole test split, exactly as training's own
 * test evaluation does (same features, batches of 1024 in split order, the loss from
 * the logits, float32 sums), so the accuracy equals the run's recorded test_accuracy on
 * the same backend. Memory stays bounded: one batch of features at a time, never the
 * training split's 172 MB of floats that `prepareData` would build.
 *
 * With `classes` (the run's `model.classes`) only those classes' test images are
 * evaluated, labels mapped to the model's outputs (k×k confusion, `class_ids` says which
 * dataset classes its rows are). With `mc_samples` N > 0 the loss, accuracy, confusion and
 * mistakes are those of the mean of N MC dropout passes (see mcDropoutMoments), and `mc`
 * holds each image's uncertainty summarized; without it the answer is the deterministic one.
 */
export async function evaluateSaved(command: Extract<TrainerCommand, { type: 'evaluate' }>): Promise<EvaluationStats> {
  const samples = checkSamples(command.mc_samples ?? 0);
  const classIds = command.classes == null ? [...ALL_CLASS_IDS] : checkClassIds(command.classes);
  const k = classIds.length;
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
    const outputs = model.outputs[0]?.shape[1];
    if (outputs !== k) {
      throw new Error(`classes: the saved model has ${String(outputs)} outputs but ${k} classes were asked for. Received: classes=${JSON.stringify(classIds)}`);
    }
    const raw = loadRaw(command.dataset, command.data_dir === null ? {} : { cacheDir: command.data_dir });
    const split = computeSplit(command.dataset, raw.labels);
    // The full training split's statistics, as prepareData uses for every subset.
    const { mean, std } = pixelTransform(raw, split.train, command.preprocess);
    const map = labelMap(classIds);
    const rows = rowsOfClasses(split.test, raw.labels, map);
    const head = outputHead(model);
    const confusion = emptyConfusion(k);
    const kept: MisclassifiedImage[] = [];
    let lossSum = 0;
    // MC dropout: the averaged passes' own confusion, loss and mistakes; the deterministic ones above for comparison.
    const mc =
      samples > 0
        ? { confusion: emptyConfusion(k), kept: [] as MisclassifiedImage[], uncertain: [] as UncertainImage[], lossSum: 0, correct: new GroupSums(), wrong: new GroupSums() }
        : null;
    const pixelsOf = (index: number): number[] => {
      const src = (rows[index] as number) * FEATURES;
      return Array.from(raw.pixels.subarray(src, src + FEATURES));
    };
    const batch = EVALUATE_LIMITS.batch_size;
    for (let start = 0; start < rows.length; start += batch) {
      const n = Math.min(rows.length, start + batch) - start;
      const xs = new Float32Array(n * FEATURES);
      const ys = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const src = (rows[start + r] as number) * FEATURES;
        ys[r] = map[raw.labels[rows[start + r] as number] as number] as number;
        // The same expression as prepareData's (for `scale` it equals its p/255 table): identical float32 features.
        for (let f = 0; f < FEATURES; f++) xs[r * FEATURES + f] = ((raw.pixels[src + f] as number) - (mean[f] as number)) / (std[f] as number);
      }
      const x = tf.tensor3d(xs, [n, IMAGE_ROWS, IMAGE_COLS]);
      try {
        const [sum, predicted, probability] = tf.tidy(() => {
          const y = tf.tensor1d(ys, 'int32');
          const { perExample, scores } = lossForward(model, head, x, y, k, false);
          const probs = head.kind === 'probabilities' ? tf.div(scores, tf.sum(scores, -1, true)) : tf.softmax(scores);
          return [tf.sum(perExample), tf.argMax(scores, -1), tf.max(probs, -1)];
        });
        const [s] = await sum.data();
        const pred = (await predicted.data()) as Int32Array;
        const prob = (await probability.data()) as Float32Array;
        tf.dispose([sum, predicted, probability]);
        // Training sums per-batch losses in a float32 tensor; fround keeps the same rounding.
        lossSum = Math.fround(lossSum + (s as number));
        for (let r = 0; r < n; r++) {
          const t = ys[r] as number;
          const p = pred[r] as number;
          (confusion[t] as number[])[p]! += 1;
          if (p === t || mc !== null) continue;
          const index = start + r;
          const candidate = { index, true_label: t, predicted_label: p, probability: prob[r] as number, pixels: [] as number[] };
          if (keepMostConfident(kept, candidate, command.misclassified)) candidate.pixels = pixelsOf(index);
        }
        if (mc !== null) {
          const moments = await mcDropoutMoments(model, head, x, samples);
          for (let r = 0; r < n; r++) {
            const at = r * k;
            let p = 0;
            for (let c = 1; c < k; c++) if ((moments.mean[at + c] as number) > (moments.mean[at + p] as number)) p = c;
            const t = ys[r] as number;
            const probability = moments.mean[at + p] as number;
            const sd = moments.std[at + p] as number;
            const entropy = entropyOf(moments.mean, at, k);
            const trueProb = Math.min(1 - PROB_EPSILON, Math.max(PROB_EPSILON, moments.mean[at + t] as number));
            mc.lossSum -= Math.log(trueProb);
            (mc.confusion[t] as number[])[p]! += 1;
            const index = start + r;
            const image: UncertainImage = { index, true_label: t, predicted_label: p, probability, pixels: [], std: sd, entropy };
            if (p === t) mc.correct.add(sd, entropy);
            else {
              mc.wrong.add(sd, entropy);
              const mistake = { ...image };
              if (keepMostConfident(mc.kept, mistake, command.misclassified)) mistake.pixels = pixelsOf(index);
            }
            if (keepTop(mc.uncertain, image, EVALUATE_LIMITS.most_uncertain, moreUncertain)) image.pixels = pixelsOf(index);
          }
        }
      } finally {
        x.dispose();
      }
    }
    const count = rows.length;
    if (count === 0) throw new Error(`classes: the test split has no images of classes ${JSON.stringify(classIds)}`);
    const accuracyOf = (m: number[][]) => m.reduce((a, row, i) => a + (row[i] as number), 0) / count;
    const test_loss = lossSum / count;
    if (!Number.isFinite(test_loss)) throw new Error(`the test loss is not finite (${test_loss}): the saved weights hold NaN or Infinity`);
    if (mc === null) {
      return { test_loss, test_accuracy: accuracyOf(confusion), per_class: perClassAccuracy(confusion), confusion, count, class_ids: classIds, misclassified: kept };
    }
    const stats: McDropoutStats = {
      samples,
      dropout_layers: model.layers.filter(isDropoutLayer).length,
      deterministic: { test_loss, test_accuracy: accuracyOf(confusion) },
      correct: mc.correct.result(),
      wrong: mc.wrong.result(),
      most_uncertain: mc.uncertain,
    };
    return {
      test_loss: mc.lossSum / count,
      test_accuracy: accuracyOf(mc.confusion),
      per_class: perClassAccuracy(mc.confusion),
      confusion: mc.confusion,
      count,
      class_ids: classIds,
      misclassified: mc.kept,
      mc: stats,
    };
  } finally {
    model.dispose();
  }
}
