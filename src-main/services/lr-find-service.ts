/**
 * `lr:find` and the CLI's `lr-find`: the learning-rate finder on a model document with run
 * options, in a short-lived training process (tfjs never runs on the app's main thread).
 * The model is validated and the options resolved exactly as `runs:start` does, so the
 * sweep trains the document a run with those options would train.
 *
 * Like `runs:evaluate`, identical requests in flight share one process, at most two sweeps
 * run at once and a bounded number wait; past that the request is refused.
 */
import { parseModel, formatModelError } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import { lrFindMessage, type LrFindMessageCode } from '../../src-shared/i18n/lr-find-messages.js';
import type { TemplateParams } from '../../src-shared/i18n/template.js';
import { LR_FIND_LIMITS, type LrFindRequest, type LrFindResult } from '../../src-shared/training/lr-finder.js';
import { mergeRunOptions, resolveRunOptions, type RunOptions } from '../../src-shared/training/run-options.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import { runOneShot } from '../trainer/one-shot.js';
import { UserError } from './dispatch.js';
import { createJobPool } from './job-pool.js';

/** Sweeps at once (each keeps a core busy for seconds), as many as evaluations. */
export const MAX_CONCURRENT_LR_FINDS = 2;
/** Requests that may wait for a free slot; more are refused. */
export const MAX_WAITING_LR_FINDS = 8;

/** A refusal or failure of the finder: the English text as the message, the code and values for other languages. */
export class LrFindError extends UserError {
  constructor(
    readonly code: LrFindMessageCode,
    readonly params: TemplateParams,
    field?: string,
  ) {
    super(lrFindMessage('en', code, params), field);
    this.name = 'LrFindError';
  }
}

/** Options for tests, the CLI and the app (which passes its utilityProcess launcher and data folder). */
export interface LrFindServiceOptions {
  launcher?: TrainerLauncher;
  /** The dataset cache folder (`GRADIENT_LAB_DATA_DIR` still wins). */
  dataDir?: string | null;
  timeoutMs?: number;
}

/** The sweep's bounds and length, each defaulted from LR_FIND_LIMITS. */
export interface LrSweep {
  min_rate?: number | undefined;
  max_rate?: number | undefined;
  steps?: number | undefined;
}

const pool = createJobPool<LrFindResult>(MAX_CONCURRENT_LR_FINDS, MAX_WAITING_LR_FINDS);

/**
 * `lr:find`: checks `req` (the IPC schema: rates within LR_FIND_LIMITS, min below max, run
 * options as for `runs:start`), validates the model (a UserError on field `model` with
 * every problem, as `runs:start` answers), then runs the finder. Example:
 * `findLearningRateFor({ model, options: { limit: 2000 } })` →
 * `{ points: [87], suggested_rate: 0.035, min_loss_rate: 0.35, stopped_early: true, backend: 'wasm', batch_size: 32 }`.
 */
export async function findLearningRateFor(req: unknown, opts: LrFindServiceOptions = {}): Promise<LrFindResult> {
  const checked = checkRequest('lr:find', req);
  if (!checked.ok) throw new UserError(checked.error.message, checked.error.field);
  const r = checked.value as LrFindRequest;
  const parsed = parseModel(r.model);
  if (!parsed.ok) throw new UserError(parsed.errors.map(formatModelError).join('\n'), 'model');
  return findLearningRateOf(parsed.model, resolveRunOptions(parsed.model, r.options), r, opts);
}

/**
 * The finder on a valid model with resolved options (the CLI's entry: it validated the
 * file and read the flags itself). The model trained is `mergeRunOptions(model, options)`:
 * the run's dataset, optimizer and seed. Throws LrFindError `lr_find.busy` when the pool is
 * full and `lr_find.failed` when the training process fails (its message as the detail).
 */
export async function findLearningRateOf(model: ModelSpec, options: RunOptions, sweep: LrSweep, opts: LrFindServiceOptions = {}): Promise<LrFindResult> {
  const command = {
    type: 'lr-find' as const,
    model: mergeRunOptions(model, options),
    options,
    min_rate: sweep.min_rate ?? LR_FIND_LIMITS.default_min_rate,
    max_rate: sweep.max_rate ?? LR_FIND_LIMITS.default_max_rate,
    steps: sweep.steps ?? LR_FIND_LIMITS.default_steps,
    data_dir: opts.dataDir ?? null,
  };
  // Neither the learning rate (the sweep sets its own), the epochs nor the name change a sweep: requests differing only there share it.
  const { training } = command.model;
  const key = JSON.stringify([
    { ...command.model, name: '', training: { ...training, epochs: 0, optimizer: { ...training.optimizer, learning_rate: 0 } } },
    [options.limit, options.backend, command.min_rate, command.max_rate, command.steps, command.data_dir],
  ]);
  return pool.run(
    key,
    () =>
      runOneShot<LrFindResult>(
        opts.launcher ?? nodeTrainerLauncher(),
        command,
        (e) => (e.type === 'lr-found' ? e.result : undefined),
        'lr:find',
        opts.timeoutMs ?? 300_000,
      ).catch((err: unknown) => {
        const text = err instanceof Error ? err.message : String(err);
        throw new LrFindError('lr_find.failed', { detail: text.replace(/^lr:find:? /, '') });
      }),
    (count) => {
      throw new LrFindError('lr_find.busy', { count });
    },
  );
}
