/**
 * Small seeded PRNG helpers. The engine owns its randomness (shuffles, per-layer
 * initializer seeds, dropout/RReLU noise streams) so that one run seed reproduces
 * a whole run on a given backend.
 */

/** Mixes integers into a 32-bit seed in [1, 2^32), e.g. `deriveSeed(42, 3)` for layer 3 of run 42. */
export function deriveSeed(...parts: number[]): number {
  // FNV-1a over the 32-bit words, then a murmur3 finalizer for avalanche.
  let h = 0x811c9dc5;
  for (const p of parts) {
    const v = Math.floor(p) >>> 0;
    for (let k = 0; k < 4; k++) {
      h ^= (v >>> (8 * k)) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // tfjs treats seed 0 as "unseeded" in its Gaussian samplers, so never return 0.
  return (h >>> 0) || 1;
}

/** mulberry32: returns a function giving floats in [0, 1); same seed → same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of 0..n-1 driven by `rand`; returns a new Int32Array of length n. */
export function shuffledIndices(n: number, rand: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return out;
}
