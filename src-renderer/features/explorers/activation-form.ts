/**
 * The activation explorer's form: which function, the z range and the slopes, checked
 * into what the curves need. Plain TypeScript so the rules are tested without a DOM.
 */
import {
  DEFAULT_ACTIVATION_PARAMS,
  type ActivationParams,
  type ExplorerActivation,
} from '../../../src-shared/model/activations.js';
import { checkNumber, type FieldProblem } from './form-problems.js';

/** Every field of the form; numbers are null while a field is empty. */
export interface ActivationForm {
  id: ExplorerActivation;
  x_min: number | null;
  x_max: number | null;
  leaky_alpha: number | null;
  prelu_alpha: number | null;
  elu_alpha: number | null;
  rrelu_lower: number | null;
  rrelu_upper: number | null;
}
export type ActivationField = Exclude<keyof ActivationForm, 'id'>;

/** Allowed range of each number field: z within ±100 (exp overflows nothing there); slopes as the model format allows. */
export const ACTIVATION_FIELD_RANGES: Record<ActivationField, { min: number; max: number; step: number }> = {
  x_min: { min: -100, max: 100, step: 0.5 },
  x_max: { min: -100, max: 100, step: 0.5 },
  leaky_alpha: { min: 0, max: 1, step: 0.05 },
  prelu_alpha: { min: -1, max: 1, step: 0.05 },
  elu_alpha: { min: 0, max: 5, step: 0.1 },
  rrelu_lower: { min: 0, max: 1, step: 0.01 },
  rrelu_upper: { min: 0, max: 1, step: 0.01 },
};

/** The form a fresh explorer shows: the logistic function over [−8, 8], parameters at their defaults. */
export function defaultActivationForm(): ActivationForm {
  return { id: 'sigmoid', x_min: -8, x_max: 8, ...DEFAULT_ACTIVATION_PARAMS };
}

/** The parameter fields that matter for `id` (shown; the others keep their values hidden). */
export function paramFieldsFor(id: ExplorerActivation): (keyof ActivationParams)[] {
  switch (id) {
    case 'leaky_relu':
      return ['leaky_alpha'];
    case 'prelu':
      return ['prelu_alpha'];
    case 'elu':
      return ['elu_alpha'];
    case 'rrelu':
      return ['rrelu_lower', 'rrelu_upper'];
    default:
      return [];
  }
}

/** A usable form, or every problem of the fields that are shown. */
export type ActivationFormResult =
  | { ok: true; params: ActivationParams; xMin: number; xMax: number }
  | { ok: false; problems: FieldProblem<ActivationField>[] };

/**
 * Checks the fields shown for the chosen function; a hidden field's value is kept but
 * not checked (falls back to its default if unusable). Example: x_min 3, x_max 1 →
 * `{ ok: false, problems: [{ field: 'x_max', kind: 'order' }] }`.
 */
export function checkActivationForm(form: ActivationForm): ActivationFormResult {
  const problems: FieldProblem<ActivationField>[] = [];
  const num = (f: ActivationField) => {
    const r = ACTIVATION_FIELD_RANGES[f];
    return checkNumber(f, form[f], r.min, r.max, false, problems);
  };
  const xMin = num('x_min');
  const xMax = num('x_max');
  if (xMin !== null && xMax !== null && !(xMin < xMax)) problems.push({ field: 'x_max', kind: 'order' });
  const params: ActivationParams = { ...DEFAULT_ACTIVATION_PARAMS };
  const shown = paramFieldsFor(form.id);
  for (const f of shown) {
    const v = num(f);
    if (v !== null) params[f] = v;
  }
  if (shown.includes('rrelu_upper') && params.rrelu_lower > params.rrelu_upper && !problems.length) {
    problems.push({ field: 'rrelu_upper', kind: 'order' });
  }
  if (problems.length || xMin === null || xMax === null) return { ok: false, problems };
  return { ok: true, params, xMin, xMax };
}
