/**
 * Runs training in separate processes and records them in the run store. The CLI,
 * the lab server and the Electron app all start runs here, so a run behaves the
 * same whoever asked for it. The service never trains on its own thread.
 *
 * Starts go through a queue: at most `maxConcurrent` training processes run at once
 * (a class of 30 on one lab server must not start 30 processes on 4 cores), the rest
 * wait as `queued` runs — already on disk, so the runs view shows them — and start in
 * order as slots free up. A client (one browser session, the desktop window) may hold
 * at most `maxPerClient` active or queued jobs, so one student cannot starve the others.
 *
 * Every write to the run store can fail (disk full, permission denied, the folder
 * deleted by hand). Before a run exists such an error is the caller's (the start is
 * refused); once it exists, the run ends `failed` with the reason and its training
 * process is killed — the service itself never throws out of an event handler.
 */
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type {
  RunBackendEvent,
  RunEpochEvent,
  RunFinishedEvent,
  RunLayersEvent,
  RunProgressEvent,
} from '../../src-shared/training/events.js';
import { mergeRunOptions, resolveRunOptions } from '../../src-shared/training/run-options.js';
import {
  defaultMaxConcurrent as sharedDefaultMaxConcurrent,
  LOCAL_CLIENT,
  type MyActiveRun,
  type RunQueuedEvent,
  type RunStartedEvent,
} from '../../src-shared/training/queue.js';
import type { RunStore } from '../runs/index.js';
import { resolveTransferSource } from '../runs/transfer-source.js';
import type { RunStudyTag } from '../../src-shared/wizard/types.js';
import { mainMessage, type MainMessageCode, type MainMessageParams } from '../../src-shared/i18n/main-messages.js';
import { collectEnvironment } from './environment.js';
import { coreShares } from '../../src-shared/training/threads.js';
import type { RunEnvironment } from '../../src-shared/training/run.js';
import { nodeTrainerLauncher, type TrainerChannel, type TrainerLauncher } from '../trainer/launcher.js';
import { trainerEventSchema, type RunOptions, type TrainerEvent } from '../trainer/protocol.js';

/** Events of the service, keyed like the IPC contract's pushed events. */
export interface TrainingServiceEvents {
  'run:queued': [RunQueuedEvent];
  'run:started': [RunStartedEvent];
  'run:backend': [RunBackendEvent];
  'run:progress': [RunProgressEvent];
  'run:epoch': [RunEpochEvent];
  'run:layers': [RunLayersEvent];
  'run:finished': [RunFinishedEvent];
}

export { LOCAL_CLIENT };

/** Default number of trainings at once on this machine (the rule is in src-shared/training/queue.ts). */
export function defaultMaxConcurrent(cores: number = availableParallelism()): number {
  return sharedDefaultMaxConcurrent(cores);
}

/** Most runs waiting in the queue overall; further starts are refused (the memory of a queued run is its model document). */
export const MAX_QUEUED = 200;

/** Constructor options. `now` is injectable for tests of the ETA. */
export interface TrainingServiceOptions {
  store: RunStore;
  dataDir?: string | null;
  launcher?: TrainerLauncher;
  now?: () => number;
  /** Trainings at once; default {@link defaultMaxConcurrent}. */
  maxConcurrent?: number;
  /** Active or queued jobs one client may hold; null (default) means no limit. */
  maxPerClient?: number | null;
  /** Cores the running trainings share (data-parallel threads); default os.availableParallelism(). */
  cores?: number;
}

/**
 * What a start may add: a cross-validation study's fold and tag, or the run this one
 * continues. The study tag and `continued_from` are recorded in status.json.
 */
export interface RunStartExtra {
  /** Train on fold `index` of `folds` of the first `limit` training images (see prepareData); absent: the fixed split. */
  fold?: { index: number; folds: number } | null;
  study?: RunStudyTag;
  /**
   * Id of a run in this store whose saved weights the model starts from (the training
   * process loads them and refuses weights that do not fit the model). Absent: a fresh start.
   */
  continued_from?: string;
}

/**
 * A start the service refuses before anything is created: the queue's limits (per-client,
 * full queue) or, through {@link TransferSourceError}, a transfer source that cannot lend
 * its layers. Its message is meant for the user; `code` and `params` translate it. (Every
 * caller that turns this into a coded user error does the same for a transfer refusal.)
 */
export class QueueLimitError extends Error {
  constructor(
    readonly code: MainMessageCode,
    readonly params: MainMessageParams,
  ) {
    super(`runs:start: ${mainMessage('en', code, params)}`);
  }
}

/**
 * The model reuses the layers of a run (`transfer.run`) that cannot lend them: unknown,
 * still training, without (whole) saved weights, a damaged model, or first layers that do
 * not match. Codes `transfer.*` of main-messages.ts, naming the run.
 */
export class TransferSourceError extends QueueLimitError {}

interface Job {
  id: string;
  client: string;
  /** The model with the run's options merged in: what model.json holds and what is trained. */
  model: ModelSpec;
  options: RunOptions;
  fold: { index: number; folds: number } | null;
  /** Run folder whose saved weights the model starts from; null: a fresh start. */
  initFrom: string | null;
  /** Folder of the run whose first layers the model reuses (`model.transfer`); null: no transfer. */
  transferFrom: string | null;
  state: 'queued' | 'running';
  channel: TrainerChannel | null;
  startedMs: number;
  /** When the first batch sample arrived and the samples done then: throughput is measured from there, past loading and warm-up. */
  firstBatch: { ms: number; samples: number } | null;
  stopRequested: boolean;
  /** Cores this running job may use, as last sent to its process; 0 before launch. */
  share: number;
  /** Threads the process reported (now and at most), what limited them, and the environment they are recorded in. */
  threads: number | null;
  environment: RunEnvironment | null;
  ended: boolean;
  finished: Promise<RunFinishedEvent>;
  resolveFinished: (e: RunFinishedEvent) => void;
  stopHeartbeat: () => void;
}

/** How long an ended run's process may take to exit before it is killed, in ms. */
const EXIT_GRACE_MS = 10_000;

/**
 * Throughput in samples per second over `seconds` of training, or null under half a second
 * (too few batches to say). Example: `samplesPerSecond(12_800, 4)` → 3200.
 */
export function samplesPerSecond(samples: number, seconds: number): number | null {
  return seconds >= 0.5 ? samples / seconds : null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Starts, queues, stops and records training runs, each in its own process. */
export class TrainingService extends EventEmitter<TrainingServiceEvents> {
  private readonly store: RunStore;
  private readonly dataDir: string | null;
  private readonly launcher: TrainerLauncher;
  private readonly now: () => number;
  private maxConcurrentRuns: number;
  private readonly maxPerClient: number | null;
  private readonly cores: number;
  /** Every job not yet ended, in start order: running ones and the queue. */
  private readonly jobs = new Map<string, Job>();
  /**
   * Training processes whose run has ended but which have not exited yet. They still
   * hold a slot: a process tearing down (freeing tensors, flushing) still uses a core,
   * and "at most N trainings" must mean at most N processes.
   */
  private readonly exiting = new Set<TrainerChannel>();

  constructor(opts: TrainingServiceOptions) {
    super();
    this.store = opts.store;
    this.dataDir = opts.dataDir ?? null;
    this.launcher = opts.launcher ?? nodeTrainerLauncher();
    this.now = opts.now ?? Date.now;
    this.maxConcurrentRuns = opts.maxConcurrent ?? defaultMaxConcurrent();
    this.maxPerClient = opts.maxPerClient ?? null;
    this.cores = Math.max(1, opts.cores ?? availableParallelism());
  }

  /**
   * Splits the cores among the running jobs (see coreShares) and tells each process
   * whose share changed. A process not yet started gets its share in `start`.
   */
  private rebalance(): void {
    const running = [...this.jobs.values()].filter((j) => j.state === 'running' && !j.ended && j.channel !== null);
    const shares = coreShares(this.cores, running.length);
    running.forEach((job, i) => {
      const share = shares[i] as number;
      if (job.share === share) return;
      const announce = job.share !== 0;
      job.share = share;
      if (announce) job.channel?.send({ type: 'threads', threads: share });
    });
  }

  /** Trainings allowed at once. */
  get maxConcurrent(): number {
    return this.maxConcurrentRuns;
  }

  /** The runs folder this service records in. */
  get runsDir(): string {
    return this.store.dir;
  }

  /** Active or queued jobs one client may hold; null when there is no limit. */
  get perClientLimit(): number | null {
    return this.maxPerClient;
  }

  /** Changes the number of trainings at once; a larger number starts queued runs now, a smaller one lets running ones finish. */
  setMaxConcurrent(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`max concurrent runs: expected an integer ≥ 1, received ${n}`);
    this.maxConcurrentRuns = n;
    this.pump();
  }

  /** Ids of runs currently training (not the queued ones). */
  runningIds(): string[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running').map((j) => j.id);
  }

  /** Ids of queued runs, next first. */
  queuedIds(): string[] {
    return [...this.jobs.values()].filter((j) => j.state === 'queued').map((j) => j.id);
  }

  /** Whether this service owns the run (training or queued). */
  owns(runId: string): boolean {
    return this.jobs.has(runId);
  }

  /** The client's runs that are training or queued, in start order. */
  activeFor(client: string): MyActiveRun[] {
    return [...this.jobs.values()]
      .filter((j) => j.client === client)
      .map((j) => ({ run_id: j.id, status: j.state, position: this.positionOf(j.id) }));
  }

  /** 1-based place of a queued run (1 = next to start), or null when it is not queued. */
  positionOf(runId: string): number | null {
    const i = this.queuedIds().indexOf(runId);
    return i < 0 ? null : i + 1;
  }

  /** OS process id of a running run's training process (for diagnostics and crash tests). */
  pidOf(runId: string): number | undefined {
    return this.jobs.get(runId)?.channel?.pid ?? undefined;
  }

  /**
   * Creates the run folder and starts its training process, or queues it when
   * `maxConcurrent` runs are training. The model must already be validated
   * (parseModel); options it leaves out come from the model (resolveRunOptions), and
   * the run folder's model.json is the model with the options merged in
   * (mergeRunOptions) — exactly what the training process trains. `model` itself is not
   * changed. Throws (nothing created) when the run folder cannot be written or the queue
   * refuses; `finished(id)` resolves when the run ends. Returns the run id
   * (`positionOf(id)` says whether it waits). `extra` makes the run a fold of a study,
   * or a continuation of another run's weights.
   */
  start(model: ModelSpec, partial: Partial<RunOptions>, client: string = LOCAL_CLIENT, extra: RunStartExtra = {}): string {
    const options = resolveRunOptions(model, partial);
    const trained = mergeRunOptions(model, options);
    // Checks the id before anything is written: it becomes a path the training process reads.
    const initFrom = extra.continued_from ? this.store.runDir(extra.continued_from) : null;
    // The transfer source is checked now, not when the run leaves the queue: a refusal then
    // would be a failed run instead of a clear answer. (A finished run's weights are not
    // rewritten; if the source is deleted meanwhile, the training process names it.) A
    // continuation starts from its own run's weights, reused layers included: no source is read.
    let transferFrom: string | null = null;
    if (trained.transfer !== undefined && initFrom === null) {
      const source = resolveTransferSource(this.store, { ...trained, transfer: trained.transfer });
      if (!source.ok) throw new TransferSourceError(source.code, source.params);
      transferFrom = source.dir;
    }
    if (this.maxPerClient !== null) {
      const held = [...this.jobs.values()].filter((j) => j.client === client).length;
      if (held >= this.maxPerClient) {
        throw new QueueLimitError('queue.per_client', { held, limit: this.maxPerClient });
      }
    }
    if (this.queuedIds().length >= MAX_QUEUED) {
      throw new QueueLimitError('queue.full', { limit: MAX_QUEUED });
    }
    const slotFree = this.busySlots() < this.maxConcurrentRuns;
    // The folder is written before any process starts, so a run on disk never lacks its files
    // and a failed write refuses the start instead of leaving a process behind.
    const handle = this.store.create({
      model: trained,
      environment: collectEnvironment(null, null),
      options,
      status: slotFree ? 'running' : 'queued',
      ...(extra.study ? { study: extra.study } : {}),
      ...(extra.continued_from ? { continued_from: extra.continued_from } : {}),
    });
    let resolveFinished!: (e: RunFinishedEvent) => void;
    const finished = new Promise<RunFinishedEvent>((r) => (resolveFinished = r));
    const job: Job = {
      id: handle.id,
      client,
      model: trained,
      options,
      fold: extra.fold ?? null,
      initFrom,
      transferFrom,
      state: 'queued',
      channel: null,
      startedMs: this.now(),
      firstBatch: null,
      stopRequested: false,
      share: 0,
      threads: null,
      environment: null,
      ended: false,
      finished,
      resolveFinished,
      stopHeartbeat: () => undefined,
    };
    this.jobs.set(job.id, job);
    // The heartbeat tells other processes on a shared folder that this run has a live owner.
    job.stopHeartbeat = this.store.startHeartbeat(job.id, (err) => this.fail(job, `cannot record the run: ${err.message}`));
    if (slotFree) this.launch(job);
    else this.announceQueue();
    return job.id;
  }

  /** Asks a run to stop: a queued run leaves the queue at once, a training one stops after its current step. Resolves when it has ended. */
  async stop(runId: string): Promise<RunFinishedEvent> {
    const job = this.jobs.get(runId);
    if (!job) throw new Error(`run_id: no running or queued run with id ${JSON.stringify(runId)}`);
    if (job.state === 'queued') {
      this.end(job, { run_id: job.id, status: 'stopped', test_loss: null, test_accuracy: null, diverged_at: null, error: null });
      return job.finished;
    }
    job.stopRequested = true;
    job.channel?.send({ type: 'stop' });
    return job.finished;
  }

  /** Resolves when the run ends (immediately rejected for runs that are neither running nor queued). */
  finished(runId: string): Promise<RunFinishedEvent> {
    const job = this.jobs.get(runId);
    if (!job) return Promise.reject(new Error(`run_id: no running or queued run with id ${JSON.stringify(runId)}`));
    return job.finished;
  }

  /** Stops every run, queued ones first so none starts meanwhile (app quit, server shutdown). */
  async stopAll(): Promise<void> {
    const queued = this.queuedIds();
    const running = this.runningIds();
    await Promise.all([...queued, ...running].map((id) => this.stop(id).catch(() => undefined)));
  }

  /** Slots in use: running jobs plus ended runs whose process is still exiting. */
  private busySlots(): number {
    return this.runningIds().length + this.exiting.size;
  }

  private launch(job: Job): void {
    job.state = 'running';
    job.startedMs = this.now();
    const startedAt = new Date(job.startedMs).toISOString();
    if (!this.record(job, () => this.store.setStatus(job.id, { status: 'running', started_at: startedAt }))) return;
    let channel: TrainerChannel;
    try {
      channel = this.launcher();
    } catch (err) {
      this.fail(job, `the training process could not be started: ${message(err)}`);
      return;
    }
    job.channel = channel;
    this.rebalance();
    this.emit('run:started', { run_id: job.id, started_at: startedAt });
    channel.onEvent((raw) => {
      if (job.ended) return;
      const parsed = trainerEventSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.fail(job, `the training process sent a malformed message: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'}`);
        return;
      }
      this.handleEvent(job, parsed.data);
    });
    channel.onExit((exit) => {
      if (job.ended) return;
      // Exiting without `done` is a crash: what was recorded stays, the run is marked failed.
      const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
      this.fail(job, `the training process ${how} before the run finished`);
    });
    channel.send({
      type: 'start',
      run_id: job.id,
      runs_dir: this.store.dir,
      model: job.model,
      options: job.options,
      data_dir: this.dataDir,
      ...(job.fold ? { fold: job.fold } : {}),
      ...(job.initFrom ? { init_weights_run_dir: job.initFrom } : {}),
      ...(job.transferFrom ? { transfer_run_dir: job.transferFrom } : {}),
      threads: job.share,
    });
  }

  /** Runs a store write of a live run; a failure ends the run `failed` with the reason. Returns whether it succeeded. */
  private record(job: Job, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      this.fail(job, `cannot record the run: ${message(err)}`);
      return false;
    }
  }

  private fail(job: Job, error: string): void {
    this.end(job, { run_id: job.id, status: 'failed', test_loss: null, test_accuracy: null, diverged_at: null, error });
  }

  private end(job: Job, event: RunFinishedEvent): void {
    if (job.ended) return;
    job.ended = true;
    const wasQueued = job.state === 'queued';
    job.stopHeartbeat();
    const channel = job.channel;
    if (channel) {
      if (event.status === 'failed') channel.kill();
      this.holdSlotUntilExit(channel);
    }
    this.jobs.delete(job.id);
    this.rebalance();
    try {
      this.store.setStatus(job.id, {
        status: event.status,
        finished_at: new Date(this.now()).toISOString(),
        test_loss: event.test_loss ?? undefined,
        test_accuracy: event.test_accuracy ?? undefined,
        diverged_at: event.diverged_at ?? undefined,
        error: event.error ?? undefined,
        early_stopped: event.early_stopped,
      });
    } catch (err) {
      // The folder is gone or the disk is full: the run cannot record its end. Whoever
      // listens still hears it, and the next startup marks the folder interrupted if it remains.
      const why = `the run's status could not be written: ${message(err)}`;
      event = { ...event, status: 'failed', error: event.error ? `${event.error}; ${why}` : why };
    }
    this.emit('run:finished', event);
    job.resolveFinished(event);
    if (wasQueued) this.announceQueue();
    this.pump();
  }

  /** Keeps an ended run's slot until its process exits (killed after a grace period if it lingers). */
  private holdSlotUntilExit(channel: TrainerChannel): void {
    this.exiting.add(channel);
    const grace = setTimeout(() => channel.kill(), EXIT_GRACE_MS);
    grace.unref?.();
    channel.onExit(() => {
      clearTimeout(grace);
      if (this.exiting.delete(channel)) this.pump();
    });
  }

  /** Starts queued runs while slots are free. */
  private pump(): void {
    let moved = false;
    for (const job of this.jobs.values()) {
      if (this.busySlots() >= this.maxConcurrentRuns) break;
      if (job.state !== 'queued') continue;
      moved = true;
      this.launch(job);
    }
    if (moved) this.announceQueue();
  }

  /** Tells every queued run its place (positions shift whenever a run starts or leaves). */
  private announceQueue(): void {
    this.queuedIds().forEach((id, i) => this.emit('run:queued', { run_id: id, position: i + 1 }));
  }

  private handleEvent(job: Job, event: TrainerEvent): void {
    const id = job.id;
    switch (event.type) {
      case 'backend': {
        const environment = collectEnvironment(event.backend, event.tfjs_version);
        job.environment = environment;
        if (!this.record(job, () => this.store.setEnvironment(id, environment))) return;
        this.emit('run:backend', { run_id: id, backend: event.backend });
        return;
      }
      case 'threads': {
        job.threads = event.threads;
        const env = job.environment;
        if (env === null) return;
        const most = Math.max(env.threads ?? 0, event.threads);
        job.environment = { ...env, threads: most, ...(event.limit !== null ? { thread_limit: event.limit } : {}) };
        const updated = job.environment;
        this.record(job, () => this.store.setEnvironment(id, updated));
        return;
      }
      case 'batch': {
        const s = event.sample;
        if (!this.record(job, () => this.store.appendMetric(id, { type: 'batch', ...s }))) return;
        const fraction = s.samples_total > 0 ? Math.min(1, s.samples_done / s.samples_total) : 0;
        const elapsed = (this.now() - job.startedMs) / 1000;
        // The first batches include data loading and warm-up; an ETA from them would lie.
        const eta = fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : null;
        const first = (job.firstBatch ??= { ms: this.now(), samples: s.samples_done });
        this.emit('run:progress', {
          run_id: id,
          sample: s,
          fraction,
          elapsed_seconds: elapsed,
          eta_seconds: eta,
          samples_per_second: samplesPerSecond(s.samples_done - first.samples, (this.now() - first.ms) / 1000),
          ...(job.threads !== null ? { threads: job.threads } : {}),
        });
        return;
      }
      case 'layers':
        // Not appended to metrics.jsonl: ~20 per epoch would outgrow the epoch records, which keep the averages.
        this.emit('run:layers', { run_id: id, ...event.sample });
        return;
      case 'epoch':
        if (!this.record(job, () => this.store.appendMetric(id, { type: 'epoch', ...event.metrics }))) return;
        this.emit('run:epoch', { run_id: id, metrics: event.metrics });
        return;
      case 'done':
        job.channel?.release();
        this.end(job, {
          run_id: id,
          status: event.outcome.status,
          test_loss: event.outcome.test_loss,
          test_accuracy: event.outcome.test_accuracy,
          diverged_at: event.outcome.diverged_at,
          error: null,
          ...(event.outcome.early_stopped ? { early_stopped: event.outcome.early_stopped } : {}),
        });
        return;
      case 'error':
        this.fail(job, event.message);
        return;
      default:
        return;
    }
  }
}
