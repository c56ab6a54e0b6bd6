/**
 * The cross-validation form as plain data: its fields' text, their checks against the
 * study's bounds (src-shared CROSSVAL_LIMITS, the same the IPC schema enforces), and the
 * request they make. Free of Svelte so it is tested directly.
 */
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { CROSSVAL_DEFAULTS, CROSSVAL_LIMITS, type CandidateActivation, type CrossvalRequest } from '../../../src-shared/wizard/types.js';
import { SPLIT_SIZES } from '../../../src-shared/data/datasets.js';

/** Candidates a study from the wizard compares: the "top 2–4". */
export const STUDY_CANDIDATES = { min: 2, max: 4 } as const;

/** The numeric fields, in form order. */
export const CROSSVAL_FIELDS = ['folds', 'limit', 'epochs'] as const;
export type CrossvalField = (typeof CROSSVAL_FIELDS)[number];

/** The form's text values. */
export type CrossvalFormValues = Record<CrossvalField, string>;

/** Defaults: 3 folds of the first 3,000 training images, 2 epochs. */
export function crossvalDefaults(): CrossvalFormValues {
  return { folds: String(CROSSVAL_DEFAULTS.folds), limit: String(CROSSVAL_DEFAULTS.limit), epochs: String(CROSSVAL_DEFAULTS.epochs) };
}

/** Bounds of a field; the subset can be no larger than the model's dataset's training split. */
export function fieldRange(field: CrossvalField, model: ModelSpec | null): { min: number; max: number } {
  const r = CROSSVAL_LIMITS[field];
  if (field !== 'limit' || !model) return { min: r.min, max: r.max };
  return { min: r.min, max: Math.min(r.max, SPLIT_SIZES[model.dataset].train) };
}

/** What is wrong with the form, field by field (`candidates` when the count is off). */
export type CrossvalProblems = Partial<Record<CrossvalField | 'candidates', true>>;

/**
 * Checks the form; returns the request or the problems. Example: candidates [selu, elu],
 * `{folds: '2', limit: '600', epochs: '1'}` → `{ok: true, request: {…, folds: 2, limit: 600, epochs: 1}}`;
 * folds '1' → `{ok: false, problems: {folds: true}}`.
 */
export function crossvalRequest(
  model: ModelSpec,
  candidates: readonly CandidateActivation[],
  values: CrossvalFormValues,
): { ok: true; request: CrossvalRequest } | { ok: false; problems: CrossvalProblems } {
  const problems: CrossvalProblems = {};
  const n = candidates.length;
  if (n < STUDY_CANDIDATES.min || n > STUDY_CANDIDATES.max) problems.candidates = true;
  const parsed = {} as Record<CrossvalField, number>;
  for (const f of CROSSVAL_FIELDS) {
    const text = values[f].trim();
    const v = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const { min, max } = fieldRange(f, model);
    if (!Number.isInteger(v) || v < min || v > max) problems[f] = true;
    parsed[f] = v;
  }
  // Each fold must hold out at least one image and train on at least one.
  if (!problems.folds && !problems.limit && parsed.limit < parsed.folds * 2) problems.limit = true;
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, request: { model, candidates: [...candidates], folds: parsed.folds, limit: parsed.limit, epochs: parsed.epochs } };
}
