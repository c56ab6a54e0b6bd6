/**
 * `wizard:speeds`: how much slower (or faster) each candidate activation trains and
 * predicts than ReLU, for the open model's shapes on this machine's backend. The
 * lecture notes say ELU is slower at test time; this says by how much, here.
 *
 * Timing runs in a short-lived training process (tfjs never runs on the app's main
 * thread). It is measured once per backend and shapes, then answered from memory: the
 * wizard asks again whenever the student reopens it, and the numbers do not change.
 * One measurement at a time, since two on the same cores would slow each other down and
 * both report it; identical requests in flight share one process.
 */
import { createHash } from 'node:crypto';
import { createJobPool } from './job-pool.js';
import { checkRequest } from '../../src-shared/ipc/schemas.js';
import { formatModelError, parseModel } from '../../src-shared/model/index.js';
import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../src-shared/model/spec.js';
import { summarizeModel } from '../../src-shared/model/summary.js';
import type { BackendPreference } from '../../src-shared/training/run-options.js';
import { applyCandidate } from '../../src-shared/wizard/apply.js';
import {
  CANDIDATE_ACTIVATIONS,
  type ActivationSpeed,
  type ActivationSpeedRequest,
  type ActivationSpeedResponse,
} from '../../src-shared/wizard/types.js';
import { SPEED_BUDGET } from '../trainer/speed-budget.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../trainer/launcher.js';
import type { BackendInfo, MeasuredSpeed } from '../trainer/protocol.js';
import { runOneShot } from '../trainer/one-shot.js';
import { UserError } from './dispatch.js';

/** Rows of the timed inference pass (a validation or test batch is larger than a training batch). */
export const INFERENCE_BATCH = 256;
/** Measurements at once: one, so that no measurement times another's load. */
export const MAX_CONCURRENT_SPEEDS = 1;
/** Requests that may wait for the measuring slot; more are refused. */
export const MAX_WAITING_SPEEDS = 8;

/** Options for tests and the app (which passes its utilityProcess launcher and data folder). */
export interface ActivationSpeedsOptions {
  launcher?: TrainerLauncher;
  /** The dataset cache folder, whose loading `startup_ms` includes. */
  dataDir?: string | null;
  /** Overrides the timeout computed from the model's size, in ms. */
  timeoutMs?: number;
}

/** A finished measurement, before it is marked cached or not. */
type Measurement = Omit<ActivationSpeedResponse, 'cached'>;

/** Measurements by `${active backend}|${shapes}`. */
const cache = new Map<string, Measurement>();
/** Which backend a preference turned out to select (learned from the measurements). */
const resolved = new Map<BackendPreference, string>();
const pool = createJobPool<Measurement>(MAX_CONCURRENT_SPEEDS, MAX_WAITING_SPEEDS);

/** Forgets every measurement (tests; nothing else needs to: the machine's speed does not change within a session). */
export function clearSpeedCache(): void {
  cache.clear();
  resolved.clear();
}

/**
 * Validates `req` (the IPC schema, then the model format: errors name field `model`),
 * answers from the cache or measures all eight candidates. Example: the 300-100 LeakyReLU
 * model on wasm → `{ backend: 'wasm', batch_size: 32, inference_batch: 256, cached: false,
 * speeds: [{ activation: 'selu', train_step_ms: 4.1, inference_ms: 6.3, train_relative: 1.2,
 * inference_relative: 1.5 }, …], startup_ms: 1800, measured_at: '2026-…' }`.
 */
export async function activationSpeeds(req: unknown, opts: ActivationSpeedsOptions = {}): Promise<ActivationSpeedResponse> {
  // Checked again here, not only by dispatch: the service is also called directly (tests, the CLI).
  const checked = checkRequest('wizard:speeds', req);
  if (!checked.ok) throw new UserError(checked.error.message, checked.error.field);
  const r = checked.value as ActivationSpeedRequest;
  const parsed = parseModel(r.model);
  if (!parsed.ok) throw new UserError(parsed.errors.map(formatModelError).join('\n'), 'model');
  const model = parsed.model;
  const batch = r.batch_size ?? model.training.batch_size;
  const pref = r.backend ?? 'auto';
  const shapes = shapeKey(model, batch, INFERENCE_BATCH);

  // "Measure again" (a machine that was busy during the first measurement) skips the cache and replaces its entry.
  const hit = r.fresh === true ? undefined : lookup(pref, shapes);
  if (hit) return { ...structuredClone(hit), cached: true };
  const fresh = await pool.run(`${pref}|${shapes}`, () => measure(model, batch, pref, shapes, opts), (count) => {
    throw UserError.coded('busy.speeds', { count });
  });
  return { ...structuredClone(fresh), cached: false };
}

function lookup(pref: BackendPreference, shapes: string): Measurement | undefined {
  const active = resolved.get(pref);
  return active === undefined ? undefined : cache.get(`${active}|${shapes}`);
}

/**
 * What decides the timings, hashed: per candidate the rewritten layer stack (kinds, units,
 * bias, activations), the optimizer's update rule, and the batch sizes. Names, dataset,
 * preprocessing, initializers, rates and seeds do not change the work a step does.
 */
export function shapeKey(model: ModelSpec, batch: number, inferenceBatch: number): string {
  const stacks = CANDIDATE_ACTIVATIONS.map((c) => applyCandidate(model, c).layers.map(layerShape));
  const text = JSON.stringify([stacks, updateRule(model.training.optimizer), batch, inferenceBatch]);
  return createHash('sha256').update(text).digest('hex');
}

function layerShape(l: LayerSpec): unknown[] {
  if (l.kind === 'dense') return [l.kind, l.units, l.use_bias ?? true, l.activation ?? 'linear'];
  if (l.kind === 'activation') return [l.kind, l.activation];
  return [l.kind];
}

/** Plain SGD, momentum (Nesterov or not) and Adam keep different slots and do different work per step. */
function updateRule(o: OptimizerSpec): unknown[] {
  return o.name === 'sgd' ? [o.name, (o.momentum ?? 0) > 0, o.nesterov ?? false] : [o.name];
}

/**
 * The measurement's time limit: a minute for start-up, plus per candidate its budgets and
 * the bounded steps at a pessimistic 0.5 GFLOP/s (6 FLOP per parameter and image for a
 * training step, 2 for inference) and 1 ms per layer and pass for per-op overhead.
 */
export function speedTimeoutMs(model: ModelSpec, batch: number, inferenceBatch: number): number {
  const params = summarizeModel(model).params;
  const flopPerMs = 5e5;
  const b = SPEED_BUDGET;
  const steps = b.warmup_steps + b.min_steps;
  const passes = 1 + b.min_inferences;
  const perCandidate =
    b.train_ms +
    b.inference_ms +
    (steps * 6 * params * batch + passes * 2 * params * inferenceBatch) / flopPerMs +
    (steps + passes) * model.layers.length;
  return Math.ceil(60_000 + CANDIDATE_ACTIVATIONS.length * perCandidate);
}

async function measure(model: ModelSpec, batch: number, pref: BackendPreference, shapes: string, opts: ActivationSpeedsOptions): Promise<Measurement> {
  const answer = await runOneShot<{ backend: BackendInfo; speeds: MeasuredSpeed[]; startup_ms: number }>(
    opts.launcher ?? nodeTrainerLauncher(),
    {
      type: 'speeds',
      model,
      candidates: [...CANDIDATE_ACTIVATIONS],
      batch_size: batch,
      inference_batch: INFERENCE_BATCH,
      backend: pref,
      data_dir: opts.dataDir ?? null,
    },
    (e) => (e.type === 'speeds' ? { backend: e.backend, speeds: e.speeds, startup_ms: e.startup_ms } : undefined),
    'wizard:speeds',
    opts.timeoutMs ?? speedTimeoutMs(model, batch, INFERENCE_BATCH),
  ).catch((err: unknown) => {
    throw UserError.coded('speeds.failed', { detail: err instanceof Error ? err.message : String(err) });
  });
  const result: Measurement = {
    backend: answer.backend.active,
    batch_size: batch,
    inference_batch: INFERENCE_BATCH,
    speeds: relativeToRelu(answer.speeds),
    measured_at: new Date().toISOString(),
    startup_ms: answer.startup_ms,
  };
  const active = answer.backend.active;
  cache.set(`${active}|${shapes}`, result);
  resolved.set(pref, active);
  // A backend that was selected works, so asking for it by name selects it too. Not for
  // 'tensorflow': tfjs-node and tfjs-node-gpu both call themselves that.
  if (active === 'wasm' || active === 'cpu') resolved.set(active, active);
  return result;
}

/**
 * Every candidate in the wizard's order with its ratios to ReLU (ReLU's exactly 1): the
 * training process's paired ratios (each sample over ReLU's of the same round, whose median
 * is steadier on a shared machine than the ratio of the two medians), else the ratio of medians.
 */
function relativeToRelu(measured: readonly MeasuredSpeed[]): ActivationSpeed[] {
  const relu = measured.find((s) => s.activation === 'relu');
  if (!relu) throw UserError.coded('speeds.failed', { detail: 'the training process did not measure relu, the reference' });
  return CANDIDATE_ACTIVATIONS.map((activation) => {
    const s = measured.find((m) => m.activation === activation);
    if (!s) throw UserError.coded('speeds.failed', { detail: `the training process did not measure ${activation}` });
    return {
      activation,
      train_step_ms: s.train_step_ms,
      inference_ms: s.inference_ms,
      train_relative: activation === 'relu' ? 1 : (s.train_relative ?? s.train_step_ms / relu.train_step_ms),
      inference_relative: activation === 'relu' ? 1 : (s.inference_relative ?? s.inference_ms / relu.inference_ms),
    };
  });
}
