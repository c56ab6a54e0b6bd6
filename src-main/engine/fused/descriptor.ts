/**
 * The memory layout of a fused dense-stack step (dense_stack_grads in
 * native/dense-kernels/dense_kernels.c), independent of who owns the memory: tfjs-wasm's
 * heap on the training thread (dense-stack.ts), or a data-parallel replica's own
 * WebAssembly.Memory (parallel/lean-replica.ts). No tfjs here.
 */

/** Activation codes of dense_kernels.c (S_*). */
export const STACK_ACT = { linear: 0, relu: 1, leaky_relu: 2, elu: 3, selu: 4, sigmoid: 5, tanh: 6, softmax: 7 } as const;
/** Descriptor words (STACK_HEADER / STACK_PER_LAYER and the H_* / L_* indices of the C). */
export const HEADER = 16;
export const PER_LAYER = 16;
const H = { L: 0, N: 1, X: 2, Y: 3, TOTAL: 4, DZ: 5, DA: 6, OUT: 7, NORMS: 8, GFLAT: 9 } as const;
const LW = { IN: 0, OUT: 1, ACT: 2, ALPHA: 3, W: 4, B: 5, GW: 6, GB: 7, Z: 8, A: 9 } as const;

/** One Dense layer of a stack, as the kernel sees it. */
export interface StackShape {
  fanIn: number;
  fanOut: number;
  act: number;
  alpha: number;
  hasBias: boolean;
}

/** Float offsets inside the scratch buffer: Z and A per layer, the two backward buffers, the outputs. */
export interface ScratchLayout {
  z: number[];
  a: number[];
  dz: number;
  da: number;
  out: number;
  /** Floats in all. */
  size: number;
}

/** Scratch for up to `maxRows` rows. */
export function scratchLayout(layers: readonly StackShape[], maxRows: number): ScratchLayout {
  const z: number[] = [];
  const a: number[] = [];
  let off = 0;
  let maxWidth = 0;
  for (const l of layers) {
    z.push(off);
    off += maxRows * l.fanOut;
    a.push(off);
    off += maxRows * l.fanOut;
    maxWidth = Math.max(maxWidth, l.fanOut);
  }
  const dz = off;
  off += maxRows * maxWidth;
  const da = off;
  off += maxRows * maxWidth;
  const out = off;
  off += 1 + layers.length + 2 * maxRows;
  return { z, a, dz, da, out, size: off };
}

/** Float offsets of each variable (kernel, then bias if any, layer by layer) in the flat gradient, and their total. */
export function paramLayout(layers: readonly StackShape[]): { offsets: number[]; sizes: number[]; count: number } {
  const offsets: number[] = [];
  const sizes: number[] = [];
  let p = 0;
  for (const l of layers) {
    for (const size of l.hasBias ? [l.fanIn * l.fanOut, l.fanOut] : [l.fanIn * l.fanOut]) {
      offsets.push(p);
      sizes.push(size);
      p += size;
    }
  }
  return { offsets, sizes, count: p };
}

/** Byte offsets of one step's buffers. `weights` lists each variable's storage, in paramLayout order. */
export interface StepBuffers {
  desc: number;
  x: number;
  y: number;
  scratch: number;
  gflat: number;
  weights: readonly number[];
}

/** Writes the descriptor of a step on `n` rows into memory (views `i32`/`f32` over it). */
export function writeDescriptor(
  i32: Int32Array,
  f32: Float32Array,
  layers: readonly StackShape[],
  scratch: ScratchLayout,
  params: { offsets: readonly number[] },
  buf: StepBuffers,
  n: number,
  total: number,
  wantNorms: boolean,
): void {
  const d = buf.desc >> 2;
  i32[d + H.L] = layers.length;
  i32[d + H.N] = n;
  i32[d + H.X] = buf.x;
  i32[d + H.Y] = buf.y;
  f32[d + H.TOTAL] = total;
  i32[d + H.DZ] = buf.scratch + 4 * scratch.dz;
  i32[d + H.DA] = buf.scratch + 4 * scratch.da;
  i32[d + H.OUT] = buf.scratch + 4 * scratch.out;
  i32[d + H.NORMS] = wantNorms ? 1 : 0;
  i32[d + H.GFLAT] = buf.gflat;
  let v = 0;
  layers.forEach((l, i) => {
    const w = d + HEADER + i * PER_LAYER;
    i32[w + LW.IN] = l.fanIn;
    i32[w + LW.OUT] = l.fanOut;
    i32[w + LW.ACT] = l.act;
    f32[w + LW.ALPHA] = l.alpha;
    i32[w + LW.W] = buf.weights[v] as number;
    i32[w + LW.GW] = buf.gflat + 4 * (params.offsets[v] as number);
    v++;
    if (l.hasBias) {
      i32[w + LW.B] = buf.weights[v] as number;
      i32[w + LW.GB] = buf.gflat + 4 * (params.offsets[v] as number);
      v++;
    } else {
      i32[w + LW.B] = 0;
      i32[w + LW.GB] = 0;
    }
    i32[w + LW.Z] = buf.scratch + 4 * (scratch.z[i] as number);
    i32[w + LW.A] = buf.scratch + 4 * (scratch.a[i] as number);
  });
}

/** A step's loss part (Σ row losses / total), hits, and the kernel gradient norms if they were asked for. */
export interface StepOutputs {
  lossSum: number;
  correct: number;
  norms: number[] | null;
}

/** Reads a finished step's outputs (the row losses are log(s) + t: the kernel has no log). */
export function readOutputs(f32: Float32Array, scratchByte: number, scratch: ScratchLayout, L: number, n: number, total: number, wantNorms: boolean): StepOutputs {
  const o = (scratchByte >> 2) + scratch.out;
  let lossSum = 0;
  for (let r = 0; r < n; r++) lossSum += Math.log(f32[o + 1 + L + 2 * r] as number) + (f32[o + 2 + L + 2 * r] as number);
  return { lossSum: lossSum / total, correct: f32[o] as number, norms: wantNorms ? Array.from(f32.subarray(o + 1, o + 1 + L)) : null };
}
