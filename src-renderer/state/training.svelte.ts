/**
 * The current training run as the training screen shows it: it starts and stops
 * the run through the API and folds the run's pushed events (queued, started,
 * backend, progress, epoch, finished) into fields. Events of other runs — another
 * window's, another lab client's — are ignored. A start may be answered `queued`
 * (main trains at most N runs at once): the run then waits with a queue position
 * until `run:started`.
 */
import type { EventChannels, GradientLabApi, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { diagnoseEpoch, type Diagnosis } from '../../src-shared/training/diagnose.js';
import type {
  BackendInfoPayload,
  RunBackendEvent,
  RunEpochEvent,
  LayersSample,
  RunFinishedEvent,
  RunLayersEvent,
  RunProgressEvent,
} from '../../src-shared/training/events.js';
import type { RunQueuedEvent, RunStartedEvent } from '../../src-shared/training/queue.js';
import type { BatchSample, EpochMetrics, RunStatus } from '../../src-shared/training/metrics.js';
import { BACKEND_PREFERENCES, resolveRunOptions, type RunOptions } from '../../src-shared/training/run-options.js';
import { toApiError } from '../lib/api-error.js';

/** The screen's view of a run: `idle` before the first start, `starting` until main answers, then `queued` or `running` until it ends. */
export type TrainingStatus = 'idle' | 'starting' | RunStatus;

/** Batch-loss samples kept for the chart; older ones are thinned out beyond this. */
export const MAX_SAMPLES = 4000;
/** Layer samples kept (about 20 an epoch arrive, at most ~4 a second); older ones are thinned out beyond this. */
export const MAX_LAYER_SAMPLES = 1000;
/** Events held while `runs:start` has not answered yet (they may overtake the answer). */
const MAX_EARLY_EVENTS = 500;

type RunEvent =
  | { channel: 'run:queued'; payload: RunQueuedEvent }
  | { channel: 'run:started'; payload: RunStartedEvent }
  | { channel: 'run:backend'; payload: RunBackendEvent }
  | { channel: 'run:progress'; payload: RunProgressEvent }
  | { channel: 'run:epoch'; payload: RunEpochEvent }
  | { channel: 'run:layers'; payload: RunLayersEvent }
  | { channel: 'run:finished'; payload: RunFinishedEvent };

/** The run shown on the training screen. */
export class TrainingState {
  runId = $state<string | null>(null);
  options = $state.raw<RunOptions | null>(null);
  status = $state<TrainingStatus>('idle');
  /** 1-based place in main's training queue while `queued` (1 = next to start), else null. */
  queuePosition = $state<number | null>(null);
  /** Fraction of the run done, in [0, 1]. */
  fraction = $state(0);
  elapsedSeconds = $state(0);
  /** Seconds left, null until the trainer can estimate it. */
  etaSeconds = $state<number | null>(null);
  latestLoss = $state<number | null>(null);
  /** 1-based epoch the latest batch belongs to. */
  currentEpoch = $state<number | null>(null);
  epochs = $state.raw<EpochMetrics[]>([]);
  samples = $state.raw<BatchSample[]>([]);
  backend = $state.raw<BackendInfoPayload | null>(null);
  finished = $state.raw<RunFinishedEvent | null>(null);
  /** The model document the run trains (as sent at Start, or from the run folder after a reload); null before a run. */
  model = $state.raw<ModelSpec | null>(null);
  stopping = $state(false);
  #samplesPerSecond = $state<number | null>(null);
  #threads = $state<number | null>(null);
  #layerSamples = $state.raw<LayersSample[]>([]);

  /** Training throughput (samples/s, measured since the first batch), null until main can say. */
  /** Threads the run trains on now (data-parallel share of the cores); null until the training process reports it. */
  get threads(): number | null {
    return this.#threads;
  }

  get samplesPerSecond(): number | null {
    return this.#samplesPerSecond;
  }
  /**
   * Layer diagnostics between epochs, oldest first, at most {@link MAX_LAYER_SAMPLES}
   * (thinned evenly on long runs, so the whole run stays drawable). Each holds every
   * dense layer, input to output: a chart of gradient norm by depth can redraw ~4× a second;
   * and the global gradient norm of its step, raw and clipped (when the engine reports them).
   */
  get layerSamples(): LayersSample[] {
    return this.#layerSamples;
  }
  /** The newest layer sample (every layer's latest gradient norm and activations), or null before the first. */
  readonly latestLayers: LayersSample | null = $derived(this.#layerSamples.at(-1) ?? null);

  /** Metrics of the last finished epoch. */
  readonly latestEpoch: EpochMetrics | null = $derived(this.epochs.at(-1) ?? null);
  /** The latest epoch's diagnosis (vanishing/exploding/saturated/dead). */
  readonly diagnosis: Diagnosis | null = $derived(this.latestEpoch ? diagnoseEpoch(this.latestEpoch) : null);
  /** True from Start until the run ends, waiting in the queue included. */
  readonly active: boolean = $derived(this.status === 'starting' || this.status === 'queued' || this.status === 'running');

  private early: RunEvent[] = [];

  constructor(private readonly api: GradientLabApi) {}

  /** Subscribes to the run events; returns the unsubscribe function. */
  connect(): () => void {
    const offs = [
      this.api.on('run:queued', (p) => this.receive({ channel: 'run:queued', payload: p })),
      this.api.on('run:started', (p) => this.receive({ channel: 'run:started', payload: p })),
      this.api.on('run:backend', (p) => this.receive({ channel: 'run:backend', payload: p })),
      this.api.on('run:progress', (p) => this.receive({ channel: 'run:progress', payload: p })),
      this.api.on('run:epoch', (p) => this.receive({ channel: 'run:epoch', payload: p })),
      this.api.on('run:layers', (p) => this.receive({ channel: 'run:layers', payload: p })),
      this.api.on('run:finished', (p) => this.receive({ channel: 'run:finished', payload: p })),
    ];
    return () => offs.forEach((off) => off());
  }

  /**
   * Starts a run of `model` (validated by main) with `options`; it is `running`, or
   * `queued` at `queuePosition` when main already trains its maximum. Rejects with an
   * ApiError (message and field from main, e.g. the per-client limit of a lab server)
   * and returns to the previous state if main refuses.
   */
  async start(model: ModelSpec, options: Partial<RunOptions>): Promise<void> {
    if (this.active) throw new Error('a run is already active');
    const previous = this.status;
    // The previous run stays on screen until main accepts the new one, so a refused start loses nothing.
    this.status = 'starting';
    this.early = [];
    try {
      const res = await this.api.invoke('runs:start', { model, options });
      const early = this.early;
      this.early = [];
      this.reset();
      this.accept(res);
      this.model = model;
      // Main announces a queued run's place before it answers; those events were held above.
      for (const e of early) this.receive(e);
    } catch (err) {
      this.early = [];
      this.status = previous;
      throw toApiError(err);
    }
  }

  /**
   * Asks main to stop the run — a queued one leaves the queue at once; the final
   * status arrives as the answer (and as `run:finished`).
   */
  async stop(): Promise<void> {
    const id = this.runId;
    if (!id || (this.status !== 'running' && this.status !== 'queued')) return;
    this.stopping = true;
    try {
      const res = await this.api.invoke('runs:stop', { run_id: id });
      this.receive({ channel: 'run:finished', payload: res });
    } catch (err) {
      // The run may have ended on its own while the request travelled; then there is nothing to report.
      if (this.finished) return;
      throw toApiError(err);
    } finally {
      this.stopping = false;
    }
  }

  /**
   * Re-reads the active run from main after a lost connection: events pushed while
   * the lab WebSocket was down are gone, so the run store is the truth. Epochs are
   * merged; a queued run that started meanwhile becomes `running`; a run that ended
   * meanwhile gets its final status. A run still queued keeps its last known
   * position until the queue next moves (the store does not record positions).
   */
  async resync(): Promise<void> {
    const id = this.runId;
    if (!id || (this.status !== 'running' && this.status !== 'queued')) return;
    const rec = await this.api.invoke('runs:load', { run_id: id });
    if (this.runId !== id) return;
    const known = new Set(this.epochs.map((m) => m.epoch));
    const missing = rec.epochs.filter((m) => !known.has(m.epoch));
    if (missing.length) this.epochs = [...this.epochs, ...missing].sort((a, b) => a.epoch - b.epoch);
    const st = rec.status;
    if (st.status === 'queued') {
      // The store keeps no positions: ask main where this client's run stands now.
      const mine = await this.api.invoke('runs:mine', {});
      const me = mine.find((m) => m.run_id === id);
      if (this.runId === id && me?.position != null && this.status === 'queued') this.queuePosition = me.position;
      return;
    }
    if (st.status === 'running') {
      if (this.status === 'queued') this.markStarted();
    } else {
      this.finish({
        run_id: id,
        status: st.status,
        test_loss: st.test_loss ?? null,
        test_accuracy: st.test_accuracy ?? null,
        diverged_at: st.diverged_at ?? null,
        error: st.error ?? null,
      });
    }
  }

  /**
   * Finds this client's own run on main (`runs:mine`) and shows it: after a reload
   * or a lost connection the page would otherwise not know the run it started is still
   * training or queued — and a lab server refuses a second start for it. Does nothing
   * while this page already follows an active run. Returns whether a run was adopted.
   */
  async adoptMine(): Promise<boolean> {
    if (this.active) return false;
    const mine = await this.api.invoke('runs:mine', {});
    const first = mine[0];
    if (!first || this.active) return false;
    const rec = await this.api.invoke('runs:load', { run_id: first.run_id });
    if (this.active) return false;
    this.reset();
    this.runId = first.run_id;
    const o = rec.status.options;
    const backend = BACKEND_PREFERENCES.find((b) => b === o.backend) ?? 'auto';
    const given = { epochs: o.epochs, batch_size: o.batch_size, seed: o.seed, limit: o.limit, backend };
    // model.json holds the model with the run's options merged in: dataset, optimizer and learning rate are read from it.
    this.options = rec.model ? resolveRunOptions(rec.model, given) : null;
    this.model = rec.model;
    this.status = first.status;
    this.queuePosition = first.position;
    this.epochs = rec.epochs;
    this.samples = rec.batches.slice(-MAX_SAMPLES);
    const env = rec.environment;
    if (env?.backend) this.backend = { active: env.backend, requested: env.backend_requested ?? 'auto', attempts: env.backend_attempts };
    return true;
  }

  private accept(res: ResponseOf<'runs:start'>): void {
    this.runId = res.run_id;
    this.options = res.options;
    this.status = res.status;
    this.queuePosition = res.status === 'queued' ? res.position : null;
  }

  private receive(e: RunEvent): void {
    if (this.status === 'starting') {
      if (this.early.length < MAX_EARLY_EVENTS) this.early.push(e);
      return;
    }
    if (e.payload.run_id !== this.runId) return;
    // Any sign of training means the run left the queue, even if `run:started` was missed.
    if (this.status === 'queued' && e.channel !== 'run:queued' && e.channel !== 'run:finished') this.markStarted();
    switch (e.channel) {
      case 'run:queued':
        if (this.status === 'queued') this.queuePosition = e.payload.position;
        break;
      case 'run:started':
        break;
      case 'run:backend':
        this.backend = e.payload.backend;
        break;
      case 'run:progress':
        if (this.status === 'running') this.progress(e.payload);
        break;
      case 'run:epoch':
        if (!this.epochs.some((m) => m.epoch === e.payload.metrics.epoch)) this.epochs = [...this.epochs, e.payload.metrics];
        break;
      case 'run:layers':
        if (this.status === 'running') this.layers(e.payload);
        break;
      case 'run:finished':
        this.finish(e.payload);
        break;
    }
  }

  private progress(p: EventChannels['run:progress']): void {
    this.fraction = Math.min(1, Math.max(0, p.fraction));
    this.elapsedSeconds = p.elapsed_seconds;
    this.etaSeconds = p.eta_seconds;
    this.latestLoss = p.sample.loss;
    this.#samplesPerSecond = p.samples_per_second ?? null;
    this.#threads = p.threads ?? this.#threads;
    this.currentEpoch = p.sample.epoch;
    let next = [...this.samples, p.sample];
    // Keeps the chart cheap on long runs: halve the resolution instead of dropping the start.
    if (next.length > MAX_SAMPLES) next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
    this.samples = next;
  }

  private layers(p: RunLayersEvent): void {
    const sample: LayersSample = { epoch: p.epoch, step: p.step, layers: p.layers };
    // Present only when the engine measures them (absent from runs of older versions).
    if (p.grad_norm_raw !== undefined) sample.grad_norm_raw = p.grad_norm_raw;
    if (p.grad_norm_clipped !== undefined) sample.grad_norm_clipped = p.grad_norm_clipped;
    const last = this.#layerSamples.at(-1);
    if (last && sample.step <= last.step) return;
    let next = [...this.#layerSamples, sample];
    if (next.length > MAX_LAYER_SAMPLES) next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
    this.#layerSamples = next;
  }

  private markStarted(): void {
    this.status = 'running';
    this.queuePosition = null;
  }

  private finish(f: RunFinishedEvent): void {
    // `runs:stop` answers with the same event main broadcasts: the first one wins.
    if (this.finished) return;
    this.finished = f;
    this.status = f.status;
    this.queuePosition = null;
    this.etaSeconds = null;
    if (f.status === 'completed') this.fraction = 1;
  }

  private reset(): void {
    this.runId = null;
    this.options = null;
    this.fraction = 0;
    this.elapsedSeconds = 0;
    this.etaSeconds = null;
    this.latestLoss = null;
    this.currentEpoch = null;
    this.epochs = [];
    this.samples = [];
    this.#samplesPerSecond = null;
    this.#threads = null;
    this.#layerSamples = [];
    this.backend = null;
    this.finished = null;
    this.model = null;
    this.stopping = false;
    this.queuePosition = null;
  }
}
