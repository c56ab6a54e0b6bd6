/**
 * `evaluate <run-folder>`: a finished run's saved weights on the whole test split of its
 * dataset, through the same service as the app's `runs:evaluate` (a short-lived training
 * process). Prints the test accuracy, the accuracy per class (class names in --lang) and
 * the confusion matrix, rows = true class; `--json` prints exactly
 * `{"test_accuracy","per_class":[10],"confusion":[[10]×10]}`. A model trained on a class
 * subset is evaluated on those classes (k rows, each named by its dataset class; `--json`
 * adds `class_ids`); with MC dropout (`mcSamples` > 0) the numbers are those of the averaged
 * passes, followed by the uncertainty of right vs wrong predictions (`--json` adds `mc`).
 */
import { CLASS_NAMES } from '../../src-shared/data/classes.js';
import { isAllClasses } from '../../src-shared/data/subset.js';
import { CLASSES } from '../../src-shared/data/types.js';
import { EVALUATE_LIMITS, type EvaluateResponse } from '../../src-shared/training/evaluation.js';
import { EvaluationRefused, evaluateRunDir } from '../services/evaluator.js';
import { CliError, EXIT } from './args.js';
import { evaluateMessages } from './evaluate-messages.js';
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
  const em = evaluateMessages(msg.lang);
  // Output i is dataset class class_ids[i] (the identity without a subset).
  const id = (i: number): number => r.class_ids[i] ?? i;
  const name = (i: number): string => names[id(i)] ?? String(id(i));
  // MNIST's English names are the digits themselves: the class id alone says it.
  const label = (i: number) => (name(i) === String(id(i)) ? String(id(i)).padStart(2) : `${String(id(i)).padStart(2)}  ${name(i)}`);
  const labelWidth = Math.max(...r.per_class.map((_, i) => displayWidth(label(i))));
  const lines = [msg.evaluateHeader(r.run_id, r.dataset, r.count)];
  if (!isAllClasses(r.class_ids)) lines.push(em.subset(r.class_ids.map((_, i) => (name(i) === String(id(i)) ? name(i) : `${id(i)} ${name(i)}`)).join(', '), r.class_ids.length, CLASSES));
  lines.push(msg.evaluateAccuracy(r.test_accuracy, r.test_loss), msg.evaluatePerClass);
  r.per_class.forEach((acc, i) => lines.push(`  ${padEnd(label(i), labelWidth)}  ${acc.toFixed(4)}`));
  lines.push(msg.evaluateConfusion);
  const cell = Math.max(4, ...r.confusion.flat().map((c) => String(c).length)) + 1;
  lines.push(`  ${' '.repeat(labelWidth)}${r.confusion.map((_, j) => String(id(j)).padStart(cell)).join('')}`);
  r.confusion.forEach((row, i) => lines.push(`  ${padEnd(label(i), labelWidth)}${row.map((c) => String(c).padStart(cell)).join('')}`));
  if (r.mc !== undefined) {
    const mc = r.mc;
    lines.push(mc.dropout_layers === 0 ? em.mcNoDropout : em.mcHeader(mc.samples, mc.dropout_layers));
    lines.push(em.mcDeterministic(mc.deterministic.test_accuracy.toFixed(4), mc.deterministic.test_loss.toFixed(4)));
    lines.push(em.mcGroup('correct', mc.correct.count, mc.correct.mean_std.toFixed(4), mc.correct.mean_entropy.toFixed(4)));
    lines.push(em.mcGroup('wrong', mc.wrong.count, mc.wrong.mean_std.toFixed(4), mc.wrong.mean_entropy.toFixed(4)));
    if (mc.most_uncertain.length > 0) {
      lines.push(em.mcMostUncertain);
      for (const u of mc.most_uncertain) {
        lines.push(`  ${em.mcImage(u.index, name(u.true_label), name(u.predicted_label), u.probability.toFixed(4), u.std.toFixed(4), u.entropy.toFixed(4))}`);
      }
    }
  }
  return lines;
}

/** The `--json` object: exactly test_accuracy, per_class, confusion; plus class_ids for a subset model and mc (without pixels) for MC dropout. */
export function evaluationJson(r: EvaluateResponse): Record<string, unknown> {
  const out: Record<string, unknown> = { test_accuracy: r.test_accuracy, per_class: r.per_class, confusion: r.confusion };
  if (!isAllClasses(r.class_ids)) out['class_ids'] = r.class_ids;
  if (r.mc !== undefined) {
    out['test_loss'] = r.test_loss;
    out['mc'] = { ...r.mc, most_uncertain: r.mc.most_uncertain.map(({ pixels: _pixels, ...rest }) => rest) };
  }
  return out;
}

/**
 * Evaluates the run in `runDir` and prints the report (or the `--json` object) with `out`;
 * `mcSamples` (the `--mc-dropout N` flag; 0, the default: off) averages N MC dropout passes.
 * Returns 0; a folder that is not a run, or has no or damaged weights, is a CliError with
 * exit 1; an `mcSamples` outside 0..1000 is bad usage (exit 2); a failure of the training process propagates (exit 4).
 */
export async function evaluateCommand(runDir: string, json: boolean, msg: CliMessages, out: (line: string) => void, mcSamples = 0): Promise<number> {
  if (!Number.isInteger(mcSamples) || mcSamples < 0 || mcSamples > EVALUATE_LIMITS.max_mc_samples) {
    throw new CliError(evaluateMessages(msg.lang).badMcSamples(mcSamples, EVALUATE_LIMITS.max_mc_samples), EXIT.usage);
  }
  let r: EvaluateResponse;
  try {
    // No misclassified images: the command line has nowhere to draw them.
    r = await evaluateRunDir(runDir, 0, {}, mcSamples);
  } catch (err) {
    if (err instanceof EvaluationRefused) throw new CliError(msg.evaluateRefused(err.reason), EXIT.invalidInput);
    throw err;
  }
  if (json) {
    out(JSON.stringify(evaluationJson(r)));
    return EXIT.ok;
  }
  for (const line of evaluationReport(r, msg)) out(line);
  return EXIT.ok;
}
