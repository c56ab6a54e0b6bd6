import {
  earlyStoppingSchema,
  INITIALIZER_OBJECT_SCHEMAS,
  kernelConstraintSchema,
  kernelRegularizerSchema,
  LAYER_SCHEMAS,
  LR_SCHEDULE_SCHEMAS,
  modelSchema,
  OPTIMIZER_SCHEMAS,
  trainingSchema,
  transferSchema,
  unfreezeSchema,
} from './schema.js';
import type { KernelInitializer, LayerSpec, ModelSpec, OptimizerSpec } from './spec.js';

/*
 * The schemas' shape order is the canonical key order, so one table drives parsing and writing.
 * Only keys named by a schema are copied, and only own properties are read, so neither an extra
 * key nor a "__proto__" key on the input can reach the output or any prototype.
 */

const MODEL_KEYS = Object.keys(modelSchema.shape);
const TRAINING_KEYS = Object.keys(trainingSchema.shape);
const EARLY_STOPPING_KEYS = Object.keys(earlyStoppingSchema.shape);
const UNFREEZE_KEYS = Object.keys(unfreezeSchema.shape);
const TRANSFER_KEYS = Object.keys(transferSchema.shape);
const REGULARIZER_KEYS = Object.keys(kernelRegularizerSchema.shape);
const CONSTRAINT_KEYS = Object.keys(kernelConstraintSchema.shape);

/** The model as canonical JSON: 2-space indent, canonical key order, omitted fields left out, trailing newline. */
export function serializeModel(model: ModelSpec): string {
  return `${JSON.stringify(canonicalModel(model), null, 2)}\n`;
}

/** A fresh plain object with the model's keys in canonical order (what `serializeModel` writes). */
export function canonicalModel(model: ModelSpec): Record<string, unknown> {
  // Replacing the value of a key already present keeps the key's position.
  const training = pick(model.training, TRAINING_KEYS);
  const t = model.training;
  training.optimizer = canonicalOptimizer(t.optimizer);
  if (t.lr_schedule !== undefined) {
    const schedule = pick(t.lr_schedule, Object.keys(LR_SCHEDULE_SCHEMAS[t.lr_schedule.name].shape));
    for (const [key, value] of Object.entries(schedule)) if (Array.isArray(value)) schedule[key] = [...(value as unknown[])];
    training.lr_schedule = schedule;
  }
  if (t.early_stopping !== undefined) training.early_stopping = pick(t.early_stopping, EARLY_STOPPING_KEYS);
  if (t.unfreeze !== undefined) training.unfreeze = pick(t.unfreeze, UNFREEZE_KEYS);
  const out = pick(model, MODEL_KEYS);
  // A fresh array, so the output shares nothing with the input.
  if (model.classes !== undefined) out.classes = [...model.classes];
  out.layers = model.layers.map(canonicalLayer);
  out.training = training;
  if (model.transfer !== undefined) out.transfer = pick(model.transfer, TRANSFER_KEYS);
  return out;
}

function canonicalLayer(layer: LayerSpec): Record<string, unknown> {
  const out = pick(layer, Object.keys(LAYER_SCHEMAS[layer.kind].shape));
  if (layer.kind === 'dense') {
    if (layer.kernel_initializer !== undefined) out.kernel_initializer = canonicalInitializer(layer.kernel_initializer);
    if (layer.kernel_regularizer !== undefined) out.kernel_regularizer = pick(layer.kernel_regularizer, REGULARIZER_KEYS);
    if (layer.kernel_constraint !== undefined) out.kernel_constraint = pick(layer.kernel_constraint, CONSTRAINT_KEYS);
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
