/**
 * Early stopping as the dashboard reports it: "stopped early at epoch E; best epoch B
 * (weights restored)". A live run hears it from `run:finished`; a stored run's status.json
 * records it (`early_stopped`), and for a run whose status.json has no record it is read back
 * from the model's `early_stopping` and the epochs' val_loss by replaying Keras' EarlyStopping rule.
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
    if (m.val_loss + minDelta < bestLoss) {
      bestLoss = m.val_loss;
      best = m.epoch;
    }
  }
  return best;
}

/**
 * Early stopping of a stored run, or null when it did not stop early. Keras' rule is replayed
 * on the recorded val_loss (an epoch improves when val_loss + min_delta < the best so far; the
 * run stops after `patience` epochs in a row without): the run stopped early when that rule
 * ends it at its last recorded epoch — also when that is the last epoch asked for, as Keras
 * (and the engine) then still restore the best weights. Null without `early_stopping` in the
 * model, or for a run that did not complete.
 * Example: patience 3, val_loss lowest at epoch 4 of 7 → `{epoch: 7, best_epoch: 4, restored: true}`.
 */
export function storedEarlyStop(
  model: ModelSpec | null,
  status: Pick<RunStatusRecord, 'status' | 'early_stopped'>,
  epochs: readonly EpochMetrics[],
): EarlyStop | null {
  // What the engine recorded wins; the replay is for a status.json without the record.
  if (status.early_stopped !== undefined && status.status === 'completed') return status.early_stopped;
  const es = model?.training.early_stopping;
  if (!es || status.status !== 'completed') return null;
  const { patience, min_delta, restore_best_weights } = earlyStoppingDefaults(es);
  let best = Infinity;
  let bestAt = 0;
  let wait = 0;
  for (const [i, m] of epochs.entries()) {
    // A NaN val_loss is no improvement (NaN comparisons are false), as in Keras.
    if (m.val_loss + min_delta < best) {
      best = m.val_loss;
      bestAt = m.epoch;
      wait = 0;
    } else if (++wait >= patience) {
      return i === epochs.length - 1 && bestAt > 0 ? { epoch: m.epoch, best_epoch: bestAt, restored: restore_best_weights } : null;
    }
  }
  return null;
}
