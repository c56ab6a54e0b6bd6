/**
 * How many threads a run can use, and why not more. Data-parallel shards change what
 * batch normalization computes (statistics per shard instead of per minibatch), so
 * such models train on one thread; the native backends have their own thread pools.
 */
import type { ModelSpec } from '../../../src-shared/model/spec.js';

import { MIN_SHARD_ROWS, type ThreadLimit } from '../../../src-shared/training/threads.js';

export { MIN_SHARD_ROWS, type ThreadLimit };

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
  const bySize = Math.max(1, Math.floor(batchSize / Math.max(1, minShardRows)));
  return bySize < wanted ? { threads: bySize, limit: 'small_batch' } : { threads: wanted, limit: null };
}
