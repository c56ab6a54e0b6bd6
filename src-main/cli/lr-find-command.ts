/**
 * `lr-find <model.json>`: the learning-rate finder through the same service as the app's
 * `lr:find` (a short-lived training process). Prints a table of rate, loss and smoothed
 * loss (at most ~25 rows: every k-th step, the lowest and the last) and the suggestion;
 * `--json` prints one object as the last stdout line with exactly the keys `points`,
 * `suggested_rate`, `min_loss_rate`, `stopped_early`, `backend`, `batch_size` (a blown-up
 * step's NaN loss is written as null, as JSON has no NaN).
 */
import { lrFindMessage } from '../../src-shared/i18n/lr-find-messages.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { LR_FIND_LIMITS, type LrFindPoint, type LrFindResult } from '../../src-shared/training/lr-finder.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { findLearningRateOf, LrFindError, type LrSweep } from '../services/lr-find-service.js';
import { CliError, EXIT, type ParsedArgs } from './args.js';
import { displayWidth } from './evaluate-command.js';
import { LR_FIND_CLI_MESSAGES, type LrFindCliMessages } from './lr-find-messages.js';
import type { CliMessages } from './messages.js';

/** Rows of the text table, about. */
const TABLE_ROWS = 25;

/** Reads `--min-rate`, `--max-rate` and `--steps` (CliError, exit 2, naming the flag and the value). */
export function lrSweepFromFlags(values: ParsedArgs['values'], msg: CliMessages): LrSweep {
  const lm = LR_FIND_CLI_MESSAGES[msg.lang];
  const { min_rate: lo, max_rate: hi, min_steps, max_steps } = LR_FIND_LIMITS;
  const rate = (flag: string): number | undefined => {
    const raw = values[flag];
    if (typeof raw !== 'string') return undefined;
    const x = Number(raw.trim());
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim()) || !(x >= lo && x <= hi)) throw new CliError(lm.outOfRange(`--${flag}`, raw, lo, hi));
    return x;
  };
  const min_rate = rate('min-rate');
  const max_rate = rate('max-rate');
  let steps: number | undefined;
  const rawSteps = values['steps'];
  if (typeof rawSteps === 'string') {
    const n = Number(rawSteps.trim().replace(/[,_]/g, ''));
    if (!/^\+?[\d,_]+$/.test(rawSteps.trim()) || !Number.isInteger(n) || n < min_steps || n > max_steps) {
      throw new CliError(lm.notAnInteger('--steps', rawSteps, min_steps, max_steps));
    }
    steps = n;
  }
  const min = min_rate ?? LR_FIND_LIMITS.default_min_rate;
  const max = max_rate ?? LR_FIND_LIMITS.default_max_rate;
  if (!(min < max)) throw new CliError(lm.minNotBelowMax(min, max));
  return { min_rate, max_rate, steps };
}

const rateText = (x: number) => Number(x.toPrecision(3)).toExponential(2);
const lossText = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/** The table's rows: every k-th point, plus the lowest smoothed loss and the last point. */
export function tableRows(points: readonly LrFindPoint[], rows = TABLE_ROWS): LrFindPoint[] {
  if (points.length <= rows) return [...points];
  const every = Math.ceil(points.length / rows);
  let best = 0;
  points.forEach((p, i) => {
    if (Number.isFinite(p.smoothed_loss) && p.smoothed_loss < (points[best] as LrFindPoint).smoothed_loss) best = i;
  });
  return points.filter((_, i) => i % every === 0 || i === best || i === points.length - 1);
}

/** The text report's lines. */
export function lrFindReport(model: ModelSpec, r: LrFindResult, sweep: Required<LrSweep>, lm: LrFindCliMessages): string[] {
  const [h1, h2, h3] = lm.tableHeader;
  // Terminal columns, not characters: Korean headings are two columns a letter.
  const padEnd = (t: string, n: number) => t + ' '.repeat(Math.max(0, n - displayWidth(t)));
  const padStart = (t: string, n: number) => ' '.repeat(Math.max(0, n - displayWidth(t))) + t;
  const w = Math.max(13, displayWidth(h1) + 2);
  const lines = [lm.header(model.name, model.dataset, r.backend, r.batch_size, sweep.steps, sweep.min_rate, sweep.max_rate), ''];
  lines.push(`  ${padEnd(h1, w)}${padStart(h2, 10)}${padStart(h3, 12)}`);
  for (const p of tableRows(r.points)) {
    const mark = r.min_loss_rate === p.learning_rate ? '  ←' : '';
    lines.push(`  ${rateText(p.learning_rate).padEnd(w)}${lossText(p.loss).padStart(10)}${lossText(p.smoothed_loss).padStart(12)}${mark}`);
  }
  lines.push('');
  const last = r.points[r.points.length - 1];
  lines.push(r.stopped_early && last ? lm.stoppedEarly(rateText(last.learning_rate), r.points.length) : lm.reachedMax(r.points.length));
  lines.push(r.suggested_rate === null || r.min_loss_rate === null ? lm.noSuggestion : lm.suggestion(String(r.suggested_rate), rateText(r.min_loss_rate)));
  lines.push(lm.rule);
  return lines;
}

/** Options of the command; main.ts fills them from the command line. */
export interface LrFindCommandOptions {
  model: ModelSpec;
  options: RunOptions;
  sweep: LrSweep;
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Runs the finder and prints the report or the JSON object. 0 done; 4 when the training process failed. */
export async function lrFindCommand(o: LrFindCommandOptions): Promise<number> {
  const lm = LR_FIND_CLI_MESSAGES[o.msg.lang];
  let r: LrFindResult;
  try {
    r = await findLearningRateOf(o.model, o.options, o.sweep);
  } catch (err) {
    if (err instanceof LrFindError) throw new CliError(lrFindMessage(o.msg.lang, err.code, err.params), EXIT.failed);
    throw err;
  }
  if (o.json) {
    const { points, suggested_rate, min_loss_rate, stopped_early, backend, batch_size } = r;
    o.out(JSON.stringify({ points: points.map(({ learning_rate, loss, smoothed_loss }) => ({ learning_rate, loss, smoothed_loss })), suggested_rate, min_loss_rate, stopped_early, backend, batch_size }));
    return EXIT.ok;
  }
  const sweep = {
    min_rate: o.sweep.min_rate ?? LR_FIND_LIMITS.default_min_rate,
    max_rate: o.sweep.max_rate ?? LR_FIND_LIMITS.default_max_rate,
    steps: o.sweep.steps ?? LR_FIND_LIMITS.default_steps,
  };
  for (const line of lrFindReport({ ...o.model, dataset: o.options.dataset }, r, sweep, lm)) o.out(line);
  return EXIT.ok;
}
