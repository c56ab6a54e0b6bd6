/**
 * Gradient Lab's own dense kernels for the tfjs wasm backend. `BatchMatMul` and
 * `_FusedMatMul` are re-registered with kernel functions that run a SIMD128 GEMM
 * (native/dense-kernels/dense_kernels.c) directly on tfjs-wasm's heap: the module
 * imports the backend's own WebAssembly.Memory and is handed the tensors'
 * memoryOffsets, so nothing is copied, transposed or packed. All three products of a
 * Dense layer (X·W forward, dY·Wᵀ and Xᵀ·dY backward) take a native in-place path,
 * where tfjs-wasm runs the backward two at a third of its forward speed.
 *
 * Anything the kernels do not handle (non-float32, prelu / relu6 / unknown
 * activations, bias that is not [N], batch shapes that do not broadcast) goes to the
 * kernel that was registered before, which in the app is the transposed-matmul fix
 * (see backend.ts), so a failure to load this module degrades to that fix.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { DENSE_KERNELS_WASM_BASE64, DENSE_KERNELS_WASM_SHA256 } from './dense-kernels.generated.js';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];

/** dense_kernels.c's exported interface (dense_kernels_abi() == 1). */
export interface DenseKernelExports {
  dense_gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    bias: number,
    act: number,
    alpha: number,
  ): void;
  dense_kernels_abi(): number;
  /** A whole dense-stack step (engine/fused/dense-stack.ts); `desc` is the descriptor's byte offset. */
  dense_stack_grads(desc: number): void;
  sgd_update(w: number, g: number, acc: number, size: number, lr: number, momentum: number, nesterov: number): void;
  sum_slots(dst: number, src: number, k: number, len: number): void;
  l2_norm(p: number, size: number): number;
}

/** The parts of tfjs-wasm's BackendWasm these kernels use (backend_wasm.ts). */
interface WasmBackendLike {
  wasm: { asm?: { memory?: unknown }; HEAPU8?: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number | null } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** A WebAssembly.Memory (the main tsconfig's lib has no WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
/** The slice of the WebAssembly global used here. */
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** tfjs-wasm's FusableActivation codes (kernels/types.ts) for the activations dense_kernels.c fuses. */
const FUSED_ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, leakyrelu: 4, sigmoid: 5, elu: 6 };
const ABI_VERSION = 2;

let registered = false;
let enabled = true;
let kernels: DenseKernelExports | null = null;
let loadError: string | null = null;
let boundMemory: WasmMemory | null = null;
let handledCalls = 0;

function decodeBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/**
 * Instantiates the module against `backend`'s memory, once. On failure remembers why
 * and returns null, so every later call delegates without trying again.
 */
function ensureKernels(backend: WasmBackendLike): DenseKernelExports | null {
  const memory = backend.wasm?.asm?.memory;
  // A re-created wasm backend has a new memory: bind a new instance to it.
  if (kernels !== null && memory === boundMemory) return kernels;
  if (loadError !== null) return null;
  kernels = null;
  try {
    if (!(memory instanceof WA.Memory)) throw new Error('the wasm backend exposes no WebAssembly.Memory (wasm.asm.memory)');
    // Offsets from dataIdMap are into this memory only if it is the heap tfjs writes.
    if (backend.wasm.HEAPU8 !== undefined && backend.wasm.HEAPU8.buffer !== memory.buffer) {
      throw new Error('wasm.asm.memory is not the heap tfjs-wasm uses');
    }
    const bytes = decodeBase64(DENSE_KERNELS_WASM_BASE64);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== DENSE_KERNELS_WASM_SHA256) throw new Error(`embedded module sha256 ${sha} ≠ ${DENSE_KERNELS_WASM_SHA256}`);
    // Synchronous compile: the first kernel call needs it now, and Node (main process,
    // worker threads) has no size limit on synchronous compilation. A non-SIMD runtime
    // or tfjs' threaded build (shared memory) fails here and falls back.
    const module = new WA.Module(bytes);
    const instance = new WA.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as DenseKernelExports;
    if (typeof exports.dense_gemm !== 'function' || exports.dense_kernels_abi() !== ABI_VERSION) {
      throw new Error('dense kernels module has an unexpected interface');
    }
    kernels = exports;
    boundMemory = memory;
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
  }
  return kernels;
}

/** Offsets into the heap of each batch entry of an operand whose batch dims broadcast to `outBatch`. */
function batchOffsets(batch: number[], outBatch: number[], matrixBytes: number): number[] {
  const rank = outBatch.length;
  const padded = [...Array<number>(rank - batch.length).fill(1), ...batch];
  const strides = new Array<number>(rank).fill(0);
  let stride = matrixBytes;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = padded[d] === 1 ? 0 : stride; // a size-1 dim repeats its one entry
    stride *= padded[d] as number;
  }
  const total = outBatch.reduce((n, d) => n * d, 1);
  const out = new Array<number>(total);
  for (let o = 0; o < total; o++) {
    let rest = o;
    let off = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const dim = outBatch[d] as number;
      off += (rest % dim) * (strides[d] as number);
      rest = Math.floor(rest / dim);
    }
    out[o] = off;
  }
  return out;
}

/** Numpy-style broadcast of two batch shapes, or null when they do not broadcast. */
function broadcastBatch(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * op(a)·op(b) (+ bias, activation) into a new output tensor, or null when this
 * product is not one the kernels handle (the caller then delegates).
 */
function denseMatMul(
  args: KernelArgs,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transA: boolean,
  transB: boolean,
  bias: tf.TensorInfo | undefined,
  act: number,
  alpha: number,
): tf.TensorInfo | null {
  if (!enabled || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const m = (transA ? a.shape[ra - 1] : a.shape[ra - 2]) as number;
  const ka = (transA ? a.shape[ra - 2] : a.shape[ra - 1]) as number;
  const kb = (transB ? b.shape[rb - 1] : b.shape[rb - 2]) as number;
  const n = (transB ? b.shape[rb - 2] : b.shape[rb - 1]) as number;
  if (ka !== kb) return null; // the original kernel throws tfjs' own shape error
  const outBatch = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (outBatch === null) return null;
  if (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n)) return null;

  const backend = args.backend as unknown as WasmBackendLike;
  const gemm = ensureKernels(backend);
  if (gemm === null) return null;
  const offsetOf = (t: tf.TensorInfo): number | null => backend.dataIdMap.get(t.dataId)?.memoryOffset ?? null;
  const aBase = offsetOf(a);
  const bBase = offsetOf(b);
  const biasOff = bias === undefined ? 0 : offsetOf(bias);
  if (aBase === null || bBase === null || biasOff === null) return null;

  const out = backend.makeOutput([...outBatch, m, n], 'float32');
  handledCalls++;
  const batches = outBatch.reduce((x, d) => x * d, 1);
  if (batches === 0 || m === 0 || n === 0) return out;
  // makeOutput may have grown the memory; offsets stay valid (only views go stale, and none are kept).
  const cBase = offsetOf(out) as number;
  const aOffs = batchOffsets(a.shape.slice(0, -2), outBatch, m * ka * 4);
  const bOffs = batchOffsets(b.shape.slice(0, -2), outBatch, ka * n * 4);
  const cBytes = m * n * 4;
  for (let i = 0; i < batches; i++) {
    gemm.dense_gemm(
      aBase + (aOffs[i] as number),
      bBase + (bOffs[i] as number),
      cBase + i * cBytes,
      m,
      n,
      ka,
      transA ? 1 : 0,
      transB ? 1 : 0,
      biasOff,
      act,
      alpha,
    );
  }
  return out;
}

/** True once {@link applyWasmDenseKernels} has registered the kernels and the module is instantiated on the wasm backend's memory. */
export function isWasmDenseKernelsApplied(): boolean {
  return registered && kernels !== null;
}

/** How many kernel calls the dense kernels have computed themselves (not delegated) in this process. */
export function wasmDenseKernelsCallCount(): number {
  return handledCalls;
}

/** Why the module could not be instantiated (null while it has not failed). */
export function wasmDenseKernelsError(): string | null {
  return loadError;
}

/**
 * Turns the dense kernels on or off without unregistering them: off, every call goes
 * to the previously registered kernel. For benchmarks and before/after tests.
 */
export function setWasmDenseKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Re-registers the wasm `BatchMatMul` and `_FusedMatMul` kernels with the dense
 * kernels, delegating to the kernels registered before for anything they do not
 * handle. Idempotent. Requires the wasm backend package to have been imported;
 * returns false when its kernels are not registered. Before the wasm backend is
 * initialized it returns true and the module is instantiated on the first matmul;
 * once the backend is initialized (call it again after `tf.setBackend('wasm')`),
 * it instantiates the module now and returns whether that worked.
 */
export function applyWasmDenseKernels(): boolean {
  if (!registered) {
    const batchMatMul = tf.getKernel('BatchMatMul', 'wasm');
    const fusedMatMul = tf.getKernel('_FusedMatMul', 'wasm');
    if (batchMatMul === undefined || fusedMatMul === undefined) return false;
    const batchFallback = batchMatMul.kernelFunc;
    const fusedFallback = fusedMatMul.kernelFunc;

    const batchKernel: KernelFunc = (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      return denseMatMul(args, a, b, !!attrs.transposeA, !!attrs.transposeB, undefined, 0, 0) ?? batchFallback(args);
    };
    const fusedKernel: KernelFunc = (args) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as {
        a: tf.TensorInfo;
        b: tf.TensorInfo;
        bias?: tf.TensorInfo | null;
        preluActivationWeights?: tf.TensorInfo | null;
      };
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean; activation?: string; leakyreluAlpha?: number };
      const act = FUSED_ACTIVATIONS[attrs.activation ?? 'linear'];
      const result =
        act === undefined || preluActivationWeights != null
          ? null
          : denseMatMul(args, a, b, !!attrs.transposeA, !!attrs.transposeB, bias ?? undefined, act, attrs.leakyreluAlpha ?? 0);
      return result ?? fusedFallback(args);
    };

    // Keep the original setupFuncs: they bind the C++ entry points the fallbacks call.
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ ...batchMatMul, kernelFunc: batchKernel });
    tf.unregisterKernel('_FusedMatMul', 'wasm');
    tf.registerKernel({ ...fusedMatMul, kernelFunc: fusedKernel });
    registered = true;
  }
  // Instantiate now if the backend is up (the registry holds only initialized backends;
  // tf.findBackend would start initializing it instead).
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  const backend = registry['wasm'] as WasmBackendLike | undefined;
  if (backend === undefined) return loadError === null;
  return ensureKernels(backend) !== null;
}

/** The memory the kernels were bound to (for tests: it must be the backend's, growth included). */
export function wasmDenseKernelsMemory(): WasmMemory | null {
  return boundMemory;
}

/**
 * The kernels' exports bound to the active wasm backend's memory, or null when that
 * backend is not active or the module could not load (callers then use tfjs ops).
 */
export function denseKernelExports(): DenseKernelExports | null {
  if (!enabled || tf.getBackend() !== 'wasm') return null;
  return ensureKernels(tf.backend() as unknown as WasmBackendLike);
}
