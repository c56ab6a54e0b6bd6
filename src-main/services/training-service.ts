/**
 * Runs training in a separate process and records it in the run store. The CLI,
 * the lab server and the Electron app all start runs here, so a run behaves the
 * same whoever asked for it. The service never trains on its own thread.
 */
import { EventEmitter } from 'node:events';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type {
  RunBackendEvent,
  RunEpochEvent,
  RunFinishedEvent,
  RunProgressEvent,
} from '../../src-shared/training/events.js';
import type { RunStore } from '../runs/index.js';
import { collectEnvironment } from './environment.js';
import { nodeTrainerLauncher, type TrainerChannel, type TrainerLauncher } from '../trainer/launcher.js';
import { trainerEventSchema, type RunOptions, type TrainerEvent } from '../trainer/protocol.js';

/** Events of the service, keyed like the IPC contract's pushed events. */
export interface TrainingServiceEvents {
  'run:backend': [RunBackendEvent];
  'run:progress': [RunProgressEvent];
  'run:epoch': [RunEpochEvent];
  'run:finished': [RunFinishedEvent];
}

/** Constructor options. `now` is injectable for tests of the ETA. */
export interface TrainingServiceOptions {
  store: RunStore;
  dataDir?: string | null;
  launcher?: TrainerLauncher;
  now?: () => number;
}

interface ActiveRun {
  id: string;
  channel: TrainerChannel;
  startedMs: number;
  finished: Promise<RunFinishedEvent>;
  stopRequested: boolean;
}

/** Starts, stops and records training runs, each in its own process. */
export class TrainingService extends EventEmitter<TrainingServiceEvents> {
  private readonly store: RunStore;
  private readonly dataDir: string | null;
  private readonly launcher: TrainerLauncher;
  private readonly now: () => number;
  private readonly active = new Map<string, ActiveRun>();

  constructor(opts: TrainingServiceOptions) {
    super();
    this.store = opts.store;
    this.dataDir = opts.dataDir ?? null;
    this.launcher = opts.launcher ?? nodeTrainerLauncher();
    this.now = opts.now ?? Date.now;
  }

  /** Ids of runs currently training. */
  runningIds(): string[] {
    return [...this.active.keys()];
  }

  /** OS process id of a running run's training process (for diagnostics and crash tests). */
  pidOf(runId: string): number | undefined {
    return this.active.get(runId)?.channel.pid;
  }

  /**
   * Creates the run folder and starts its training process. The model must already
   * be validated (parseModel). Resolves with the run id as soon as the process runs;
   * `finished(id)` resolves when it ends.
   */
  start(model: ModelSpec, options: RunOptions): string {
    const handle = this.store.create({ model, environment: collectEnvironment(null, null), options });
    const id = handle.id;
    const channel = this.launcher();
    let resolveFinished!: (e: RunFinishedEvent) => void;
    const finished = new Promise<RunFinishedEvent>((r) => (resolveFinished = r));
    const run: ActiveRun = { id, channel, startedMs: this.now(), finished, stopRequested: false };
    this.active.set(id, run);
    this.store.setStatus(id, { status: 'running', started_at: new Date(this.now()).toISOString() });

    let ended = false;
    const end = (event: RunFinishedEvent): void => {
      if (ended) return;
      ended = true;
      this.active.delete(id);
      this.store.setStatus(id, {
        status: event.status,
        finished_at: new Date(this.now()).toISOString(),
        test_loss: event.test_loss ?? undefined,
        test_accuracy: event.test_accuracy ?? undefined,
        diverged_at: event.diverged_at ?? undefined,
        error: event.error ?? undefined,
      });
      this.emit('run:finished', event);
      resolveFinished(event);
    };
    const fail = (error: string): void =>
      end({ run_id: id, status: 'failed', test_loss: null, test_accuracy: null, diverged_at: null, error });

    channel.onEvent((raw) => {
      const parsed = trainerEventSchema.safeParse(raw);
      if (!parsed.success) {
        fail(`the training process sent a malformed message: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
        channel.kill();
        return;
      }
      this.handleEvent(run, parsed.data, end, fail);
    });
    channel.onExit((exit) => {
      if (ended) return;
      // Exiting without `done` is a crash: what was recorded stays, the run is marked failed.
      const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
      fail(`the training process ${how} before the run finished`);
    });
    channel.send({ type: 'start', run_id: id, runs_dir: this.store.dir, model, options, data_dir: this.dataDir });
    return id;
  }

  /** Asks a run to stop after its current step; resolves when it has ended. Unknown ids are an error. */
  async stop(runId: string): Promise<RunFinishedEvent> {
    const run = this.active.get(runId);
    if (!run) throw new Error(`run_id: no running run with id ${JSON.stringify(runId)}`);
    run.stopRequested = true;
    run.channel.send({ type: 'stop' });
    return run.finished;
  }

  /** Resolves when the run ends (immediately rejected for runs that are not running). */
  finished(runId: string): Promise<RunFinishedEvent> {
    const run = this.active.get(runId);
    if (!run) return Promise.reject(new Error(`run_id: no running run with id ${JSON.stringify(runId)}`));
    return run.finished;
  }

  /** Stops every running run (app quit, server shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all(this.runningIds().map((id) => this.stop(id).catch(() => undefined)));
  }

  private handleEvent(
    run: ActiveRun,
    event: TrainerEvent,
    end: (e: RunFinishedEvent) => void,
    fail: (error: string) => void,
  ): void {
    const id = run.id;
    switch (event.type) {
      case 'backend':
        this.store.setEnvironment(id, collectEnvironment(event.backend, event.tfjs_version));
        this.emit('run:backend', { run_id: id, backend: event.backend });
        return;
      case 'data':
        return;
      case 'batch': {
        const s = event.sample;
        this.store.appendMetric(id, { type: 'batch', ...s });
        const fraction = s.samples_total > 0 ? Math.min(1, s.samples_done / s.samples_total) : 0;
        const elapsed = (this.now() - run.startedMs) / 1000;
        // The first batches include data loading and warm-up; an ETA from them would lie.
        const eta = fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : null;
        this.emit('run:progress', { run_id: id, sample: s, fraction, elapsed_seconds: elapsed, eta_seconds: eta });
        return;
      }
      case 'epoch':
        this.store.appendMetric(id, { type: 'epoch', ...event.metrics });
        this.emit('run:epoch', { run_id: id, metrics: event.metrics });
        return;
      case 'done':
        run.channel.release();
        end({
          run_id: id,
          status: event.outcome.status,
          test_loss: event.outcome.test_loss,
          test_accuracy: event.outcome.test_accuracy,
          diverged_at: event.outcome.diverged_at,
          error: null,
        });
        return;
      case 'error':
        fail(event.message);
        run.channel.kill();
        return;
    }
  }
}
