/** What a replica worker is started with, and what it posts back. */
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { SharedLayout } from './layout.js';
import type { StackShape } from '../fused/descriptor.js';
import type { FusedSgd } from '../fused/dense-stack.js';

/** One tensor as plain data (weights or optimizer state). */
export interface TensorData {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** workerData of a replica. */
export interface ReplicaInit {
  /** Participant index (1…; 0 is the training thread). */
  index: number;
  spec: ModelSpec;
  seed: number;
  classes: number;
  /** The leader's active backend: replicas run the same one. */
  backend: 'wasm' | 'cpu';
  wasmDir: string | null;
  layout: SharedLayout;
  /** The leader's model.getWeights(), in order. */
  weights: TensorData[];
  /** The leader's optimizer.getWeights() (iterations first), in order. */
  optimizerState: TensorData[];
  /** For a fused run (the replica must then run the same fused step), the stack as the kernel sees it and the SGD settings: the replica runs lean, without tfjs. */
  lean: { layers: StackShape[]; sgd: FusedSgd } | null;
  /** The leader's fused momentum accumulators (empty for plain SGD or unfused runs). */
  fusedState: Float32Array;
  /** The control block's SEQ when the replica was started: it waits for the next one. */
  startSeq: number;
}

/** Messages from a replica. */
export type ReplicaMessage = { type: 'ready' } | { type: 'error'; message: string } | { type: 'exited' };
