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
import { SLOT_TAIL } from './layout.js';

export { SLOT_TAIL };

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
  try {
    let offset = 0;
    for (const v of parts.variables) {
      const g = grads[v.name];
      if (g === undefined) throw new Error(`no gradient for variable ${v.name}`);
      copyOut(g, slot, offset);
      offset += v.size;
    }
    copyOut(value, slot, offset);
    copyOut(correct as tf.Scalar, slot, offset + 1);
  } finally {
    tf.dispose([value, correct as tf.Scalar, ...Object.values(grads)]);
  }
}

/** The part of the wasm backend that exposes a tensor's bytes in its heap. */
interface WasmHeapBackend {
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPF32: Float32Array };
}

function wasmHeap(): WasmHeapBackend | null {
  const b = tf.backend() as unknown as Partial<WasmHeapBackend>;
  return typeof b.getMemoryOffset === 'function' && b.wasm?.HEAPF32 !== undefined ? (b as WasmHeapBackend) : null;
}

/**
 * Copies a float32 tensor's values into `dest` at `offset`. On wasm, straight from the
 * backend's heap (dataSync would first copy them into a new array: a megabyte a step
 * for the 300-100 net); elsewhere through dataSync.
 */
function copyOut(t: tf.Tensor, dest: Float32Array, offset: number): void {
  const heap = t.dtype === 'float32' ? wasmHeap() : null;
  if (heap !== null) {
    const start = heap.getMemoryOffset(t.dataId) / 4;
    // HEAPF32 is re-read on every call: it is replaced whenever the wasm memory grows.
    dest.set(heap.wasm.HEAPF32.subarray(start, start + t.size), offset);
  } else {
    dest.set(t.dataSync() as ArrayLike<number>, offset);
  }
}


/**
 * Sums the participants' gradient slots on the backend — per variable, one upload per
 * participant and one element-wise sum in slot order, so every replica computes the
 * identical float32 sum — and applies them with the replica's optimizer. Returns the
 * norms of the variables at `kernelIndices` (the diagnostics) from the same sums, then
 * the global norm of the whole gradient.
 * (Uploading the slots whole and splitting them on the device is 10× slower in
 * tfjs-wasm: its Split and axis-0 Sum are not vectorized.)
 */
export function applySlots(parts: StepParts, slots: readonly Float32Array[], kernelIndices: readonly number[] | null): tf.Tensor1D | null {
  // The cpu backend keeps the array it is given: hand it copies, since the slots are
  // rewritten two steps later. wasm copies into its heap anyway.
  const copy = wasmHeap() === null;
  let norms: tf.Tensor1D | null = null;
  const grads = tf.tidy(() => {
    const named: tf.NamedTensorMap = {};
    const summed: tf.Tensor[] = [];
    let offset = 0;
    for (const v of parts.variables) {
      const pieces = slots.map((s) => {
        const view = s.subarray(offset, offset + v.size);
        return tf.tensor(copy ? view.slice() : view, v.shape, 'float32');
      });
      const sum = pieces.length === 1 ? (pieces[0] as tf.Tensor) : tf.addN(pieces);
      named[v.name] = sum;
      summed.push(sum);
      offset += v.size;
    }
    if (kernelIndices !== null) {
      const global = tf.sqrt(tf.addN(summed.map((g) => tf.sum(tf.square(g)))));
      norms = tf.keep(tf.stack([...kernelIndices.map((i) => tf.norm(summed[i] as tf.Tensor)), global]) as tf.Tensor1D);
    }
    return named;
  });
  try {
    parts.optimizer.applyGradients(grads);
  } finally {
    tf.dispose(Object.values(grads));
  }
  return norms;
}

/** Loss contribution and hit count summed over the participants' slots (plain numbers: they are two floats each). */
export function slotTotals(slots: readonly Float32Array[]): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (const s of slots) {
    loss += s[s.length - 2] as number;
    correct += s[s.length - 1] as number;
  }
  return { loss, correct };
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
