/**
 * Evaluating a trained run on the whole test split: the answer's shapes and the pure
 * arithmetic on a confusion matrix (rows = true class, columns = predicted class).
 * The training process fills the matrix; main, the CLI and the renderer read it.
 */
import type { DatasetId } from '../model/ids.js';

/** Bounds of `runs:evaluate`, shared by its schema, the service and the CLI. */
export const EVALUATE_LIMITS = {
  /** Most misclassified test images sent back (each carries 784 pixels). */
  max_misclassified: 64,
  /** Misclassified images sent back when the request does not say. */
  default_misclassified: 24,
  /** Test images per forward pass: the batch size training's own test evaluation uses, so the numbers agree. */
  batch_size: 1024,
  /** Most stochastic passes of MC dropout (the book averages 100). */
  max_mc_samples: 1000,
} as const;

/** `runs:evaluate` request: the run, and how many misclassified images to send back (0..64, default 24). */
export interface EvaluateRequest {
  run_id: string;
  misclassified?: number;
  /**
   * MC dropout: average this many stochastic passes (dropout kept on) instead of one
   * deterministic pass, and report each test image's predictive uncertainty. Omitted or 0: off.
   */
  mc_samples?: number;
}

/** A test image the model got wrong, with what it said instead. */
export interface MisclassifiedImage {
  /** Row in the test split (0-based, the split's fixed order). */
  index: number;
  true_label: number;
  predicted_label: number;
  /** The model's probability of `predicted_label` (0..1): how sure it was of its mistake. */
  probability: number;
  /** The raw test image, 28×28 row-major, uint8 0..255 (before preprocessing). */
  pixels: number[];
}

/** What an evaluation measured: the same test loss/accuracy as training's own, plus where the errors are. */
export interface EvaluationStats {
  /** Mean crossentropy over the test split. */
  test_loss: number;
  /** Fraction of the test split classified correctly (0..1). */
  test_accuracy: number;
  /** Accuracy per true class (recall), 10 values; 0 for a class with no test images. */
  per_class: number[];
  /** [true][predicted] counts, 10×10; row sums are the class counts of the test split. */
  confusion: number[][];
  /** Test images evaluated (the whole split: 10,000 for Fashion-MNIST, 1,000 for MNIST). */
  count: number;
  /** The most confident mistakes, most confident first (ties: lower index first). */
  misclassified: MisclassifiedImage[];
}

/** `runs:evaluate` response. */
export interface EvaluateResponse extends EvaluationStats {
  run_id: string;
  dataset: DatasetId;
}

/** Why a run cannot be evaluated (main refuses before starting a process); the CLI words each in its language. */
export type EvaluationRefusalReason =
  | { kind: 'not_a_run'; path: string; detail: string }
  | { kind: 'model_damaged'; run: string; detail: string }
  | { kind: 'active'; run: string; status: string }
  | { kind: 'diverged'; run: string; epoch: number | null; step: number | null }
  | { kind: 'no_weights'; run: string; status: string }
  | { kind: 'weights_damaged'; run: string; detail: string };

/** The English sentence of a refusal, e.g. `run 2026…-1a2b has no saved weights (status failed): nothing to evaluate`. */
export function refusalText(r: EvaluationRefusalReason): string {
  switch (r.kind) {
    case 'not_a_run':
      return `${r.path} is not a run folder: ${r.detail}`;
    case 'model_damaged':
      return `run ${r.run} cannot be evaluated: its model.json is damaged (${r.detail})`;
    case 'active':
      return `run ${r.run} is still ${r.status}; evaluate it once it has finished`;
    case 'diverged':
      return `run ${r.run} diverged${r.epoch === null ? '' : ` at epoch ${r.epoch}, step ${r.step}`}: its weights are NaN/Inf and were not saved, so there is nothing to evaluate`;
    case 'no_weights':
      return `run ${r.run} has no saved weights (status ${r.status}): nothing to evaluate`;
    case 'weights_damaged':
      return `run ${r.run} cannot be evaluated: its saved weights are damaged (${r.detail})`;
  }
}

/** A classes×classes matrix of zeros, e.g. `emptyConfusion(2)` → `[[0, 0], [0, 0]]`. */
export function emptyConfusion(classes: number): number[][] {
  return Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
}

/** Images per true class: the row sums, e.g. `classCounts([[3, 1], [0, 2]])` → `[4, 2]`. */
export function classCounts(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row) => row.reduce((a, b) => a + b, 0));
}

/**
 * Accuracy per true class, the diagonal over the row sum (0 for an empty row),
 * e.g. `perClassAccuracy([[3, 1], [0, 2]])` → `[0.75, 1]`.
 */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : (row[i] ?? 0) / total;
  });
}

/** Overall accuracy, the trace over the total (NaN for an empty matrix), e.g. `[[3, 1], [0, 2]]` → 5/6. */
export function confusionAccuracy(confusion: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, i) => {
    correct += row[i] ?? 0;
    for (const c of row) total += c;
  });
  return total === 0 ? NaN : correct / total;
}

/** Largest off-diagonal count and its cell: the pair of classes most often confused, or null when there is no mistake. */
export function worstConfusion(confusion: readonly (readonly number[])[]): { true_label: number; predicted_label: number; count: number } | null {
  let best: { true_label: number; predicted_label: number; count: number } | null = null;
  confusion.forEach((row, i) =>
    row.forEach((c, j) => {
      if (i !== j && c > 0 && (best === null || c > best.count)) best = { true_label: i, predicted_label: j, count: c };
    }),
  );
  return best;
}

/** Whether `a` ranks before `b` among mistakes: higher probability first, then lower index (deterministic). */
function ranksBefore(a: Pick<MisclassifiedImage, 'probability' | 'index'>, b: Pick<MisclassifiedImage, 'probability' | 'index'>): boolean {
  return a.probability > b.probability || (a.probability === b.probability && a.index < b.index);
}

/**
 * Keeps the `k` most confident mistakes seen so far, in rank order, in place: inserts
 * `candidate` if it ranks among them (dropping the last). Returns whether it was kept.
 * Example: keeping 2 of probabilities 0.6, 0.9, 0.7 leaves [0.9, 0.7].
 */
export function keepMostConfident<T extends Pick<MisclassifiedImage, 'probability' | 'index'>>(kept: T[], candidate: T, k: number): boolean {
  if (k <= 0) return false;
  if (kept.length >= k && !ranksBefore(candidate, kept[kept.length - 1] as T)) return false;
  let at = kept.length;
  while (at > 0 && ranksBefore(candidate, kept[at - 1] as T)) at--;
  kept.splice(at, 0, candidate);
  if (kept.length > k) kept.pop();
  return true;
}

/** How the training process words a weights file it cannot load, so the caller can call the weights damaged (exit 1), not the process failed. */
export const WEIGHTS_LOAD_FAILED = 'the saved weights could not be loaded:';
