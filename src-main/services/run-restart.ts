/**
 * Re-running and continuing stored runs (`runs:rerun`, `runs:continue`). Both start a
 * NEW run through the TrainingService — so the queue and the per-client limit apply —
 * from what the old run's folder recorded: model.json (the model as trained, options
 * merged) and status.json's options (epochs, batch size, limit, seed, backend). Nothing
 * of the old run is changed. A run the folder cannot vouch for (unknown, damaged model or
 * status) is refused with a coded message naming it; so is a continuation without weights.
 */
import type { RunStartAnswer } from '../../src-shared/runs/types.js';
import { partialRunOptionsSchema } from '../../src-shared/ipc/schemas.js';
import { formatModelError, parseModel } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { MainMessageCode, MainMessageParams } from '../../src-shared/i18n/main-messages.js';
import { resolveRunOptions, type RunOptions } from '../../src-shared/training/run-options.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import type { RunStore } from '../runs/index.js';
import { describeIssue } from '../runs/metrics-schema.js';
import { inspectWeights } from '../runs/weights.js';
import { UserError } from './dispatch.js';
import { QueueLimitError, type RunStartExtra, type TrainingService } from './training-service.js';

/** The runs folder and training service current at the time of the request (the desktop app can move the folder). */
export interface RunRestartDeps {
  store: RunStore;
  training: TrainingService;
}

/** What a stored run gives a new one: its validated model, its options, and the fold it trained on. */
interface StoredStart {
  record: RunRecord;
  model: ModelSpec;
  options: Partial<RunOptions>;
  fold: RunStartExtra['fold'];
}

const refuse = (code: MainMessageCode, params: MainMessageParams): UserError => UserError.coded(code, params, 'run_id');

/** Reads a run back far enough to train it again; `damaged` is the refusal for a folder that cannot be trusted. */
function readStored(store: RunStore, runId: string, damaged: 'rerun.damaged' | 'continue.damaged'): StoredStart {
  let record: RunRecord;
  try {
    record = store.load(runId);
  } catch {
    // load throws only for an id that is not a run folder here.
    throw refuse('restart.unknown_run', { run_id: runId, dir: store.dir });
  }
  const fail = (detail: string) => refuse(damaged, { run_id: runId, detail });
  // The store names the file in each warning; a damaged status.json leaves a stand-in status.
  const statusProblem = record.warnings.find((w) => w.startsWith('status.json'));
  if (statusProblem !== undefined) throw fail(statusProblem);
  if (record.model === null) throw fail(record.warnings.find((w) => w.startsWith('model.json')) ?? 'model.json is damaged');
  // The store only checked model.json's outline; training needs the whole document valid.
  const parsed = parseModel(record.model);
  if (!parsed.ok) throw fail(`model.json is not a valid model document (${parsed.errors.slice(0, 3).map(formatModelError).join('; ')})`);
  const options = partialRunOptionsSchema.safeParse(record.status.options);
  if (!options.success) throw fail(`status.json is invalid at options.${describeIssue(options.error)}`);
  // A fold of a cross-validation study trains on that fold again; it is not added to the study.
  const study = record.status.study;
  return { record, model: parsed.model, options: options.data, fold: study ? { index: study.fold, folds: study.folds } : null };
}

/** Starts the new run and answers as `runs:start` does. */
function startNew(deps: RunRestartDeps, model: ModelSpec, options: Partial<RunOptions>, client: string, extra: RunStartExtra): RunStartAnswer {
  const full = resolveRunOptions(model, options);
  try {
    const run_id = deps.training.start(model, full, client, extra);
    const position = deps.training.positionOf(run_id);
    return { run_id, options: full, status: position === null ? 'running' : 'queued', position };
  } catch (err) {
    if (err instanceof QueueLimitError) throw UserError.coded(err.code, err.params);
    // The run folder could not be written: nothing was created and no process started.
    throw UserError.coded('runs.cannot_create', { dir: deps.store.dir, reason: err instanceof Error ? err.message : String(err) });
  }
}

/** Why the run's saved weights cannot be started from, or null when they can. */
function weightsProblem(store: RunStore, runId: string): { kind: 'none' } | { kind: 'damaged'; detail: string } | null {
  let dir: string;
  try {
    dir = store.runDir(runId);
  } catch (err) {
    return { kind: 'damaged', detail: err instanceof Error ? err.message : String(err) };
  }
  const check = inspectWeights(dir);
  if (check.state === 'ok') return null;
  return check.state === 'none' ? { kind: 'none' } : { kind: 'damaged', detail: check.problem };
}

/**
 * `runs:rerun`: trains the run's model again with the same options and seed, as a new
 * run (on the same backend the engine is deterministic, so the per-epoch losses repeat).
 * A run that continued another starts from that run's weights again, so its re-run repeats
 * it too; a fold of a study trains on the same fold. Any status may be re-run, a
 * running one included (its folder already holds everything a start needs).
 * Example: `rerunRun({ store, training }, '20261126-134500-tiny-1a2b', 'local')` →
 * `{ run_id: '20261126-140000-tiny-9f3c', options: {…}, status: 'running', position: null }`.
 */
export function rerunRun(deps: RunRestartDeps, runId: string, client: string): RunStartAnswer {
  const stored = readStored(deps.store, runId, 'rerun.damaged');
  const extra: RunStartExtra = { fold: stored.fold };
  const source = stored.record.status.continued_from;
  if (source !== undefined) {
    const problem = weightsProblem(deps.store, source);
    if (problem !== null) {
      const detail = problem.kind === 'none' ? `run ${source} has no saved weights` : problem.detail;
      throw refuse('rerun.source_unusable', { run_id: runId, source, detail });
    }
    extra.continued_from = source;
  }
  return startNew(deps, stored.model, stored.options, client, extra);
}

/**
 * `runs:continue`: trains a stopped or completed run's saved weights for `epochs` more
 * epochs, as a new run whose status.json records `continued_from`. Everything else is the
 * old run's: model, batch size, limit, backend and the same seed — so a continuation is
 * reproducible from (weights, seed) and its re-run repeats it; its shuffles and dropout
 * masks restart from that seed's first epoch rather than picking up where the old run
 * stopped. The optimizer restarts too: saved weights hold no optimizer state, so
 * momentum and Adam's moment estimates begin again at zero. Refused (coded, naming the
 * run): running or queued, diverged (its NaN weights were never saved), failed, no or
 * damaged weights. Weights that do not fit the model (a hand-edited model.json) fail the
 * new run with the mismatch named.
 */
export function continueRun(deps: RunRestartDeps, runId: string, epochs: number, client: string): RunStartAnswer {
  const stored = readStored(deps.store, runId, 'continue.damaged');
  const { status } = stored.record;
  // The service writes `running`/`queued` before a process starts, so the folder says whether it is active.
  if (status.status === 'running' || status.status === 'queued') throw refuse('continue.active', { run_id: runId, status: status.status });
  if (status.status === 'diverged') throw refuse('continue.diverged', { run_id: runId });
  if (status.status === 'failed') throw refuse('continue.failed', { run_id: runId, detail: status.error ?? 'no reason recorded' });
  const problem = weightsProblem(deps.store, runId);
  if (problem?.kind === 'none') throw refuse('continue.no_weights', { run_id: runId, status: status.status });
  if (problem?.kind === 'damaged') throw refuse('continue.weights_damaged', { run_id: runId, detail: problem.detail });
  return startNew(deps, stored.model, { ...stored.options, epochs }, client, { fold: stored.fold, continued_from: runId });
}
