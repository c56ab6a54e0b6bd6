/**
 * Metrics and diagnostics that a training run produces. Plain data: these cross the
 * training-process boundary, are appended to `metrics.jsonl`, printed by the CLI and
 * drawn by the renderer, so every consumer reads the same shapes.
 */

/** How a layer's units can be inactive: dead (ReLU family) or saturated (sigmoid/tanh). */
export type InactiveKind = 'dead' | 'saturated';

/** Per-epoch diagnostics of one dense layer (input to output order). */
export interface LayerDiagnostics {
  /** tfjs layer name, e.g. `dense_1`. */
  name: string;
  /** Index of the dense layer in `spec.layers`. */
  spec_index: number;
  /** Activation applied to this layer's output (own activation, or the activation layer that follows). */
  activation: string;
  /** L2 norm of dLoss/dKernel, averaged over the measured steps of the epoch. */
  grad_norm: number;
  /** L2 norm of the kernel at the end of the epoch. */
  weight_norm: number;
  /** Mean of the layer's activated output over the diagnostic batch. */
  act_mean: number;
  /** Standard deviation of the layer's activated output over the diagnostic batch. */
  act_std: number;
  /**
   * Fraction of inactive units: for the ReLU family the fraction of units whose
   * pre-activation is negative on every example of the diagnostic batch (dead); for
   * sigmoid/tanh the fraction of (unit, example) pairs whose derivative is below 5% of
   * its maximum (saturated); `null` for linear/softmax layers.
   */
  inactive_fraction: number | null;
  inactive_kind: InactiveKind | null;
}

/**
 * One batch-normalization layer measured at the end of an epoch on the diagnostic batch
 * (training-mode statistics are not used: the layer runs as at inference): the mean and
 * standard deviation of what enters it and of what leaves it — the layer inputs "without"
 * and "with" batch normalization.
 */
export interface BatchNormDiagnostics {
  /** tfjs layer name, e.g. `batch_normalization_2`. */
  name: string;
  /** Index of the layer in `spec.layers`. */
  spec_index: number;
  in_mean: number;
  in_std: number;
  out_mean: number;
  out_std: number;
}

/** Metrics of one finished epoch. Accuracy in [0, 1], seconds of wall time. */
export interface EpochMetrics {
  /** 1-based epoch number. */
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  seconds: number;
  layers: LayerDiagnostics[];
  /** Learning rate of the epoch's last step (after any schedule). Absent in runs recorded before schedules existed. */
  learning_rate?: number;
  /**
   * Global L2 norm of the whole gradient (every trainable variable), averaged over the
   * epoch's measured steps: before clipping, and after it (only when the optimizer clips).
   */
  grad_norm_raw?: number;
  grad_norm_clipped?: number;
  /** Batch-normalization layers' input and output statistics (absent when the model has none). */
  batch_norm?: BatchNormDiagnostics[];
}

/** A throttled per-batch loss sample. `step` counts batches from 1 over the whole run. */
export interface BatchSample {
  epoch: number;
  step: number;
  loss: number;
  /** Samples seen so far in the run, and in total, for progress and ETA. */
  samples_done: number;
  samples_total: number;
  /** Learning rate of this step (after any schedule). */
  learning_rate?: number;
}

/** Final status of a run. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'diverged' | 'failed';
