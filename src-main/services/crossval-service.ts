/**
 * k-fold cross-validation of candidate activations (chapter 11's "time and compute to
 * spare → cross-validate"): every candidate's model (applyCandidate: activation,
 * initializer, and SELU's requirements) trains once per fold of the first `limit`
 * training images, each fold an ordinary run of the TrainingService — in the runs
 * folder, tagged with the study, through the same queue as every other run.
 *
 * Folds start fold-major (fold 1 of every candidate, then fold 2 …), so a study stopped
 * half-way still has comparable folds for each candidate. A study keeps at most
 * `maxConcurrent` of its folds started at once, or one when the service limits runs per
 * client (a lab server), so a study never takes more than its share of the queue.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { SPLIT_SIZES } from '../../src-shared/data/datasets.js';
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import { formatModelError, MAX_NAME_LENGTH, parseModel } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { RunEpochEvent, RunFinishedEvent } from '../../src-shared/training/events.js';
import { LOCAL_CLIENT, type RunStartedEvent } from '../../src-shared/training/queue.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { applyCandidate, INITIALIZER_FOR } from '../../src-shared/wizard/apply.js';
import type {
  CandidateActivation,
  CrossvalCandidateResult,
  CrossvalFinishedEvent,
  CrossvalFold,
  CrossvalProgressEvent,
  CrossvalRequest,
} from '../../src-shared/wizard/types.js';
import { UserError } from './dispatch.js';
import { QueueLimitError, type TrainingService } from './training-service.js';

/** Events of the service, keyed like the IPC contract's pushed events. */
export interface CrossvalServiceEvents {
  'crossval:progress': [CrossvalProgressEvent];
  'crossval:finished': [CrossvalFinishedEvent];
}

/** Constructor options. */
export interface CrossvalServiceOptions {
  /** The training service folds run on; a getter because the app replaces it when the runs folder moves. */
  training: () => TrainingService;
  /** Clock in ms (durations and the ETA); injectable for tests. */
  now?: () => number;
}

/** One fold as the service tracks it: the public fields plus where and when it ran. */
interface FoldState extends CrossvalFold {
  service: TrainingService | null;
  startedMs: number | null;
  endedMs: number | null;
}

interface Study {
  id: string;
  client: string;
  plan: CrossvalProgressEvent['plan'];
  /** Each candidate's model (the fold's name is added at start). */
  models: Map<CandidateActivation, ModelSpec>;
  partial: Partial<RunOptions>;
  /** Candidate-major, as shown: every fold of the first candidate, then the next. */
  folds: FoldState[];
  /** Fold-major: the order folds start in. */
  order: FoldState[];
  stopRequested: boolean;
  fatal: string | null;
  /** Undoes the wait for a queue slot after a refused start (see pump). */
  unwait: (() => void) | null;
  ended: boolean;
  finished: Promise<CrossvalFinishedEvent>;
  resolve: (e: CrossvalFinishedEvent) => void;
}

/** A fold is "active" while its run exists and has not ended. */
const isActive = (f: FoldState): boolean => f.status === 'queued' || f.status === 'running';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Mean and population standard deviation (divided by n, as the issue asks: the folds are
 * the whole population of this study, not a sample of one). Example: `[0.8, 0.9]` →
 * `{ mean: 0.85, std: 0.05 }`; `[]` → nulls.
 */
export function meanAndStd(values: readonly number[]): { mean: number | null; std: number | null } {
  if (values.length === 0) return { mean: null, std: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** A fold run's model name, e.g. `Tiny · elu · fold 2/3`, cut to the format's name limit. */
export function foldModelName(base: string, activation: CandidateActivation, fold: number, folds: number): string {
  const suffix = ` · ${activation} · fold ${fold}/${folds}`;
  return base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
}

/** Runs cross-validation studies on a TrainingService; emits `crossval:progress` and `crossval:finished`. */
export class CrossvalService extends EventEmitter<CrossvalServiceEvents> {
  private readonly training: () => TrainingService;
  private readonly now: () => number;
  private readonly studies = new Map<string, Study>();
  /** Folds by run id, for the training service's per-run events. */
  private readonly byRun = new Map<string, { study: Study; fold: FoldState }>();
  /** Training services whose events this service already listens to (one listener each, however many folds). */
  private readonly hooked = new WeakSet<TrainingService>();

  constructor(opts: CrossvalServiceOptions) {
    super();
    this.training = opts.training;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Checks the request (the `crossval:start` schema, the model, every candidate's rewritten
   * model), plans candidates × folds and starts the first fold(s). Throws UserError naming
   * the field (nothing started) when the request is invalid or the queue refuses the first
   * fold. `overrides` are run options the request has no field for (the CLI's optimizer and
   * learning rate). A `limit` above the dataset's training split is cut to the split (the
   * plan says the limit used). Returns the study's first state; `finished(study_id)` resolves at its end.
   */
  start(request: CrossvalRequest, client: string = LOCAL_CLIENT, overrides: Partial<RunOptions> = {}): CrossvalProgressEvent {
    const checked = checkRequest('crossval:start', request);
    if (!checked.ok) throw new UserError(checked.error.message, checked.error.field);
    const req = checked.value as CrossvalRequest;
    const parsed = parseModel(req.model);
    if (!parsed.ok) throw new UserError(parsed.errors.map(formatModelError).join('\n'), 'model');
    const base = parsed.model;

    const models = new Map<CandidateActivation, ModelSpec>();
    for (const activation of req.candidates) {
      const applied = parseModel(applyCandidate(base, activation));
      if (!applied.ok) {
        throw UserError.coded('crossval.candidate_invalid', { activation, detail: applied.errors.map(formatModelError).join('; ') }, 'candidates');
      }
      models.set(activation, applied.model);
    }

    const limit = Math.min(req.limit, SPLIT_SIZES[base.dataset].train);
    const { dataset: _dataset, ...rest } = overrides;
    void _dataset; // a study trains on the model's dataset: its folds are cut from that training split
    const partial: Partial<RunOptions> = {
      ...rest,
      epochs: req.epochs,
      limit,
      ...(req.batch_size !== undefined ? { batch_size: req.batch_size } : {}),
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(req.backend !== undefined ? { backend: req.backend } : {}),
    };

    const folds: FoldState[] = req.candidates.flatMap((activation) =>
      Array.from({ length: req.folds }, (_, i) => ({
        activation,
        fold: i + 1,
        run_id: null,
        status: 'pending' as const,
        val_accuracy: null,
        service: null,
        startedMs: null,
        endedMs: null,
      })),
    );
    const order = [...folds].sort((a, b) => a.fold - b.fold || req.candidates.indexOf(a.activation) - req.candidates.indexOf(b.activation));
    let resolve!: (e: CrossvalFinishedEvent) => void;
    const finished = new Promise<CrossvalFinishedEvent>((r) => (resolve = r));
    const study: Study = {
      id: `cv-${randomBytes(6).toString('hex')}`,
      client,
      plan: { folds: req.folds, limit, epochs: req.epochs, candidates: [...req.candidates] },
      models,
      partial,
      folds,
      order,
      stopRequested: false,
      fatal: null,
      unwait: null,
      ended: false,
      finished,
      resolve,
    };

    // The first fold starts here, so that a refusal (queue limit, runs folder not writable) refuses the request.
    const svc = this.training();
    this.studies.set(study.id, study);
    try {
      this.launch(study, order[0] as FoldState, svc);
    } catch (err) {
      this.studies.delete(study.id);
      if (err instanceof QueueLimitError) throw UserError.coded(err.code, err.params);
      throw UserError.coded('runs.cannot_create', { dir: svc.runsDir, reason: message(err) });
    }
    this.pump(study);
    return this.snapshot(study);
  }

  /** Stops a study: its running folds stop after their current step, waiting ones are dropped. Resolves with its end (status `stopped`). */
  async stop(studyId: string): Promise<CrossvalFinishedEvent> {
    const study = this.studies.get(studyId);
    if (!study) throw UserError.coded('crossval.not_active', { study_id: studyId }, 'study_id');
    if (!study.stopRequested) {
      study.stopRequested = true;
      study.unwait?.();
      study.unwait = null;
      for (const f of study.folds) {
        if (isActive(f) && f.run_id && f.service) void f.service.stop(f.run_id).catch(() => undefined);
      }
      this.settle(study);
    }
    return study.finished;
  }

  /** Resolves when the study ends; rejects for a study this service does not run. */
  finished(studyId: string): Promise<CrossvalFinishedEvent> {
    const study = this.studies.get(studyId);
    return study ? study.finished : Promise.reject(new Error(`study_id: no running study with id ${JSON.stringify(studyId)}`));
  }

  /** Whether the study is running here. */
  owns(studyId: string): boolean {
    return this.studies.has(studyId);
  }

  /** Ids of the studies running. */
  activeIds(): string[] {
    return [...this.studies.keys()];
  }

  /** The client's studies still running, oldest first. */
  mine(client: string): CrossvalProgressEvent[] {
    return [...this.studies.values()].filter((s) => s.client === client).map((s) => this.snapshot(s));
  }

  /** Stops every study (app quit, server shutdown), before the training service stops its runs. */
  async stopAll(): Promise<void> {
    await Promise.all(this.activeIds().map((id) => this.stop(id).catch(() => undefined)));
  }

  /** Most folds of one study started at once: one under a per-client limit, else the service's slots. */
  private parallel(svc: TrainingService): number {
    return svc.perClientLimit !== null ? 1 : svc.maxConcurrent;
  }

  /** Starts pending folds while the study may have more started; ends the study when nothing is left. */
  private pump(study: Study): void {
    if (study.ended) return;
    if (study.stopRequested || study.fatal !== null) {
      this.settle(study);
      return;
    }
    const svc = this.training();
    while (study.unwait === null && study.folds.filter(isActive).length < this.parallel(svc)) {
      const next = study.order.find((f) => f.status === 'pending');
      if (!next) break;
      try {
        this.launch(study, next, svc);
      } catch (err) {
        if (err instanceof QueueLimitError) {
          // The client's other runs or a full queue: try again when any run ends.
          const retry = (): void => {
            study.unwait = null;
            this.pump(study);
          };
          svc.once('run:finished', retry);
          study.unwait = () => svc.off('run:finished', retry);
        } else {
          // The runs folder cannot be written: every further fold would fail the same way.
          study.fatal = `a fold could not be started: ${message(err)}`;
          for (const f of study.folds) {
            if (isActive(f) && f.run_id && f.service) void f.service.stop(f.run_id).catch(() => undefined);
          }
        }
        break;
      }
    }
    this.settle(study);
  }

  /** Creates the fold's run (throws what TrainingService.start throws). */
  private launch(study: Study, fold: FoldState, svc: TrainingService): void {
    this.hook(svc);
    const model = study.models.get(fold.activation) as ModelSpec;
    const named = { ...model, name: foldModelName(model.name, fold.activation, fold.fold, study.plan.folds) };
    // A run that fails while starting (its process cannot be spawned) ends inside start(), before its id is known here.
    const early: RunFinishedEvent[] = [];
    const collect = (e: RunFinishedEvent): void => void early.push(e);
    svc.on('run:finished', collect);
    let runId: string;
    try {
      runId = svc.start(named, study.partial, study.client, {
        fold: { index: fold.fold, folds: study.plan.folds },
        study: { id: study.id, kind: 'crossval', activation: fold.activation, fold: fold.fold, folds: study.plan.folds },
      });
    } finally {
      svc.off('run:finished', collect);
    }
    fold.run_id = runId;
    fold.service = svc;
    const endedAlready = early.find((e) => e.run_id === runId);
    if (endedAlready || !svc.owns(runId)) {
      fold.startedMs = this.now();
      this.foldEnded(study, fold, endedAlready ?? { run_id: runId, status: 'failed', test_loss: null, test_accuracy: null, diverged_at: null, error: 'the run ended while starting' });
      return;
    }
    this.byRun.set(runId, { study, fold });
    const queued = svc.positionOf(runId) !== null;
    fold.status = queued ? 'queued' : 'running';
    if (!queued) fold.startedMs = this.now();
    svc.finished(runId).then(
      (e) => this.foldEnded(study, fold, e),
      (err: unknown) =>
        this.foldEnded(study, fold, { run_id: runId, status: 'failed', test_loss: null, test_accuracy: null, diverged_at: null, error: message(err) }),
    );
    this.emit('crossval:progress', this.snapshot(study));
  }

  /** Listens once per training service to the per-run events folds need. */
  private hook(svc: TrainingService): void {
    if (this.hooked.has(svc)) return;
    this.hooked.add(svc);
    svc.on('run:started', (e: RunStartedEvent) => {
      const hit = this.byRun.get(e.run_id);
      if (!hit || hit.fold.status !== 'queued') return;
      hit.fold.status = 'running';
      hit.fold.startedMs = this.now();
      this.emit('crossval:progress', this.snapshot(hit.study));
    });
    svc.on('run:epoch', (e: RunEpochEvent) => {
      const hit = this.byRun.get(e.run_id);
      // The last epoch's is the fold's; a NaN (a diverging run) has no accuracy to average.
      if (hit) hit.fold.val_accuracy = Number.isFinite(e.metrics.val_accuracy) ? e.metrics.val_accuracy : null;
    });
  }

  private foldEnded(study: Study, fold: FoldState, e: RunFinishedEvent): void {
    if (fold.endedMs !== null) return;
    if (fold.run_id) this.byRun.delete(fold.run_id);
    fold.status = e.status;
    fold.endedMs = this.now();
    if (e.status === 'failed' && e.error) fold.error = e.error;
    if (study.ended) return;
    this.emit('crossval:progress', this.snapshot(study));
    this.pump(study);
  }

  /** Ends the study once none of its folds is active and none will start. */
  private settle(study: Study): void {
    if (study.ended || study.folds.some(isActive)) return;
    const stopping = study.stopRequested || study.fatal !== null;
    if (!stopping && (study.unwait !== null || study.folds.some((f) => f.status === 'pending'))) return;
    study.ended = true;
    study.unwait?.();
    this.studies.delete(study.id);
    const ran = study.folds.filter((f) => f.status !== 'pending');
    const allFailed = ran.length > 0 && ran.every((f) => f.status === 'failed');
    let status: CrossvalFinishedEvent['status'];
    let error: string | undefined;
    if (study.fatal !== null) {
      status = 'failed';
      error = study.fatal;
    } else if (study.stopRequested) status = 'stopped';
    else if (allFailed) {
      status = 'failed';
      error = ran.find((f) => f.error)?.error ?? 'every fold failed';
    } else status = 'completed';
    const snap = this.snapshot(study);
    let best: CandidateActivation | null = null;
    let bestMean = -Infinity;
    for (const c of snap.candidates) {
      if (c.mean !== null && c.mean > bestMean) {
        bestMean = c.mean;
        best = c.activation;
      }
    }
    const event: CrossvalFinishedEvent = { ...snap, status, best, ...(error !== undefined ? { error } : {}) };
    this.emit('crossval:finished', event);
    study.resolve(event);
  }

  /** The study's state as clients see it. */
  private snapshot(study: Study): CrossvalProgressEvent {
    const folds: CrossvalFold[] = study.folds.map((f) => ({
      activation: f.activation,
      fold: f.fold,
      run_id: f.run_id,
      status: f.status,
      val_accuracy: f.val_accuracy,
      ...(f.error !== undefined ? { error: f.error } : {}),
    }));
    const candidates: CrossvalCandidateResult[] = study.plan.candidates.map((activation) => {
      // Only completed folds count: a stopped fold trained less, a diverged or failed one has no meaningful accuracy.
      const accs = study.folds.filter((f) => f.activation === activation && f.status === 'completed' && f.val_accuracy !== null).map((f) => f.val_accuracy as number);
      return { activation, initializer: INITIALIZER_FOR[activation], fold_val_accuracy: accs, ...meanAndStd(accs) };
    });
    return {
      study_id: study.id,
      done: study.folds.filter((f) => f.endedMs !== null).length,
      total: study.folds.length,
      folds,
      candidates,
      eta_seconds: this.eta(study),
      plan: { ...study.plan, candidates: [...study.plan.candidates] },
    };
  }

  /**
   * Seconds left: the mean duration of the completed folds times the work left (pending folds
   * whole, running ones less their elapsed time), spread over the folds that run at once.
   * Null before the first fold completes.
   */
  private eta(study: Study): number | null {
    const durations = study.folds.filter((f) => f.status === 'completed' && f.startedMs !== null && f.endedMs !== null).map((f) => (f.endedMs as number) - (f.startedMs as number));
    if (durations.length === 0) return null;
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    const now = this.now();
    const pending = study.stopRequested ? 0 : study.folds.filter((f) => f.status === 'pending').length;
    const active = study.folds.filter(isActive);
    let work = pending * mean;
    for (const f of active) work += Math.max(0, mean - (f.startedMs === null ? 0 : now - f.startedMs));
    if (work === 0) return 0;
    const lanes = Math.max(1, Math.min(this.parallel(this.training()), pending + active.length));
    return work / lanes / 1000;
  }
}
