/**
 * Events a training run pushes while it runs. The training service emits them, the
 * IPC contract carries them unchanged, and the renderer and CLI consume them.
 */
import type { BatchSample, EpochMetrics, RunStatus } from './metrics.js';

/** Which backend trains and why the others were skipped (see src-main/engine/backend.ts). */
export interface BackendInfoPayload {
  active: string;
  requested: string;
  attempts: { name: string; ok: boolean; reason: string }[];
}

/** Throttled progress: the latest batch loss, fraction done in [0, 1] and the ETA in seconds (null until measurable). */
export interface RunProgressEvent {
  run_id: string;
  sample: BatchSample;
  fraction: number;
  elapsed_seconds: number;
  eta_seconds: number | null;
  /** Training throughput since the run started: samples_done / elapsed seconds (data loading and warm-up included); null before the first second. */
  samples_per_second: number | null;
  /** Threads the run trains on now (its share of the cores, data-parallel); absent until the training process says. */
  threads?: number;
}

/** One dense layer measured in the middle of an epoch (input-to-output order, like `EpochMetrics.layers`). */
export interface LayerSample {
  /** tfjs layer name, e.g. `dense_1`. */
  name: string;
  /** L2 norm of dLoss/dKernel at this step (not averaged: the epoch record has the average). */
  grad_norm: number;
  /** Mean and standard deviation of the layer's activated output on the diagnostic batch. */
  act_mean: number;
  act_std: number;
  /** Dead or saturated fraction as in `LayerDiagnostics.inactive_fraction`; null for linear/softmax layers. */
  inactive_fraction: number | null;
}

/**
 * Layer diagnostics between epochs: the engine measures gradient norms about 20 times an
 * epoch and sends one of these at most every 250 ms (throttled at the source). Not stored
 * in metrics.jsonl: the epoch records keep the averages. Example:
 * `{ run_id, epoch: 1, step: 40, layers: [{ name: 'dense', grad_norm: 0.8, act_mean: 0.3, act_std: 0.5, inactive_fraction: 0.02 }, …] }`.
 */
export interface RunLayersEvent {
  run_id: string;
  /** 1-based epoch and 1-based step over the whole run, as in `BatchSample`. */
  epoch: number;
  step: number;
  layers: LayerSample[];
  /** Global gradient norm at this step before clipping, and after it (only when the optimizer clips). */
  grad_norm_raw?: number;
  grad_norm_clipped?: number;
}

/** `RunLayersEvent` without its run id: what the engine and the training process produce. */
export type LayersSample = Omit<RunLayersEvent, 'run_id'>;

/** One finished epoch with its layer diagnostics. */
export interface RunEpochEvent {
  run_id: string;
  metrics: EpochMetrics;
}

/** The backend the run's training process picked. */
export interface RunBackendEvent {
  run_id: string;
  backend: BackendInfoPayload;
}

/** A run ended: completed, stopped, diverged (with where) or failed (with why). */
export interface RunFinishedEvent {
  run_id: string;
  status: Exclude<RunStatus, 'running' | 'queued'>;
  test_loss: number | null;
  test_accuracy: number | null;
  diverged_at: { epoch: number; step: number } | null;
  error: string | null;
  /**
   * Early stopping ended the run (status completed): the last epoch trained, the best
   * epoch by val_loss and whether its weights were restored (they are the saved weights then).
   */
  early_stopped?: { epoch: number; best_epoch: number; restored: boolean };
}
