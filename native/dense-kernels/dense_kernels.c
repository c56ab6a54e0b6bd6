/*
 * Gradient Lab dense kernels: float32 row-major GEMM for the tfjs wasm backend.
 *
 *   C[M×N] = act(op(A)·op(B) + bias)     op(X) = X or Xᵀ, selected by transA / transB
 *
 * Why this exists: tfjs-wasm runs the two backward products of a Dense layer
 * (dX = dY·Wᵀ and dW = Xᵀ·dY) through an explicit transpose plus XNNPACK, which
 * re-packs weights that change every step. These kernels read the operands in
 * place, in every transpose combination, with SIMD128 register blocking.
 *
 * The module IMPORTS tfjs-wasm's own linear memory, and every pointer below is a
 * byte offset into it (a tensor's memoryOffset). That memory belongs to tfjs'
 * malloc, so this code must never write anything but C: no static data, no
 * globals, no stack (wasm-ld would put a stack at the low addresses of the
 * memory, on top of tfjs' own data). Everything here therefore lives in wasm
 * locals: small always-inlined helpers, no arrays, no address-taken variables.
 * scripts/build-wasm-kernels.mjs verifies the binary (no data segments, no
 * mutable globals, no global.set, only the memory import).
 */
#include <wasm_simd128.h>

typedef unsigned int u32;

#define EXPORT(n) __attribute__((export_name(n), visibility("default")))
#define INLINE static inline __attribute__((always_inline))

/* Must match tfjs-backend-wasm's FusableActivation enum (kernels/types.ts). */
enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_LEAKYRELU = 4, ACT_SIGMOID = 5, ACT_ELU = 6 };

#define SPL(x) wasm_f32x4_splat(x)
#define ADD(a, b) wasm_f32x4_add(a, b)
#define MUL(a, b) wasm_f32x4_mul(a, b)
#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)

/* exp(x) in float32, Cephes expf polynomial (~2 ulp over the clamped range). No libm:
 * the module links nothing. Clamped so that 2^n stays a normal float. */
INLINE v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, SPL(-87.33654f)), SPL(88.0f));
  v128_t fx = wasm_f32x4_floor(ADD(MUL(x, SPL(1.44269504088896341f)), SPL(0.5f)));
  v128_t r = wasm_f32x4_sub(x, MUL(fx, SPL(0.693359375f)));
  r = wasm_f32x4_sub(r, MUL(fx, SPL(-2.12194440e-4f)));
  v128_t y = SPL(1.9875691500e-4f);
  y = ADD(MUL(y, r), SPL(1.3981999507e-3f));
  y = ADD(MUL(y, r), SPL(8.3334519073e-3f));
  y = ADD(MUL(y, r), SPL(4.1665795894e-2f));
  y = ADD(MUL(y, r), SPL(1.6666665459e-1f));
  y = ADD(MUL(y, r), SPL(5.0000001201e-1f));
  y = ADD(ADD(MUL(MUL(y, r), r), r), SPL(1.0f));
  v128_t n = wasm_i32x4_trunc_sat_f32x4(fx);
  v128_t pow2 = wasm_i32x4_shl(wasm_i32x4_add(n, wasm_i32x4_splat(127)), 23);
  return MUL(y, pow2);
}

/* The fused activations, with tfjs' definitions (cpu backend / fused_util). */
INLINE v128_t act4(v128_t v, int act, float alpha) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  switch (act) {
    case ACT_RELU:
      return wasm_v128_bitselect(v, zero, wasm_f32x4_gt(v, zero)); /* x > 0 ? x : 0 */
    case ACT_LEAKYRELU:
      return wasm_v128_bitselect(MUL(v, SPL(alpha)), v, wasm_f32x4_lt(v, zero));
    case ACT_ELU:
      return wasm_v128_bitselect(v, wasm_f32x4_sub(exp4(v), SPL(1.0f)), wasm_f32x4_ge(v, zero));
    case ACT_SIGMOID:
      return wasm_f32x4_div(SPL(1.0f), ADD(SPL(1.0f), exp4(wasm_f32x4_neg(v))));
    default:
      return v;
  }
}

INLINE float act1(float x, int act, float alpha) {
  if (act == ACT_LINEAR) return x;
  return wasm_f32x4_extract_lane(act4(SPL(x), act, alpha), 0);
}

INLINE void store4(float *c, v128_t v, const float *bias, int act, float alpha) {
  if (bias) v = ADD(v, LD(bias));
  ST(c, act4(v, act, alpha));
}

INLINE float hsum(v128_t v) {
  v = ADD(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = ADD(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

/*
 * B not transposed (B is K×N, row stride ldb): the NN and TN products. A element
 * (i, k) is at A[i*sai + k*sak] (NN: sai=K, sak=1; TN: sai=1, sak=M), loaded as a
 * broadcast scalar; B rows are loaded as vectors. One tile is 4 rows × 4·NV columns
 * (NV = 1 or 2; 8 accumulators + 2 B vectors + 1 broadcast fit the 16 SIMD
 * registers of x86-64). Rows past M (mrows < 4) re-read the last valid row and are
 * not stored, so one code path covers the row edge without reading out of bounds.
 */
INLINE void tile_bn(int NV, int mrows, const float *A, int sai, int sak, const float *B, int ldb, float *C,
                    int ldc, int K, const float *bias, int act, float alpha) {
  const float *a0 = A;
  const float *a1 = mrows > 1 ? A + sai : a0;
  const float *a2 = mrows > 2 ? A + 2 * sai : a1;
  const float *a3 = mrows > 3 ? A + 3 * sai : a2;
  v128_t z = wasm_f32x4_splat(0.0f);
  v128_t c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  for (int k = 0; k < K; k++) {
    v128_t b0 = LD(B);
    v128_t x0 = wasm_v128_load32_splat(a0);
    v128_t x1 = wasm_v128_load32_splat(a1);
    v128_t x2 = wasm_v128_load32_splat(a2);
    v128_t x3 = wasm_v128_load32_splat(a3);
    MAC(c00, x0, b0);
    MAC(c10, x1, b0);
    MAC(c20, x2, b0);
    MAC(c30, x3, b0);
    if (NV == 2) {
      v128_t b1 = LD(B + 4);
      MAC(c01, x0, b1);
      MAC(c11, x1, b1);
      MAC(c21, x2, b1);
      MAC(c31, x3, b1);
    }
    B += ldb;
    a0 += sak;
    a1 += sak;
    a2 += sak;
    a3 += sak;
  }
  store4(C, c00, bias, act, alpha);
  if (NV == 2) store4(C + 4, c01, bias ? bias + 4 : 0, act, alpha);
  if (mrows > 1) {
    store4(C + ldc, c10, bias, act, alpha);
    if (NV == 2) store4(C + ldc + 4, c11, bias ? bias + 4 : 0, act, alpha);
  }
  if (mrows > 2) {
    store4(C + 2 * ldc, c20, bias, act, alpha);
    if (NV == 2) store4(C + 2 * ldc + 4, c21, bias ? bias + 4 : 0, act, alpha);
  }
  if (mrows > 3) {
    store4(C + 3 * ldc, c30, bias, act, alpha);
    if (NV == 2) store4(C + 3 * ldc + 4, c31, bias ? bias + 4 : 0, act, alpha);
  }
}

/* Any element range, any strides, scalar: column edges (< 4 columns) and the rare
 * Aᵀ·Bᵀ product. A(i,k) = A[i*sai + k*sak], B(k,j) = B[k*sbk + j*sbj]. */
static void gemm_scalar(const float *A, int sai, int sak, const float *B, int sbk, int sbj, float *C, int ldc,
                        int i0, int i1, int j0, int j1, int K, const float *bias, int act, float alpha) {
  for (int i = i0; i < i1; i++) {
    for (int j = j0; j < j1; j++) {
      const float *a = A + i * sai;
      const float *b = B + j * sbj;
      float s = 0.0f;
      for (int k = 0; k < K; k++) s += a[k * sak] * b[k * sbk];
      if (bias) s += bias[j];
      C[i * ldc + j] = act1(s, act, alpha);
    }
  }
}

static void gemm_bn(const float *A, int sai, int sak, const float *B, float *C, int M, int N, int K,
                    const float *bias, int act, float alpha) {
  int j = 0;
  /* Column panels outermost: a K×8 panel of B (25 KB for K = 784) stays in L1
   * while every 4-row strip of A streams past it. */
  for (; j + 8 <= N; j += 8) {
    for (int i = 0; i < M; i += 4) {
      int mrows = M - i < 4 ? M - i : 4;
      tile_bn(2, mrows, A + i * sai, sai, sak, B + j, N, C + i * N + j, N, K, bias ? bias + j : 0, act, alpha);
    }
  }
  if (j + 4 <= N) {
    for (int i = 0; i < M; i += 4) {
      int mrows = M - i < 4 ? M - i : 4;
      tile_bn(1, mrows, A + i * sai, sai, sak, B + j, N, C + i * N + j, N, K, bias ? bias + j : 0, act, alpha);
    }
    j += 4;
  }
  if (j < N) gemm_scalar(A, sai, sak, B, N, 1, C, N, 0, M, j, N, K, bias, act, alpha);
}

/*
 * A not transposed, B transposed (B stored N×K): the NT product dX = dY·Wᵀ. Both
 * operands are contiguous along k, so each output is a dot product: 4 rows × 2
 * columns of f32x4 partial sums over k (8 accumulators), reduced horizontally at
 * the end, with the k remainder (< 4) added as scalars. Rows / columns past the
 * edge re-read the last valid one and are not stored.
 */
INLINE void tile_nt(int mrows, int ncols, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
                    int K, const float *bias, int act, float alpha) {
  const float *a0 = A;
  const float *a1 = mrows > 1 ? A + lda : a0;
  const float *a2 = mrows > 2 ? A + 2 * lda : a1;
  const float *a3 = mrows > 3 ? A + 3 * lda : a2;
  const float *b0 = B;
  const float *b1 = ncols > 1 ? B + ldb : b0;
  v128_t z = wasm_f32x4_splat(0.0f);
  v128_t c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  int k = 0;
  for (; k + 4 <= K; k += 4) {
    v128_t y0 = LD(b0 + k);
    v128_t y1 = LD(b1 + k);
    v128_t x;
    x = LD(a0 + k);
    MAC(c00, x, y0);
    MAC(c01, x, y1);
    x = LD(a1 + k);
    MAC(c10, x, y0);
    MAC(c11, x, y1);
    x = LD(a2 + k);
    MAC(c20, x, y0);
    MAC(c21, x, y1);
    x = LD(a3 + k);
    MAC(c30, x, y0);
    MAC(c31, x, y1);
  }
  float s00 = hsum(c00), s01 = hsum(c01), s10 = hsum(c10), s11 = hsum(c11);
  float s20 = hsum(c20), s21 = hsum(c21), s30 = hsum(c30), s31 = hsum(c31);
  for (; k < K; k++) {
    float y0 = b0[k], y1 = b1[k];
    s00 += a0[k] * y0;
    s01 += a0[k] * y1;
    s10 += a1[k] * y0;
    s11 += a1[k] * y1;
    s20 += a2[k] * y0;
    s21 += a2[k] * y1;
    s30 += a3[k] * y0;
    s31 += a3[k] * y1;
  }
  float bb0 = bias ? bias[0] : 0.0f;
  float bb1 = bias && ncols > 1 ? bias[1] : 0.0f;
  C[0] = act1(s00 + bb0, act, alpha);
  if (ncols > 1) C[1] = act1(s01 + bb1, act, alpha);
  if (mrows > 1) {
    C[ldc] = act1(s10 + bb0, act, alpha);
    if (ncols > 1) C[ldc + 1] = act1(s11 + bb1, act, alpha);
  }
  if (mrows > 2) {
    C[2 * ldc] = act1(s20 + bb0, act, alpha);
    if (ncols > 1) C[2 * ldc + 1] = act1(s21 + bb1, act, alpha);
  }
  if (mrows > 3) {
    C[3 * ldc] = act1(s30 + bb0, act, alpha);
    if (ncols > 1) C[3 * ldc + 1] = act1(s31 + bb1, act, alpha);
  }
}

static void gemm_nt(const float *A, const float *B, float *C, int M, int N, int K, const float *bias, int act,
                    float alpha) {
  /* Row strips outermost: 4 rows of A (4·K floats) stay in L1 while B streams. */
  for (int i = 0; i < M; i += 4) {
    int mrows = M - i < 4 ? M - i : 4;
    for (int j = 0; j < N; j += 2) {
      int ncols = N - j < 2 ? N - j : 2;
      tile_nt(mrows, ncols, A + i * K, K, B + j * K, K, C + i * N + j, N, K, bias ? bias + j : 0, act, alpha);
    }
  }
}

/**
 * C[M×N] = act(op(A)·op(B) + bias). All pointers are byte offsets into the
 * imported memory; bias = 0 means no bias (offset 0 is never a tfjs allocation).
 * A is stored M×K (K×M when transA), B K×N (N×K when transB), C M×N, all
 * row-major and dense. act is a tfjs FusableActivation code (linear, relu,
 * leakyrelu with alpha, sigmoid, elu); the caller delegates any other.
 */
EXPORT("dense_gemm")
void dense_gemm(u32 a, u32 b, u32 c, int M, int N, int K, int transA, int transB, u32 bias, int act,
                float alpha) {
  const float *A = (const float *)a;
  const float *B = (const float *)b;
  float *C = (float *)c;
  const float *bi = bias ? (const float *)bias : 0;
  if (M <= 0 || N <= 0) return;
  if (!transB) {
    if (!transA)
      gemm_bn(A, K, 1, B, C, M, N, K, bi, act, alpha);
    else
      gemm_bn(A, 1, M, B, C, M, N, K, bi, act, alpha);
  } else if (!transA) {
    gemm_nt(A, B, C, M, N, K, bi, act, alpha);
  } else {
    gemm_scalar(A, 1, M, B, 1, K, C, N, 0, M, 0, N, K, bi, act, alpha);
  }
}

/* ------------------------------------------------------------------------------
 * A whole dense-stack training step in one call (engine/fused/dense-stack.ts).
 *
 * Why: a training step of a plain MLP through tfjs is ~100 kernels for the 300-100
 * net and ~3,700 for 100 SELU layers, each paying JavaScript dispatch; at batch 32
 * that overhead, not arithmetic, is most of the step. Here forward, softmax
 * crossentropy, backward and the gradient norms run in one call on tfjs' own
 * buffers (weights in place), using the GEMM tiles above.
 *
 * The step is described by int32 words in memory (a tfjs int32 tensor); floats are
 * stored as their bit patterns. Header (STACK_HEADER words), then STACK_PER_LAYER
 * words per Dense layer, input to output:
 *   header: L, n, X, Y, total(f32), DZ, DA, OUT, want_norms, GFLAT
 *   layer:  in, out, act, alpha(f32), W, b (0 = none), gW, gb (0 = none), Z, A
 * X is [n×in₀] float32, Y [n] int32 labels, Z/A [n×out] pre-activation/output
 * buffers, DZ/DA two [n×max width] scratch buffers, gW/gb where the gradients go
 * (inside the flat gradient buffer), OUT: [correct, norms[L], (s_i, t_i) per row]
 * where the row's loss is log(s_i) + t_i (the log is taken by the caller).
 * The last layer must be S_SOFTMAX: its Z are the logits.
 * ------------------------------------------------------------------------------ */
enum { S_LINEAR = 0, S_RELU = 1, S_LEAKY = 2, S_ELU = 3, S_SELU = 4, S_SIGMOID = 5, S_TANH = 6, S_SOFTMAX = 7 };
enum { STACK_HEADER = 16, STACK_PER_LAYER = 16 };
enum { H_L = 0, H_N = 1, H_X = 2, H_Y = 3, H_TOTAL = 4, H_DZ = 5, H_DA = 6, H_OUT = 7, H_NORMS = 8, H_GFLAT = 9 };
enum { L_IN = 0, L_OUT = 1, L_ACT = 2, L_ALPHA = 3, L_W = 4, L_B = 5, L_GW = 6, L_GB = 7, L_Z = 8, L_A = 9 };

/* Keras/tfjs SELU constants. */
#define SELU_SCALE 1.0507009873554805f
#define SELU_SCALE_ALPHA (1.0507009873554805f * 1.6732632423543772f)

INLINE float f32_at(const int *d, int i) { return ((const float *)d)[i]; }

/* Activation of a pre-activation vector (tfjs' definitions). */
INLINE v128_t sact4(v128_t z, int act, float alpha) {
  v128_t zero = SPL(0.0f);
  v128_t pos = wasm_f32x4_gt(z, zero);
  switch (act) {
    case S_RELU:
      return wasm_v128_bitselect(z, zero, pos);
    case S_LEAKY:
      return wasm_v128_bitselect(z, MUL(z, SPL(alpha)), pos);
    case S_ELU:
      return wasm_v128_bitselect(z, MUL(SPL(alpha), wasm_f32x4_sub(exp4(z), SPL(1.0f))), pos);
    case S_SELU:
      return wasm_v128_bitselect(MUL(z, SPL(SELU_SCALE)), MUL(SPL(SELU_SCALE_ALPHA), wasm_f32x4_sub(exp4(z), SPL(1.0f))), pos);
    case S_SIGMOID:
      return wasm_f32x4_div(SPL(1.0f), ADD(SPL(1.0f), exp4(wasm_f32x4_neg(z))));
    case S_TANH: {
      /* tanh z = sign(z)·(1 − e^(−2|z|)) / (1 + e^(−2|z|)): no overflow for large |z|. */
      v128_t t = exp4(MUL(wasm_f32x4_abs(z), SPL(-2.0f)));
      v128_t r = wasm_f32x4_div(wasm_f32x4_sub(SPL(1.0f), t), ADD(SPL(1.0f), t));
      return wasm_v128_bitselect(wasm_f32x4_neg(r), r, wasm_f32x4_lt(z, zero));
    }
    default:
      return z;
  }
}

/* dL/dz from dL/da, the pre-activation z and the output a (tfjs' gradients: 0 at z = 0 for relu, alpha for leaky). */
INLINE v128_t dact4(v128_t da, v128_t z, v128_t a, int act, float alpha) {
  v128_t zero = SPL(0.0f);
  v128_t pos = wasm_f32x4_gt(z, zero);
  switch (act) {
    case S_RELU:
      return wasm_v128_bitselect(da, zero, pos);
    case S_LEAKY:
      return wasm_v128_bitselect(da, MUL(da, SPL(alpha)), pos);
    case S_ELU: /* a = α(eᶻ − 1) for z ≤ 0, so f'(z) = αeᶻ = a + α (tfjs' EluGrad computes it so too) */
      return wasm_v128_bitselect(da, MUL(da, ADD(a, SPL(alpha))), pos);
    case S_SELU: /* f'(z) = λαeᶻ for z ≤ 0, from z as tfjs does (a + λα would cancel for very negative z) */
      return wasm_v128_bitselect(MUL(da, SPL(SELU_SCALE)), MUL(da, MUL(SPL(SELU_SCALE_ALPHA), exp4(z))), pos);
    case S_SIGMOID:
      return MUL(da, MUL(a, wasm_f32x4_sub(SPL(1.0f), a)));
    case S_TANH:
      return MUL(da, wasm_f32x4_sub(SPL(1.0f), MUL(a, a)));
    default:
      return da;
  }
}

/* a[i] = act(z[i]) over count floats (the tail through a lane of a vector). */
static void activate(const float *z, float *a, int count, int act, float alpha) {
  int i = 0;
  for (; i + 4 <= count; i += 4) ST(a + i, sact4(LD(z + i), act, alpha));
  for (; i < count; i++) a[i] = wasm_f32x4_extract_lane(sact4(SPL(z[i]), act, alpha), 0);
}

/* dz[i] = da[i]·act'(z[i]) over count floats. */
static void backprop_act(const float *da, const float *z, const float *a, float *dz, int count, int act, float alpha) {
  int i = 0;
  for (; i + 4 <= count; i += 4) ST(dz + i, dact4(LD(da + i), LD(z + i), LD(a + i), act, alpha));
  for (; i < count; i++) dz[i] = wasm_f32x4_extract_lane(dact4(SPL(da[i]), SPL(z[i]), SPL(a[i]), act, alpha), 0);
}

INLINE float exp1(float x) { return wasm_f32x4_extract_lane(exp4(SPL(x)), 0); }

/* Sum of squares of count floats. */
static float sum_squares(const float *p, int count) {
  v128_t acc = SPL(0.0f);
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    v128_t v = LD(p + i);
    acc = ADD(acc, MUL(v, v));
  }
  float s = hsum(acc);
  for (; i < count; i++) s += p[i] * p[i];
  return s;
}

/**
 * Forward, softmax crossentropy and backward of a dense stack on n rows: writes every
 * layer's gradients (of Σ rows' losses / total), the hit count, the per-row loss parts
 * and, if asked, each kernel gradient's L2 norm. Weights are only read.
 */
EXPORT("dense_stack_grads")
void dense_stack_grads(u32 desc) {
  const int *d = (const int *)desc;
  const int L = d[H_L], n = d[H_N];
  const float total = f32_at(d, H_TOTAL);
  const int *labels = (const int *)d[H_Y];
  float *out = (float *)d[H_OUT];
  float *dz = (float *)d[H_DZ];
  float *da = (float *)d[H_DA];
  /* Forward: Z = A_prev·W + b, A = act(Z). */
  const float *prev = (const float *)d[H_X];
  for (int l = 0; l < L; l++) {
    const int *ly = d + STACK_HEADER + l * STACK_PER_LAYER;
    const int in = ly[L_IN], width = ly[L_OUT], act = ly[L_ACT];
    float *z = (float *)ly[L_Z];
    gemm_bn(prev, in, 1, (const float *)ly[L_W], z, n, width, in, ly[L_B] ? (const float *)ly[L_B] : 0, ACT_LINEAR, 0.0f);
    if (act != S_SOFTMAX) activate(z, (float *)ly[L_A], n * width, act, f32_at(ly, L_ALPHA));
    prev = (const float *)ly[L_A];
  }
  /* Softmax crossentropy on the last layer's logits: dZ = (softmax − onehot) / total. */
  const int *last = d + STACK_HEADER + (L - 1) * STACK_PER_LAYER;
  const int classes = last[L_OUT];
  const float *logits = (const float *)last[L_Z];
  float correct = 0.0f;
  float *rowParts = out + 1 + L;
  for (int r = 0; r < n; r++) {
    const float *zr = logits + r * classes;
    float *g = dz + r * classes;
    int y = labels[r];
    float m = zr[0];
    int arg = 0;
    for (int j = 1; j < classes; j++) {
      if (zr[j] > m) {
        m = zr[j];
        arg = j;
      }
    }
    float s = 0.0f;
    for (int j = 0; j < classes; j++) {
      float e = exp1(zr[j] - m);
      g[j] = e;
      s += e;
    }
    for (int j = 0; j < classes; j++) g[j] = (g[j] / s - (j == y ? 1.0f : 0.0f)) / total;
    rowParts[2 * r] = s;
    rowParts[2 * r + 1] = m - zr[y];
    if (arg == y) correct += 1.0f;
  }
  out[0] = correct;
  /* Backward: gW = A_prevᵀ·dZ, gb = Σ_rows dZ, dA_prev = dZ·Wᵀ, dZ_prev = dA_prev ⊙ act'. */
  for (int l = L - 1; l >= 0; l--) {
    const int *ly = d + STACK_HEADER + l * STACK_PER_LAYER;
    const int in = ly[L_IN], width = ly[L_OUT];
    const float *aPrev = l == 0 ? (const float *)d[H_X] : (const float *)(d + STACK_HEADER + (l - 1) * STACK_PER_LAYER)[L_A];
    float *gW = (float *)ly[L_GW];
    gemm_bn(aPrev, 1, in, dz, gW, in, width, n, 0, ACT_LINEAR, 0.0f);
    if (ly[L_GB]) {
      float *gb = (float *)ly[L_GB];
      int j = 0;
      for (; j + 4 <= width; j += 4) {
        v128_t acc = SPL(0.0f);
        for (int r = 0; r < n; r++) acc = ADD(acc, LD(dz + r * width + j));
        ST(gb + j, acc);
      }
      for (; j < width; j++) {
        float acc = 0.0f;
        for (int r = 0; r < n; r++) acc += dz[r * width + j];
        gb[j] = acc;
      }
    }
    if (d[H_NORMS]) {
      float sq = sum_squares(gW, in * width);
      out[1 + l] = wasm_f32x4_extract_lane(wasm_f32x4_sqrt(SPL(sq)), 0);
    }
    if (l > 0) {
      const int *below = d + STACK_HEADER + (l - 1) * STACK_PER_LAYER;
      gemm_nt(dz, (const float *)ly[L_W], da, n, in, width, 0, ACT_LINEAR, 0.0f);
      backprop_act(da, (const float *)below[L_Z], (const float *)below[L_A], dz, n * in, below[L_ACT], f32_at(below, L_ALPHA));
    }
  }
}

/**
 * One SGD update of size floats, exactly as tfjs computes it (c = −lr):
 * plain w ← c·g + w; momentum: acc ← m·acc + g, then w ← c·acc + w or, Nesterov,
 * w ← c·(g + acc·m) + w. acc = 0 means plain SGD.
 */
EXPORT("sgd_update")
void sgd_update(u32 w, u32 g, u32 acc, int size, float lr, float momentum, int nesterov) {
  float *W = (float *)w;
  const float *G = (const float *)g;
  float *A = acc ? (float *)acc : 0;
  const float c = -lr;
  if (!A) {
    int i = 0;
    for (; i + 4 <= size; i += 4) ST(W + i, ADD(MUL(SPL(c), LD(G + i)), LD(W + i)));
    for (; i < size; i++) W[i] = c * G[i] + W[i];
    return;
  }
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t gi = LD(G + i);
    v128_t ai = ADD(MUL(SPL(momentum), LD(A + i)), gi);
    ST(A + i, ai);
    v128_t step = nesterov ? ADD(gi, MUL(ai, SPL(momentum))) : ai;
    ST(W + i, ADD(MUL(SPL(c), step), LD(W + i)));
  }
  for (; i < size; i++) {
    float ai = momentum * A[i] + G[i];
    A[i] = ai;
    float step = nesterov ? G[i] + ai * momentum : ai;
    W[i] = c * step + W[i];
  }
}

/** dst[i] = Σ_p src[p·len + i] for p = 0…K−1, always in that order (data-parallel shards' gradients). */
EXPORT("sum_slots")
void sum_slots(u32 dst, u32 src, int K, int len) {
  float *D = (float *)dst;
  const float *S = (const float *)src;
  int i = 0;
  for (; i + 4 <= len; i += 4) {
    v128_t acc = LD(S + i);
    for (int p = 1; p < K; p++) acc = ADD(acc, LD(S + p * len + i));
    ST(D + i, acc);
  }
  for (; i < len; i++) {
    float acc = S[i];
    for (int p = 1; p < K; p++) acc += S[p * len + i];
    D[i] = acc;
  }
}

/** L2 norm of size floats (diagnostics of summed data-parallel gradients). */
EXPORT("l2_norm")
float l2_norm(u32 p, int size) {
  return wasm_f32x4_extract_lane(wasm_f32x4_sqrt(SPL(sum_squares((const float *)p, size))), 0);
}

/** Interface version, checked by the loader before it trusts the exports' signatures. */
EXPORT("dense_kernels_abi")
int dense_kernels_abi(void) { return 2; }
