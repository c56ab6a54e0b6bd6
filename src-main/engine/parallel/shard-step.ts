/**
 * The two halves of a data-parallel optimizer step, shared by the leader (the training
 * thread) and every replica worker so that all of them compute exactly the same way:
 * gradients of one shard of the minibatch, flattened in variable order; then the update
 * from the summed gradients. Every replica applies the same summed gradients to the same
 * weights with the same optimizer, so the replicas stay identical without ever copying
 * weights after the start.
 */
import * as tf from '@tensorflow/tfjs';
import { correctCount, lossForward } from '../loss.js';
import type { StepParts } from '../train.js';

/** Number of trailing floats after the gradients in a slot: the shard's loss contribution and hit count. */
export const SLOT_TAIL = 2;

/** Elements of all variables together (the flat gradient's length). */
export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((n, v) => n + v.size, 0);
}

/**
 * Gradients of (sum of the shard's per-example losses) / `total` — so that the shards'
 * contributions add up to the gradient of the whole minibatch's mean loss — written into
 * `slot` as [grads of variables in order…, loss contribution, hit count]. One
 * device→host read per call.
 */
export function shardGradients(parts: StepParts, x: tf.Tensor, y: tf.Tensor, total: number, slot: Float32Array): void {
  let correct: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const { perExample, scores } = lossForward(parts.model, parts.head, x, y, parts.classes, true);
    correct = tf.keep(correctCount(scores, y));
    return tf.div(tf.sum(perExample), total) as tf.Scalar;
  }, parts.variables);
  const flat = tf.tidy(() =>
    tf.concat([
      ...parts.variables.map((v) => {
        const g = grads[v.name];
        if (g === undefined) throw new Error(`no gradient for variable ${v.name}`);
        return tf.reshape(g, [-1]);
      }),
      tf.reshape(value, [1]),
      tf.reshape(correct as tf.Scalar, [1]),
    ]),
  );
  try {
    slot.set(flat.dataSync() as Float32Array);
  } finally {
    tf.dispose([flat, value, correct as tf.Scalar, ...Object.values(grads)]);
  }
}

/** Fills a slot for a participant without rows (a last minibatch smaller than the number of threads). */
export function emptyShard(slot: Float32Array): void {
  slot.fill(0);
}

/**
 * Sums the first `participants` slots element by element, always in slot order (so
 * every replica computes the identical float32 sum), into `out`.
 */
export function sumSlots(slots: readonly Float32Array[], participants: number, out: Float32Array): void {
  const first = slots[0] as Float32Array;
  out.set(first);
  for (let p = 1; p < participants; p++) {
    const s = slots[p] as Float32Array;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (s[i] as number);
  }
}

/** Applies the summed gradients (the first parameterCount floats of `sum`) with the replica's optimizer. */
export function applySummed(parts: StepParts, sum: Float32Array): void {
  const grads: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of parts.variables) {
    grads[v.name] = tf.tensor(sum.subarray(offset, offset + v.size), v.shape, 'float32');
    offset += v.size;
  }
  try {
    parts.optimizer.applyGradients(grads);
  } finally {
    tf.dispose(Object.values(grads));
  }
}

/** Trainable weights in variable order, flattened into `out` (the leader's side of a sync). */
export function writeFlatWeights(parts: StepParts, out: Float32Array): void {
  let offset = 0;
  for (const v of parts.variables) {
    out.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
}

/** Assigns trainable weights from a flat array in variable order (a replica's side of a sync). */
export function setFlatWeights(parts: StepParts, flat: Float32Array): void {
  let offset = 0;
  for (const v of parts.variables) {
    const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32');
    v.assign(t);
    t.dispose();
    offset += v.size;
  }
}
