/**
 * Flag parsing for the command line: node's parseArgs over a flag table built from the
 * run-options table (src-shared/training/run-options.ts), plus checks that name the flag
 * and the value received, like the model validator does. Every problem here is exit 2.
 */
import { makeDirs } from '../data/atomic.js';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BACKEND_ENV_VAR,
  parseRunOption,
  RUN_OPTION_NAMES,
  RUN_OPTION_SPECS,
  RUNS_DIR_ENV_VAR,
  type RunOptions,
  type RunOptionSpec,
} from '../../src-shared/training/run-options.js';
import { LR_FIND_LIMITS } from '../../src-shared/training/lr-finder.js';
import { CLI_LANGUAGES, parseLanguage, type CliLanguage, type CliMessages } from './messages.js';

/**
 * Exit codes of every command. Scripts branch on these, so they never change with the
 * language or the command: 0 done (for `train`: completed or stopped), 1 an invalid
 * input file (the model document: unreadable, not a regular file, too large, invalid),
 * 2 bad usage (an unknown command or flag, a missing or out-of-range value, an unusable
 * --runs-dir), 3 the run diverged, 4 the run failed (or the command could not finish).
 */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, diverged: 3, failed: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A user error: printed as one line (or one block) without a stack trace, then exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The commands of `npm run cli`. */
export const COMMANDS = [
  'train',
  'validate',
  'init-stats',
  'export-keras',
  'summary',
  'lint',
  'evaluate',
  'recommend',
  'crossval',
  'diff',
  'runs',
  'lr-find',
  'transfer',
] as const;
export type Command = (typeof COMMANDS)[number];

/** Flags every command accepts. */
const COMMON_FLAGS = ['debug', 'help', 'lang'] as const;

/** Run options each command reads from flags (the rest of the table does not apply to it). */
const COMMAND_RUN_OPTIONS: Record<Command, readonly (keyof RunOptions)[]> = {
  train: RUN_OPTION_NAMES,
  'init-stats': ['seed', 'backend'],
  validate: [],
  'export-keras': [],
  summary: [],
  lint: [],
  evaluate: [],
  recommend: [],
  diff: [],
  runs: [],
  // A study trains: the run options apply, except the dataset (the model's) and the limit, its own flag below.
  crossval: ['epochs', 'batch_size', 'seed', 'limit', 'backend', 'optimizer', 'learning_rate'],
  // A sweep is one short pass: no epochs.
  'lr-find': ['batch_size', 'seed', 'limit', 'dataset', 'backend', 'optimizer', 'learning_rate'],
  transfer: [],
};
/** Other flags of each command. */
const COMMAND_FLAGS: Record<Command, readonly string[]> = {
  train: ['runs-dir', 'json'],
  'init-stats': ['json'],
  validate: [],
  'export-keras': [],
  summary: ['json'],
  lint: ['json'],
  evaluate: ['json', 'mc-dropout'],
  recommend: ['json', 'model'],
  crossval: ['runs-dir', 'json', 'candidates', 'folds'],
  diff: ['runs-dir', 'json'],
  runs: ['runs-dir', 'json', 'out', 'weights'],
  'lr-find': ['json', 'min-rate', 'max-rate', 'steps'],
  transfer: ['runs-dir', 'json', 'layers', 'no-freeze', 'unfreeze-after', 'unfreeze-rate'],
};

type OptionConfig = { type: 'string' } | { type: 'boolean' };

/** The parseArgs table: one string flag per run option (`--batch-size` …), then the CLI's own. */
export const CLI_OPTIONS: Record<string, OptionConfig> = {
  ...Object.fromEntries(RUN_OPTION_NAMES.map((k) => [RUN_OPTION_SPECS[k].flag, { type: 'string' } as const])),
  'runs-dir': { type: 'string' },
  model: { type: 'string' },
  candidates: { type: 'string' },
  folds: { type: 'string' },
  out: { type: 'string' },
  weights: { type: 'boolean' },
  'min-rate': { type: 'string' },
  'max-rate': { type: 'string' },
  steps: { type: 'string' },
  'mc-dropout': { type: 'string' },
  layers: { type: 'string' },
  'no-freeze': { type: 'boolean' },
  'unfreeze-after': { type: 'string' },
  'unfreeze-rate': { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean' },
  lang: { type: 'string' },
};

/** Parsed command line: flag values by flag name (without `--`) and the positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Finds `--lang` before anything else is parsed, so that even the errors of the rest of
 * the command line are in the chosen language. Throws CliError (exit 2) for a missing or
 * unknown language, worded in `fallback`. Later `--lang` flags win, like in parseArgs.
 */
export function scanLanguage(argv: readonly string[], fallback: CliMessages): CliLanguage | null {
  let found: CliLanguage | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    let raw: string | undefined;
    if (a === '--lang') {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('-')) throw new CliError(fallback.missingFlagValue('--lang'));
      i++;
    } else if (a.startsWith('--lang=')) raw = a.slice('--lang='.length);
    else continue;
    const lang = parseLanguage(raw);
    if (!lang) throw new CliError(fallback.badLang(raw));
    found = lang;
  }
  return found;
}

/**
 * parseArgs with the CLI's table; its errors become one CliError line naming the flag
 * (node's own text is long and, for an unknown flag, suggests `--` which rarely helps).
 */
export function parseCommandLine(argv: string[], msg: CliMessages): ParsedArgs {
  try {
    const { values, positionals, tokens } = parseArgs({
      args: withNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
      tokens: true,
    });
    // A value flag given twice would silently keep the last value (and never check the first).
    // --lang is exempt (the last one wins, so an alias can set a default), and so are switches.
    const seen = new Set<string>();
    for (const tok of tokens) {
      if (tok.kind !== 'option' || tok.name === 'lang' || CLI_OPTIONS[tok.name]?.type !== 'string') continue;
      if (seen.has(tok.name)) throw new CliError(msg.flagRepeated(`--${tok.name}`));
      seen.add(tok.name);
    }
    for (const [name, value] of Object.entries(values)) {
      // `--epochs=` parses as an empty value; to the user it is a missing one.
      if (value === '' && CLI_OPTIONS[name]?.type === 'string') throw new CliError(msg.missingFlagValue(`--${name}`));
    }
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw usageErrorOf(err, msg);
  }
}

/**
 * `--limit -5` would read to parseArgs as a flag without its value; joined as `--limit=-5`
 * the range check names the value instead (`--limit: expected an integer from 1 …, received "-5"`).
 */
function withNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    if (name !== null && CLI_OPTIONS[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * A parseArgs error as one CliError line naming the flag (`--epochs: missing value`);
 * anything else is returned unchanged.
 */
export function usageErrorOf(err: unknown, msg: CliMessages): unknown {
  if (err instanceof CliError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^'\s<=]+)/.exec(message)?.[1] ?? '?';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new CliError(msg.unknownFlag(flag));
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new CliError(/does not take an argument/.test(message) ? msg.flagTakesNoValue(flag) : msg.missingFlagValue(flag));
  }
  if (code.startsWith('ERR_PARSE_ARGS')) return new CliError(message.split('\n')[0] ?? message);
  return err;
}

/** Refuses flags given to a command they do not apply to (`validate --epochs 3` would otherwise be silently ignored). */
export function checkFlagsFor(command: Command, values: ParsedArgs['values'], msg: CliMessages): void {
  const allowed = new Set<string>([
    ...COMMON_FLAGS,
    ...COMMAND_FLAGS[command],
    ...COMMAND_RUN_OPTIONS[command].map((k) => RUN_OPTION_SPECS[k].flag),
  ]);
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.has(name)) throw new CliError(msg.flagNotForCommand(`--${name}`, command));
  }
}

function rangeOf(spec: RunOptionSpec): { min: number; max: number } | { values: readonly string[] } {
  return spec.type === 'enum' ? { values: spec.values } : { min: spec.min, max: spec.max };
}

/** Reads one run option from text; CliError (exit 2) naming `source` (the flag or the variable) otherwise. */
export function runOptionFrom<K extends keyof RunOptions>(option: K, raw: string, source: string, msg: CliMessages): RunOptions[K] {
  const r = parseRunOption(option, raw);
  if (!r.ok) throw new CliError(msg.badRunOption(source, r.problem, rangeOf(RUN_OPTION_SPECS[option])));
  return r.value;
}

/**
 * The run options a command's flags give (absent flags stay absent, so
 * `resolveRunOptions` fills them from the model document). The backend falls back to
 * `$GRADIENT_LAB_BACKEND` (an explicit --backend still wins); a bad value there is an
 * error naming the variable.
 */
export function runOptionsFromFlags(
  command: Command,
  values: ParsedArgs['values'],
  msg: CliMessages,
  env: NodeJS.ProcessEnv = process.env,
): Partial<RunOptions> {
  const out: Partial<Record<keyof RunOptions, unknown>> = {};
  for (const k of COMMAND_RUN_OPTIONS[command]) {
    const flag = RUN_OPTION_SPECS[k].flag;
    const raw = values[flag];
    if (typeof raw === 'string') out[k] = runOptionFrom(k, raw, `--${flag}`, msg);
  }
  const fromEnv = env[BACKEND_ENV_VAR];
  if (COMMAND_RUN_OPTIONS[command].includes('backend') && out.backend === undefined && fromEnv) {
    out.backend = runOptionFrom('backend', fromEnv, BACKEND_ENV_VAR, msg);
  }
  return out as Partial<RunOptions>;
}

/**
 * An integer flag's value (thousands separators allowed), absent when the flag is; CliError
 * (exit 2) naming the flag and the value outside `min`..`max`. Example: `--mc-dropout 2000`
 * → `--mc-dropout: expected an integer from 0 to 1000, received "2000"`.
 */
export function intFlag(values: ParsedArgs['values'], flag: string, min: number, max: number, msg: CliMessages): number | undefined {
  const raw = values[flag];
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.trim().replace(/[,_]/g, '');
  const n = Number(cleaned);
  if (!/^[+-]?\d+$/.test(cleaned) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(msg.badRunOption(`--${flag}`, { option: 'epochs', kind: 'integer', value: raw, message: `expected an integer from ${min} to ${max}, received ${JSON.stringify(raw)}` }, { min, max }));
  }
  return n;
}

/**
 * Which runs folder a command means, and where that came from (for error messages):
 * `--runs-dir`, else `$GRADIENT_LAB_RUNS_DIR`, else `./runs`; absolute, not checked.
 * Example: no flag, the variable `/srv/runs` → `{ dir: '/srv/runs', source: 'GRADIENT_LAB_RUNS_DIR' }`.
 */
export function runsDirChoice(values: ParsedArgs['values'], env: NodeJS.ProcessEnv = process.env): { dir: string; source: string } {
  const flag = values['runs-dir'];
  if (typeof flag === 'string') return { dir: resolve(flag), source: '--runs-dir' };
  const fromEnv = env[RUNS_DIR_ENV_VAR];
  return fromEnv ? { dir: resolve(fromEnv), source: RUNS_DIR_ENV_VAR } : { dir: resolve('runs'), source: '--runs-dir' };
}

/**
 * Makes sure `dir` can hold runs BEFORE any run is created: `mkdir -p`, then writes and
 * removes a probe file (a read-only or full folder fails here, not halfway through a
 * run). Returns the absolute path. CliError (exit 2) naming `source` and the folder:
 * `--runs-dir: cannot use "/x/y" as the runs folder (ENOTDIR)`.
 */
export function checkRunsDir(dir: string, source: string, msg: CliMessages): string {
  const abs = resolve(dir);
  try {
    // mkdir -p reports an existing regular file as EEXIST; say what is wrong with it instead.
    if (statSync(abs, { throwIfNoEntry: false })?.isDirectory() === false) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    makeDirs(abs);
    const probe = join(abs, `.gradient-lab-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(probe, 'probe', { flag: 'wx' });
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new CliError(msg.runsDirUnusable(source, abs, code));
  }
  return abs;
}

/** Placeholder of a flag's value in --help: `N` for integers, `X` for real numbers, the flag's initial for choices (`--backend B`; the help lists the values). */
function metavar(spec: RunOptionSpec): string {
  return spec.type === 'enum' ? spec.flag.charAt(0).toUpperCase() : spec.type === 'number' ? 'X' : 'N';
}

/** Column where the descriptions in --help start. */
const HELP_COLUMN = 33;

/** `  flag      description`, the description on its own line when the flag is too long. */
function helpRow(flag: string, text: string, indent = 4): string {
  const head = ' '.repeat(indent) + flag;
  return head.length < HELP_COLUMN - 1 ? `${head.padEnd(HELP_COLUMN)}${text}` : `${head}\n${' '.repeat(HELP_COLUMN)}${text}`;
}

/** The --help text; the `train` flags are listed from the run-options table. English only (said at the end). */
export function usage(msg: CliMessages): string {
  const runFlags = RUN_OPTION_NAMES.map((k) => {
    const spec: RunOptionSpec = RUN_OPTION_SPECS[k];
    const range = spec.type === 'enum' ? '' : ` [${spec.min}–${spec.max}]`;
    return helpRow(`--${spec.flag} ${metavar(spec)}`, `${spec.help}${range}`);
  });
  return [
    'usage: npm run cli -- <command> [options]',
    '',
    'commands:',
    helpRow('train <model.json> [options]', "train once through the app's training service", 2),
    ...runFlags,
    helpRow('--runs-dir D', `folder of the runs (default: $${RUNS_DIR_ENV_VAR} or ./runs), checked before the run starts`),
    helpRow('--json', 'print one JSON object as the last line of stdout, whatever the outcome'),
    helpRow('validate <model.json>', 'exit 0 if valid, else 1 with every error on stderr', 2),
    helpRow('init-stats <model.json>', 'fan-in/out and expected vs measured kernel std per dense layer', 2),
    helpRow('--seed N --backend B --json', 'as for train'),
    helpRow('export-keras <model.json>', 'print an equivalent Python/Keras script', 2),
    helpRow('summary <model.json> [--json]', "Keras' model.summary(): output shapes, parameters, fans and initial std", 2),
    helpRow('lint <model.json> [--json]', 'initializer/activation pairing and SELU self-normalization findings (advice: exit 0)', 2),
    helpRow('evaluate <run-folder> [--json]', "a finished run's saved weights on the whole test split: accuracy,", 2),
    helpRow('', 'per-class accuracy, confusion matrix (rows: true class); exit 1 when the', 0),
    helpRow('', 'folder is not a run or its weights are missing or damaged', 0),
    helpRow('--mc-dropout N', 'MC dropout: average N stochastic passes with dropout on [0–1000] (default 0: one pass)'),
    helpRow('lr-find <model.json> [options]', 'the learning-rate finder: loss over one short pass whose rate grows', 2),
    helpRow('', 'exponentially, and a suggested rate (10× below the lowest loss)', 0),
    helpRow(`--min-rate X --max-rate X`, `the sweep's rates [${LR_FIND_LIMITS.min_rate}–${LR_FIND_LIMITS.max_rate}] (default ${LR_FIND_LIMITS.default_min_rate} to ${LR_FIND_LIMITS.default_max_rate})`),
    helpRow('--steps N', `minibatches in the sweep [${LR_FIND_LIMITS.min_steps}–${LR_FIND_LIMITS.max_steps}] (default ${LR_FIND_LIMITS.default_steps}); it stops early once`),
    helpRow('', 'the loss blows up', 0),
    helpRow('--batch-size --seed --limit', '--dataset --backend --optimizer --learning-rate as for train; --json'),
    helpRow('transfer <run> <model-b.json>', "prints model B reusing the first layers of a trained run (a run id in", 2),
    helpRow('', '--runs-dir or a run folder), to save and train', 0),
    helpRow('--layers N', 'layers to reuse (default: every layer before the run\'s output layer)'),
    helpRow('--no-freeze', 'train the reused layers from the start (default: frozen)'),
    helpRow('--unfreeze-after N --unfreeze-rate X', 'unfreeze them after N epochs, then train at rate X'),
    helpRow('', '(default rate: a tenth of model B\'s); --runs-dir D, --json', 0),
    helpRow("recommend ['<answers>'] [--json]", "the chapter's activation guideline: a ranked list of activation +", 2),
    helpRow('', 'initializer pairs with the rules behind each. <answers> is a JSON object of', 0),
    helpRow('', 'booleans: self_normalizing, overfitting, runtime_speed, training_speed,', 0),
    helpRow('', 'huge_dataset, spare_compute (missing = false)', 0),
    helpRow('--model F', "adds SELU's conditions checked on model file F (self_normalizing_check)"),
    helpRow('crossval <model.json> [options]', 'k-fold cross-validation of candidate activations on the first --limit', 2),
    helpRow('', 'training images; every fold is saved as a run of one study', 0),
    helpRow('--candidates A,B', 'activations to compare, e.g. selu,elu (each with its initializer)'),
    helpRow('--folds K', 'number of folds [2–10] (default 3)'),
    helpRow('--limit N --epochs N', 'subset size (default 3000) and epochs per fold; --runs-dir, --json,'),
    helpRow('', 'and the other train flags as for train', 0),
    helpRow('diff A B [--json]', 'what changed between two model documents, grouped into runs of layers;', 2),
    helpRow('', 'A and B are model files or run ids in --runs-dir (an existing path is a file)', 0),
    helpRow('runs list [--json]', 'every run in --runs-dir (damaged ones with the reason)', 2),
    helpRow('runs delete RUN_ID…', 'delete runs for good, unlike the app (refused while one trains: exit 4)', 2),
    helpRow('runs rename RUN_ID NAME', "a run's name in the runs view", 2),
    helpRow('runs tag RUN_ID TAG…', 'add tags (a tag starting with - removes it: use -- before it)', 2),
    helpRow('runs export RUN_ID… --out F', 'one zip archive of the runs (--weights to include the weights)', 2),
    helpRow('runs import FILE', "import an archive; refused archives write nothing (exit 1)", 2),
    '',
    'common:',
    helpRow(`--lang ${CLI_LANGUAGES.join('|')}`, 'language of the messages (default: the system language: LC_ALL,', 2),
    helpRow('', 'LC_MESSAGES, LANG, else the OS locale); JSON output never changes', 0),
    helpRow('--debug', 'stack traces on unexpected errors', 2),
    helpRow('--help', 'this text', 2),
    '',
    'exit codes: 0 done (train: completed or stopped), 1 invalid model file, 2 bad usage',
    '(unknown command or flag, missing or out-of-range value, unusable --runs-dir),',
    '3 the run diverged, 4 the run failed.',
    '',
    msg.helpLanguageNote,
  ].join('\n');
}
