/**
 * Early stopping as the dashboard reports it: "stopped early at epoch E; best epoch B
 * (weights restored)". A live run hears it from `run:finished`; a stored run's status.json
 * does not keep it, so it is read back from the model's `early_stopping` and the epochs:
 * a completed run with fewer epochs than asked stopped early, and its best epoch is the
 * one Keras' EarlyStopping would pick (lowest val_loss, improvements above min_delta only).
 */
import { earlyStoppingDefaults } from '../../../../src-shared/model/defaults.js';
import type { ModelSpec } from '../../../../src-shared/model/spec.js';
import type { RunFinishedEvent } from '../../../../src-shared/training/events.js';
import type { EpochMetrics } from '../../../../src-shared/training/metrics.js';
import type { RunStatusRecord } from '../../../../src-shared/training/run.js';

/** The last epoch trained, the best one by val_loss, and whether its weights were restored. */
export type EarlyStop = NonNullable<RunFinishedEvent['early_stopped']>;

/**
 * The epoch with the lowest val_loss, counting a new value as better only when it is lower
 * than the best so far by more than `minDelta` (Keras' rule); null without a finite val_loss.
 * Example: val_loss [0.5, 0.4, 0.399, 0.45], minDelta 0.01 → 2.
 */
export function bestEpoch(epochs: readonly EpochMetrics[], minDelta = 0): number | null {
  let best: number | null = null;
  let bestLoss = Infinity;
  for (const m of epochs) {
    if (!Number.isFinite(m.val_loss)) continue;
    if (m.val_loss < bestLoss - Math.abs(minDelta)) {
      bestLoss = m.val_loss;
      best = m.epoch;
    }
  }
  return best;
}

/**
 * Early stopping of a stored run, or null when it did not stop early (or cannot have: no
 * `early_stopping` in its model, not completed, every asked epoch trained).
 * Example: patience 3, 10 epochs asked, 7 trained, val_loss lowest at 4 → `{epoch: 7, best_epoch: 4, restored: true}`.
 */
export function storedEarlyStop(model: ModelSpec | null, status: Pick<RunStatusRecord, 'status' | 'options'>, epochs: readonly EpochMetrics[]): EarlyStop | null {
  const es = model?.training.early_stopping;
  const last = epochs.at(-1);
  if (!es || status.status !== 'completed' || !last || last.epoch >= status.options.epochs) return null;
  const { min_delta, restore_best_weights } = earlyStoppingDefaults(es);
  const best = bestEpoch(epochs, min_delta);
  return best === null ? null : { epoch: last.epoch, best_epoch: best, restored: restore_best_weights };
}
