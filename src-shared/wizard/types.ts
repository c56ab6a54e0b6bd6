/**
 * Types of the guideline wizard (chapter 11's "which activation?" guideline), shared by
 * the rules (guideline.ts), the CLI's `recommend` and `crossval`, the main-side services
 * (activation speeds, cross-validation) and the renderer. Plain data only.
 */
import type { RunStatus } from '../training/metrics.js';
import type { BackendPreference } from '../training/run-options.js';

/** The wizard's questions, in the order it asks them; also the keys of `recommend`'s JSON argument. */
export const WIZARD_ANSWER_KEYS = ['self_normalizing', 'overfitting', 'runtime_speed', 'training_speed', 'huge_dataset', 'spare_compute'] as const;
export type WizardAnswerKey = (typeof WIZARD_ANSWER_KEYS)[number];
/** One boolean per question; a question not answered is `false`. */
export type WizardAnswers = Record<WizardAnswerKey, boolean>;

/**
 * Activations the guideline can recommend, as the model format names them
 * (`rrelu` and `prelu` are layer kinds, the others Dense activations or layer kinds).
 */
export const CANDIDATE_ACTIVATIONS = ['selu', 'elu', 'leaky_relu', 'rrelu', 'prelu', 'relu', 'tanh', 'sigmoid'] as const;
export type CandidateActivation = (typeof CANDIDATE_ACTIVATIONS)[number];

/** The initializer that goes with each candidate (LeCun for SELU, He for the ReLU family and ELU, Glorot for tanh/sigmoid). */
export type CandidateInitializer = 'lecun_normal' | 'he_normal' | 'glorot_uniform';

/**
 * Why a candidate is where it is: an answer's rule (the answer key), the general order
 * (`general_order`), or "the network cannot self-normalize → ELU" (`not_self_normalizing`).
 */
export type ReasonCode = Exclude<WizardAnswerKey, 'spare_compute'> | 'general_order' | 'not_self_normalizing';

/** One entry of the ranking. `reasons` is in order of importance. */
export interface RankedCandidate {
  activation: CandidateActivation;
  initializer: CandidateInitializer;
  reasons: ReasonCode[];
}

/** Two answers that pull in different directions; `first` won the higher rank. */
export interface Tradeoff {
  first: WizardAnswerKey;
  second: WizardAnswerKey;
}

/** What `recommend(answers)` returns. */
export interface Recommendation {
  ranked: RankedCandidate[];
  /** True when there is time and compute to spare: cross-validate the top candidates. */
  cross_validate: boolean;
  tradeoffs: Tradeoff[];
}

/** SELU's conditions, checked on a model document (chapter reference §2). */
export const SELF_NORMALIZING_CONDITIONS = ['standardized_inputs', 'lecun_normal', 'sequential_dense', 'alpha_dropout'] as const;
export type SelfNormalizingCondition = (typeof SELF_NORMALIZING_CONDITIONS)[number];

/** One condition on one model: `path` points at the first place that breaks it (null when ok, or for the whole model). */
export interface SelfNormalizingCheckItem {
  condition: SelfNormalizingCondition;
  ok: boolean;
  path: string | null;
}

// ---------------------------------------------------------------------------------------
// Activation speeds (`wizard:speeds`)

/** `wizard:speeds`: time a training step and an inference pass of the model with each candidate. */
export interface ActivationSpeedRequest {
  /** The model whose shapes are measured (its hidden activations are replaced per candidate). */
  model: unknown;
  /** Minibatch of the training step; default the model's `training.batch_size`. */
  batch_size?: number;
  backend?: BackendPreference;
  /** Measure anew even when this backend and these shapes were measured before (the cache then holds the new times). */
  fresh?: boolean;
}

/** Measured times of one candidate; `*_relative` are divided by ReLU's (1 for ReLU). */
export interface ActivationSpeed {
  activation: CandidateActivation;
  /** Median forward + backward + update of one minibatch, in ms. */
  train_step_ms: number;
  /** Median forward pass (inference mode) of one `inference_batch`, in ms. */
  inference_ms: number;
  train_relative: number;
  inference_relative: number;
}

/** Answer of `wizard:speeds`. */
export interface ActivationSpeedResponse {
  /** The backend that measured (e.g. `wasm`). */
  backend: string;
  batch_size: number;
  inference_batch: number;
  speeds: ActivationSpeed[];
  /** ISO time of the measurement. */
  measured_at: string;
  /** Whether this answer came from the cache (measured earlier for the same backend and shapes). */
  cached: boolean;
  /** Time from starting a training process to its first step, in ms (a cross-validation run pays it once per fold). */
  startup_ms: number;
}

// ---------------------------------------------------------------------------------------
// Cross-validation (`crossval:*`)

/** Bounds of a cross-validation study (IPC schema, CLI flags and the wizard's fields). */
export const CROSSVAL_LIMITS = {
  candidates: { min: 1, max: 8 },
  folds: { min: 2, max: 10 },
  /** Training images in the study's subset (the first N of the training split). */
  limit: { min: 20, max: 55_000 },
  epochs: { min: 1, max: 100 },
} as const;

/** Defaults of the wizard's cross-validation form. */
export const CROSSVAL_DEFAULTS = { folds: 3, limit: 3000, epochs: 2 } as const;

/** `crossval:start`. */
export interface CrossvalRequest {
  model: unknown;
  candidates: CandidateActivation[];
  folds: number;
  limit: number;
  epochs: number;
  batch_size?: number;
  seed?: number;
  backend?: BackendPreference;
}

/** One fold of one candidate. */
export interface CrossvalFold {
  activation: CandidateActivation;
  /** 1-based. */
  fold: number;
  run_id: string | null;
  status: RunStatus | 'pending';
  /** Validation accuracy of the fold's last epoch. */
  val_accuracy: number | null;
  /** Why the fold failed (status `failed`), as its run records it. */
  error?: string;
}

/** Per-candidate summary: fold accuracies (in fold order, finished folds only), mean and population std. */
export interface CrossvalCandidateResult {
  activation: CandidateActivation;
  initializer: CandidateInitializer;
  fold_val_accuracy: number[];
  mean: number | null;
  std: number | null;
}

/** The state of a study, pushed as `crossval:progress` and answered by `crossval:mine`. */
export interface CrossvalProgressEvent {
  study_id: string;
  /** Folds finished (any status) and planned. */
  done: number;
  total: number;
  folds: CrossvalFold[];
  candidates: CrossvalCandidateResult[];
  /** Seconds left, from the finished folds' durations; null before the first fold ends. */
  eta_seconds: number | null;
  plan: { folds: number; limit: number; epochs: number; candidates: CandidateActivation[] };
}

/** `crossval:finished`: the end of a study. `best` is the candidate with the highest mean. */
export interface CrossvalFinishedEvent extends CrossvalProgressEvent {
  status: 'completed' | 'stopped' | 'failed';
  best: CandidateActivation | null;
  error?: string;
}

/** How a run belongs to a study (stored in the run's status.json as `study`). */
export interface RunStudyTag {
  id: string;
  kind: 'crossval';
  activation: CandidateActivation;
  fold: number;
  folds: number;
}
