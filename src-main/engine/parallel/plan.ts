/**
 * How many threads a run can use, and why not more. Data-parallel shards change what
 * batch normalization computes (statistics per shard instead of per minibatch), so
 * such models train on one thread; the native backends have their own thread pools.
 */
import { isTrainable } from '../../../src-shared/model/defaults.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';

import { MIN_SHARD_ROWS, type ThreadLimit } from '../../../src-shared/training/threads.js';

export { MIN_SHARD_ROWS, type ThreadLimit };

/**
 * What the replicas cannot mirror, or null: each replica runs its own copy of the spec's
 * optimizer at the spec's rate on the plain loss, and syncs only trainable weights. A
 * schedule's per-step rate, clipping (of the summed gradient), a regularizer's extra
 * gradient, a max-norm projection, a frozen layer's different variable set and other
 * optimizers' state transfer are not carried, so such runs stay on one thread.
 */
export function unsupportedByReplicas(spec: ModelSpec): string | null {
  const t = spec.training;
  if (t.optimizer.name !== 'sgd' && t.optimizer.name !== 'adam') return `optimizer ${t.optimizer.name}`;
  if (t.optimizer.clipnorm !== undefined || t.optimizer.clipvalue !== undefined) return 'gradient clipping';
  if (t.lr_schedule !== undefined) return `lr_schedule ${t.lr_schedule.name}`;
  if (t.unfreeze !== undefined) return 'training.unfreeze';
  for (const [i, layer] of spec.layers.entries()) {
    if (!isTrainable(layer)) return `layers[${i}]: frozen`;
    if (layer.kind === 'dense' && layer.kernel_regularizer !== undefined) return `layers[${i}]: kernel_regularizer`;
    if (layer.kind === 'dense' && layer.kernel_constraint !== undefined) return `layers[${i}]: kernel_constraint`;
  }
  return null;
}

/** Threads for a run: `given` (the run's share of the cores) unless the model, backend or batch size limit it. */
export function threadsPlan(
  spec: ModelSpec,
  backend: string,
  given: number,
  batchSize: number,
  minShardRows: number = MIN_SHARD_ROWS,
): { threads: number; limit: ThreadLimit } {
  const wanted = Math.max(1, Math.floor(given));
  if (wanted === 1) return { threads: 1, limit: null };
  if (backend !== 'wasm' && backend !== 'cpu') return { threads: 1, limit: 'native_backend' };
  if (spec.layers.some((l) => l.kind === 'batch_normalization')) return { threads: 1, limit: 'batch_normalization' };
  if (unsupportedByReplicas(spec) !== null) return { threads: 1, limit: 'unsupported_features' };
  const bySize = Math.max(1, Math.floor(batchSize / Math.max(1, minShardRows)));
  return bySize < wanted ? { threads: bySize, limit: 'small_batch' } : { threads: wanted, limit: null };
}
