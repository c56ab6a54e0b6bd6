/**
 * The wizard's speed column, measured in the training process: per candidate
 * activation, the model rewritten by `applyCandidate` is built and timed with the
 * engine's own optimizer step and with `model.predict`, on this process's backend.
 *
 * Medians, not means: the machine is shared and a single descheduled step would
 * otherwise move a whole row. Each timed step ends by reading its loss back, so an
 * asynchronous backend (webgl, a GPU) is charged for the work it queued, not only
 * for queueing it.
 */
import * as tf from '@tensorflow/tfjs';
import { CLASSES, IMAGE_COLS, IMAGE_ROWS } from '../../src-shared/data/types.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { BYTES_PER_PARAM } from '../../src-shared/model/semantics.js';
import { summarizeModel } from '../../src-shared/model/summary.js';
import { applyCandidate } from '../../src-shared/wizard/apply.js';
import type { CandidateActivation } from '../../src-shared/wizard/types.js';
import { prepareData } from '../data/index.js';
import { buildModel, disposeOptimizer, makeOptimizer, optimizerStep, selectBackend, stepParts, type StepParts } from '../engine/index.js';
import type { BackendInfo, MeasuredSpeed, TrainerCommand } from './protocol.js';
import { SPEED_BUDGET, type SpeedBudget } from './speed-budget.js';

/** What the training process answers to a `speeds` command. */
export interface SpeedsAnswer {
  backend: BackendInfo;
  /** Requested candidates in request order, with `relu` (the reference) first if it was not asked for. */
  speeds: MeasuredSpeed[];
  /** Time from process start to a training run's first step, in ms (see {@link measureSpeeds}). */
  startup_ms: number;
}

/** Median of a non-empty list. Example: `median([3, 1, 2, 10])` → 2.5. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Random images and labels as the engine's batches carry them: plain arrays turned into tensors at each step. */
interface Inputs {
  trainX: Float32Array;
  trainY: Int32Array;
  inferX: tf.Tensor3D;
}

function makeInputs(batch: number, inferenceBatch: number, seed: number): Inputs {
  // Seeded so that every candidate sees the same numbers; standard-normal pixels are what
  // `standardize` feeds the first layer, and hidden pre-activations are near-symmetric either way.
  const [x, y] = tf.tidy(() => [
    tf.randomNormal([batch * IMAGE_ROWS * IMAGE_COLS], 0, 1, 'float32', seed),
    tf.randomUniform([batch], 0, CLASSES, 'int32', seed + 1),
  ]);
  const trainX = x.dataSync() as Float32Array;
  const trainY = y.dataSync() as Int32Array;
  tf.dispose([x, y]);
  return { trainX, trainY, inferX: tf.randomNormal([inferenceBatch, IMAGE_ROWS, IMAGE_COLS], 0, 1, 'float32', seed + 2) };
}

/** A candidate's model, ready to step, and its timings so far (ms). */
interface Subject {
  activation: CandidateActivation;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  parts: StepParts;
  build_ms: number;
  steps: number[];
  passes: number[];
}

function build(activation: CandidateActivation, spec: ModelSpec): Subject {
  const t0 = performance.now();
  const model = buildModel(spec, spec.training.seed);
  const build_ms = performance.now() - t0;
  const optimizer = makeOptimizer(spec.training.optimizer);
  return { activation, model, optimizer, parts: stepParts(model, optimizer, CLASSES), build_ms, steps: [], passes: [] };
}

/** One training step as the engine takes it, up to its loss being on the host; returns its ms. */
async function timeStep(s: Subject, inputs: Inputs): Promise<number> {
  const start = performance.now();
  // The engine builds each batch from plain arrays (batchFromRows): that upload is part of its step.
  const x = tf.tensor3d(inputs.trainX, [inputs.trainY.length, IMAGE_ROWS, IMAGE_COLS]);
  const y = tf.tensor1d(inputs.trainY, 'int32');
  const { loss, correct } = optimizerStep(s.parts, x, y);
  await loss.data();
  const ms = performance.now() - start;
  tf.dispose([x, y, loss, correct]);
  return ms;
}

/** One inference-mode forward pass of `inference_batch` rows, up to the outputs being on the host; returns its ms. */
async function timePass(s: Subject, inputs: Inputs): Promise<number> {
  const start = performance.now();
  const out = s.model.predict(inputs.inferX) as tf.Tensor;
  await out.data();
  const ms = performance.now() - start;
  out.dispose();
  return ms;
}

/**
 * Times `once` on every subject in rounds, one call each per round, the order rotating,
 * until each has `min` samples and then until each has `max` or the group spent
 * `budgetMs` per subject. Interleaved rather than one subject after the other because
 * the machine is shared: a load that comes and goes then slows every candidate alike
 * instead of whichever happened to run at that moment, and the ratios to ReLU hold.
 */
async function interleave(
  group: Subject[],
  once: (s: Subject) => Promise<number>,
  samples: (s: Subject) => number[],
  min: number,
  max: number,
  budgetMs: number,
): Promise<void> {
  let spent = 0;
  for (let round = 0; ; round++) {
    const fewest = Math.min(...group.map((s) => samples(s).length));
    if (fewest >= max || (fewest >= min && spent >= budgetMs * group.length)) return;
    for (let k = 0; k < group.length; k++) {
      const s = group[(k + round) % group.length] as Subject;
      const ms = await once(s);
      samples(s).push(ms);
      spent += ms;
    }
  }
}

/**
 * Measures one group of candidates side by side (see {@link interleave}): builds them,
 * warms each up, times training steps then inference passes, and disposes everything.
 */
async function measureGroup(specs: [CandidateActivation, ModelSpec][], inputs: Inputs, budget: SpeedBudget): Promise<Subject[]> {
  const group: Subject[] = [];
  try {
    for (const [activation, spec] of specs) group.push(build(activation, spec));
    // The first steps compile kernels, allocate the optimizer's slots and warm the JIT.
    for (const s of group) for (let i = 0; i < budget.warmup_steps; i++) await timeStep(s, inputs);
    await interleave(group, (s) => timeStep(s, inputs), (s) => s.steps, budget.min_steps, budget.max_steps, budget.train_ms);
    for (const s of group) await timePass(s, inputs);
    await interleave(group, (s) => timePass(s, inputs), (s) => s.passes, budget.min_inferences, budget.max_inferences, budget.inference_ms);
    return group;
  } finally {
    for (const s of group) {
      s.model.dispose();
      disposeOptimizer(s.optimizer);
    }
  }
}

/**
 * Candidates side by side per group, ReLU included: as many as fit in `groupParamBytes`
 * (weights, gradients and one optimizer slot each), at least ReLU and one other.
 * Example: `groupSize(266_610, 8, 512 * 2 ** 20)` → 8; `groupSize(30e6, 8, 512 * 2 ** 20)` → 2.
 */
export function groupSize(params: number, candidates: number, groupParamBytes: number): number {
  return Math.max(2, Math.min(candidates, Math.floor(groupParamBytes / Math.max(1, params * BYTES_PER_PARAM))));
}

/**
 * Measures `command.candidates` (plus `relu`, the reference) on the requested backend.
 * `startup_ms` is what a training process pays before its first step: its uptime when
 * the command arrives (Node, tfjs and the engine loading), backend initialization,
 * loading the model's dataset with its preprocessing, and building the ReLU model.
 * Example (300-100 MLP, wasm, batch 32): relu `{ train_step_ms: ≈4, inference_ms: ≈6 }`.
 */
export async function measureSpeeds(command: Extract<TrainerCommand, { type: 'speeds' }>, budget: SpeedBudget = SPEED_BUDGET): Promise<SpeedsAnswer> {
  const uptimeMs = process.uptime() * 1000;
  const b0 = performance.now();
  const report = await selectBackend(command.backend);
  const backendMs = performance.now() - b0;

  // A training run loads and preprocesses its dataset before its first step; one training
  // image is enough to pay for reading the cache and building the validation and test splits.
  const d0 = performance.now();
  prepareData(command.model.dataset, {
    preprocess: command.model.preprocess,
    limit: 1,
    ...(command.data_dir ? { cacheDir: command.data_dir } : {}),
  });
  const dataMs = performance.now() - d0;

  const others = command.candidates.filter((c, i) => c !== 'relu' && command.candidates.indexOf(c) === i);
  const size = groupSize(summarizeModel(command.model).params, others.length + 1, budget.group_param_bytes);
  const inputs = makeInputs(command.batch_size, command.inference_batch, command.model.training.seed);
  const steps = new Map<CandidateActivation, number[]>();
  const passes = new Map<CandidateActivation, number[]>();
  const stepRatios = new Map<CandidateActivation, number[]>();
  const passRatios = new Map<CandidateActivation, number[]>();
  const add = (m: Map<CandidateActivation, number[]>, a: CandidateActivation, xs: number[]) => m.set(a, [...(m.get(a) ?? []), ...xs]);
  let reluBuildMs = 0;
  try {
    // ReLU, the reference, is in every group, so that every candidate ran beside it.
    for (let i = 0; i === 0 || i < others.length; i += size - 1) {
      const names: CandidateActivation[] = ['relu', ...others.slice(i, i + size - 1)];
      const group = await measureGroup(names.map((a) => [a, applyCandidate(command.model, a)]), inputs, budget);
      const relu = group[0] as Subject;
      if (i === 0) reluBuildMs = relu.build_ms;
      for (const s of group) {
        add(steps, s.activation, s.steps);
        add(passes, s.activation, s.passes);
        // Paired with ReLU's sample of the same round: a load that came and went cancels out.
        add(stepRatios, s.activation, s.steps.map((ms, r) => ms / (relu.steps[r] as number)));
        add(passRatios, s.activation, s.passes.map((ms, r) => ms / (relu.passes[r] as number)));
      }
    }
  } finally {
    inputs.inferX.dispose();
  }
  const measured = (activation: CandidateActivation): MeasuredSpeed => ({
    activation,
    train_step_ms: median(steps.get(activation) ?? []),
    inference_ms: median(passes.get(activation) ?? []),
    train_relative: median(stepRatios.get(activation) ?? []),
    inference_relative: median(passRatios.get(activation) ?? []),
  });
  const speeds = command.candidates.includes('relu') ? command.candidates.map(measured) : ['relu' as const, ...others].map(measured);
  return {
    backend: { active: report.active, requested: report.requested, attempts: report.attempts },
    speeds,
    startup_ms: uptimeMs + backendMs + dataMs + reluBuildMs,
  };
}
