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
  /** MC dropout passes the dashboard proposes for a model with dropout (the book's 100). */
  default_mc_samples: 100,
  /** Most uncertain test images sent back with MC dropout (each carries 784 pixels). */
  most_uncertain: 16,
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

/**
 * A test image the model got wrong, with what it said instead. Labels are the model's
 * outputs: with a class subset, output i is dataset class `class_ids[i]`.
 */
export interface MisclassifiedImage {
  /** Row in the evaluated test split (0-based, the split's fixed order; with a class subset, of the subset's images). */
  index: number;
  true_label: number;
  predicted_label: number;
  /** The model's probability of `predicted_label` (0..1): how sure it was of its mistake (with MC dropout: the mean over the passes). */
  probability: number;
  /** The raw test image, 28×28 row-major, uint8 0..255 (before preprocessing). */
  pixels: number[];
  /** MC dropout only: std over the passes of the probability of `predicted_label`. */
  std?: number;
  /** MC dropout only: entropy (nats) of the mean probabilities, −Σ p̄ log p̄. */
  entropy?: number;
}

/** A test image with its MC dropout uncertainty (right or wrong: compare the labels). */
export interface UncertainImage extends MisclassifiedImage {
  std: number;
  entropy: number;
}

/** Mean uncertainty of a group of test images (0 for an empty group). */
export interface UncertaintyGroup {
  count: number;
  /** Mean over the group of the std of the predicted class's probability. */
  mean_std: number;
  /** Mean over the group of the predictive entropy (nats). */
  mean_entropy: number;
}

/**
 * MC dropout (Gal & Ghahramani 2016, the book's MCDropout): `samples` passes with the
 * dropout layers active (everything else, batch norm and RReLU included, in inference
 * mode), their softmax probabilities averaged. The classic finding: wrong predictions
 * are more uncertain than right ones (`wrong.mean_std` > `correct.mean_std`).
 */
export interface McDropoutStats {
  samples: number;
  /** Dropout and alpha-dropout layers of the model; 0: every pass is the same (std 0). */
  dropout_layers: number;
  /** The single deterministic pass (dropout off), for comparison with the averaged one. */
  deterministic: { test_loss: number; test_accuracy: number };
  correct: UncertaintyGroup;
  wrong: UncertaintyGroup;
  /** The most uncertain test images (highest std first; ties: higher entropy, then lower index). */
  most_uncertain: UncertainImage[];
}

/** What an evaluation measured: the same test loss/accuracy as training's own, plus where the errors are. */
export interface EvaluationStats {
  /** Mean crossentropy over the test split. */
  test_loss: number;
  /** Fraction of the test split classified correctly (0..1). */
  test_accuracy: number;
  /** Accuracy per true class (recall), one value per output (10, or k for a class subset); 0 for a class with no test images. */
  per_class: number[];
  /** [true][predicted] counts, k×k; row sums are the class counts of the test split. */
  confusion: number[][];
  /** Test images evaluated (the whole split: 10,000 for Fashion-MNIST, 2,000 for MNIST; a subset's images of it). */
  count: number;
  /** The dataset class of each row/column/output, e.g. [5, 6] for a sandals-vs-shirts model; [0..9] for all classes. */
  class_ids: number[];
  /** The most confident mistakes, most confident first (ties: lower index first). */
  misclassified: MisclassifiedImage[];
  /** Present when MC dropout was asked for: the loss, accuracy and confusion above are then those of the averaged probabilities. */
  mc?: McDropoutStats;
}

/** `runs:evaluate` response. */
export interface EvaluateResponse extends EvaluationStats {
  run_id: string;
  dataset: DatasetId;
  /** Dropout and alpha-dropout layers of the run's model: 0 means MC dropout has nothing to vary. */
  dropout_layers: number;
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

/**
 * Whether `a` is more uncertain than `b`: higher std, then higher entropy, then lower index
 * (without dropout every std is 0 and the entropy decides).
 */
export function moreUncertain(a: Pick<UncertainImage, 'std' | 'entropy' | 'index'>, b: Pick<UncertainImage, 'std' | 'entropy' | 'index'>): boolean {
  return a.std > b.std || (a.std === b.std && (a.entropy > b.entropy || (a.entropy === b.entropy && a.index < b.index)));
}

/**
 * Keeps the `k` top-ranked items seen so far, in rank order, in place: inserts `candidate`
 * if it ranks among them (dropping the last). Returns whether it was kept.
 */
export function keepTop<T>(kept: T[], candidate: T, k: number, before: (a: T, b: T) => boolean): boolean {
  if (k <= 0) return false;
  if (kept.length >= k && !before(candidate, kept[kept.length - 1] as T)) return false;
  let at = kept.length;
  while (at > 0 && before(candidate, kept[at - 1] as T)) at--;
  kept.splice(at, 0, candidate);
  if (kept.length > k) kept.pop();
  return true;
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
  return keepTop(kept, candidate, k, ranksBefore);
}

/** How the training process words a weights file it cannot load, so the caller can call the weights damaged (exit 1), not the process failed. */
export const WEIGHTS_LOAD_FAILED = 'the saved weights could not be loaded:';
