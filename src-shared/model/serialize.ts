import { INITIALIZER_OBJECT_SCHEMAS, LAYER_SCHEMAS, modelSchema, OPTIMIZER_SCHEMAS, trainingSchema } from './schema.js';
import type { KernelInitializer, LayerSpec, ModelSpec, OptimizerSpec } from './spec.js';

/*
 * The schemas' shape order is the canonical key order, so one table drives parsing and writing.
 * Only keys named by a schema are copied, and only own properties are read, so neither an extra
 * key nor a "__proto__" key on the input can reach the output or any prototype.
 */

const MODEL_KEYS = Object.keys(modelSchema.shape);
const TRAINING_KEYS = Object.keys(trainingSchema.shape);

/** The model as canonical JSON: 2-space indent, canonical key order, omitted fields left out, trailing newline. */
export function serializeModel(model: ModelSpec): string {
  return `${JSON.stringify(canonicalModel(model), null, 2)}\n`;
}

/** A fresh plain object with the model's keys in canonical order (what `serializeModel` writes). */
export function canonicalModel(model: ModelSpec): Record<string, unknown> {
  // Replacing the value of a key already present keeps the key's position.
  const training = pick(model.training, TRAINING_KEYS);
  training.optimizer = canonicalOptimizer(model.training.optimizer);
  const out = pick(model, MODEL_KEYS);
  out.layers = model.layers.map(canonicalLayer);
  out.training = training;
  return out;
}

function canonicalLayer(layer: LayerSpec): Record<string, unknown> {
  const out = pick(layer, Object.keys(LAYER_SCHEMAS[layer.kind].shape));
  if (layer.kind === 'dense' && layer.kernel_initializer !== undefined) {
    out.kernel_initializer = canonicalInitializer(layer.kernel_initializer);
  }
  return out;
}

function canonicalInitializer(init: KernelInitializer): KernelInitializer | Record<string, unknown> {
  return typeof init === 'string' ? init : pick(init, Object.keys(INITIALIZER_OBJECT_SCHEMAS[init.name].shape));
}

function canonicalOptimizer(opt: OptimizerSpec): Record<string, unknown> {
  return pick(opt, Object.keys(OPTIMIZER_SCHEMAS[opt.name].shape));
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (!Object.hasOwn(source, key)) continue;
    const value: unknown = (source as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
