/**
 * The options a run is started with — one table (name, type, range, default) that
 * feeds the IPC schema (src-shared/ipc/schemas.ts builds its zod schema from it), the CLI flags (src-main/cli),
 * the run form (src-renderer/features/training/run-form.ts) and the services. A new
 * option is added here once; every consumer picks it up or fails to compile.
 */
import { DATASET_IDS, OPTIMIZER_IDS, type DatasetId, type OptimizerId } from '../model/ids.js';
import type { ModelSpec } from '../model/spec.js';

/** Backends the user can ask for; `auto` tries tfjs-node-gpu → tfjs-node → wasm → cpu. */
export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/** Environment variable that replaces `auto` as the backend preference (an explicit choice still wins). */
export const BACKEND_ENV_VAR = 'GRADIENT_LAB_BACKEND';
/** Environment variable naming the runs folder of the CLI and the lab server. */
export const RUNS_DIR_ENV_VAR = 'GRADIENT_LAB_RUNS_DIR';

/**
 * Options of one run. They override the model document: `training.epochs/batch_size/seed`,
 * `dataset`, and the optimizer's `name` and `learning_rate` (see mergeRunOptions, which
 * makes the model document the run actually trains).
 */
export interface RunOptions {
  epochs: number;
  batch_size: number;
  seed: number;
  /** Train on the first N training images only; validation and test stay fixed. */
  limit: number | null;
  backend: BackendPreference;
  dataset: DatasetId;
  optimizer: OptimizerId;
  /** Step size of the optimizer, e.g. 0.001. */
  learning_rate: number;
}

/** An integer option: inclusive range; `nullable` options accept null ("no limit"). */
export interface IntOptionSpec {
  type: 'int';
  min: number;
  max: number;
  nullable: boolean;
}
/** A real-valued option: inclusive range, written as a decimal or in exponent form (`1e-3`). */
export interface NumberOptionSpec {
  type: 'number';
  min: number;
  max: number;
}
/** An option with a fixed set of values. */
export interface EnumOptionSpec {
  type: 'enum';
  values: readonly string[];
}

/** One row of the table: its CLI flag, its type and range, and where its default comes from. */
export type RunOptionSpec = (IntOptionSpec | NumberOptionSpec | EnumOptionSpec) & {
  /** `--batch-size` for `batch_size`. */
  flag: string;
  /** The default when neither the request nor the user gave one (the model document's value where it has one). */
  fallback: (model: ModelSpec) => RunOptions[keyof RunOptions];
  /** One line for `--help` and tooltips (English; the UI has its own translated labels). */
  help: string;
};

/** Largest seed (fits a signed 32-bit integer, as tfjs and NumPy seeds do). Same as the model format's. */
export const MAX_RUN_SEED = 2 ** 31 - 1;

/** Smallest and largest learning rate a run may ask for (the model format only asks for a positive one). */
export const MIN_LEARNING_RATE = 1e-6;
export const MAX_LEARNING_RATE = 10;

/** The table. Order is the order of `--help` and of the run form. */
export const RUN_OPTION_SPECS = {
  epochs: {
    type: 'int', min: 1, max: 1000, nullable: false, flag: 'epochs',
    fallback: (m) => m.training.epochs,
    help: 'epochs to train (default: the model document\'s training.epochs)',
  },
  batch_size: {
    type: 'int', min: 1, max: 65536, nullable: false, flag: 'batch-size',
    fallback: (m) => m.training.batch_size,
    help: 'mini-batch size (default: training.batch_size)',
  },
  seed: {
    type: 'int', min: 0, max: MAX_RUN_SEED, nullable: false, flag: 'seed',
    fallback: (m) => m.training.seed,
    help: 'random seed for initialization, shuffling and dropout (default: training.seed)',
  },
  limit: {
    type: 'int', min: 1, max: 10_000_000, nullable: true, flag: 'limit',
    fallback: () => null,
    help: 'train on the first N training images only (default: all)',
  },
  backend: {
    type: 'enum', values: BACKEND_PREFERENCES, flag: 'backend',
    fallback: () => 'auto',
    help: `backend preference: ${BACKEND_PREFERENCES.join('|')} (default: $${BACKEND_ENV_VAR} or auto)`,
  },
  dataset: {
    type: 'enum', values: DATASET_IDS, flag: 'dataset',
    fallback: (m) => m.dataset,
    help: `dataset: ${DATASET_IDS.join('|')} (default: the model document's dataset)`,
  },
  optimizer: {
    type: 'enum', values: OPTIMIZER_IDS, flag: 'optimizer',
    fallback: (m) => m.training.optimizer.name,
    help: `optimizer: ${OPTIMIZER_IDS.join('|')}; switching keeps the learning rate and clipping (clipnorm, clipvalue), the new optimizer's other settings take Keras defaults (default: training.optimizer.name)`,
  },
  learning_rate: {
    type: 'number', min: MIN_LEARNING_RATE, max: MAX_LEARNING_RATE, flag: 'learning-rate',
    fallback: (m) => m.training.optimizer.learning_rate,
    help: 'learning rate of the optimizer, e.g. 0.001 or 1e-3 (default: training.optimizer.learning_rate)',
  },
} as const satisfies { [K in keyof RunOptions]: RunOptionSpec };

/** Option names in table order. */
export const RUN_OPTION_NAMES = Object.keys(RUN_OPTION_SPECS) as (keyof RunOptions)[];

/**
 * Fills every option the request left out: from the model document where it has the
 * value, else the table's default. Example: `resolveRunOptions(model, { epochs: 2 })` →
 * `{ epochs: 2, batch_size: model.training.batch_size, seed: model.training.seed, limit: null, backend: 'auto',
 *    dataset: model.dataset, optimizer: model.training.optimizer.name, learning_rate: model.training.optimizer.learning_rate }`.
 */
export function resolveRunOptions(model: ModelSpec, partial: Partial<RunOptions>): RunOptions {
  const out: Record<string, unknown> = {};
  for (const k of RUN_OPTION_NAMES) {
    const given = partial[k];
    out[k] = given === undefined ? RUN_OPTION_SPECS[k].fallback(model) : given;
  }
  return out as unknown as RunOptions;
}

/** A raw text value of one option that could not be read, with an English sentence naming the option and the value. */
export interface RunOptionProblem {
  option: keyof RunOptions;
  /** `range` (number outside min–max), `integer` (not a whole number), `number` (not a number), `enum` (not one of the values). */
  kind: 'range' | 'integer' | 'number' | 'enum';
  value: string;
  message: string;
}

/**
 * Reads one option from text (a CLI flag, an environment variable, a form field).
 * Example: `parseRunOption('epochs', '0')` → `{ ok: false, problem: { kind: 'range', message: 'expected an integer from 1 to 1000, received "0"' } }`,
 * `parseRunOption('learning_rate', '1e-3')` → `{ ok: true, value: 0.001 }`.
 * Thousands separators (`55,000`, `55_000`) are accepted for integers.
 */
export function parseRunOption<K extends keyof RunOptions>(
  option: K,
  raw: string,
): { ok: true; value: RunOptions[K] } | { ok: false; problem: RunOptionProblem } {
  const spec: RunOptionSpec = RUN_OPTION_SPECS[option];
  const text = raw.trim();
  const bad = (kind: RunOptionProblem['kind'], message: string) =>
    ({ ok: false as const, problem: { option, kind, value: text, message: `${message}, received ${JSON.stringify(raw)}` } });
  if (spec.type === 'enum') {
    return spec.values.includes(text)
      ? { ok: true, value: text as RunOptions[K] }
      : bad('enum', `expected one of ${spec.values.join(', ')}`);
  }
  if (spec.type === 'number') {
    const expected = `expected a number from ${spec.min} to ${spec.max}`;
    // Decimal or exponent form only: Number() would also take '0x10', 'Infinity' and ''.
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return bad('number', expected);
    const x = Number(text);
    if (!Number.isFinite(x) || x < spec.min || x > spec.max) return bad('range', expected);
    return { ok: true, value: x as RunOptions[K] };
  }
  const cleaned = text.replace(/[,_]/g, '');
  if (!/^[+-]?\d+$/.test(cleaned)) return bad('integer', `expected an integer from ${spec.min} to ${spec.max}`);
  const n = Number(cleaned);
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) return bad('range', `expected an integer from ${spec.min} to ${spec.max}`);
  return { ok: true, value: n as RunOptions[K] };
}

/**
 * The model document a run trains: `model` with the run's options written in —
 * `training.epochs/batch_size/seed`, `dataset`, and the optimizer's `name` and
 * `learning_rate`. Switching the optimizer (e.g. sgd → nadam) keeps the learning rate and
 * the gradient clipping (clipnorm, clipvalue: every Keras optimizer takes them) and drops
 * the old optimizer's own settings (momentum, beta_1 …), so the new one takes Keras'
 * defaults; keeping it keeps them. `limit` and `backend` are not part of the document.
 * `model` is not changed. Example: an sgd model `{ name: 'sgd', learning_rate: 0.001,
 * momentum: 0.9, clipnorm: 1 }` with `{ optimizer: 'adam', learning_rate: 0.01 }` →
 * `training.optimizer` = `{ name: 'adam', learning_rate: 0.01, clipnorm: 1 }`.
 */
export function mergeRunOptions(model: ModelSpec, options: RunOptions): ModelSpec {
  const current = model.training.optimizer;
  const clipping = {
    ...(current.clipnorm !== undefined ? { clipnorm: current.clipnorm } : {}),
    ...(current.clipvalue !== undefined ? { clipvalue: current.clipvalue } : {}),
  };
  const optimizer: ModelSpec['training']['optimizer'] =
    options.optimizer === current.name
      ? { ...current, learning_rate: options.learning_rate }
      : { name: options.optimizer, learning_rate: options.learning_rate, ...clipping };
  return {
    ...model,
    dataset: options.dataset,
    training: { ...model.training, optimizer, epochs: options.epochs, batch_size: options.batch_size, seed: options.seed },
  };
}
