/**
 * Validation of the run settings form, kept out of the component so it can be
 * tested. Ranges and choices are read from the run options table that main's IPC
 * schema and the CLI also read (src-shared/training/run-options.ts), except that the
 * image limit stops at the chosen dataset's training-set size, beyond which it would
 * mean nothing. The form never writes into the editor's model: what differs from the
 * model's own values travels as run options, and main merges them into the copy it trains.
 */
import { DATASET_INFO } from '../../../src-shared/data/datasets.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { parseRunOption, RUN_OPTION_SPECS, type RunOptions } from '../../../src-shared/training/run-options.js';

/** The form's fields in display order, named like the RunOptions they fill. */
export const RUN_FORM_FIELDS = ['dataset', 'optimizer', 'learning_rate', 'epochs', 'batch_size', 'limit', 'seed', 'backend'] as const;
export type RunFormField = (typeof RUN_FORM_FIELDS)[number];

/** Fields chosen from a list (a select); the others are typed. */
export const CHOICE_FIELDS = ['dataset', 'optimizer', 'backend'] as const satisfies readonly RunFormField[];
export type ChoiceField = (typeof CHOICE_FIELDS)[number];
/** Fields holding a number. */
export type NumberField = Exclude<RunFormField, ChoiceField>;

/** Whether a field is chosen from a list. */
export function isChoiceField(field: RunFormField): field is ChoiceField {
  return (CHOICE_FIELDS as readonly string[]).includes(field);
}

/** The raw text of each input; '' in dataset, optimizer, learning_rate or seed means "the model's value". */
export type RunFormValues = Record<RunFormField, string>;

/** The limit a first classroom run starts with: a few seconds per epoch on a laptop. */
export const DEFAULT_LIMIT = 5000;

/** Allowed ranges of the number fields, from RUN_OPTION_SPECS; `limit`'s max is replaced by the dataset's training-set size in {@link checkField}. */
export const RANGES = {
  learning_rate: { min: RUN_OPTION_SPECS.learning_rate.min, max: RUN_OPTION_SPECS.learning_rate.max },
  epochs: { min: RUN_OPTION_SPECS.epochs.min, max: RUN_OPTION_SPECS.epochs.max },
  batch_size: { min: RUN_OPTION_SPECS.batch_size.min, max: RUN_OPTION_SPECS.batch_size.max },
  limit: { min: RUN_OPTION_SPECS.limit.min, max: RUN_OPTION_SPECS.limit.max },
  seed: { min: RUN_OPTION_SPECS.seed.min, max: RUN_OPTION_SPECS.seed.max },
} as const satisfies Record<NumberField, { min: number; max: number }>;

/** The values each list offers, from RUN_OPTION_SPECS. */
export const CHOICES: { [F in ChoiceField]: readonly RunOptions[F][] } = {
  dataset: RUN_OPTION_SPECS.dataset.values,
  optimizer: RUN_OPTION_SPECS.optimizer.values,
  backend: RUN_OPTION_SPECS.backend.values,
};

/** Fields that may be left empty, and what empty means: "all images" for the limit, the model's value for the others. */
const MAY_BE_EMPTY: readonly RunFormField[] = ['limit', 'dataset', 'optimizer', 'learning_rate', 'seed'];

/** Why a field is invalid; the view turns it into a localized sentence naming the field. */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'integer'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'range'; value: string; min: number; max: number }
  | { kind: 'choice'; value: string; values: readonly string[] };

/** What the form starts a run with: epochs, batch size and limit always, the other options only where they differ from the model's. */
export type RunFormOptions = Pick<RunOptions, 'epochs' | 'batch_size' | 'limit'> &
  Partial<Pick<RunOptions, 'dataset' | 'optimizer' | 'learning_rate' | 'seed' | 'backend'>>;

/** The validated options, or one problem per invalid field. */
export type RunFormResult = { ok: true; options: RunFormOptions } | { ok: false; problems: Partial<Record<RunFormField, FieldProblem>> };

/** Training images of a dataset (the largest limit), or `fallback` for '' or an unknown id. Example: `trainImagesOf('mnist', 55000)` → 7000. */
export function trainImagesOf(dataset: string, fallback: number): number {
  return Object.entries(DATASET_INFO).find(([id]) => id === dataset)?.[1].train ?? fallback;
}

/**
 * The form's starting text: epochs and batch size from `draft` (the editor's document, so
 * a problem elsewhere in it does not reset them), dataset, optimizer, learning rate and
 * seed from `model` ('' while there is none), the classroom limit, and `auto`.
 * Example: `formDefaults(leakyRelu, { epochs: 10, batch_size: 32 })` →
 * `{ dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: '0.001', epochs: '10', batch_size: '32', limit: '5000', seed: '42', backend: 'auto' }`.
 */
export function formDefaults(model: ModelSpec | null, draft: { epochs: number; batch_size: number }): RunFormValues {
  return {
    dataset: model ? model.dataset : '',
    optimizer: model ? model.training.optimizer.name : '',
    learning_rate: model ? String(model.training.optimizer.learning_rate) : '',
    epochs: String(draft.epochs),
    batch_size: String(draft.batch_size),
    limit: String(DEFAULT_LIMIT),
    seed: model ? String(model.training.seed) : '',
    backend: RUN_OPTION_SPECS.backend.fallback(),
  };
}

/** Checks one field. Example: `checkField('epochs', '0', 55000)` → `{ kind: 'range', value: '0', min: 1, max: 1000 }`. */
export function checkField(field: RunFormField, raw: string, trainImages: number): FieldProblem | null {
  const text = raw.trim();
  if (text === '') return MAY_BE_EMPTY.includes(field) ? null : { kind: 'required' };
  if (isChoiceField(field)) {
    const values = CHOICES[field] as readonly string[];
    return values.includes(text) ? null : { kind: 'choice', value: text, values };
  }
  if (field === 'learning_rate') {
    const r = parseRunOption('learning_rate', text);
    if (r.ok) return null;
    return r.problem.kind === 'range' ? { kind: 'range', value: text, ...RANGES.learning_rate } : { kind: 'number', value: text };
  }
  const n = Number(text.replace(/[,_\s]/g, ''));
  if (!/^[+-]?[\d,_\s]+(\.\d+)?$/.test(text) || !Number.isFinite(n)) return { kind: 'integer', value: text };
  if (!Number.isInteger(n)) return { kind: 'integer', value: text };
  const { min } = RANGES[field];
  const max = field === 'limit' ? trainImages : RANGES[field].max;
  if (n < min || n > max) return { kind: 'range', value: text, min, max };
  return null;
}

/** The value of a valid, non-empty field. */
function valueOf(field: RunFormField, text: string): string | number {
  if (isChoiceField(field)) return text;
  if (field === 'learning_rate') return Number(text);
  return Number(text.replace(/[,_\s]/g, ''));
}

/**
 * Validates the whole form. `defaults` are the model's values (formDefaults): an option
 * equal to its default, or left empty, is not sent, so main takes it from the model.
 * Example: `{ epochs: '5', batch_size: '32', limit: '', learning_rate: '0.01', … }` with
 * the model's learning rate 0.001 → `{ ok: true, options: { epochs: 5, batch_size: 32, limit: null, learning_rate: 0.01 } }`.
 */
export function validateRunForm(values: RunFormValues, trainImages: number, defaults: Partial<RunFormValues> = {}): RunFormResult {
  const problems: Partial<Record<RunFormField, FieldProblem>> = {};
  for (const f of RUN_FORM_FIELDS) {
    const p = checkField(f, values[f], trainImages);
    if (p) problems[f] = p;
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  const int = (s: string) => Number(s.trim().replace(/[,_\s]/g, ''));
  const options: Record<string, unknown> = {
    epochs: int(values.epochs),
    batch_size: int(values.batch_size),
    limit: values.limit.trim() === '' ? null : int(values.limit),
  };
  for (const f of ['dataset', 'optimizer', 'learning_rate', 'seed', 'backend'] as const) {
    const text = values[f].trim();
    if (text === '') continue;
    const value = valueOf(f, text);
    const base = defaults[f]?.trim() ?? '';
    const baseValue = base === '' || checkField(f, base, trainImages) !== null ? undefined : valueOf(f, base);
    if (value !== baseValue) options[f] = value;
  }
  return { ok: true, options: options as RunFormOptions };
}
