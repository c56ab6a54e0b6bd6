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
import { denseDefaults, eluDefaults, leakyReluDefaults, sgdDefaults } from '../../../src-shared/model/defaults.js';
import type { ActivationId } from '../../../src-shared/model/ids.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { INPUT_FEATURES } from '../../../src-shared/model/summary.js';
import { denseKernelExports, type DenseKernelExports } from '../kernels/wasm-dense-kernels.js';
import { LEAKY_RELU_ACTIVATION_ALPHA } from '../layers/activations.js';
import { layerNames } from '../model-plan.js';

/** Activation codes of dense_kernels.c (S_*). */
const ACT: Readonly<Record<ActivationId, number>> = { linear: 0, relu: 1, leaky_relu: 2, elu: 3, selu: 4, sigmoid: 5, tanh: 6, softmax: 7 };
const SOFTMAX = ACT.softmax;
/** Descriptor words (STACK_HEADER / STACK_PER_LAYER and the H_* / L_* indices of the C). */
const HEADER = 16;
const PER_LAYER = 16;
const H = { L: 0, N: 1, X: 2, Y: 3, TOTAL: 4, DZ: 5, DA: 6, OUT: 7, NORMS: 8, GFLAT: 9 } as const;
const LW = { IN: 0, OUT: 1, ACT: 2, ALPHA: 3, W: 4, B: 5, GW: 6, GB: 7, Z: 8, A: 9 } as const;

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
export interface FusedGrads {
  lossSum: number;
  correct: number;
  norms: number[] | null;
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
  /** Per layer: float offsets (relative) of Z and A in scratch; DZ, DA, OUT offsets. */
  private readonly zOff: number[] = [];
  private readonly aOff: number[] = [];
  private readonly dzOff: number;
  private readonly daOff: number;
  private readonly outOff: number;
  /** Float offsets of each variable in gflat, in order. */
  private readonly varOff: number[] = [];
  private readonly variables: tf.Variable[];
  readonly paramCount: number;

  private constructor(
    private readonly k: DenseKernelExports,
    private readonly layers: readonly StackLayer[],
    private readonly sgd: FusedSgd,
    private readonly maxRows: number,
  ) {
    this.backend = tf.backend() as unknown as WasmHeapBackend;
    let off = 0;
    let maxWidth = 0;
    for (const l of layers) {
      this.zOff.push(off);
      off += maxRows * l.fanOut;
      this.aOff.push(off);
      off += maxRows * l.fanOut;
      maxWidth = Math.max(maxWidth, l.fanOut);
    }
    this.dzOff = off;
    off += maxRows * maxWidth;
    this.daOff = off;
    off += maxRows * maxWidth;
    this.outOff = off;
    off += 1 + layers.length + 2 * maxRows;
    this.scratch = tf.zeros([off]);
    this.variables = layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
    let p = 0;
    for (const v of this.variables) {
      this.varOff.push(p);
      p += v.size;
    }
    this.paramCount = p;
    this.gflat = tf.zeros([p + 2]);
    this.acc = sgd.momentum > 0 ? tf.zeros([p]) : null;
    this.desc = tf.zeros([HEADER + PER_LAYER * layers.length], 'int32');
  }

  /** A fused step for `plan` on the active wasm backend, or null (another backend, or the kernels did not load). */
  static create(plan: FusedPlan, maxRows: number): FusedStack | null {
    if (!plan.ok) return null;
    const k = denseKernelExports();
    if (k === null) return null;
    return new FusedStack(k, plan.layers, plan.sgd, maxRows);
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
    const L = this.layers.length;
    const descOff = this.offset(this.desc);
    const scratch = this.offset(this.scratch);
    const gflat = this.offset(this.gflat);
    // Views are taken after every allocation above: the heap's buffer changes when it grows.
    const i32 = this.backend.wasm.HEAP32;
    const f32 = this.backend.wasm.HEAPF32;
    const d = descOff >> 2;
    i32[d + H.L] = L;
    i32[d + H.N] = n;
    i32[d + H.X] = this.offset(x);
    i32[d + H.Y] = this.offset(y);
    f32[d + H.TOTAL] = total;
    i32[d + H.DZ] = scratch + 4 * this.dzOff;
    i32[d + H.DA] = scratch + 4 * this.daOff;
    i32[d + H.OUT] = scratch + 4 * this.outOff;
    i32[d + H.NORMS] = wantNorms ? 1 : 0;
    i32[d + H.GFLAT] = gflat;
    let v = 0;
    this.layers.forEach((l, i) => {
      const w = d + HEADER + i * PER_LAYER;
      i32[w + LW.IN] = l.fanIn;
      i32[w + LW.OUT] = l.fanOut;
      i32[w + LW.ACT] = l.act;
      f32[w + LW.ALPHA] = l.alpha;
      // Offsets are read every step: an assign (a weight sync, setWeights) gives a variable new storage.
      i32[w + LW.W] = this.offset(l.kernel);
      i32[w + LW.GW] = gflat + 4 * (this.varOff[v] as number);
      v++;
      if (l.bias) {
        i32[w + LW.B] = this.offset(l.bias);
        i32[w + LW.GB] = gflat + 4 * (this.varOff[v] as number);
        v++;
      } else {
        i32[w + LW.B] = 0;
        i32[w + LW.GB] = 0;
      }
      i32[w + LW.Z] = scratch + 4 * (this.zOff[i] as number);
      i32[w + LW.A] = scratch + 4 * (this.aOff[i] as number);
    });
    this.k.dense_stack_grads(descOff);
    const out = this.backend.wasm.HEAPF32;
    const o = (scratch >> 2) + this.outOff;
    let lossSum = 0;
    for (let r = 0; r < n; r++) lossSum += Math.log(out[o + 1 + L + 2 * r] as number) + (out[o + 2 + L + 2 * r] as number);
    const norms = wantNorms ? Array.from(out.subarray(o + 1, o + 1 + L)) : null;
    return { lossSum: lossSum / total, correct: out[o] as number, norms };
  }

  /** Applies the flat buffer's gradients with SGD (tfjs' update formulas), in place. */
  apply(): void {
    const gflat = this.offset(this.gflat);
    const acc = this.acc === null ? 0 : this.offset(this.acc);
    const { learningRate, momentum, nesterov } = this.sgd;
    this.variables.forEach((v, i) => {
      const off = 4 * (this.varOff[i] as number);
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
      const norm = this.k.l2_norm(gflat + 4 * (this.varOff[v] as number), l.kernel.size);
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
