/**
 * `evaluate <run-folder>`: a finished run's saved weights on the whole test split of its
 * dataset, through the same service as the app's `runs:evaluate` (a short-lived training
 * process). Prints the test accuracy, the accuracy per class (class names in --lang) and
 * the confusion matrix, rows = true class; `--json` prints exactly
 * `{"test_accuracy","per_class":[10],"confusion":[[10]×10]}`.
 */
import { CLASS_NAMES } from '../../src-shared/data/classes.js';
import type { EvaluateResponse } from '../../src-shared/training/evaluation.js';
import { EvaluationRefused, evaluateRunDir } from '../services/evaluator.js';
import { CliError, EXIT } from './args.js';
import type { CliMessages } from './messages.js';

/** Terminal columns of a string: Hangul and other wide characters take two, so Korean class names line up. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) ? 2 : 1;
  }
  return w;
}

const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** The report's lines (no trailing newline), e.g. `  0  T-shirt/top  0.8120` per class, then the matrix. */
export function evaluationReport(r: EvaluateResponse, msg: CliMessages): string[] {
  const names = CLASS_NAMES[r.dataset][msg.lang];
  // MNIST's English names are the digits themselves: the index alone says it.
  const label = (i: number) => (names[i] === undefined || names[i] === String(i) ? String(i).padStart(2) : `${String(i).padStart(2)}  ${names[i]}`);
  const labelWidth = Math.max(...r.per_class.map((_, i) => displayWidth(label(i))));
  const lines = [msg.evaluateHeader(r.run_id, r.dataset, r.count), msg.evaluateAccuracy(r.test_accuracy, r.test_loss), msg.evaluatePerClass];
  r.per_class.forEach((acc, i) => lines.push(`  ${padEnd(label(i), labelWidth)}  ${acc.toFixed(4)}`));
  lines.push(msg.evaluateConfusion);
  const cell = Math.max(4, ...r.confusion.flat().map((c) => String(c).length)) + 1;
  lines.push(`  ${' '.repeat(labelWidth)}${r.confusion.map((_, j) => String(j).padStart(cell)).join('')}`);
  r.confusion.forEach((row, i) => lines.push(`  ${padEnd(label(i), labelWidth)}${row.map((c) => String(c).padStart(cell)).join('')}`));
  return lines;
}

/**
 * Evaluates the run in `runDir` and prints the report (or the `--json` object) with `out`.
 * Returns 0; a folder that is not a run, or has no or damaged weights, is a CliError with
 * exit 1; a failure of the training process propagates (exit 4).
 */
export async function evaluateCommand(runDir: string, json: boolean, msg: CliMessages, out: (line: string) => void): Promise<number> {
  let r: EvaluateResponse;
  try {
    // No misclassified images: the command line has nowhere to draw them.
    r = await evaluateRunDir(runDir, 0);
  } catch (err) {
    if (err instanceof EvaluationRefused) throw new CliError(msg.evaluateRefused(err.reason), EXIT.invalidInput);
    throw err;
  }
  if (json) {
    out(JSON.stringify({ test_accuracy: r.test_accuracy, per_class: r.per_class, confusion: r.confusion }));
    return EXIT.ok;
  }
  for (const line of evaluationReport(r, msg)) out(line);
  return EXIT.ok;
}
