/**
 * Typed messages between the main side and the training process. The training
 * process is a Node child process (CLI, lab server, tests) or an Electron
 * utilityProcess (desktop app); both carry these plain objects.
 */
import { z } from 'zod';
import type { KernelInitializer, ModelSpec } from '../../src-shared/model/spec.js';
import type { BatchSample, EpochMetrics } from '../../src-shared/training/metrics.js';
import { batchSampleSchema, describeIssue, epochMetricsSchema } from '../runs/metrics-schema.js';

export { BACKEND_PREFERENCES, type BackendPreference, type RunOptions } from '../../src-shared/training/run-options.js';
import type { BackendPreference, RunOptions } from '../../src-shared/training/run-options.js';
import type { BackendInfoPayload, LayersSample } from '../../src-shared/training/events.js';
import type { DatasetId, PreprocessId } from '../../src-shared/model/ids.js';
import type { EvaluationStats } from '../../src-shared/training/evaluation.js';
import type { LrFindResult } from '../../src-shared/training/lr-finder.js';
import { CANDIDATE_ACTIVATIONS, type CandidateActivation } from '../../src-shared/wizard/types.js';
import { THREAD_LIMITS, type ThreadLimit } from '../../src-shared/training/threads.js';
import { evaluationStatsSchema } from './evaluation-schema.js';
import { lrFindResultSchema } from './lr-find-schema.js';

/** Which backend trains, and why the others were skipped. */
export type BackendInfo = BackendInfoPayload;

/** Main side → training process. */
export type TrainerCommand =
  | {
      type: 'start';
      run_id: string;
      runs_dir: string;
      model: ModelSpec;
      options: RunOptions;
      data_dir: string | null;
      /**
       * A cross-validation fold: the `options.limit` training images are cut into `folds`
       * contiguous chunks; chunk `index` (1-based) is the validation set, the rest is trained on.
       * Absent or null: the fixed validation split.
       */
      fold?: { index: number; folds: number } | null;
      /**
       * A run folder whose saved weights (its `weights/`) the model starts from instead of its
       * seeded initialization: continuing that run. Absent or null: a fresh start.
       */
      init_weights_run_dir?: string | null;
      /** Cores this run may use now (its share of the machine); absent: 1. Later `threads` commands change it. */
      threads?: number;
      /**
       * Transfer learning: the folder of the run named by `model.transfer.run`, whose saved
       * weights the first `model.transfer.layers` layers start from. Absent or null: no transfer.
       */
      transfer_run_dir?: string | null;
    }
  /** The learning-rate finder on `model` with `options`; answered by `lr-found`. */
  | {
      type: 'lr-find';
      model: ModelSpec;
      options: RunOptions;
      min_rate: number;
      max_rate: number;
      steps: number;
      data_dir: string | null;
    }
  /** Time a training step and an inference pass of `model` with each candidate activation; answered by `speeds`. */
  | {
      type: 'speeds';
      model: ModelSpec;
      candidates: CandidateActivation[];
      batch_size: number;
      inference_batch: number;
      backend: BackendPreference;
      /** The dataset cache folder, for timing the data load a training process pays (absent/null: the default). */
      data_dir?: string | null;
    }
  | { type: 'probe'; backend: BackendPreference }
  /** Draw one [fan_in, fan_out] kernel with the engine's initializer; answered by `init-sample`. */
  | { type: 'sample-init'; initializer: KernelInitializer; fan_in: number; fan_out: number; seed: number; max_values: number }
  /** Evaluate a run's saved weights on the whole test split; answered by `evaluation`. */
  | {
      type: 'evaluate';
      run_dir: string;
      dataset: DatasetId;
      preprocess: PreprocessId;
      backend: BackendPreference;
      /** Most confident mistakes to send back (0..64). */
      misclassified: number;
      data_dir: string | null;
      /** The run's class subset (`model.classes`); absent or null: every class. */
      classes?: number[] | null;
      /** MC dropout passes (0 or absent: one deterministic pass). */
      mc_samples?: number;
    }
  /** The run's new share of the cores (other runs started or ended): fewer at once, more from the next epoch. */
  | { type: 'threads'; threads: number }
  | { type: 'stop' };

/** Statistics of a drawn kernel (all `count` weights) and an evenly strided subsample of at most `max_values` of them. */
export interface InitSampleStats {
  values: number[];
  measured_mean: number;
  measured_std: number;
  count: number;
}

/** One candidate's median times, in ms. */
export interface MeasuredSpeed {
  activation: CandidateActivation;
  train_step_ms: number;
  inference_ms: number;
  /** Median over rounds of this candidate's time divided by ReLU's in the same round (absent: divide the medians). */
  train_relative?: number;
  inference_relative?: number;
}

/** How a run ended, as the training process saw it. */
export interface TrainerOutcome {
  status: 'completed' | 'stopped' | 'diverged';
  diverged_at: { epoch: number; step: number } | null;
  test_loss: number | null;
  test_accuracy: number | null;
  /** Early stopping ended the run: last epoch, best epoch, whether the best weights were restored. */
  early_stopped?: { epoch: number; best_epoch: number; restored: boolean };
}

/** Training process → main side. */
export type TrainerEvent =
  | { type: 'backend'; backend: BackendInfo; tfjs_version: string }
  | { type: 'batch'; sample: BatchSample }
  | { type: 'epoch'; metrics: EpochMetrics }
  /** Layer diagnostics between epochs (throttled by the engine). */
  | { type: 'layers'; sample: LayersSample }
  /** Threads the run trains on now, and what kept it below its share (see engine/parallel/plan.ts). */
  | { type: 'threads'; threads: number; limit: ThreadLimit }
  | { type: 'done'; outcome: TrainerOutcome }
  | { type: 'init-sample'; sample: InitSampleStats }
  | { type: 'evaluation'; stats: EvaluationStats }
  | { type: 'lr-found'; result: LrFindResult }
  | { type: 'speeds'; backend: BackendInfo; speeds: MeasuredSpeed[]; startup_ms: number }
  | { type: 'error'; message: string };

const finite = z.number();
/** Any number, NaN and ±Infinity included (a diverging run's measurements). */
const measured = z.custom<number>((v) => typeof v === 'number', { error: 'expected a number' });

/**
 * Checks a message from the training process. The child is ours, but it is a
 * separate process that can crash mid-write or be a stale build: a malformed
 * message is refused with its path rather than trusted.
 */
export const trainerEventSchema: z.ZodType<TrainerEvent> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('backend'),
    backend: z.object({
      active: z.string(),
      requested: z.string(),
      attempts: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.string() })),
    }),
    tfjs_version: z.string(),
  }),
  // The same schemas that read metrics.jsonl back: what is accepted here can be stored and reloaded.
  z.object({ type: z.literal('batch'), sample: batchSampleSchema }),
  z.object({ type: z.literal('epoch'), metrics: epochMetricsSchema }),
  z.object({
    type: z.literal('layers'),
    sample: z.object({
      epoch: z.number().int().min(1),
      step: z.number().int().min(1),
      // A diverging run measures NaN and ±Infinity: they are shown, not refused.
      layers: z.array(
        z.object({ name: z.string(), grad_norm: measured, act_mean: measured, act_std: measured, inactive_fraction: measured.nullable() }),
      ),
      grad_norm_raw: measured.optional(),
      grad_norm_clipped: measured.optional(),
    }),
  }),
  z.object({
    type: z.literal('done'),
    outcome: z.object({
      status: z.enum(['completed', 'stopped', 'diverged']),
      diverged_at: z.object({ epoch: finite, step: finite }).nullable(),
      test_loss: finite.nullable(),
      test_accuracy: finite.nullable(),
      early_stopped: z.object({ epoch: z.number().int().min(1), best_epoch: z.number().int().min(1), restored: z.boolean() }).optional(),
    }),
  }),
  z.object({
    type: z.literal('init-sample'),
    sample: z.object({ values: z.array(finite), measured_mean: finite, measured_std: finite, count: z.number().int().min(0) }),
  }),
  z.object({ type: z.literal('evaluation'), stats: evaluationStatsSchema }),
  z.object({ type: z.literal('lr-found'), result: lrFindResultSchema }),
  z.object({
    type: z.literal('speeds'),
    backend: z.object({
      active: z.string(),
      requested: z.string(),
      attempts: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.string() })),
    }),
    speeds: z.array(
      z.object({
        activation: z.enum(CANDIDATE_ACTIVATIONS),
        train_step_ms: finite,
        inference_ms: finite,
        train_relative: finite.optional(),
        inference_relative: finite.optional(),
      }),
    ),
    startup_ms: finite,
  }),
  z.object({
    type: z.literal('threads'),
    threads: z.number().int().min(1),
    limit: z.enum(THREAD_LIMITS).nullable(),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

/** Why a message was refused, path first: `metrics.layers[0].grad_norm: expected a number, received "big"`. */
export function describeTrainerEventError(error: z.ZodError): string {
  return describeIssue(error);
}
