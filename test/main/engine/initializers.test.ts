import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KernelInitializer } from '../../../src-shared/model/spec.js';
import {
  TRUNCATION_CORRECTION,
  expectedStd,
  initializerLabel,
  makeKernelInitializer,
  selectBackend,
} from '../../../src-main/engine/index.js';

const inits: KernelInitializer[] = [
  'glorot_uniform',
  'glorot_normal',
  'he_normal',
  'he_uniform',
  'lecun_normal',
  'lecun_uniform',
  { name: 'random_normal', mean: 0, stddev: 1 },
  { name: 'random_uniform', minval: -0.05, maxval: 0.05 },
  { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' },
  { name: 'variance_scaling', scale: 1, mode: 'fan_out', distribution: 'truncated_normal' },
  { name: 'variance_scaling', scale: 1.5, mode: 'fan_in', distribution: 'untruncated_normal' },
];
const fans = [
  [784, 300],
  [300, 100],
  [120, 784],
] as const;

const isTruncated = (init: KernelInitializer) =>
  (typeof init === 'string' && init.endsWith('_normal')) ||
  (typeof init === 'object' && init.name === 'variance_scaling' && init.distribution === 'truncated_normal');

const stats = (values: Float32Array) => {
  let sum = 0;
  let max = 0;
  for (const v of values) {
    sum += v;
    max = Math.max(max, Math.abs(v));
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), max };
};

function draw(init: KernelInitializer, fanIn: number, fanOut: number, seed: number): Float32Array {
  const t = makeKernelInitializer(init, seed).apply([fanIn, fanOut], 'float32');
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

describe('expectedStd: the chapter table', () => {
  it.each([
    { init: 'glorot_normal' as const, fanIn: 784, fanOut: 300, variance: 1 / 542 },
    { init: 'glorot_uniform' as const, fanIn: 784, fanOut: 300, variance: 1 / 542 },
    { init: 'he_normal' as const, fanIn: 784, fanOut: 300, variance: 2 / 784 },
    { init: 'he_uniform' as const, fanIn: 100, fanOut: 10, variance: 2 / 100 },
    { init: 'lecun_normal' as const, fanIn: 300, fanOut: 100, variance: 1 / 300 },
    { init: 'lecun_uniform' as const, fanIn: 300, fanOut: 100, variance: 1 / 300 },
  ])('$init ($fanIn→$fanOut): variance $variance', ({ init, fanIn, fanOut, variance }) => {
    expect(expectedStd(init, fanIn, fanOut)).toBeCloseTo(Math.sqrt(variance), 12);
  });

  it('uniform ±r has std r/√3; labels are readable', () => {
    expect(expectedStd({ name: 'random_uniform', minval: -0.05, maxval: 0.05 }, 1, 1)).toBeCloseTo(0.05 / Math.sqrt(3), 12);
    expect(initializerLabel({ name: 'random_uniform', minval: -0.05, maxval: 0.05 })).toBe('random_uniform(minval=-0.05, maxval=0.05)');
    expect(initializerLabel('he_normal')).toBe('he_normal');
  });
});

describe('makeKernelInitializer', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const cases = inits.flatMap((init) => fans.map(([fanIn, fanOut]) => ({ init, label: initializerLabel(init), fanIn, fanOut })));
  it.each(cases)('$label [$fanIn, $fanOut]: measured std within 2% of theory, mean ≈ 0', ({ init, fanIn, fanOut }) => {
    const values = draw(init, fanIn, fanOut, 11);
    const expected = expectedStd(init, fanIn, fanOut);
    const { mean, std, max } = stats(values);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.02);
    expect(Math.abs(mean)).toBeLessThan(0.02 * expected);
    if (isTruncated(init)) {
      // Cut at 2 raw standard deviations, where raw = std / 0.8796 (Keras' correction).
      const raw = expected / TRUNCATION_CORRECTION;
      expect(max).toBeLessThanOrEqual(2 * raw * (1 + 1e-6));
      expect(max).toBeGreaterThan(1.95 * raw);
    }
  });

  it('same seed → identical weights; different seed → different weights', () => {
    for (const init of inits) {
      const a = draw(init, 50, 40, 5);
      const b = draw(init, 50, 40, 5);
      const c = draw(init, 50, 40, 6);
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
    }
  });

  it("corrects tfjs' own heNormal, which comes out ~0.88× too narrow (the reason this module exists)", () => {
    const t = tf.initializers.heNormal({ seed: 3 }).apply([784, 300]);
    const tfjsStd = stats(t.dataSync() as Float32Array).std;
    t.dispose();
    const ours = stats(draw('he_normal', 784, 300, 3)).std;
    const wanted = Math.sqrt(2 / 784);
    expect(tfjsStd / wanted).toBeGreaterThan(0.86);
    expect(tfjsStd / wanted).toBeLessThan(0.9);
    expect(Math.abs(ours / wanted - 1)).toBeLessThan(0.01);
  });
});
