/**
 * The one check of a run's metrics, used where they arrive from the training process
 * (trainer/protocol.ts) and where they are read back from `metrics.jsonl`
 * (metrics-file.ts), so a record the file reader would refuse is refused on arrival too.
 */
import { z } from 'zod';
import { formatPath, previewValue } from '../../src-shared/model/errors.js';
import type { BatchNormDiagnostics, BatchSample, EpochMetrics, LayerDiagnostics } from '../../src-shared/training/metrics.js';

/**
 * Any number, NaN and ±Infinity included: a diverging run measures them and they must be
 * shown, not refused. JSON has neither, so `metrics.jsonl` holds null there; null reads as
 * NaN (over IPC, NaN travels as itself and null never appears).
 */
const measured = z.preprocess(
  (v) => (v === null ? Number.NaN : v),
  z.custom<number>((v) => typeof v === 'number', {
    error: (issue) => `expected a number, received ${issue.input === undefined ? 'nothing' : previewValue(issue.input)}`,
  }),
);
const count = z.number().int().nonnegative();

/** One dense layer's diagnostics in an epoch record. */
export const layerDiagnosticsSchema: z.ZodType<LayerDiagnostics> = z.object({
  name: z.string(),
  spec_index: count,
  activation: z.string(),
  grad_norm: measured,
  weight_norm: measured,
  act_mean: measured,
  act_std: measured,
  // null means "does not apply" (linear, softmax), so it stays null rather than becoming NaN.
  inactive_fraction: measured.nullable(),
  inactive_kind: z.enum(['dead', 'saturated']).nullable(),
});

/** One batch-normalization layer's input and output statistics in an epoch record. */
export const batchNormDiagnosticsSchema: z.ZodType<BatchNormDiagnostics> = z.object({
  name: z.string(),
  spec_index: count,
  in_mean: measured,
  in_std: measured,
  out_mean: measured,
  out_std: measured,
});

/**
 * An epoch record: `{epoch: 1, loss, accuracy, val_loss, val_accuracy, seconds, layers: [...]}`
 * (losses may be NaN), with the optional learning_rate, grad_norm_raw/_clipped and
 * batch_norm of runs recorded since chapter 11's training features.
 */
export const epochMetricsSchema: z.ZodType<EpochMetrics> = z.object({
  epoch: z.number().int().min(1),
  loss: measured,
  accuracy: measured,
  val_loss: measured,
  val_accuracy: measured,
  seconds: measured,
  layers: z.array(layerDiagnosticsSchema),
  learning_rate: measured.optional(),
  grad_norm_raw: measured.optional(),
  grad_norm_clipped: measured.optional(),
  batch_norm: z.array(batchNormDiagnosticsSchema).optional(),
});

/** A batch sample: `{epoch: 1, step: 40, loss, samples_done: 1280, samples_total: 5000, learning_rate?: 0.01}` (loss may be NaN). */
export const batchSampleSchema: z.ZodType<BatchSample> = z.object({
  epoch: z.number().int().min(1),
  step: z.number().int().min(1),
  loss: measured,
  samples_done: count,
  samples_total: count,
  learning_rate: measured.optional(),
});

/** The first problem of a failed check, path first: `layers[0].grad_norm: expected a number, received "big"`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  return `${formatPath(issue.path)}: ${issue.message}`;
}
