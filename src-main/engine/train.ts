/**
 * The training loop: a function of (spec, data, options, callbacks, abort signal) with
 * an injectable clock. A custom loop rather than model.fit so that per-layer gradient
 * norms, the exact divergence step and cooperative stopping are possible.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { earlyStoppingDefaults } from '../../src-shared/model/defaults.js';
import type { ModelSpec, OptimizerSpec } from '../../src-shared/model/spec.js';
import type { LayersSample } from '../../src-shared/training/events.js';
import type { BatchSample, EpochMetrics, LayerDiagnostics } from '../../src-shared/training/metrics.js';
import { PlateauTracker, scheduledRate } from '../../src-shared/training/schedules.js';
import { buildModel } from './build.js';
import type { DataSplit, PreparedData } from './data-types.js';
import { type BatchNormLayer, batchNormLayers, measureBatchNorm, measureDense } from './diagnostics.js';
import { type OutputHead, batchFromRows, correctCount, evaluate, lossForward, outputHead } from './loss.js';
import { layerNames, planDense, type DensePlan } from './model-plan.js';
import { clipGradients, clips, disposeOptimizer, globalNorm, makeOptimizer, type SpecOptimizer } from './optimizer.js';
import { deriveSeed, mulberry32, shuffledIndices } from './prng.js';
import { applyMaxNorms, regularizationPenalty, weightRules, type WeightRules } from './regularization.js';
import { StepLog } from './step-log.js';
import { setInitialWeights, setTransferWeights, type InitialWeights } from './initial-weights.js';
import { DataParallel } from './parallel/data-parallel.js';
import { threadsPlan, type ThreadLimit } from './parallel/plan.js';
import { FusedStack, fusedStackPlan } from './fused/dense-stack.js';

/** How to train: epochs, minibatch size, run seed, and throttles. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Run seed: initial weights, shuffles and dropout/RReLU noise all derive from it. */
  seed: number;
  /** Milliseconds clock (injectable for tests); default performance.now. */
  clock?: () => number;
  /** Minimum ms between onBatch samples; default 250. 0 = every step. */
  batchEveryMs?: number;
  /** Steps between gradient-norm measurements; default ≈ 20 measurements per epoch. */
  diagnosticsEvery?: number;
  /** Minimum ms between onLayers samples (taken at measured steps only); default 250. 0 = every measured step. */
  layersEveryMs?: number;
  /** Rows of the diagnostic batch (the first training images); default 256. */
  diagnosticBatch?: number;
  /**
   * Weights to start from instead of the seed's initialization (continuing a run); they
   * must match the built model by name and shape. The optimizer still starts fresh: its
   * state (momentum, Adam's moments) is not part of saved weights.
   */
  initialWeights?: InitialWeights;
  /**
   * Transfer learning: the first `layers` spec layers start from these saved weights
   * (matched by layer name and shape; see setTransferWeights), the others from their
   * initializers. Applied before `initialWeights`, which (when given too) replaces all.
   */
  transferWeights?: { weights: InitialWeights; layers: number };
  /**
   * Per-layer diagnostics during the epoch (gradient norms every `diagnosticsEvery`
   * steps, throttled onLayers samples); default true. Off, epochs still end with one
   * measurement of the layers (weight norms, activations), with grad_norm 0.
   */
  diagnostics?: boolean;
  /**
   * Cores this run may use: 1 trains on this thread; N > 1 adds N − 1 data-parallel
   * replica threads (wasm and cpu backends only; see parallel/). A function is asked
   * again before every epoch, so a training queue can give a run more or fewer cores
   * as other runs start and end. Default 1.
   */
  threads?: number | (() => number);
  /**
   * Train plain dense stacks with the fused step (fused/dense-stack.ts) when the wasm
   * dense kernels are loaded; default true. False keeps every step on tfjs ops (tests
   * compare the two).
   */
  fused?: boolean;
  /** Fewest minibatch rows per thread (default MIN_SHARD_ROWS); smaller values are for tests and scaling measurements. */
  minShardRows?: number;
}

/** Progress callbacks: throttled batch samples, throttled layer samples between epochs, and one record per finished epoch. */
export interface TrainCallbacks {
  onBatch?(sample: BatchSample): void;
  /** At a step whose gradient norms were measured: that step's norms and the activations on the diagnostic batch. */
  onLayers?(sample: LayersSample): void;
  onEpoch?(metrics: EpochMetrics): void;
  /** When the number of threads changes (and once at the start): how many, and what limited them below the share given. */
  onThreads?(info: { threads: number; limit: ThreadLimit }): void;
}

/** Early stopping ended the run: the last epoch trained, the best epoch by val_loss, and whether its weights were restored. */
export interface EarlyStopped {
  epoch: number;
  best_epoch: number;
  restored: boolean;
}

/** Outcome of a run. `model` is the trained model (the caller disposes it). */
export interface TrainResult {
  status: 'completed' | 'stopped' | 'diverged';
  /** First step (1-based over the run) whose loss was NaN/Inf, and its epoch. */
  diverged_at?: { epoch: number; step: number };
  /**
   * Early stopping (training.early_stopping) ended the run before its last epoch; status
   * stays 'completed'. With `restored`, the model (hence the test scores and the saved
   * weights) is the best epoch's.
   */
  early_stopped?: EarlyStopped;
  /** Completed epochs only. */
  epochs: EpochMetrics[];
  /** Loss/accuracy on the test split; null after divergence or when the split is empty. */
  test_loss: number | null;
  test_accuracy: number | null;
  model: tf.LayersModel;
  /** Threads the last epoch ran on. */
  threads: number;
  /** Seconds of training steps per completed epoch (validation and epoch-end measurements apart): what benchmarks compare. */
  step_seconds: number[];
}

/** Losses are read from the device at most this many steps apart. */
const READ_EVERY_STEPS = 16;

function checkOptions(o: TrainOptions, data: PreparedData): void {
  const posInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer. Received: ${name}=${v}`);
  };
  posInt('epochs', o.epochs);
  posInt('batchSize', o.batchSize);
  if (o.diagnosticsEvery !== undefined) posInt('diagnosticsEvery', o.diagnosticsEvery);
  if (data.train.count < 1) throw new Error(`the training split is empty. Received: train.count=${data.train.count}`);
}

function checkOutput(plans: DensePlan[], classes: number): void {
  const last = plans[plans.length - 1];
  if (last === undefined || last.activation !== 'softmax' || last.fan_out !== classes) {
    throw new Error(
      `the last Dense layer must have one unit per class (${classes} units) with softmax (the loss is sparse categorical crossentropy). ` +
        `Received: units=${last?.fan_out ?? 'none'}, activation=${last?.activation ?? 'none'}`,
    );
  }
}

/** Lets timers and I/O (an abort message, say) run between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Everything one run shares across epochs. */
interface Run extends StepParts {
  data: PreparedData;
  options: TrainOptions;
  callbacks: TrainCallbacks;
  signal: AbortSignal | undefined;
  clock: () => number;
  model: tf.Sequential;
  plans: DensePlan[];
  names: string[];
  /** tfjs variable names of the Dense kernels, in plan order (frozen ones too: their gradient norm reads 0). */
  kernelNames: string[];
  /** The batch-normalization layers, measured at every epoch end. */
  batchNorms: BatchNormLayer[];
  /** The optimizer as train() made it: its learning rate is set before every step. */
  optimizer: SpecOptimizer;
  /** Whether the optimizer clips gradients (then the clipped global norm is measured too). */
  clipping: boolean;
  /** The learning rate schedule's state; `fixedRate` wins once set (after unfreezing). */
  rates: RateState;
  /** Rate of the step taken last. */
  rate: number;
  diag: { x: tf.Tensor3D; y: tf.Tensor1D };
  shuffle: () => number;
  step: number;
  samplesDone: number;
  lastSampleAt: number;
  lastLayersAt: number;
  /** Milliseconds the last live layer sample took (its forward pass on the diagnostic batch). */
  lastLayersCost: number;
  /** Replica threads, while the run uses more than one thread. */
  parallel: DataParallel | null;
  /** The fused dense-stack step, when the model and backend allow it. */
  fused: FusedStack | null;
  spec: ModelSpec;
  backendName: string;
}

type EpochOutcome = { kind: 'done'; metrics: EpochMetrics; stepSeconds: number } | { kind: 'stopped' } | { kind: 'diverged'; step: number };

/** What one optimizer step touches: the model, its output head, the variables the optimizer updates, the optimizer. */
export interface StepParts {
  model: tf.LayersModel;
  head: OutputHead;
  /** Kernels, biases, PReLU slopes, BN gamma/beta — of the layers that are not frozen. */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  classes: number;
  /** Kernel regularizers (added to the minimized loss) and max-norm constraints (applied after each update); none when absent. */
  rules?: WeightRules;
}

/**
 * The step parts of a freshly built model: every trainable weight (frozen layers' are
 * not) is updated. With `spec`, its kernel regularizers and max-norm constraints apply too.
 */
export function stepParts(model: tf.LayersModel, optimizer: tf.Optimizer, classes: number, spec?: ModelSpec): StepParts {
  return {
    model,
    head: outputHead(model),
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    optimizer,
    classes,
    ...(spec === undefined ? {} : { rules: weightRules(spec, model) }),
  };
}

/**
 * One optimizer step on images x [n, 28, 28] and int32 labels y [n], exactly as training
 * takes it (training-mode forward, gradients of the mean loss, update). Returns the loss
 * and hit-count scalars (caller owns them); `inspect` sees the gradients before the update.
 * Exported so that the speed measurement times this very step, not a copy of it.
 */
export function optimizerStep(
  parts: StepParts,
  x: tf.Tensor,
  y: tf.Tensor,
  inspect?: (grads: tf.NamedTensorMap) => void,
): { loss: tf.Scalar; correct: tf.Scalar } {
  let correct: tf.Scalar | undefined;
  const { value: loss, grads } = tf.variableGrads(() => {
    const { perExample, scores } = lossForward(parts.model, parts.head, x, y, parts.classes, true);
    correct = tf.keep(correctCount(scores, y));
    const mean = tf.mean(perExample) as tf.Scalar;
    // Keras adds the regularization losses to the loss it minimizes and reports as `loss`.
    const penalty = regularizationPenalty(parts.rules?.penalties ?? []);
    return penalty === null ? mean : (tf.add(mean, penalty) as tf.Scalar);
  }, parts.variables);
  inspect?.(grads);
  parts.optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
  // Keras applies a variable's constraint right after the optimizer updated it.
  if (parts.rules !== undefined) applyMaxNorms(parts.rules.maxNorms);
  return { loss, correct: correct as tf.Scalar };
}

/**
 * One optimizer step on `rows`; returns the loss and hit count scalars (caller owns them)
 * and, if measured, the norms [kernel gradient norms in plan order…, global norm before
 * clipping, global norm after clipping (= before, when the optimizer does not clip)].
 */
function trainStep(run: Run, rows: Int32Array, measure: boolean): { loss: tf.Scalar; correct: tf.Scalar; norms: tf.Tensor | null } {
  run.optimizer.learningRate = run.rate;
  if (run.fused !== null) run.fused.learningRate = run.rate;
  if (run.parallel !== null && run.parallel.threads > 1) return run.parallel.step(run.data.train, rows, measure);
  if (run.fused !== null) {
    const { x, y } = batchFromRows(run.data.train, rows);
    try {
      const g = run.fused.grads(x, y, rows.length, measure);
      // Read before apply(): the flat buffer still holds this step's gradients (the fused step never clips).
      const raw = g.norms === null ? 0 : run.fused.gradientNorm();
      run.fused.apply();
      return { loss: tf.scalar(g.lossSum), correct: tf.scalar(g.correct), norms: g.norms === null ? null : tf.tensor1d([...g.norms, raw, raw]) };
    } finally {
      tf.dispose([x, y]);
    }
  }
  const { x, y } = batchFromRows(run.data.train, rows);
  let norms: tf.Tensor | null = null;
  const { loss, correct } = optimizerStep(
    run,
    x,
    y,
    measure
      ? (grads) =>
          (norms = tf.tidy(() => {
            // A frozen layer's kernel has no gradient: its norm reads 0.
            const kernels = run.kernelNames.map((n) => (grads[n] === undefined ? tf.scalar(0) : tf.norm(grads[n] as tf.Tensor)));
            const raw = globalNorm(grads);
            // What the optimizer will apply: the same clipping, computed here once more for the measurement only.
            const clipped = run.clipping ? globalNorm(clipGradients(run.spec.training.optimizer, grads)) : raw;
            return tf.stack([...kernels, raw, clipped]);
          }))
      : undefined,
  );
  tf.dispose([x, y]);
  return { loss, correct, norms };
}

/** Measures activations on the diagnostic batch and reports them with one step's gradient norms (trainStep's layout). */
async function sampleLayers(run: Run, epoch: number, gradNorms: ArrayLike<number>): Promise<void> {
  const measures = await measureDense(run.model, run.plans, run.names, run.diag.x);
  const p = run.plans.length;
  run.callbacks.onLayers?.({
    epoch,
    step: run.step,
    layers: measures.map((m, i) => ({
      name: m.name,
      grad_norm: gradNorms[i] as number,
      act_mean: m.act_mean,
      act_std: m.act_std,
      inactive_fraction: m.inactive_fraction,
    })),
    grad_norm_raw: gradNorms[p] as number,
    ...(run.clipping ? { grad_norm_clipped: gradNorms[p + 1] as number } : {}),
  });
}

/**
 * Learning-rate bookkeeping: a schedule per step (power, exponential, piecewise, 1cycle),
 * a plateau tracker per epoch (performance), or a fixed rate (no schedule, or after unfreezing).
 */
interface RateState {
  initial: number;
  stepsPerEpoch: number;
  totalSteps: number;
  plateau: PlateauTracker | null;
  fixedRate: number | null;
}

function rateState(spec: ModelSpec, data: PreparedData, options: TrainOptions): RateState {
  const initial = spec.training.optimizer.learning_rate;
  const schedule = spec.training.lr_schedule;
  const stepsPerEpoch = Math.ceil(data.train.count / options.batchSize);
  return {
    initial,
    stepsPerEpoch,
    totalSteps: stepsPerEpoch * options.epochs,
    plateau: schedule?.name === 'performance' ? new PlateauTracker(schedule, initial) : null,
    fixedRate: schedule === undefined ? initial : null,
  };
}

/** The rate of the step with 0-based index `step` over the run. */
function rateAt(spec: ModelSpec, rates: RateState, step: number): number {
  if (rates.fixedRate !== null) return rates.fixedRate;
  if (rates.plateau !== null) return rates.plateau.rate;
  const schedule = spec.training.lr_schedule;
  if (schedule === undefined) return rates.initial;
  return scheduledRate(schedule, rates.initial, step, { stepsPerEpoch: rates.stepsPerEpoch, totalSteps: rates.totalSteps });
}

async function runEpoch(run: Run, epoch: number): Promise<EpochOutcome> {
  const { options, callbacks, signal } = run;
  const split: DataSplit = run.data.train;
  const t0 = run.clock();
  const stepsPerEpoch = Math.ceil(split.count / options.batchSize);
  const diagEvery = options.diagnosticsEvery ?? Math.max(1, Math.floor(stepsPerEpoch / 20));
  const batchEveryMs = options.batchEveryMs ?? 250;
  const layersEveryMs = options.layersEveryMs ?? 250;
  const diagnostics = options.diagnostics !== false;
  const order = shuffledIndices(split.count, run.shuffle);
  const log = new StepLog();
  // Kernel norms in plan order, then the global norm before and after clipping (trainStep's layout).
  const p = run.plans.length;
  let gradSums = tf.zeros([p + 2]);
  let measured = 0;
  try {
    for (let b = 0; b < stepsPerEpoch; b++) {
      if (signal?.aborted) return { kind: 'stopped' };
      if (run.parallel !== null && run.parallel.threads > 1 && typeof options.threads === 'function') {
        // A smaller share applies at once (another run just started); a larger one waits for the next epoch.
        const now = threadsPlan(run.spec, run.backendName, options.threads(), options.batchSize, options.minShardRows).threads;
        if (now < run.parallel.threads) {
          run.parallel.shrinkTo(now);
          callbacks.onThreads?.({ threads: run.parallel.threads, limit: null });
        }
      }
      run.step++;
      run.rate = rateAt(run.spec, run.rates, run.step - 1);
      const rows = order.subarray(b * options.batchSize, Math.min(split.count, (b + 1) * options.batchSize));
      const { loss, correct, norms } = trainStep(run, rows, diagnostics && b % diagEvery === 0);
      if (norms !== null) {
        // The measured steps are the only ones with per-layer gradient norms: a throttled few of them are shown live.
        // At least layersEveryMs apart, and at least 19× the last sample's own cost times the
        // threads apart: a sample (a forward pass of the diagnostic batch on this thread) keeps
        // every replica waiting too, so it stays ≤ 5% of training time however many threads run.
        const threadsNow = run.parallel?.threads ?? 1;
        const layersDue =
          callbacks.onLayers !== undefined && run.clock() - run.lastLayersAt >= Math.max(layersEveryMs, 19 * threadsNow * run.lastLayersCost);
        const stepNorms = layersDue ? await norms.data() : null;
        const next = tf.add(gradSums, norms);
        tf.dispose([gradSums, norms]);
        gradSums = next;
        measured++;
        if (stepNorms !== null) {
          const started = run.clock();
          await sampleLayers(run, epoch, stepNorms);
          run.lastLayersAt = run.clock();
          run.lastLayersCost = run.lastLayersAt - started;
        }
      }
      log.push(run.step, rows.length, loss, correct);
      run.samplesDone += rows.length;

      const now = run.clock();
      const sampleDue = callbacks.onBatch !== undefined && now - run.lastSampleAt >= batchEveryMs;
      if (sampleDue || log.size >= READ_EVERY_STEPS || b === stepsPerEpoch - 1 || signal?.aborted) {
        const { badStep, lastLoss } = await log.read();
        if (badStep !== null) return { kind: 'diverged', step: badStep };
        if (sampleDue) {
          run.lastSampleAt = now;
          callbacks.onBatch?.({
            epoch,
            step: run.step,
            loss: lastLoss,
            samples_done: run.samplesDone,
            samples_total: options.epochs * split.count,
            learning_rate: run.rate,
          });
        }
      }
      await yieldToEventLoop();
    }
    // The last step's losses were read above (b === stepsPerEpoch − 1), so every step has finished on the device.
    const stepSeconds = (run.clock() - t0) / 1000;
    const gradMeans = Array.from(await gradSums.data()).map((s) => s / Math.max(1, measured));
    const val = await evaluate(run.model, run.data.validation, run.data.classes);
    // Keras' val_loss includes the regularization losses too (test_step computes the same loss as train_step).
    const penalty = await penaltyValue(run);
    const measures = await measureDense(run.model, run.plans, run.names, run.diag.x);
    const batchNorm = run.batchNorms.length > 0 ? await measureBatchNorm(run.model, run.batchNorms, run.diag.x) : null;
    const layers: LayerDiagnostics[] = measures.map((m, i) => ({
      name: m.name,
      spec_index: m.spec_index,
      activation: m.activation,
      grad_norm: gradMeans[i] as number,
      weight_norm: m.weight_norm,
      act_mean: m.act_mean,
      act_std: m.act_std,
      inactive_fraction: m.inactive_fraction,
      inactive_kind: m.inactive_kind,
    }));
    const metrics: EpochMetrics = {
      epoch,
      loss: log.lossSum / log.seen,
      accuracy: log.correct / log.seen,
      val_loss: val.loss + penalty,
      val_accuracy: val.accuracy,
      seconds: (run.clock() - t0) / 1000,
      layers,
      learning_rate: run.rate,
      ...(measured > 0 ? { grad_norm_raw: gradMeans[p] as number } : {}),
      ...(measured > 0 && run.clipping ? { grad_norm_clipped: gradMeans[p + 1] as number } : {}),
      ...(batchNorm === null ? {} : { batch_norm: batchNorm }),
    };
    return { kind: 'done', metrics, stepSeconds };
  } finally {
    log.dispose();
    gradSums.dispose();
  }
}

/** The regularization penalty at the current weights, as a number (0 without regularizers). */
async function penaltyValue(run: Run): Promise<number> {
  const penalty = regularizationPenalty(run.rules?.penalties ?? []);
  if (penalty === null) return 0;
  const value = (await penalty.data())[0] as number;
  penalty.dispose();
  return value;
}

/**
 * Keras `EarlyStopping(monitor="val_loss")`: an epoch improves when val_loss + min_delta <
 * the best so far; after `patience` epochs in a row without improvement the run stops and,
 * with restore_best_weights, the best epoch's weights (all of them, BN statistics too) go
 * back into the model — as Keras, only when it stops early.
 */
class EarlyStopping {
  private best = Infinity;
  private wait = 0;
  bestEpoch = 0;
  /** By weight name: unfreezing reorders model.weights (trainable ones first). */
  private snapshot: Map<string, tf.Tensor> | null = null;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
    readonly restore: boolean,
  ) {}

  /** After an epoch: true when the run should stop. */
  update(model: tf.LayersModel, epoch: number, valLoss: number): boolean {
    if (valLoss + this.minDelta < this.best) {
      this.best = valLoss;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restore) {
        this.dispose();
        this.snapshot = new Map(model.weights.map((w) => [w.originalName, tf.clone(w.read())]));
      }
      return false;
    }
    this.wait++;
    return this.wait >= this.patience;
  }

  /** Writes the best epoch's weights back; false when there is nothing to restore. */
  restoreInto(model: tf.LayersModel): boolean {
    if (!this.restore || this.snapshot === null) return false;
    for (const w of model.weights) {
      const saved = this.snapshot.get(w.originalName);
      if (saved === undefined) throw new Error(`early stopping: no saved value for ${w.originalName}`);
      w.write(saved);
    }
    return true;
  }

  dispose(): void {
    tf.dispose([...(this.snapshot?.values() ?? [])]);
    this.snapshot = null;
  }
}

/**
 * The second phase of transfer learning (training.unfreeze): every layer becomes trainable
 * and the optimizer starts over, fresh, at the unfreeze rate — Keras' recompile with a new
 * optimizer, which also drops any schedule attached to the old one, so the rate stays fixed.
 */
function unfreezeAll(run: Run, learningRate: number): void {
  for (const layer of run.model.layers) layer.trainable = true;
  run.variables = run.model.trainableWeights.map((w) => w.read() as tf.Variable);
  disposeOptimizer(run.optimizer);
  const spec: OptimizerSpec = { ...run.spec.training.optimizer, learning_rate: learningRate };
  run.optimizer = makeOptimizer(spec);
  run.rates.fixedRate = learningRate;
  run.rates.plateau = null;
}

/** Trains `spec` on `data`; resolves when all epochs ran, early stopping ended it, the signal aborted, or the loss became NaN/Inf. */
export async function train(
  spec: ModelSpec,
  data: PreparedData,
  options: TrainOptions,
  callbacks: TrainCallbacks = {},
  signal?: AbortSignal,
): Promise<TrainResult> {
  checkOptions(options, data);
  const plans = planDense(spec);
  checkOutput(plans, data.classes);
  const model = buildModel(spec, options.seed);
  const names = layerNames(spec);
  try {
    if (options.transferWeights) setTransferWeights(model, options.transferWeights.weights, names.slice(0, options.transferWeights.layers));
    if (options.initialWeights) setInitialWeights(model, options.initialWeights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  let optimizer: SpecOptimizer;
  let rules: WeightRules;
  try {
    rules = weightRules(spec, model);
    optimizer = makeOptimizer(spec.training.optimizer);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const diagRows = Array.from({ length: Math.min(options.diagnosticBatch ?? 256, data.train.count) }, (_, i) => i);
  const rates = rateState(spec, data, options);
  const run: Run = {
    data,
    options,
    callbacks,
    signal,
    clock: options.clock ?? (() => performance.now()),
    ...stepParts(model, optimizer, data.classes),
    rules,
    optimizer,
    clipping: clips(spec.training.optimizer),
    rates,
    rate: rateAt(spec, rates, 0),
    model,
    plans,
    names,
    kernelNames: plans.map((p) => (model.getLayer(p.name).weights[0]?.read() as tf.Variable).name),
    batchNorms: batchNormLayers(spec, names),
    diag: batchFromRows(data.train, diagRows),
    shuffle: mulberry32(deriveSeed(options.seed, 0x5eed)),
    step: 0,
    samplesDone: 0,
    lastSampleAt: -Infinity,
    lastLayersAt: -Infinity,
    lastLayersCost: 0,
    parallel: null,
    fused: null,
    spec,
    backendName: tf.getBackend(),
  };
  const backendName = run.backendName;
  run.fused = options.fused === false ? null : FusedStack.create(fusedStackPlan(spec, model, run.variables), options.batchSize);
  let lastThreads = 0;
  /** Why replicas could not start, once they failed: the run stays on one thread from then on. */
  let replicasFailed: string | null = null;
  /** Before each epoch: as many threads as the run's current share allows. */
  const reconcileThreads = async (): Promise<number> => {
    const given = typeof options.threads === 'function' ? options.threads() : (options.threads ?? 1);
    const plan = threadsPlan(spec, backendName, given, options.batchSize, options.minShardRows);
    if (plan.threads > 1 && run.parallel === null) {
      run.parallel = new DataParallel(
        run,
        { spec, seed: options.seed, classes: data.classes, backend: backendName as 'wasm' | 'cpu', maxThreads: Math.max(plan.threads, availableParallelism()), batchSize: options.batchSize },
        run.kernelNames,
        run.fused,
      );
    }
    let limit = plan.limit;
    if (replicasFailed !== null) limit = 'replicas_unavailable';
    else if (run.parallel !== null) {
      try {
        await run.parallel.resize(plan.threads);
      } catch (err) {
        // Threads are a speed-up, not a requirement: a replica that cannot start (an
        // installation whose worker script cannot load, say) leaves the run on this thread.
        replicasFailed = err instanceof Error ? err.message : String(err);
        process.stderr.write(`gradient-lab: training on one thread: ${replicasFailed}\n`);
        run.parallel = null;
        limit = 'replicas_unavailable';
      }
    }
    const threads = run.parallel?.threads ?? 1;
    if (threads !== lastThreads) callbacks.onThreads?.({ threads, limit });
    lastThreads = threads;
    return threads;
  };

  const stopping = spec.training.early_stopping === undefined ? null : earlyStoppingDefaults(spec.training.early_stopping);
  const early = stopping === null ? null : new EarlyStopping(stopping.patience, stopping.min_delta, stopping.restore_best_weights);
  const unfreeze = spec.training.unfreeze;
  let unfrozen = false;
  const epochs: EpochMetrics[] = [];
  const stepSeconds: number[] = [];
  let status: TrainResult['status'] = 'completed';
  let divergedAt: TrainResult['diverged_at'];
  let earlyStopped: EarlyStopped | undefined;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      if (unfreeze !== undefined && !unfrozen && epoch - 1 >= unfreeze.after_epochs) {
        unfreezeAll(run, unfreeze.learning_rate);
        unfrozen = true;
      }
      await reconcileThreads();
      const outcome = await runEpoch(run, epoch);
      if (outcome.kind === 'stopped') status = 'stopped';
      if (outcome.kind === 'diverged') {
        status = 'diverged';
        divergedAt = { epoch, step: outcome.step };
      }
      if (outcome.kind !== 'done') break;
      epochs.push(outcome.metrics);
      stepSeconds.push(outcome.stepSeconds);
      callbacks.onEpoch?.(outcome.metrics);
      // ReduceLROnPlateau: this epoch's val_loss decides the next epoch's rate.
      if (run.rates.plateau !== null) run.rates.plateau.update(outcome.metrics.val_loss);
      if (early !== null && early.update(model, epoch, outcome.metrics.val_loss)) {
        // As Keras, also when patience runs out at the last epoch (the best weights still come back).
        earlyStopped = { epoch, best_epoch: early.bestEpoch, restored: early.restoreInto(model) };
        break;
      }
    }
    // A model with NaN weights has no meaningful test score.
    const test = status !== 'diverged' && data.test.count > 0 ? await evaluate(model, data.test, data.classes) : null;
    const penalty = test === null ? 0 : await penaltyValue(run);
    return {
      status,
      ...(divergedAt === undefined ? {} : { diverged_at: divergedAt }),
      ...(earlyStopped === undefined ? {} : { early_stopped: earlyStopped }),
      epochs,
      test_loss: test === null ? null : test.loss + penalty,
      test_accuracy: test?.accuracy ?? null,
      model,
      step_seconds: stepSeconds,
      threads: Math.max(1, lastThreads),
    };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    early?.dispose();
    tf.dispose([run.diag.x, run.diag.y]);
    await run.parallel?.dispose();
    run.fused?.dispose();
    disposeOptimizer(run.optimizer);
  }
}
