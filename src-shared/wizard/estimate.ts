/**
 * How long a cross-validation study will take, from the activation speeds measured on
 * this machine (`wizard:speeds`): shown before the student starts it.
 */
import { SPLIT_SIZES } from '../data/datasets.js';
import type { DatasetId } from '../model/ids.js';
import type { ActivationSpeedResponse, CandidateActivation } from './types.js';

/** A study's size, as the wizard's form or `crossval` flags give it. */
export interface CrossvalPlanSize {
  candidates: readonly CandidateActivation[];
  folds: number;
  limit: number;
  epochs: number;
  batch_size: number;
  dataset: DatasetId;
}

/** Seconds per candidate (same order as `plan.candidates`; null where the speed of that candidate is unknown) and in all. */
export interface CrossvalEstimate {
  per_candidate: (number | null)[];
  total_seconds: number | null;
}

/**
 * Training images of fold `fold` (1-based) out of `limit` split into `folds` contiguous
 * chunks whose sizes differ by at most one: the first `limit % folds` chunks get one more.
 * Example: `foldSizes(10, 3)` → [4, 3, 3].
 */
export function foldSizes(limit: number, folds: number): number[] {
  const base = Math.floor(limit / folds);
  const extra = limit % folds;
  return Array.from({ length: folds }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Estimate: every fold pays the process start-up, then per epoch ⌈train/batch⌉ training
 * steps and a validation pass over its held-out chunk, and at the end one pass over the
 * test split (training always reports test accuracy). Example: 2 candidates × 3 folds of
 * 3,000 images, 2 epochs, batch 32, 5 ms a step → about 3 × (2 × 63 × 5 ms) + start-ups per candidate.
 */
export function estimateCrossval(plan: CrossvalPlanSize, speeds: ActivationSpeedResponse | null): CrossvalEstimate {
  const sizes = foldSizes(plan.limit, plan.folds);
  const test = SPLIT_SIZES[plan.dataset].test;
  const per_candidate = plan.candidates.map((activation) => {
    const s = speeds?.speeds.find((x) => x.activation === activation);
    if (!speeds || !s) return null;
    const perImageInference = s.inference_ms / speeds.inference_batch;
    let ms = 0;
    for (const held of sizes) {
      const train = plan.limit - held;
      const steps = Math.ceil(train / plan.batch_size);
      ms += speeds.startup_ms + plan.epochs * (steps * s.train_step_ms + held * perImageInference) + test * perImageInference;
    }
    return ms / 1000;
  });
  const total_seconds = per_candidate.some((x) => x === null) ? null : per_candidate.reduce<number>((a, b) => a + (b as number), 0);
  return { per_candidate, total_seconds };
}
