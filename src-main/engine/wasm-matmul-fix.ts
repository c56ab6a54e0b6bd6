/**
 * Speeds up training on the wasm backend. Its BatchMatMul takes the fast XNNPACK path
 * only when neither operand is transposed, and every backward-pass matmul of a Dense
 * layer is transposed (dX = dY·Wᵀ, dW = Xᵀ·dY), so those fall into a scalar loop.
 * Transposing explicitly with the wasm Transpose kernel and then calling the original
 * kernel untransposed gives the same numbers several times faster.
 */
import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];

/** The part of the wasm backend the wrapper needs: freeing kernel outputs it does not return. */
interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

let applied = false;

/** True once {@link applyWasmMatMulFix} has replaced the wasm BatchMatMul kernel in this process. */
export function isWasmMatMulFixApplied(): boolean {
  return applied;
}

/** Swaps the last two axes of `x` with the backend's own Transpose kernel (shape [..., m, n] → [..., n, m]). */
function transposeLastTwo(transpose: KernelFunc, x: tf.TensorInfo, args: KernelArgs): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
}

/**
 * Re-registers the wasm `BatchMatMul` kernel so transposed products are computed as an
 * explicit transpose followed by the untransposed fast path. Idempotent. Requires the
 * wasm backend package to have been imported (its kernels registered); returns false
 * when they are not.
 */
export function applyWasmMatMulFix(): boolean {
  if (applied) return true;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transposeKernel = tf.getKernel('Transpose', 'wasm');
  if (original === undefined || transposeKernel === undefined) return false;
  const originalFunc = original.kernelFunc;
  const transpose = transposeKernel.kernelFunc;

  const fixed: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return originalFunc(args);
    const temps: tf.TensorInfo[] = [];
    const a2 = attrs.transposeA ? transposeLastTwo(transpose, a, args) : a;
    if (a2 !== a) temps.push(a2);
    const b2 = attrs.transposeB ? transposeLastTwo(transpose, b, args) : b;
    if (b2 !== b) temps.push(b2);
    try {
      return originalFunc({
        inputs: { a: a2, b: b2 },
        backend: args.backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      // Kernel outputs that are not returned are not tracked by the engine: free them here.
      const backend = args.backend as unknown as DisposingBackend;
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };

  tf.unregisterKernel('BatchMatMul', 'wasm');
  // Keep the original setupFunc: it binds the C++ entry point the original kernelFunc calls.
  const config: tf.KernelConfig = { ...original, kernelFunc: fixed };
  tf.registerKernel(config);
  applied = true;
  return true;
}
