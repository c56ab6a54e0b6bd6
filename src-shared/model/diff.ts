/**
 * What changed between two model documents, named field by field and grouped into runs
 * of layers, e.g. the 100-layer ReLU → SELU pair gives one `layers[*].activation` entry
 * `relu → selu` over layers [1, 100] rather than a hundred.
 *
 * Values are compared RESOLVED (defaults.ts fills what a document leaves out), so an
 * omitted `activation` and an explicit `"linear"` are no change, and `from` / `to` are
 * always the values the model trains with. What a document lacks altogether (an absent
 * `description`, an optimizer field the other optimizer does not have) is `null`, so
 * `from` and `to` survive JSON.
 */
import type { ModelChange, ModelDiff } from '../runs/types.js';
import {
  adagradDefaults,
  adamDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  batchNormalizationDefaults,
  DEFAULTS,
  denseDefaults,
  earlyStoppingDefaults,
  eluDefaults,
  leakyReluDefaults,
  oneCycleDefaults,
  performanceDefaults,
  rmspropDefaults,
  rreluDefaults,
  sgdDefaults,
} from './defaults.js';
import { assertNever, type GradientClipping, type KernelInitializer, type LrScheduleSpec, type LayerSpec, type ModelSpec, type OptimizerSpec } from './spec.js';

/** Path of an inserted or removed layer (the whole layer is the value). */
export const LAYER_PATH = 'layers[*]';

/** Path of a field of the layers a grouped change covers: `layers[*].activation`. */
export function layerFieldPath(field: string): string {
  return `${LAYER_PATH}.${field}`;
}

/**
 * The changes from `a` to `b`, in document order: name, description, dataset, preprocess,
 * then the layers (by position), then training. Identical documents give `{changes: []}`.
 *
 * Layers are aligned first (a longest-common-subsequence on `kind`, preferring to pair
 * identical layers), so a layer inserted in the middle is one `inserted` entry and does not
 * shift every later layer into a "change". Two layers of different kinds at one place are
 * a `removed` plus an `inserted` entry: their fields do not correspond. Aligned layers are
 * compared field by field; a run of layers is kept together across layers that do not have
 * the field (a dropout between dense layers does not split an `activation` run), and is
 * split by one that has it and does not make the same change. O(n·m) time and memory in
 * the layer counts (a 1000 × 1000 pair is about a million cells).
 */
export function diffModels(a: ModelSpec, b: ModelSpec): ModelDiff {
  return {
    changes: [
      ...modelLevelChanges(a, b),
      ...layerChanges(a.layers, b.layers),
      ...trainingChanges(a, b),
      ...sectionChanges('transfer', resolvedTransfer(a), resolvedTransfer(b)),
    ],
  };
}

function changed(path: string, from: unknown, to: unknown): ModelChange {
  return { path, from, to, kind: 'changed' };
}

function same(x: unknown, y: unknown): boolean {
  return x === y || valueKey(x) === valueKey(y);
}

/** Resolved values are built in canonical key order, so their JSON identifies them. */
function valueKey(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}

function modelLevelChanges(a: ModelSpec, b: ModelSpec): ModelChange[] {
  const fields: [string, (m: ModelSpec) => unknown][] = [
    ['name', (m) => m.name],
    ['description', (m) => m.description ?? null],
    ['dataset', (m) => m.dataset],
    // Omitted: every class of the dataset.
    ['classes', (m) => m.classes ?? null],
    ['preprocess', (m) => m.preprocess],
  ];
  return fields.filter(([, get]) => !same(get(a), get(b))).map(([path, get]) => changed(path, get(a), get(b)));
}

function trainingChanges(a: ModelSpec, b: ModelSpec): ModelChange[] {
  const out: ModelChange[] = [];
  const oa = resolvedOptimizer(a.training.optimizer);
  const ob = resolvedOptimizer(b.training.optimizer);
  for (const key of unionKeys(oa, ob)) {
    const inA = Object.hasOwn(oa, key);
    const inB = Object.hasOwn(ob, key);
    if (inA && inB) {
      if (!same(oa[key], ob[key])) out.push(changed(`training.optimizer.${key}`, oa[key], ob[key]));
      continue;
    }
    // A field only one optimizer has (sgd's momentum, adam's beta_1) is named only when it says
    // more than the optimizer's name already does: a default value comes with the name.
    const [opt, value] = inA ? [a.training.optimizer.name, oa[key]] : [b.training.optimizer.name, ob[key]];
    if (same(value, (DEFAULTS[opt] as Record<string, unknown>)[key])) continue;
    out.push(changed(`training.optimizer.${key}`, inA ? value : null, inB ? value : null));
  }
  for (const key of ['epochs', 'batch_size', 'seed'] as const) {
    if (a.training[key] !== b.training[key]) out.push(changed(`training.${key}`, a.training[key], b.training[key]));
  }
  out.push(
    ...sectionChanges('training.lr_schedule', resolvedSchedule(a.training.lr_schedule), resolvedSchedule(b.training.lr_schedule)),
    ...sectionChanges('training.early_stopping', resolvedEarlyStopping(a), resolvedEarlyStopping(b)),
    ...sectionChanges('training.unfreeze', resolvedUnfreeze(a), resolvedUnfreeze(b)),
  );
  return out;
}

type Section = Record<string, unknown> | null;

/**
 * An optional object (schedule, early stopping, unfreeze, transfer), resolved or `null` when
 * absent: added, removed or of another `name` it is one change of the whole object
 * (`training.lr_schedule: null → {name: 'one_cycle', …}`), else one change per field
 * (`training.early_stopping.patience: 5 → 10`).
 */
function sectionChanges(path: string, a: Section, b: Section): ModelChange[] {
  if (a === null || b === null || a.name !== b.name) return same(a, b) ? [] : [changed(path, a, b)];
  return unionKeys(a, b)
    .filter((key) => !same(a[key], b[key]))
    .map((key) => changed(`${path}.${key}`, a[key] ?? null, b[key] ?? null));
}

/** The schedule with its defaults filled, `name` first; null when the rate stays constant. */
function resolvedSchedule(s: LrScheduleSpec | undefined): Section {
  if (s === undefined) return null;
  switch (s.name) {
    case 'power':
      return { name: s.name, decay_steps: s.decay_steps, power: s.power ?? DEFAULTS.power.power };
    case 'exponential':
      return { name: s.name, decay_steps: s.decay_steps, decay_rate: s.decay_rate };
    case 'piecewise_constant':
      return { name: s.name, boundaries: [...s.boundaries], values: [...s.values] };
    case 'performance':
      return { ...performanceDefaults(s) };
    case 'one_cycle':
      return { ...oneCycleDefaults(s) };
    default:
      return assertNever(s);
  }
}

function resolvedEarlyStopping(m: ModelSpec): Section {
  return m.training.early_stopping === undefined ? null : { ...earlyStoppingDefaults(m.training.early_stopping) };
}

function resolvedUnfreeze(m: ModelSpec): Section {
  const u = m.training.unfreeze;
  return u === undefined ? null : { after_epochs: u.after_epochs, learning_rate: u.learning_rate };
}

function resolvedTransfer(m: ModelSpec): Section {
  return m.transfer === undefined ? null : { run: m.transfer.run, layers: m.transfer.layers };
}

function unionKeys(x: Record<string, unknown>, y: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(x), ...Object.keys(y)])];
}

/** The optimizer with its defaults filled, `name` first. */
function resolvedOptimizer(opt: OptimizerSpec): Record<string, unknown> {
  switch (opt.name) {
    case 'sgd':
      return { ...sgdDefaults(opt), ...clipping(opt) };
    case 'adagrad':
      return { ...adagradDefaults(opt), ...clipping(opt) };
    case 'rmsprop':
      return { ...rmspropDefaults(opt), ...clipping(opt) };
    case 'adam':
      return { ...adamDefaults(opt), ...clipping(opt) };
    case 'adamax':
    case 'nadam':
      return { ...adamFamilyDefaults(opt), ...clipping(opt) };
    case 'adamw':
      return { ...adamwDefaults(opt), ...clipping(opt) };
    default:
      return assertNever(opt);
  }
}

/** Clipping is off when omitted; `null` says so in both documents, so only a real change is listed. */
function clipping(opt: GradientClipping): { clipnorm: number | null; clipvalue: number | null } {
  return { clipnorm: opt.clipnorm ?? null, clipvalue: opt.clipvalue ?? null };
}

/**
 * A layer with every default filled, as a fresh object in canonical key order (`kind`
 * first), so two layers that train the same give the same JSON.
 */
function resolvedLayer(layer: LayerSpec): Record<string, unknown> {
  switch (layer.kind) {
    case 'flatten':
      return { kind: layer.kind };
    case 'prelu':
      return withFrozen({ kind: layer.kind }, layer.trainable);
    case 'dense': {
      const d = denseDefaults(layer);
      const out: Record<string, unknown> = { ...d, kernel_initializer: canonicalInitializer(d.kernel_initializer) };
      const reg = layer.kernel_regularizer;
      if (reg !== undefined && ((reg.l1 ?? 0) > 0 || (reg.l2 ?? 0) > 0)) out.kernel_regularizer = { l1: reg.l1 ?? 0, l2: reg.l2 ?? 0 };
      if (layer.kernel_constraint !== undefined) out.kernel_constraint = { name: 'max_norm', max_value: layer.kernel_constraint.max_value };
      return withFrozen(out, layer.trainable);
    }
    case 'leaky_relu':
      return { ...leakyReluDefaults(layer) };
    case 'rrelu':
      return { ...rreluDefaults(layer) };
    case 'elu':
      return { ...eluDefaults(layer) };
    case 'activation':
      return { kind: 'activation', activation: layer.activation };
    case 'batch_normalization':
      return withFrozen({ ...batchNormalizationDefaults(layer) }, layer.trainable);
    case 'dropout':
    case 'alpha_dropout':
      return { kind: layer.kind, rate: layer.rate };
    default:
      return assertNever(layer);
  }
}

/**
 * Version-2 layer fields a resolved layer carries only when they do something (a regularizer,
 * a constraint, `trainable: false`), so layers written before them resolve as they always
 * did; a field one side lacks stands for the value here.
 */
const ABSENT_LAYER_FIELDS: Readonly<Record<string, unknown>> = { kernel_regularizer: null, kernel_constraint: null, trainable: true };

function withFrozen(layer: Record<string, unknown>, trainable: boolean | undefined): Record<string, unknown> {
  return trainable === false ? { ...layer, trainable: false } : layer;
}

/** A resolved layer's field, or what its absence means. */
function fieldOf(layer: Record<string, unknown>, field: string): unknown {
  return Object.hasOwn(layer, field) ? layer[field] : ABSENT_LAYER_FIELDS[field];
}

function canonicalInitializer(init: KernelInitializer): KernelInitializer {
  if (typeof init === 'string') return init;
  switch (init.name) {
    case 'random_normal':
      return { name: init.name, mean: init.mean, stddev: init.stddev };
    case 'random_uniform':
      return { name: init.name, minval: init.minval, maxval: init.maxval };
    case 'variance_scaling':
      return { name: init.name, scale: init.scale, mode: init.mode, distribution: init.distribution };
    default:
      return assertNever(init);
  }
}

/** One step of the alignment: a pair of layers, or a layer only one document has. */
type Step = { op: 'pair'; a: number; b: number } | { op: 'removed'; a: number } | { op: 'inserted'; b: number };

/**
 * Aligns two layer lists: as many same-kind pairs as possible and, among those alignments,
 * as many identical pairs as possible (so removing one of three dense layers pairs the two
 * that are still equal). A pair scores `weight` per kind match plus 1 when identical; with
 * `weight` above any possible count of identical pairs, the kind matches always dominate.
 */
function align(kindA: Int32Array, keyA: Int32Array, kindB: Int32Array, keyB: Int32Array): Step[] {
  const n = kindA.length;
  const m = kindB.length;
  const weight = Math.min(n, m) + 1;
  const w = m + 1;
  // score[i*w + j]: best score aligning a[i..] with b[j..].
  const score = new Int32Array((n + 1) * w);
  const pairScore = (i: number, j: number): number => (kindA[i] === kindB[j] ? weight + (keyA[i] === keyB[j] ? 1 : 0) : -1);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const p = pairScore(i, j);
      let best = Math.max(score[(i + 1) * w + j]!, score[i * w + j + 1]!);
      if (p > 0) best = Math.max(best, p + score[(i + 1) * w + j + 1]!);
      score[i * w + j] = best;
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const here = score[i * w + j]!;
    if (i < n && j < m) {
      const p = pairScore(i, j);
      if (p > 0 && here === p + score[(i + 1) * w + j + 1]!) {
        steps.push({ op: 'pair', a: i++, b: j++ });
        continue;
      }
    }
    if (i < n && (j === m || here === score[(i + 1) * w + j]!)) steps.push({ op: 'removed', a: i++ });
    else steps.push({ op: 'inserted', b: j++ });
  }
  return steps;
}

/** Small integers for strings, so the alignment compares numbers. */
function interner(): (s: string) => number {
  const ids = new Map<string, number>();
  return (s) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
}

/** A grouped change being built, with where it started (for the final order). */
interface OpenRun {
  change: ModelChange & { layers: [number, number] };
  key: string;
  step: number;
  field: number;
}

function layerChanges(la: readonly LayerSpec[], lb: readonly LayerSpec[]): ModelChange[] {
  const ra = la.map(resolvedLayer);
  const rb = lb.map(resolvedLayer);
  const ka = ra.map(valueKey);
  const kb = rb.map(valueKey);
  const kindId = interner();
  const keyId = interner();
  const steps = align(
    Int32Array.from(ra, (l) => kindId(l.kind as string)),
    Int32Array.from(ka, keyId),
    Int32Array.from(rb, (l) => kindId(l.kind as string)),
    Int32Array.from(kb, keyId),
  );

  const done: OpenRun[] = [];
  const open = new Map<string, OpenRun>();
  const fieldOrder = interner();
  const close = (field: string): void => {
    const run = open.get(field);
    if (run) done.push(run);
    open.delete(field);
  };
  /** Inserted or removed layers: consecutive identical ones are one entry. */
  let whole: (OpenRun & { op: 'inserted' | 'removed' }) | null = null;
  const closeWhole = (): void => {
    if (whole) done.push(whole);
    whole = null;
  };

  steps.forEach((s, at) => {
    if (s.op === 'pair') {
      closeWhole();
      const x = ra[s.a]!;
      const y = rb[s.b]!;
      for (const field of unionKeys(y, x)) {
        if (field === 'kind') continue;
        fieldOrder(field);
        const from = fieldOf(x, field);
        const to = fieldOf(y, field);
        if (same(from, to)) {
          close(field);
          continue;
        }
        const key = `${valueKey(from)}→${valueKey(to)}`;
        const run = open.get(field);
        if (run && run.key === key) {
          run.change.layers[1] = s.b;
          continue;
        }
        close(field);
        open.set(field, {
          change: { path: layerFieldPath(field), from, to, layers: [s.b, s.b], kind: 'changed' },
          key,
          step: at,
          field: fieldOrder(field),
        });
      }
      return;
    }
    const index = s.op === 'inserted' ? s.b : s.a;
    const layer = s.op === 'inserted' ? rb[s.b]! : ra[s.a]!;
    const key = s.op === 'inserted' ? kb[s.b]! : ka[s.a]!;
    // An inserted layer that has a field splits that field's runs: a range must not cover a
    // layer that has the field but did not make the change. Removed layers are not in the
    // second document, whose indexes the ranges count.
    if (s.op === 'inserted') for (const field of Object.keys(layer)) if (field !== 'kind') close(field);
    if (whole && whole.op === s.op && whole.key === key && whole.change.layers[1] === index - 1) {
      whole.change.layers[1] = index;
      return;
    }
    closeWhole();
    const [from, to] = s.op === 'inserted' ? [null, layer] : [layer, null];
    whole = { op: s.op, change: { path: LAYER_PATH, from, to, layers: [index, index], kind: s.op }, key, step: at, field: -1 };
  });
  closeWhole();
  for (const field of [...open.keys()]) close(field);
  return done.sort((x, y) => x.step - y.step || x.field - y.field).map((r) => r.change);
}
