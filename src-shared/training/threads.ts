/**
 * How many cores a run trains on, and why sometimes fewer than its share: one
 * vocabulary for the engine (which decides), the training process (which reports),
 * the run's environment record and the screens (which explain it in both languages).
 */

/**
 * Rows per shard below which another thread costs more than it saves. Measured on a
 * 2-core machine with the fused step (300-100 net, 55,000 images): batch 32 took
 * 2.66 s/epoch on one thread and 3.54 s on two (16-row shards: each thread's step
 * got slower and the gradient exchange added 0.7 ms a step); batch 256 went from 2.71 s
 * to 1.71 s (128-row shards). 64 keeps batch 32 on one thread and splits batch 256.
 */
export const MIN_SHARD_ROWS = 64;

/** Reasons a run uses fewer threads than the cores it was given. */
export const THREAD_LIMITS = [
  /** tfjs-node / tfjs-node-gpu: libtensorflow has its own thread pool. */
  'native_backend',
  /** Per-shard batch statistics would change what batch normalization computes. */
  'batch_normalization',
  /** Fewer than MIN_SHARD_ROWS rows per thread: synchronization would cost more than it saves. */
  'small_batch',
  /** The replica threads could not start on this installation; the run went on with one. */
  'replicas_unavailable',
  /**
   * The run uses something the replicas do not reproduce step for step: a learning-rate
   * schedule, gradient clipping, a kernel regularizer or max-norm constraint, frozen
   * layers (or unfreezing), or an optimizer other than SGD and Adam.
   */
  'unsupported_features',
] as const;

/** Why a run uses fewer threads than its share; null when it uses all of them. */
export type ThreadLimit = (typeof THREAD_LIMITS)[number] | null;

/**
 * Each running training's share of `cores`, in start order: the cores split as evenly
 * as possible, the earlier runs taking the remainder; never more in total than `cores`
 * (one each when there are more runs than cores: a run cannot have zero).
 */
export function coreShares(cores: number, running: number): number[] {
  const c = Math.max(1, Math.floor(cores));
  const n = Math.max(0, Math.floor(running));
  if (n === 0) return [];
  const base = Math.max(1, Math.floor(c / n));
  const extra = c > n ? c % n : 0;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}
