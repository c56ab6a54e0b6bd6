/**
 * The spec's optimizer (training.optimizer) as one tfjs optimizer class with Keras 3's
 * update rules (optim/rules.ts), Keras' clipping (optim/clip.ts) and a learning rate the
 * schedules set before each step. It is a tf.Optimizer, so `model.fit`-free callers
 * (train.ts, the data-parallel replicas' getWeights/setWeights) use it unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import {
  adagradDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  rmspropDefaults,
  sgdDefaults,
} from '../../src-shared/model/defaults.js';
import { assertNever, type OptimizerSpec } from '../../src-shared/model/spec.js';
import { checkClipping, clipOne } from './optim/clip.js';
import { updateRule, type UpdateRule } from './optim/rules.js';

export { clipGradients, clips, globalNorm } from './optim/clip.js';

/** A named tensor as tf.Optimizer's getWeights/setWeights/applyGradients take it (tfjs does not export the type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The slot variables of one model variable, with the names getWeights reports. */
interface SlotGroup {
  names: string[];
  variables: tf.Variable[];
}

/** `spec` with every omitted setting filled with Keras' default (clipping kept only where given). */
export function resolvedOptimizerSpec(spec: OptimizerSpec): OptimizerSpec {
  const clipping = {
    ...(spec.clipnorm !== undefined ? { clipnorm: spec.clipnorm } : {}),
    ...(spec.clipvalue !== undefined ? { clipvalue: spec.clipvalue } : {}),
  };
  switch (spec.name) {
    case 'sgd':
      return { ...sgdDefaults(spec), ...clipping };
    case 'adagrad':
      return { ...adagradDefaults(spec), ...clipping };
    case 'rmsprop':
      return { ...rmspropDefaults(spec), ...clipping };
    case 'adam':
    case 'adamax':
    case 'nadam':
      return { ...adamFamilyDefaults(spec), ...clipping } as OptimizerSpec;
    case 'adamw':
      return { ...adamwDefaults(spec), ...clipping };
    default:
      return assertNever(spec);
  }
}

/**
 * A Keras-semantics optimizer for spec.training.optimizer; a tf.Optimizer so existing
 * callers (train.ts, data-parallel replicas using getWeights/setWeights) keep working.
 * Slots are created on a variable's first update (zeros; AdaGrad's at
 * initial_accumulator_value) and belong to the variable by name, in order of first use.
 */
export class SpecOptimizer extends tf.Optimizer {
  /** Name matters for tf.serialization (registered below). */
  static get className(): string {
    return 'SpecOptimizer';
  }

  readonly spec: OptimizerSpec;
  /** The rate of the next step; schedules assign it before each step. Starts at spec.learning_rate. */
  learningRate: number;
  private readonly rule: UpdateRule;
  /** Slot groups in order of first use (getWeights order). */
  private groups: SlotGroup[] = [];
  /** Model variable name → index into `groups`. */
  private readonly groupOf = new Map<string, number>();

  constructor(spec: OptimizerSpec) {
    super();
    if (!(spec.learning_rate > 0)) throw new Error(`learning_rate must be positive. Received: learning_rate=${spec.learning_rate}`);
    checkClipping(spec);
    this.rule = updateRule(spec);
    this.spec = spec;
    this.learningRate = spec.learning_rate;
  }

  /** Clips (clipvalue, then clipnorm, per the spec) and applies one update; increments iterations. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const update = this.rule.step(this.iterations + 1, this.learningRate);
    const registered = tf.engine().registeredVariables;
    for (const [name, gradient] of entries) {
      if (gradient == null) continue;
      const variable = registered[name];
      if (variable === undefined) throw new Error(`applyGradients: no variable named ${JSON.stringify(name)}`);
      const slots = this.slotsFor(name, variable);
      tf.tidy(() => update(variable, clipOne(this.spec, gradient), slots));
    }
    this.incrementIterations();
  }

  /** The slot variables of `name`, created on first use (or bound to a group setWeights restored). */
  private slotsFor(name: string, variable: tf.Variable): tf.Variable[] {
    let index = this.groupOf.get(name);
    if (index === undefined) {
      // A variable not seen yet takes the next group: setWeights restores groups in the
      // leader's order, which is the order its gradients arrive here too.
      index = this.groupOf.size;
      this.groupOf.set(name, index);
      if (this.groups[index] === undefined) {
        const initial = this.rule.initialSlotValue;
        this.groups[index] = {
          names: this.rule.slots.map((s) => `${name}/${s}`),
          variables: this.rule.slots.map(() => tf.tidy(() => tf.fill(variable.shape, initial, 'float32').variable(false))),
        };
      }
    }
    return (this.groups[index] as SlotGroup).variables;
  }

  /** Iterations first (a fresh int32 scalar the caller disposes), then each variable's slots in rule order (the optimizer's own variables). */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = this.groups.flatMap((g) => g.variables.map((tensor, i) => ({ name: g.names[i] as string, tensor })));
    return [await this.saveIterations(), ...slots];
  }

  /** Restores getWeights' list (iterations first); the values are copied, the caller keeps its tensors. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slots = await this.extractIterations(weightValues);
    const per = this.rule.slots.length;
    if (per === 0 ? slots.length !== 0 : slots.length % per !== 0) {
      throw new Error(`setWeights: ${slots.length} slot tensors for ${this.spec.name} with ${per} slots per variable (${this.rule.slots.join(', ') || 'none'})`);
    }
    this.disposeSlots();
    for (let i = 0; i < slots.length; i += per) {
      const group = slots.slice(i, i + per);
      this.groups.push({ names: group.map((s) => s.name), variables: group.map((s) => tf.variable(s.tensor, false)) });
    }
  }

  /** The resolved spec (Keras defaults filled) with the current rate: round-trips through fromConfig. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...resolvedOptimizerSpec(this.spec), learning_rate: this.learningRate } as unknown as tf.serialization.ConfigDict;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as unknown as OptimizerSpec);
  }

  override dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const g of this.groups) tf.dispose(g.variables);
    this.groups = [];
    this.groupOf.clear();
  }
}
tf.serialization.registerClass(SpecOptimizer);

/** A fresh optimizer for `spec` (iterations 0, no slots yet, learningRate = spec.learning_rate). Throws, naming the field, on an invalid setting. */
export function makeOptimizer(spec: OptimizerSpec): SpecOptimizer {
  return new SpecOptimizer(spec);
}

/**
 * Disposes an optimizer completely. tfjs' MomentumOptimizer.dispose forgets the
 * learning-rate scalar it inherits from SGD, leaking one tensor per run; kept for callers
 * that still hand in a tfjs optimizer.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c !== undefined && !c.isDisposed) c.dispose();
}
