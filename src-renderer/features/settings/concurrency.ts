/**
 * The "trainings at once" setting: its range and the check of what was typed, kept
 * out of the component so they can be tested. Main checks the value again on arrival.
 */
import { defaultMaxConcurrent, MAX_CONCURRENT_RUNS_LIMIT } from '../../../src-shared/training/queue.js';

/** Fewest trainings at once (one always runs). */
export const MIN_CONCURRENT_RUNS = 1;
/** Most trainings at once the setting accepts, as main does. */
export const MAX_CONCURRENT_RUNS = MAX_CONCURRENT_RUNS_LIMIT;

/** Why the typed value is refused; the view turns it into a sentence naming the field and the value. */
export type ConcurrencyProblem =
  | { kind: 'required' }
  | { kind: 'integer'; value: string }
  | { kind: 'range'; value: string; min: number; max: number };

/** Main's default for `cores` CPU cores (the shared rule, so the explanation shown matches what main does). */
export const defaultConcurrentRuns = defaultMaxConcurrent;

/**
 * Checks the number input's value (null when empty or not a number). Examples:
 * `4` → `{ ok: true, value: 4 }`, `0` → range problem, `2.5` → integer problem.
 */
export function checkConcurrentRuns(value: number | null | undefined): { ok: true; value: number } | { ok: false; problem: ConcurrencyProblem } {
  if (value === null || value === undefined || Number.isNaN(value)) return { ok: false, problem: { kind: 'required' } };
  if (!Number.isInteger(value)) return { ok: false, problem: { kind: 'integer', value: String(value) } };
  if (value < MIN_CONCURRENT_RUNS || value > MAX_CONCURRENT_RUNS) {
    return { ok: false, problem: { kind: 'range', value: String(value), min: MIN_CONCURRENT_RUNS, max: MAX_CONCURRENT_RUNS } };
  }
  return { ok: true, value };
}
