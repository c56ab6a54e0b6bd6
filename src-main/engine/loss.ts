/**
 * Sparse categorical crossentropy as Keras computes it during fit, and batched
 * evaluation. Keras (TF backend) recognizes a softmax output and computes the loss from
 * the logits (`_keras_logits` / the Softmax op's input), so neither the value nor the
 * gradient is clipped; only outputs it cannot trace back to logits are clipped to
 * [1e-7, 1 − 1e-7]. We do the same: clipping alone would zero the gradient of every
 * confidently wrong example and hide exploding weights behind a flat loss of 16.1.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataSplit } from './data-types.js';
import { copyFeatureRows, featureRange } from '../../src-shared/data/features.js';
import { INPUT_FEATURES, INPUT_SHAPE } from '../../src-shared/model/summary.js';

/** Keras' backend epsilon, used when probabilities must be clipped before the log. */
export const PROB_EPSILON = 1e-7;

/** Per-example loss [n] from logits [n, classes] and int32 labels [n]: logsumexp(z) − z_y. */
export function crossEntropyFromLogits(logits: tf.Tensor, labels: tf.Tensor, classes: number): tf.Tensor1D {
  return tf.tidy(
    () => tf.neg(tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, classes), tf.logSoftmax(logits)), -1)) as tf.Tensor1D,
  );
}

/** Per-example loss [n] from probabilities [n, classes] (renormalized, clipped to [ε, 1 − ε]) and int32 labels [n]. */
export function crossEntropyPerExample(probs: tf.Tensor, labels: tf.Tensor, classes: number): tf.Tensor1D {
  return tf.tidy(() => {
    const normalized = tf.div(probs, tf.sum(probs, -1, true));
    const clipped = tf.clipByValue(normalized, PROB_EPSILON, 1 - PROB_EPSILON);
    return tf.neg(tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, classes), tf.log(clipped)), -1)) as tf.Tensor1D;
  });
}

/** Number of examples whose arg-max class equals the label, as a float32 scalar (works on logits or probabilities). */
export function correctCount(scores: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(scores, -1), labels), 'float32')) as tf.Scalar);
}

/** How the model's last layer produces probabilities, decided once per model. */
export type OutputHead =
  | { kind: 'dense_softmax'; layer: tf.layers.Layer }
  | { kind: 'activation_softmax'; layer: tf.layers.Layer }
  | { kind: 'probabilities' };

/** Finds whether the model ends in a softmax whose logits we can reach. */
export function outputHead(model: tf.LayersModel): OutputHead {
  const last = model.layers[model.layers.length - 1];
  if (last === undefined) return { kind: 'probabilities' };
  const config = last.getConfig();
  if (config['activation'] === 'softmax') {
    const cls = last.getClassName();
    if (cls === 'Dense') return { kind: 'dense_softmax', layer: last };
    if (cls === 'Activation') return { kind: 'activation_softmax', layer: last };
  }
  return { kind: 'probabilities' };
}

/**
 * Forward pass for the loss: per-example crossentropy [n] and arg-max scores [n, classes].
 * Runs the layers one by one so the last softmax can be replaced by its logits; a Dense
 * head reads its kernel/bias variables directly, so gradients reach them.
 */
export function lossForward(
  model: tf.LayersModel,
  head: OutputHead,
  x: tf.Tensor,
  y: tf.Tensor,
  classes: number,
  training: boolean,
): { perExample: tf.Tensor1D; scores: tf.Tensor } {
  if (head.kind === 'probabilities') {
    const probs = model.apply(x, { training }) as tf.Tensor;
    return { perExample: crossEntropyPerExample(probs, y, classes), scores: probs };
  }
  let h = x;
  const layers = model.layers;
  for (let i = 0; i < layers.length - 1; i++) h = (layers[i] as tf.layers.Layer).apply(h, { training }) as tf.Tensor;
  let logits = h;
  if (head.kind === 'dense_softmax') {
    const [kernel, bias] = head.layer.weights.map((w) => w.read());
    if (kernel === undefined) throw new Error(`layer ${head.layer.name} has no kernel`);
    const z = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
    logits = bias === undefined ? z : tf.add(z, bias);
  }
  return { perExample: crossEntropyFromLogits(logits, y, classes), scores: logits };
}

/** Images [n, 28, 28] and int32 labels [n] for rows `rows` of a split. */
export function batchFromRows(split: DataSplit, rows: ArrayLike<number>): { x: tf.Tensor3D; y: tf.Tensor1D } {
  const n = rows.length;
  const xs = new Float32Array(n * INPUT_FEATURES);
  const ys = new Int32Array(n);
  copyFeatureRows(split, rows, xs);
  for (let k = 0; k < n; k++) {
    ys[k] = split.y[rows[k] as number] as number;
  }
  return { x: tf.tensor3d(xs, [n, ...INPUT_SHAPE]), y: tf.tensor1d(ys, 'int32') };
}

/** Images [n, 28, 28] and labels for the contiguous rows [start, end) of a split. */
export function batchFromRange(split: DataSplit, start: number, end: number): { x: tf.Tensor3D; y: tf.Tensor1D } {
  const x = tf.tensor3d(featureRange(split, start, end), [end - start, ...INPUT_SHAPE]);
  return { x, y: tf.tensor1d(Int32Array.from(split.y.subarray(start, end)), 'int32') };
}

/** Mean loss and accuracy of `model` on a split, in inference mode, `batchSize` rows at a time; NaN when empty. */
export async function evaluate(
  model: tf.LayersModel,
  split: DataSplit,
  classes: number,
  batchSize = 1024,
): Promise<{ loss: number; accuracy: number }> {
  if (split.count === 0) return { loss: NaN, accuracy: NaN };
  const head = outputHead(model);
  let totals = tf.zeros([2]);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(split.count, start + batchSize);
    const next = tf.tidy(() => {
      const { x, y } = batchFromRange(split, start, end);
      const { perExample, scores } = lossForward(model, head, x, y, classes, false);
      return tf.add(totals, tf.stack([tf.sum(perExample), correctCount(scores, y)]));
    });
    totals.dispose();
    totals = next;
  }
  const [lossSum, correct] = Array.from(await totals.data());
  totals.dispose();
  return { loss: (lossSum as number) / split.count, accuracy: (correct as number) / split.count };
}
