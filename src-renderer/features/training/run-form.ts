/**
 * Validation of the run settings form, kept out of the component so it can be
 * tested. The ranges are read from the run options table that main's IPC schema and
 * the CLI also read (src-shared/training/run-options.ts), except that the image limit
 * stops at the dataset's training-set size, beyond which it would mean nothing.
 */
import { RUN_OPTION_SPECS, type RunOptions } from '../../../src-shared/training/run-options.js';

/** The form's fields, named like the RunOptions they fill. */
export const RUN_FORM_FIELDS = ['epochs', 'batch_size', 'limit'] as const;
export type RunFormField = (typeof RUN_FORM_FIELDS)[number];

/** The raw text of each input. */
export type RunFormValues = Record<RunFormField, string>;

/** The limit a first classroom run starts with: a few seconds per epoch on a laptop. */
export const DEFAULT_LIMIT = 5000;

/** Allowed ranges per field, from RUN_OPTION_SPECS; `limit`'s max is replaced by the dataset's training-set size in {@link checkField}. */
export const RANGES = Object.fromEntries(
  RUN_FORM_FIELDS.map((f) => [f, { min: RUN_OPTION_SPECS[f].min, max: RUN_OPTION_SPECS[f].max }]),
) as Record<RunFormField, { min: number; max: number }>;

/** Why a field is invalid; the view turns it into a localized sentence naming the field. */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'integer'; value: string }
  | { kind: 'range'; value: string; min: number; max: number };

/** The validated options, or one problem per invalid field. */
export type RunFormResult =
  | { ok: true; options: Pick<RunOptions, 'epochs' | 'batch_size' | 'limit'> }
  | { ok: false; problems: Partial<Record<RunFormField, FieldProblem>> };

/** Checks one field. Example: `checkField('epochs', '0', 55000)` → `{ kind: 'range', value: '0', min: 1, max: 1000 }`. */
export function checkField(field: RunFormField, raw: string, trainImages: number): FieldProblem | null {
  const text = raw.trim();
  // An empty limit means "the whole training set"; the other fields need a value.
  if (text === '') return field === 'limit' ? null : { kind: 'required' };
  const n = Number(text.replace(/[,_\s]/g, ''));
  if (!/^[+-]?[\d,_\s]+(\.\d+)?$/.test(text) || !Number.isFinite(n)) return { kind: 'integer', value: text };
  if (!Number.isInteger(n)) return { kind: 'integer', value: text };
  const { min } = RANGES[field];
  const max = field === 'limit' ? trainImages : RANGES[field].max;
  if (n < min || n > max) return { kind: 'range', value: text, min, max };
  return null;
}

/**
 * Validates the whole form. Example: `{ epochs: '5', batch_size: '32', limit: '' }` →
 * `{ ok: true, options: { epochs: 5, batch_size: 32, limit: null } }`.
 */
export function validateRunForm(values: RunFormValues, trainImages: number): RunFormResult {
  const problems: Partial<Record<RunFormField, FieldProblem>> = {};
  for (const f of RUN_FORM_FIELDS) {
    const p = checkField(f, values[f], trainImages);
    if (p) problems[f] = p;
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  const int = (s: string) => Number(s.trim().replace(/[,_\s]/g, ''));
  return {
    ok: true,
    options: {
      epochs: int(values.epochs),
      batch_size: int(values.batch_size),
      limit: values.limit.trim() === '' ? null : int(values.limit),
    },
  };
}
