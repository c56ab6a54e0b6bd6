/**
 * Transfer learning on model documents (the book's "reusing pretrained layers"): a new
 * model B that starts with the first layers of a trained model A. Pure functions on
 * ModelSpec, shared by the CLI `transfer` command, the editor's "reuse layers of a run"
 * dialog and the training service's check of a model that names a source run.
 *
 * Only the layer specs travel here; the weights follow at training time, matched by
 * layer name and shape (`transfer: { run, layers }` in the result tells the trainer which).
 * Names come from each kind's count (dense_1, dense_2, …), so identical first layers in
 * A and B have identical names: that is why the reused layers are copied, not rebuilt.
 */
import { mainMessage, type MainLanguage, type MainMessageCode, type MainMessageParams } from '../i18n/main-messages.js';
import { denseDefaults } from './defaults.js';
import { MODEL_VERSION, type LayerSpec, type ModelSpec, type UnfreezeSpec } from './spec.js';

/** How `reuseLayers` reuses: how many of the source's first layers, frozen or not, and when to unfreeze them. */
export interface ReuseOptions {
  /** The source's first `layers` entries replace the target's first `layers` entries. */
  layers: number;
  /** Freeze the reused layers (`trainable: false` on dense, prelu and batch_normalization). */
  freeze: boolean;
  /** Set `training.unfreeze` (the book: after 4 epochs, at 1e-4); null keeps the target's training as it is. */
  unfreeze: UnfreezeSpec | null;
}

/** One reason the source's first layers cannot be reused as a model's first layers; `code` + `params` translate it. */
export interface ReuseProblem {
  code: Extract<
    MainMessageCode,
    | 'transfer.problem.count_invalid'
    | 'transfer.problem.count_source'
    | 'transfer.problem.count_target'
    | 'transfer.problem.kind'
    | 'transfer.problem.units'
    | 'transfer.problem.use_bias'
    | 'transfer.problem.preprocess'
  >;
  params: MainMessageParams;
}

/** A deep copy of a part of a model document (plain JSON; the shared code has no structuredClone in its lib). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Copies a layer spec; `freeze` makes a layer with weights frozen, otherwise any `trainable` flag is dropped (trainable). */
function copyLayer(layer: LayerSpec, freeze: boolean): LayerSpec {
  const copy = clone(layer);
  if (copy.kind === 'dense' || copy.kind === 'prelu' || copy.kind === 'batch_normalization') {
    if (freeze) copy.trainable = false;
    else delete copy.trainable;
  }
  return copy;
}

/**
 * The number of the source's layers a transfer reuses by default: every layer before its
 * output Dense layer (the last one), whose units are the source's classes and rarely fit
 * the new task. Example: Flatten, Dense(300), Dense(100), Dense(8, softmax) → 3. A source
 * without a Dense layer: 0 (nothing worth reusing).
 */
export function defaultReuseCount(source: ModelSpec): number {
  for (let i = source.layers.length - 1; i >= 0; i--) if (source.layers[i]?.kind === 'dense') return i;
  return 0;
}

/**
 * Why `target`'s first `layers` layers cannot take the source's saved weights, in layer
 * order; empty when they can. Weights load by name and shape, so what must match is each
 * layer's kind (which fixes the names), a Dense layer's units and use_bias (the shapes);
 * activations and initializers may differ. The preprocessing must match too: the reused
 * layers learned features of inputs scaled one way. Example (source Dense(300) at index 1,
 * target Dense(100)): `[{ code: 'transfer.problem.units', params: { index: 1, target: 100, source: 300 } }]`.
 */
export function reuseMismatches(target: ModelSpec, source: ModelSpec, layers: number): ReuseProblem[] {
  if (!Number.isInteger(layers) || layers < 1) return [{ code: 'transfer.problem.count_invalid', params: { layers: String(layers) } }];
  const problems: ReuseProblem[] = [];
  if (layers > source.layers.length) {
    problems.push({ code: 'transfer.problem.count_source', params: { layers, count: source.layers.length } });
  }
  if (layers > target.layers.length) {
    problems.push({ code: 'transfer.problem.count_target', params: { layers, count: target.layers.length } });
  }
  if (target.preprocess !== source.preprocess) {
    problems.push({ code: 'transfer.problem.preprocess', params: { target: target.preprocess, source: source.preprocess } });
  }
  const n = Math.min(layers, source.layers.length, target.layers.length);
  for (let index = 0; index < n; index++) {
    const t = target.layers[index] as LayerSpec;
    const s = source.layers[index] as LayerSpec;
    if (t.kind !== s.kind) {
      problems.push({ code: 'transfer.problem.kind', params: { index, target: t.kind, source: s.kind } });
      continue;
    }
    if (t.kind !== 'dense' || s.kind !== 'dense') continue;
    if (t.units !== s.units) problems.push({ code: 'transfer.problem.units', params: { index, target: t.units, source: s.units } });
    const tb = denseDefaults(t).use_bias;
    const sb = denseDefaults(s).use_bias;
    if (tb !== sb) problems.push({ code: 'transfer.problem.use_bias', params: { index, target: String(tb), source: String(sb) } });
  }
  return problems;
}

/**
 * {@link reuseMismatches} as sentences in `lang`. Example:
 * `reuseProblems(b, a, 2)` → `['layers[1] (dense) has 100 units here but 300 in the source model']`.
 */
export function reuseProblems(target: ModelSpec, source: ModelSpec, layers: number, lang: MainLanguage = 'en'): string[] {
  return reuseMismatches(target, source, layers).map((p) => mainMessage(lang, p.code, p.params));
}

/**
 * Model B on A: the source's first `o.layers` layers (copied, frozen with `o.freeze`)
 * followed by the target's layers from index `o.layers` on, so the target keeps its own
 * head (the output layer for its classes). Everything else is the target's — name,
 * dataset, classes, training — except: `transfer` names the run, `training.unfreeze` is
 * set when given, and `preprocess` is the source's (the reused layers learned on those
 * inputs). The version is 2 (transfer is a version-2 key). Nothing is mutated.
 * Throws a RangeError naming `layers` when it is not an integer from 1 to the source's
 * length, or when it would leave none of the target's layers (no head for its classes).
 * Example: A = [flatten, d300, d100, d8], B = [flatten, d300, d100, d2], layers 3 →
 * [A's flatten, d300, d100 (frozen), B's d2], `transfer: { run, layers: 3 }`.
 */
export function reuseLayers(target: ModelSpec, source: ModelSpec, runId: string, o: ReuseOptions): ModelSpec {
  const { layers } = o;
  if (!Number.isInteger(layers) || layers < 1 || layers > source.layers.length) {
    throw new RangeError(`layers: expected an integer from 1 to ${source.layers.length} (the source model's layers), received ${layers}`);
  }
  if (layers >= target.layers.length) {
    throw new RangeError(
      `layers: ${layers} would replace every layer of ${JSON.stringify(target.name)} (it has ${target.layers.length}); keep at least its output layer`,
    );
  }
  const reused = source.layers.slice(0, layers).map((l) => copyLayer(l, o.freeze));
  const own = target.layers.slice(layers).map((l) => clone(l));
  const training = clone(target.training);
  if (o.unfreeze !== null) training.unfreeze = { ...o.unfreeze };
  const result: ModelSpec = {
    ...clone(target),
    version: MODEL_VERSION,
    preprocess: source.preprocess,
    layers: [...reused, ...own],
    training,
    transfer: { run: runId, layers },
  };
  return result;
}

/** Whether any of the model's first `layers` layers is frozen (what `transfer --json` reports as `frozen`). */
export function reusedLayersFrozen(model: ModelSpec, layers: number): boolean {
  return model.layers.slice(0, layers).some((l) => 'trainable' in l && l.trainable === false);
}
