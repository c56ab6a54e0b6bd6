/**
 * The fused dense-stack step: a whole training step of a plain MLP (Dense layers with
 * element-wise activations, a softmax head, SGD with or without momentum) in one call
 * into the dense kernels module (native/dense-kernels/dense_kernels.c), working in
 * place on tfjs-wasm's buffers. Why: through tfjs such a step is ~100 kernel calls
 * (300-100 net) to ~3,700 (100 SELU layers), and at batch 32 their JavaScript dispatch
 * costs more than the arithmetic. Models with anything else (dropout, batch
 * normalization, PReLU, RReLU, Adam…) train through tfjs as before; `fusedStackPlan`
 * says why a model does not qualify. The weights stay tfjs variables, so everything
 * else (diagnostics, evaluation, saving) reads them as usual.
 */
import * as tf from '@tensorflow/tfjs';
import { denseDefaults, eluDefaults, isTrainable, leakyReluDefaults, sgdDefaults } from '../../../src-shared/model/defaults.js';
import type { ActivationId } from '../../../src-shared/model/ids.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { INPUT_FEATURES } from '../../../src-shared/model/summary.js';
import { denseKernelExports, type DenseKernelExports } from '../kernels/wasm-dense-kernels.js';
import { LEAKY_RELU_ACTIVATION_ALPHA } from '../layers/activations.js';
import { layerNames } from '../model-plan.js';
import {
  HEADER,
  PER_LAYER,
  STACK_ACT,
  paramLayout,
  readOutputs,
  scratchLayout,
  writeDescriptor,
  type ScratchLayout,
  type StackShape,
  type StepBuffers,
  type StepOutputs,
} from './descriptor.js';

/** Activation codes of dense_kernels.c (S_*), per spec activation. */
const ACT: Readonly<Record<ActivationId, number>> = STACK_ACT;
const SOFTMAX = ACT.softmax;

/** One Dense layer of the stack with its activation folded in. */
export interface StackLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  fanIn: number;
  fanOut: number;
  act: number;
  alpha: number;
}

/** SGD settings of the fused update (tfjs semantics: plain SGD when momentum is 0). */
export interface FusedSgd {
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

/** A model the fused step can train, or why not. */
export type FusedPlan = { ok: true; layers: StackLayer[]; sgd: FusedSgd } | { ok: false; reason: string };

/**
 * Whether `spec` (built as `model`) is a plain dense stack the fused step handles:
 * Flatten first (optional), Dense layers each followed by at most one activation layer
 * (when the Dense itself is linear), softmax on the last Dense, SGD. The variables
 * must be `variables` in order (the model's trainable weights).
 */
export function fusedStackPlan(spec: ModelSpec, model: tf.LayersModel, variables: readonly tf.Variable[]): FusedPlan {
  const opt = spec.training.optimizer;
  if (opt.name !== 'sgd') return { ok: false, reason: `optimizer ${opt.name}` };
  // The kernel computes plain gradients and a plain SGD update: anything that changes
  // either trains through tfjs ops instead (a per-step learning rate it does take).
  if (opt.clipnorm !== undefined || opt.clipvalue !== undefined) return { ok: false, reason: 'gradient clipping' };
  if (spec.training.unfreeze !== undefined) return { ok: false, reason: 'training.unfreeze' };
  const names = layerNames(spec);
  const layers: StackLayer[] = [];
  let foldable = false;
  let fanIn = INPUT_FEATURES;
  for (let i = 0; i < spec.layers.length; i++) {
    const layer = spec.layers[i];
    if (layer === undefined) break;
    const last = layers[layers.length - 1];
    switch (layer.kind) {
      case 'flatten':
        if (i !== 0) return { ok: false, reason: `layers[${i}]: flatten after the first layer` };
        break;
      case 'dense': {
        if (!isTrainable(layer)) return { ok: false, reason: `layers[${i}]: frozen (trainable false)` };
        if (layer.kernel_regularizer !== undefined) return { ok: false, reason: `layers[${i}]: kernel_regularizer` };
        if (layer.kernel_constraint !== undefined) return { ok: false, reason: `layers[${i}]: kernel_constraint` };
        const d = denseDefaults(layer);
        const weights = model.getLayer(names[i] as string).trainableWeights.map((w) => w.read() as tf.Variable);
        const kernel = weights[0];
        if (kernel === undefined) return { ok: false, reason: `layers[${i}]: no kernel` };
        layers.push({
          kernel,
          bias: d.use_bias ? (weights[1] ?? null) : null,
          fanIn,
          fanOut: d.units,
          act: ACT[d.activation],
          alpha: d.activation === 'leaky_relu' ? LEAKY_RELU_ACTIVATION_ALPHA : d.activation === 'elu' ? 1 : 0,
        });
        foldable = d.activation === 'linear';
        fanIn = d.units;
        break;
      }
      case 'leaky_relu':
      case 'elu':
      case 'activation': {
        if (!foldable || last === undefined) return { ok: false, reason: `layers[${i}]: ${layer.kind} not right after a linear Dense` };
        if (layer.kind === 'leaky_relu') {
          last.act = ACT.leaky_relu;
          last.alpha = leakyReluDefaults(layer).alpha;
        } else if (layer.kind === 'elu') {
          last.act = ACT.elu;
          last.alpha = eluDefaults(layer).alpha;
        } else {
          last.act = ACT[layer.activation];
          last.alpha = layer.activation === 'leaky_relu' ? LEAKY_RELU_ACTIVATION_ALPHA : layer.activation === 'elu' ? 1 : 0;
        }
        foldable = false;
        break;
      }
      default:
        return { ok: false, reason: `layers[${i}]: ${layer.kind}` };
    }
  }
  if (layers.length === 0) return { ok: false, reason: 'no Dense layer' };
  if (layers.some((l, i) => (l.act === SOFTMAX) !== (i === layers.length - 1))) {
    return { ok: false, reason: 'softmax must be the last Dense layer’s activation, and only there' };
  }
  const order = layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  if (order.length !== variables.length || order.some((v, i) => v !== variables[i])) {
    return { ok: false, reason: 'trainable variables are not the Dense kernels and biases in order' };
  }
  const sgd = sgdDefaults(opt);
  return { ok: true, layers, sgd: { learningRate: sgd.learning_rate, momentum: sgd.momentum, nesterov: sgd.nesterov } };
}

/** The part of the wasm backend the fused step reads: tensor offsets and the heap views. */
interface WasmHeapBackend {
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array };
}

/** One shard's or batch's result: the loss part (Σ row losses / total), hits, and kernel gradient norms if asked. */
export type FusedGrads = StepOutputs;

/** The kernel's view of a plan's layers. */
export function stackShapes(layers: readonly StackLayer[]): StackShape[] {
  return layers.map((l) => ({ fanIn: l.fanIn, fanOut: l.fanOut, act: l.act, alpha: l.alpha, hasBias: l.bias !== null }));
}

/** A dense stack's training step, bound to one model's variables. Dispose when done. */
export class FusedStack {
  private readonly backend: WasmHeapBackend;
  private readonly desc: tf.Tensor;
  private readonly scratch: tf.Tensor;
  /** Gradients of every variable in order, then 2 floats (loss part, hits): one data-parallel slot. */
  private readonly gflat: tf.Tensor;
  private readonly acc: tf.Tensor | null;
  private staging: tf.Tensor | null = null;
  private readonly shapes: StackShape[];
  private readonly layout: ScratchLayout;
  private readonly params: { offsets: number[]; sizes: number[]; count: number };
  private readonly variables: tf.Variable[];
  readonly paramCount: number;

  private constructor(
    private readonly k: DenseKernelExports,
    private readonly layers: readonly StackLayer[],
    private readonly sgd: FusedSgd,
    private readonly maxRows: number,
  ) {
    this.backend = tf.backend() as unknown as WasmHeapBackend;
    this.shapes = stackShapes(layers);
    this.layout = scratchLayout(this.shapes, maxRows);
    this.params = paramLayout(this.shapes);
    this.scratch = tf.zeros([this.layout.size]);
    this.variables = layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
    this.paramCount = this.params.count;
    this.gflat = tf.zeros([this.paramCount + 2]);
    this.acc = sgd.momentum > 0 ? tf.zeros([this.paramCount]) : null;
    this.desc = tf.zeros([HEADER + PER_LAYER * layers.length], 'int32');
  }

  /** A fused step for `plan` on the active wasm backend, or null (another backend, or the kernels did not load). */
  static create(plan: FusedPlan, maxRows: number): FusedStack | null {
    if (!plan.ok) return null;
    const k = denseKernelExports();
    if (k === null) return null;
    return new FusedStack(k, plan.layers, plan.sgd, maxRows);
  }

  /** The layers as the kernel sees them and the SGD settings: what a lean replica needs to run the same step. */
  get stack(): { layers: StackShape[]; sgd: FusedSgd } {
    return { layers: this.shapes, sgd: this.sgd };
  }

  private offset(t: tf.Tensor): number {
    return this.backend.getMemoryOffset(t.dataId);
  }

  /**
   * Gradients of (Σ over the rows of x's losses) / `total` into the flat buffer, from
   * images x [n, 28, 28] (float32) and labels y [n] (int32). Weights are only read.
   */
  grads(x: tf.Tensor, y: tf.Tensor, total: number, wantNorms: boolean): FusedGrads {
    const n = x.shape[0] as number;
    if (n > this.maxRows) throw new Error(`fused step: ${n} rows, buffers for ${this.maxRows}`);
    // Offsets are read every step: an assign (a weight sync, setWeights) gives a variable new storage.
    const buf: StepBuffers = {
      desc: this.offset(this.desc),
      x: this.offset(x),
      y: this.offset(y),
      scratch: this.offset(this.scratch),
      gflat: this.offset(this.gflat),
      weights: this.variables.map((v) => this.offset(v)),
    };
    // Views are taken after every allocation: the heap's buffer changes when it grows.
    writeDescriptor(this.backend.wasm.HEAP32, this.backend.wasm.HEAPF32, this.shapes, this.layout, this.params, buf, n, total, wantNorms);
    this.k.dense_stack_grads(buf.desc);
    return readOutputs(this.backend.wasm.HEAPF32, buf.scratch, this.layout, this.layers.length, n, total, wantNorms);
  }

  /** The SGD learning rate of the next apply() (a schedule sets it before every step). */
  get learningRate(): number {
    return this.sgd.learningRate;
  }
  set learningRate(rate: number) {
    const previous = this.sgd.learningRate;
    this.sgd.learningRate = rate;
    // The kernel keeps tfjs' accumulator a = μa + g and steps w −= lr·a; Keras keeps the
    // velocity v = μv − lr·g, so v = −lr·a only while the rate is constant. Rescaling a
    // by old/new when the rate changes keeps the update Keras' exactly (Nesterov too).
    if (this.acc !== null && rate !== previous && previous > 0 && rate > 0) {
      const start = this.offset(this.acc) >> 2;
      const a = this.backend.wasm.HEAPF32.subarray(start, start + this.paramCount);
      const scale = previous / rate;
      for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * scale;
    }
  }

  /** Global L2 norm of the gradients in the flat buffer (every variable), as the last grads()/sumSlots() left them. */
  gradientNorm(): number {
    return this.k.l2_norm(this.offset(this.gflat), this.paramCount);
  }

  /** Applies the flat buffer's gradients with SGD (tfjs' update formulas), in place. */
  apply(): void {
    const gflat = this.offset(this.gflat);
    const acc = this.acc === null ? 0 : this.offset(this.acc);
    const { learningRate, momentum, nesterov } = this.sgd;
    this.variables.forEach((v, i) => {
      const off = 4 * (this.params.offsets[i] as number);
      this.k.sgd_update(this.offset(v), gflat + off, acc === 0 ? 0 : acc + off, v.size, learningRate, momentum, nesterov ? 1 : 0);
    });
  }

  /** Copies the flat gradients into a data-parallel slot, with the loss part and hits in its last two floats. */
  copyGradsTo(slot: Float32Array, grads: FusedGrads): void {
    const start = this.offset(this.gflat) >> 2;
    slot.set(this.backend.wasm.HEAPF32.subarray(start, start + this.paramCount));
    slot[this.paramCount] = grads.lossSum;
    slot[this.paramCount + 1] = grads.correct;
  }

  /** Sums `participants` consecutive slots (`region`) into the flat buffer, in slot order (every replica gets the same float sums). */
  sumSlots(region: Float32Array, participants: number): void {
    const len = this.paramCount + 2;
    if (this.staging === null || this.staging.size < participants * len) {
      this.staging?.dispose();
      this.staging = tf.zeros([participants * len]);
    }
    const staging = this.offset(this.staging);
    this.backend.wasm.HEAPF32.set(region.subarray(0, participants * len), staging >> 2);
    this.k.sum_slots(this.offset(this.gflat), staging, participants, len);
  }

  /** L2 norms of the kernels' gradients in the flat buffer (after sumSlots). */
  kernelNorms(): number[] {
    const gflat = this.offset(this.gflat);
    let v = 0;
    return this.layers.map((l) => {
      const norm = this.k.l2_norm(gflat + 4 * (this.params.offsets[v] as number), l.kernel.size);
      v += l.bias ? 2 : 1;
      return norm;
    });
  }

  /** The momentum accumulators (a copy; empty for plain SGD): a new data-parallel replica starts from them. */
  state(): Float32Array {
    if (this.acc === null) return new Float32Array(0);
    const start = this.offset(this.acc) >> 2;
    return this.backend.wasm.HEAPF32.slice(start, start + this.paramCount);
  }

  /** Sets the momentum accumulators (from another replica's state()). */
  setState(state: Float32Array): void {
    if (this.acc === null || state.length === 0) return;
    if (state.length !== this.paramCount) throw new Error(`fused state: ${state.length} values for ${this.paramCount} parameters`);
    this.backend.wasm.HEAPF32.set(state, this.offset(this.acc) >> 2);
  }

  dispose(): void {
    tf.dispose([this.desc, this.scratch, this.gflat, ...(this.acc ? [this.acc] : []), ...(this.staging ? [this.staging] : [])]);
    this.staging = null;
  }
}
