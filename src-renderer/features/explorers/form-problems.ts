/**
 * Field checks shared by both explorers' forms, and the problem type their messages
 * are worded from (at render time, so a language switch rewords them).
 */

/** Why a field's value cannot be used. `field` is the form field's key. */
export type FieldProblem<F extends string = string> =
  | { field: F; kind: 'required' }
  | { field: F; kind: 'integer'; value: number }
  | { field: F; kind: 'range'; min: number; max: number; value: number }
  | { field: F; kind: 'positive'; value: number }
  /** Two fields in the wrong order (x min ≥ x max, lower > upper, minval ≥ maxval); reported on the second. */
  | { field: F; kind: 'order' }
  /** fan_in · fan_out over the sampler's bound; reported on fan_out. */
  | { field: F; kind: 'too_many'; weights: number; max: number };

/**
 * A number field's value (`<input type=number>` binds null when empty), checked against
 * [min, max]; pushes a problem and returns null when it is not usable.
 * Example: `checkNumber('fan_in', 0, 1, 100000, true, problems)` → null, with a range problem.
 */
export function checkNumber<F extends string>(
  field: F,
  value: number | null | undefined,
  min: number,
  max: number,
  integer: boolean,
  problems: FieldProblem<F>[],
): number | null {
  if (value === null || value === undefined || Number.isNaN(value)) {
    problems.push({ field, kind: 'required' });
    return null;
  }
  if (integer && !Number.isInteger(value)) {
    problems.push({ field, kind: 'integer', value });
    return null;
  }
  if (!(value >= min && value <= max)) {
    problems.push({ field, kind: 'range', min, max, value });
    return null;
  }
  return value;
}

/** The first problem of `field`, or null. */
export function problemOf<F extends string>(problems: readonly FieldProblem<F>[], field: F): FieldProblem<F> | null {
  return problems.find((p) => p.field === field) ?? null;
}

/** Short, readable numbers for labels and tables: 4 significant digits, no trailing zeros (`0.05051`, `1.2e-7`). */
export function formatValue(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}
