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
}

/** A throttled per-batch loss sample. `step` counts batches from 1 over the whole run. */
export interface BatchSample {
  epoch: number;
  step: number;
  loss: number;
  /** Samples seen so far in the run, and in total, for progress and ETA. */
  samples_done: number;
  samples_total: number;
}

/** Final status of a run. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'diverged' | 'failed';
