/**
 * `crossval <model.json> [--candidates a,b] [--folds K] [--limit N] [--epochs E] [--runs-dir D] [--json]`:
 * the wizard's k-fold study on the command line, through the same CrossvalService (every
 * fold a run in the runs folder, tagged with the study). A line per fold for people on
 * stderr, the result table on stdout, or with --json one object as the last stdout line:
 * `{"candidates":[{"activation","fold_val_accuracy":[…],"mean","std"}]}` (std: population).
 * Exit codes as for `train`: 0 completed or stopped (Ctrl-C), 4 when a fold failed or
 * the study could not run, else 3 when a fold diverged.
 */
import { runErrorText } from '../../src-shared/i18n/run-errors.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { INITIALIZER_FOR } from '../../src-shared/wizard/apply.js';
import { GENERAL_ORDER } from '../../src-shared/wizard/guideline.js';
import {
  CANDIDATE_ACTIVATIONS,
  CROSSVAL_DEFAULTS,
  CROSSVAL_LIMITS,
  type CandidateActivation,
  type CrossvalFinishedEvent,
  type CrossvalFold,
  type CrossvalProgressEvent,
} from '../../src-shared/wizard/types.js';
import { RunStore } from '../runs/index.js';
import { CrossvalService } from '../services/crossval-service.js';
import { TrainingService } from '../services/training-service.js';
import { checkRunsDir, CliError, runsDirChoice, EXIT, type ExitCode, type ParsedArgs } from './args.js';
import { CROSSVAL_MESSAGES, type CrossvalMessages } from './crossval-messages.js';
import type { CliMessages } from './messages.js';
import { displayWidth } from './summary-command.js';

/** What main.ts hands the command. */
export interface CrossvalArgs {
  model: ModelSpec;
  file: string;
  values: ParsedArgs['values'];
  /** Run options from the flags (limit, epochs, batch size, seed, backend, optimizer, learning rate). */
  partial: Partial<RunOptions>;
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
  /** Where lines for people go (default stderr) and whether it is a terminal; tests pass their own. */
  io?: { err: (line: string) => void; raw: (text: string) => void; tty: boolean };
}

/** The study's flags once checked (epochs null: the model's). */
export interface CrossvalFlags {
  candidates: CandidateActivation[];
  folds: number;
  limit: number;
  epochs: number | null;
}

/** The `--json` object: nothing else, so scripts can rely on its shape. */
export interface CrossvalJson {
  candidates: { activation: CandidateActivation; fold_val_accuracy: number[]; mean: number | null; std: number | null }[];
}

/** Candidates without --candidates: the first three of the guideline's general order (elu, leaky_relu, relu). */
export const DEFAULT_CANDIDATES: readonly CandidateActivation[] = GENERAL_ORDER.slice(0, 3);

/** Reads `--candidates selu,elu`: known names, each once, 1–8 of them. CliError (exit 2) naming the flag and value. */
export function parseCandidates(raw: string, cm: CrossvalMessages): CandidateActivation[] {
  const names = raw.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new CliError(cm.candidatesEmpty(raw));
  const out: CandidateActivation[] = [];
  for (const name of names) {
    if (!(CANDIDATE_ACTIVATIONS as readonly string[]).includes(name)) throw new CliError(cm.candidateUnknown(raw, name, CANDIDATE_ACTIVATIONS));
    if (out.includes(name as CandidateActivation)) throw new CliError(cm.candidateTwice(raw, name));
    out.push(name as CandidateActivation);
  }
  const { min, max } = CROSSVAL_LIMITS.candidates;
  if (out.length < min || out.length > max) throw new CliError(cm.candidatesCount(raw, out.length, min, max));
  return out;
}

function intFlag(flag: string, raw: string, range: { min: number; max: number }, cm: CrossvalMessages): number {
  const cleaned = raw.trim().replace(/[,_]/g, '');
  const n = /^[+-]?\d+$/.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) throw new CliError(cm.outOfRange(flag, raw, range.min, range.max));
  return n;
}

/**
 * Checks the study's own flags without the model file, so that usage errors (exit 2) come
 * before an invalid model file (exit 1), as for `train`. `--limit` and `--epochs` were
 * already read as run options; here they meet crossval's narrower ranges.
 */
export function checkCrossvalFlags(values: ParsedArgs['values'], partial: Partial<RunOptions>, msg: CliMessages): CrossvalFlags {
  const cm = CROSSVAL_MESSAGES[msg.lang];
  const candidates = typeof values.candidates === 'string' ? parseCandidates(values.candidates, cm) : [...DEFAULT_CANDIDATES];
  const folds = typeof values.folds === 'string' ? intFlag('--folds', values.folds, CROSSVAL_LIMITS.folds, cm) : CROSSVAL_DEFAULTS.folds;
  const within = (flag: string, value: number | null | undefined, raw: unknown, range: { min: number; max: number }): void => {
    if (typeof value === 'number' && (value < range.min || value > range.max)) throw new CliError(cm.outOfRange(flag, String(raw ?? value), range.min, range.max));
  };
  within('--limit', partial.limit, values.limit, CROSSVAL_LIMITS.limit);
  within('--epochs', partial.epochs, values.epochs, CROSSVAL_LIMITS.epochs);
  return { candidates, folds, limit: partial.limit ?? CROSSVAL_DEFAULTS.limit, epochs: partial.epochs ?? null };
}

/** `m:ss`, or empty when unknown. */
function clock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function padCols(s: string, cols: number): string {
  return s + ' '.repeat(Math.max(0, cols - displayWidth(s)));
}

/** The result table: one row per candidate, its folds in order (accuracy, or why not), mean ± std, the best marked. */
export function resultTable(end: CrossvalProgressEvent & { best: CandidateActivation | null }, cm: CrossvalMessages): string[] {
  const rows = end.candidates.map((c) => {
    const folds = end.folds
      .filter((f) => f.activation === c.activation)
      .map((f) => (f.status === 'completed' && f.val_accuracy !== null ? f.val_accuracy.toFixed(4) : cm.status[f.status]));
    const stats = c.mean === null ? '—' : `${c.mean.toFixed(4)} ± ${(c.std ?? 0).toFixed(4)}`;
    return [c.activation, INITIALIZER_FOR[c.activation], folds.join('  '), stats, c.activation === end.best ? cm.best : ''];
  });
  const header = [...cm.tableHeader, ''];
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))));
  const line = (cells: string[]): string => cells.map((c, i) => (i < cells.length - 1 ? padCols(c, (widths[i] as number) + 3) : c)).join('').trimEnd();
  return [line(header), line(header.map((h, i) => (h ? '-'.repeat(widths[i] as number) : ''))), ...rows.map(line)];
}

/** Exit code of an ended study: 4 if it or any fold failed, else 3 if any fold diverged, else 0 (completed or stopped). */
export function crossvalExitCode(end: Pick<CrossvalFinishedEvent, 'status' | 'folds'>): ExitCode {
  if (end.status === 'failed' || end.folds.some((f) => f.status === 'failed')) return EXIT.failed;
  if (end.folds.some((f) => f.status === 'diverged')) return EXIT.diverged;
  return EXIT.ok;
}

const stderrIo = (): NonNullable<CrossvalArgs['io']> => ({
  err: (l) => void process.stderr.write(l + '\n'),
  raw: (t) => void process.stderr.write(t),
  tty: Boolean(process.stderr.isTTY),
});

/** Runs the study; returns the exit code (as for `train`). Usage errors throw CliError (exit 2) before anything is written. */
export async function crossvalCommand(args: CrossvalArgs): Promise<ExitCode> {
  const { model, values, partial, json, msg, out } = args;
  const cm = CROSSVAL_MESSAGES[msg.lang];
  const { err, raw, tty } = args.io ?? stderrIo();
  const flags = checkCrossvalFlags(values, partial, msg);
  const epochs = flags.epochs ?? model.training.epochs;
  if (epochs > CROSSVAL_LIMITS.epochs.max) throw new CliError(cm.modelEpochsTooMany(epochs, CROSSVAL_LIMITS.epochs.max));
  const { dir: runsDir, source } = runsDirChoice(values);
  const dir = checkRunsDir(runsDir, source, msg);

  // Printing must never take the study down with it (a closed stderr, a formatting bug).
  const safely =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A): void => {
      try {
        f(...a);
      } catch {
        // ignored on purpose: the study and its result matter more than one progress line
      }
    };
  const say = safely((line: string) => {
    if (tty) raw('\r\u001b[K');
    err(line);
  });

  const training = new TrainingService({ store: new RunStore(dir) });
  const crossval = new CrossvalService({ training: () => training });
  /** What each fold was last seen as, to print a line when it changes. */
  const seen = new Map<string, { status: CrossvalFold['status']; startedMs: number | null }>();
  const key = (f: Pick<CrossvalFold, 'activation' | 'fold'>): string => `${f.activation}/${f.fold}`;
  const byRun = new Map<string, CrossvalFold>();
  let folds = flags.folds;
  let announced = false;
  crossval.on(
    'crossval:progress',
    safely((e) => {
      folds = e.plan.folds;
      // The first event comes from inside start(), as the first fold starts: name the study before it.
      if (!announced) say(cm.studyStarted(e.study_id, dir, e.plan.candidates.length, e.plan.folds, e.plan.limit, e.plan.epochs));
      announced = true;
      let ended = false;
      for (const f of e.folds) {
        const before = seen.get(key(f)) ?? { status: 'pending', startedMs: null };
        if (f.status === before.status) continue;
        const now = Date.now();
        if (f.status === 'running' || f.status === 'queued') {
          if (f.run_id) byRun.set(f.run_id, f);
          if (f.status === 'running') say(cm.foldStarted(f.activation, f.fold, folds, f.run_id ?? '?'));
          seen.set(key(f), { status: f.status, startedMs: f.status === 'running' ? now : before.startedMs });
          continue;
        }
        seen.set(key(f), { status: f.status, startedMs: before.startedMs });
        if (f.status === 'pending') continue;
        ended = true;
        const seconds = before.startedMs === null ? '0.0' : ((now - before.startedMs) / 1000).toFixed(1);
        if (f.status === 'completed' && f.val_accuracy !== null) say(cm.foldCompleted(f.activation, f.fold, folds, f.val_accuracy.toFixed(4), seconds));
        else say(cm.foldEnded(f.activation, f.fold, folds, cm.status[f.status], f.error ? runErrorText(f.error, msg.lang) : ''));
      }
      if (ended && e.done < e.total) say(cm.studyProgress(e.done, e.total, clock(e.eta_seconds)));
    }),
  );
  if (tty) {
    let last = 0;
    training.on(
      'run:progress',
      safely((e) => {
        const f = byRun.get(e.run_id);
        const now = Date.now();
        if (!f || now - last < 200) return;
        last = now;
        raw(`\r${cm.foldProgress(f.activation, f.fold, folds, e.sample.epoch, epochs, (e.fraction * 100).toFixed(0))}\u001b[K`);
      }),
    );
  }

  const request = {
    model,
    candidates: flags.candidates,
    folds: flags.folds,
    limit: flags.limit,
    epochs,
    ...(partial.batch_size !== undefined ? { batch_size: partial.batch_size } : {}),
    ...(partial.seed !== undefined ? { seed: partial.seed } : {}),
    ...(partial.backend !== undefined ? { backend: partial.backend } : {}),
  };
  const overrides: Partial<RunOptions> = {
    ...(partial.optimizer !== undefined ? { optimizer: partial.optimizer } : {}),
    ...(partial.learning_rate !== undefined ? { learning_rate: partial.learning_rate } : {}),
  };

  let end: CrossvalFinishedEvent;
  let studyId: string | null = null;
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1 && studyId !== null) {
      say(cm.stopping);
      void crossval.stop(studyId).catch(() => undefined);
    } else process.exit(130);
  };
  // Listening before the start: without a listener the first Ctrl-C would end the process at once.
  process.on('SIGINT', onSigint);
  try {
    const first = crossval.start(request, undefined, overrides);
    studyId = first.study_id;
    end = await crossval.finished(first.study_id);
  } catch (e) {
    // The first fold could not be created (the runs folder refused it): nothing trained.
    const error = e instanceof Error ? e.message : String(e);
    say(cm.notStarted(error));
    end = {
      study_id: studyId ?? '',
      done: 0,
      total: 0,
      folds: [],
      candidates: flags.candidates.map((activation) => ({ activation, initializer: INITIALIZER_FOR[activation], fold_val_accuracy: [], mean: null, std: null })),
      eta_seconds: null,
      plan: { folds: flags.folds, limit: flags.limit, epochs, candidates: flags.candidates },
      status: 'failed',
      best: null,
      error,
    };
  } finally {
    process.off('SIGINT', onSigint);
  }

  say(cm.studyEnded(end.status, end.error ? runErrorText(end.error, msg.lang) : null));
  if (json) {
    const result: CrossvalJson = {
      candidates: end.candidates.map((c) => ({ activation: c.activation, fold_val_accuracy: c.fold_val_accuracy, mean: c.mean, std: c.std })),
    };
    safely(out)(JSON.stringify(result));
  } else if (end.folds.length > 0) {
    for (const line of resultTable(end, cm)) safely(out)(line);
  }
  return crossvalExitCode(end);
}
