/**
 * `runs:evaluate` and the CLI's `evaluate RUN_DIR`: a finished run's saved weights
 * on the whole test split of its dataset, in a short-lived training process (tfjs
 * never runs on the app's main thread). What can be refused is refused here first,
 * from the run folder alone and naming the run: no weights, damaged weights, a
 * diverged or still active run, a folder that is not a run.
 *
 * Like `init:sample`, identical requests in flight share one process, at most two
 * evaluations run at once and a bounded number wait; past that the request is refused.
 */
import { createJobPool } from './job-pool.js';
import type { MainMessageCode, MainMessageParams } from '../../src-shared/i18n/main-messages.js';
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import type { DatasetId, PreprocessId } from '../../src-shared/model/ids.js';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../src-shared/training/run-options.js';
import {
  EVALUATE_LIMITS,
  refusalText,
  WEIGHTS_LOAD_FAILED,
  type EvaluateRequest,
  type EvaluateResponse,
  type EvaluationRefusalReason,
  type EvaluationStats,
} from '../../src-shared/training/evaluation.js';
import { RUN_ID_PATTERN, RunStore } from '../runs/index.js';
import { inspectWeights } from '../runs/weights.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import { runOneShot } from '../trainer/one-shot.js';
import { UserError } from './dispatch.js';

/** Evaluation processes at once. */
export const MAX_CONCURRENT_EVALUATIONS = 2;
/** Requests that may wait for a free slot; more are refused. */
export const MAX_WAITING_EVALUATIONS = 8;

/** The translatable form of a refusal (src-shared/i18n/main-messages.ts), so the app can say it in Korean. */
function refusalCode(r: EvaluationRefusalReason): { code: MainMessageCode; params: MainMessageParams } {
  switch (r.kind) {
    case 'not_a_run':
      return { code: 'evaluate.not_a_run', params: { path: r.path, detail: r.detail } };
    case 'model_damaged':
      return { code: 'evaluate.model_damaged', params: { run: r.run, detail: r.detail } };
    case 'active':
      return { code: 'evaluate.active', params: { run: r.run, status: r.status } };
    case 'diverged':
      return r.epoch === null
        ? { code: 'evaluate.diverged', params: { run: r.run } }
        : { code: 'evaluate.diverged_at', params: { run: r.run, epoch: r.epoch, step: r.step ?? 0 } };
    case 'no_weights':
      return { code: 'evaluate.no_weights', params: { run: r.run, status: r.status } };
    case 'weights_damaged':
      return { code: 'evaluate.weights_damaged', params: { run: r.run, detail: r.detail } };
  }
}

/** A run that cannot be evaluated: a user error (IPC: field `run_id`; CLI: exit 1). */
export class EvaluationRefused extends UserError {
  constructor(readonly reason: EvaluationRefusalReason) {
    super(refusalText(reason), 'run_id', refusalCode(reason));
    this.name = 'EvaluationRefused';
  }
}

/** Options for tests, the CLI and the app (which passes its utilityProcess launcher and data folder). */
export interface EvaluateOptions {
  launcher?: TrainerLauncher;
  /** The dataset cache folder (`GRADIENT_LAB_DATA_DIR` still wins). */
  dataDir?: string | null;
  timeoutMs?: number;
}

/** What the training process is told, once the run has passed the checks. */
interface EvaluationJob {
  runDir: string;
  runId: string;
  dataset: DatasetId;
  preprocess: PreprocessId;
  backend: BackendPreference;
  /** The run's class subset (`model.classes`); null: every class. */
  classes: number[] | null;
  /** Dropout and alpha-dropout layers of the run's model. */
  dropoutLayers: number;
}

/** What to compute beyond the loss and accuracy: mistakes to send back, MC dropout passes (0: off). */
export interface EvaluationAsk {
  misclassified: number;
  mcSamples: number;
}

const pool = createJobPool<EvaluateResponse>(MAX_CONCURRENT_EVALUATIONS, MAX_WAITING_EVALUATIONS);

/**
 * `runs:evaluate`: validates `req` (the IPC schema: a run id, misclassified 0..64, mc_samples
 * 0..1000) and evaluates the run in `store`, on its class subset if it has one. Example:
 * `evaluateRun(store, { run_id })` → `{ run_id, dataset: 'fashion-mnist', test_accuracy: 0.81,
 * per_class: [10], confusion: [10×10], count: 10000, class_ids: [0..9], misclassified: [24], … }`;
 * with `mc_samples: 100` also `mc: { samples: 100, correct, wrong, most_uncertain, … }`.
 */
export async function evaluateRun(store: RunStore, req: unknown, opts: EvaluateOptions = {}): Promise<EvaluateResponse> {
  const checked = checkRequest('runs:evaluate', req);
  if (!checked.ok) throw new UserError(checked.error.message, checked.error.field);
  const r = checked.value as EvaluateRequest;
  return evaluateChecked(store, r.run_id, { misclassified: r.misclassified ?? EVALUATE_LIMITS.default_misclassified, mcSamples: r.mc_samples ?? 0 }, opts);
}

/**
 * The CLI's `evaluate RUN_DIR`: the same evaluation for a run folder given by path, with
 * `misclassified` mistakes sent back and `mcSamples` MC dropout passes (0, the default: off;
 * 1..1000, else a UserError naming `mc_samples`). Refuses (EvaluationRefused, `not_a_run`)
 * a path that is not a folder named like a run.
 */
export async function evaluateRunDir(runDir: string, misclassified: number, opts: EvaluateOptions = {}, mcSamples = 0): Promise<EvaluateResponse> {
  if (!Number.isInteger(mcSamples) || mcSamples < 0 || mcSamples > EVALUATE_LIMITS.max_mc_samples) {
    throw new UserError(`mc_samples: expected a whole number of passes from 0 to ${EVALUATE_LIMITS.max_mc_samples}. Received: ${mcSamples}`, 'mc_samples');
  }
  const abs = resolve(runDir);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (err) {
    throw new EvaluationRefused({ kind: 'not_a_run', path: runDir, detail: `it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
  }
  if (!isDir) throw new EvaluationRefused({ kind: 'not_a_run', path: runDir, detail: 'it is not a folder' });
  const id = basename(abs);
  if (!RUN_ID_PATTERN.test(id)) {
    throw new EvaluationRefused({ kind: 'not_a_run', path: runDir, detail: 'its name is not a run id like 20261126-134500-leaky-relu-mlp-1a2b' });
  }
  return evaluateChecked(new RunStore(dirname(abs)), id, { misclassified, mcSamples }, opts);
}

async function evaluateChecked(store: RunStore, runId: string, ask: EvaluationAsk, opts: EvaluateOptions): Promise<EvaluateResponse> {
  const job = checkRun(store, runId);
  return pool.run(JSON.stringify([job.runDir, ask.misclassified, ask.mcSamples]), () => evaluateJob(job, ask, opts), (count) => {
    throw UserError.coded('busy.evaluate', { count });
  });
}

/** Reads the run folder (no tfjs) and refuses what cannot be evaluated. */
function checkRun(store: RunStore, runId: string): EvaluationJob {
  let runDir: string;
  let rec: ReturnType<RunStore['load']>;
  try {
    runDir = store.runDir(runId);
    rec = store.load(runId);
  } catch (err) {
    throw new EvaluationRefused({ kind: 'not_a_run', path: runId, detail: err instanceof Error ? err.message : String(err) });
  }
  if (rec.model === null) {
    const detail = rec.warnings.find((w) => w.includes('model.json')) ?? rec.warnings[0] ?? 'unreadable';
    throw new EvaluationRefused({ kind: 'model_damaged', run: runId, detail });
  }
  const status = rec.status.status;
  if (status === 'queued' || status === 'running') throw new EvaluationRefused({ kind: 'active', run: runId, status });
  if (status === 'diverged') {
    const at = rec.status.diverged_at;
    throw new EvaluationRefused({ kind: 'diverged', run: runId, epoch: at?.epoch ?? null, step: at?.step ?? null });
  }
  const weights = inspectWeights(runDir);
  if (weights.state === 'none') throw new EvaluationRefused({ kind: 'no_weights', run: runId, status });
  if (weights.state === 'damaged') throw new EvaluationRefused({ kind: 'weights_damaged', run: runId, detail: weights.problem });
  const model = rec.model;
  return {
    runDir,
    runId,
    dataset: model.dataset,
    preprocess: model.preprocess,
    backend: backendFor(rec),
    classes: 'classes' in model && Array.isArray(model.classes) ? [...model.classes] : null,
    dropoutLayers: model.layers.filter((l) => l.kind === 'dropout' || l.kind === 'alpha_dropout').length,
  };
}

/** Milliseconds an evaluation may take: 3 minutes, plus 2 s per MC dropout pass (1,000 passes of a big net over 10,000 images take minutes). */
export function evaluationTimeoutMs(mcSamples: number): number {
  return 180_000 + 2_000 * mcSamples;
}

const isPreference = (v: unknown): v is BackendPreference => (BACKEND_PREFERENCES as readonly unknown[]).includes(v);

/**
 * The backend the run trained on (its environment's active backend), else the one it
 * asked for: float rounding differs between backends, and on the same one the accuracy
 * equals the run's recorded test_accuracy. Unavailable here, the chain falls back as usual.
 */
function backendFor(rec: ReturnType<RunStore['load']>): BackendPreference {
  const active = rec.environment?.backend;
  if (isPreference(active)) return active;
  const asked = rec.status.options?.backend;
  return isPreference(asked) ? asked : 'auto';
}

async function evaluateJob(job: EvaluationJob, ask: EvaluationAsk, opts: EvaluateOptions): Promise<EvaluateResponse> {
  const stats = await runOneShot<EvaluationStats>(
    opts.launcher ?? nodeTrainerLauncher(),
    {
      type: 'evaluate',
      run_dir: job.runDir,
      dataset: job.dataset,
      preprocess: job.preprocess,
      backend: job.backend,
      misclassified: ask.misclassified,
      data_dir: opts.dataDir ?? null,
      classes: job.classes,
      ...(ask.mcSamples > 0 ? { mc_samples: ask.mcSamples } : {}),
    },
    (e) => (e.type === 'evaluation' ? e.stats : undefined),
    `runs:evaluate ${job.runId}`,
    opts.timeoutMs ?? evaluationTimeoutMs(ask.mcSamples),
  ).catch((err: unknown) => {
    // Weights that parse but do not load (a hand-edited topology) are damaged weights, like a short weights.bin.
    const text = err instanceof Error ? err.message : String(err);
    const at = text.indexOf(WEIGHTS_LOAD_FAILED);
    if (at < 0) throw err;
    throw new EvaluationRefused({ kind: 'weights_damaged', run: job.runId, detail: text.slice(at + WEIGHTS_LOAD_FAILED.length).trim() });
  });
  return { run_id: job.runId, dataset: job.dataset, dropout_layers: job.dropoutLayers, ...stats };
}
