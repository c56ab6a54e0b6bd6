/**
 * `init:sample` with the real training process: the engine's initializers produce the
 * chapter's standard deviations, bounded shapes, and refusals that name the field.
 */
import { describe, expect, it } from 'vitest';
import type { KernelInitializer } from '../../../src-shared/model/spec.js';
import { INIT_SAMPLE_LIMITS } from '../../../src-shared/ipc/contract.js';
import { sampleInit } from '../../../src-main/services/init-sampler.js';
import { dispatch, UserError } from '../../../src-main/services/dispatch.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import { TRUNCATION_CORRECTION } from '../../../src-main/engine/initializers.js';
import { tempDir } from '../../helpers/tmp.js';

function counting(): { launcher: TrainerLauncher; count: () => number } {
  const base = nodeTrainerLauncher();
  let n = 0;
  return {
    count: () => n,
    launcher: () => {
      n++;
      return base();
    },
  };
}

const within = (actual: number, expected: number, rel: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(rel);

describe('sampleInit with the real training process', () => {
  it('he_normal 784×300: measured std within 2% of sqrt(2/784), truncated at 2σ/0.8796, a bounded subsample', async () => {
    const r = await sampleInit({ initializer: 'he_normal', fan_in: 784, fan_out: 300, seed: 42 });
    const sigma = Math.sqrt(2 / 784);
    expect(r.count).toBe(784 * 300);
    expect(r.expected_std).toBeCloseTo(sigma, 12);
    within(r.measured_std, sigma, 0.02);
    expect(Math.abs(r.measured_mean)).toBeLessThan(0.01 * sigma);
    expect(r.seed).toBe(42);
    expect(r.values.length).toBeLessThanOrEqual(INIT_SAMPLE_LIMITS.max_values);
    expect(r.values.length).toBeGreaterThan(INIT_SAMPLE_LIMITS.max_values * 0.9);
    // Keras' truncated normal: drawn with std σ/0.8796, cut at 2 of those std.
    const cut = (2 * sigma) / TRUNCATION_CORRECTION;
    expect(Math.max(...r.values.map(Math.abs))).toBeLessThanOrEqual(cut * (1 + 1e-6));
    expect(Math.max(...r.values.map(Math.abs))).toBeGreaterThan(cut * 0.95);
  }, 60_000);

  it.each([
    // [initializer, fan_in, fan_out, limit r of the uniform]
    ['he_uniform', 784, 300, Math.sqrt(6 / 784)],
    ['glorot_uniform', 300, 100, Math.sqrt(3 / 200)],
    ['lecun_uniform', 100, 100, Math.sqrt(3 / 100)],
    [{ name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, 784, 300, Math.sqrt(6 / 542)],
    [{ name: 'random_uniform', minval: -0.05, maxval: 0.05 }, 784, 300, 0.05],
  ] as [KernelInitializer, number, number, number][])('%o %d×%d: a box of ±r with std r/√3', async (initializer, fan_in, fan_out, r) => {
    const s = await sampleInit({ initializer, fan_in, fan_out, seed: 3 });
    expect(s.expected_std).toBeCloseTo(r / Math.sqrt(3), 12);
    within(s.measured_std, r / Math.sqrt(3), 0.02);
    // float32 rounding may land a draw a hair past r.
    expect(Math.max(...s.values)).toBeLessThanOrEqual(r * (1 + 1e-6));
    expect(Math.min(...s.values)).toBeGreaterThanOrEqual(-r * (1 + 1e-6));
    expect(Math.max(...s.values)).toBeGreaterThan(r * 0.99);
  }, 60_000);

  it.each([
    [{ name: 'variance_scaling', scale: 1, mode: 'fan_out', distribution: 'untruncated_normal' }, 500, 200, Math.sqrt(1 / 200), 0],
    [{ name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, 784, 300, Math.sqrt(2 / 784), 0],
    [{ name: 'random_normal', mean: 0.5, stddev: 1 }, 300, 100, 1, 0.5],
  ] as [KernelInitializer, number, number, number, number][])('%o %d×%d: std and mean as promised', async (initializer, fan_in, fan_out, std, mean) => {
    const s = await sampleInit({ initializer, fan_in, fan_out, seed: 11 });
    within(s.measured_std, std, 0.02);
    expect(Math.abs(s.measured_mean - mean)).toBeLessThan(0.02 * std);
    if (typeof initializer !== 'string' && initializer.name === 'variance_scaling' && initializer.distribution === 'untruncated_normal') {
      // Untruncated: some draws lie past the 2σ/0.8796 cut of the truncated one.
      expect(Math.max(...s.values.map(Math.abs))).toBeGreaterThan((2 * std) / TRUNCATION_CORRECTION);
    }
  }, 60_000);

  it('same seed, same weights; identical requests in flight share one process; no seed → main picks and reports one', async () => {
    const c = counting();
    const req = { initializer: 'lecun_normal' as const, fan_in: 50, fan_out: 40, seed: 5 };
    const [a, b] = await Promise.all([sampleInit(req, { launcher: c.launcher }), sampleInit(req, { launcher: c.launcher })]);
    expect(c.count()).toBe(1);
    expect(a).toEqual(b);
    const again = await sampleInit(req, { launcher: c.launcher });
    expect(again.values).toEqual(a.values);
    expect(a.values).toHaveLength(2000);
    const unseeded = await sampleInit({ initializer: 'lecun_normal', fan_in: 50, fan_out: 40 }, { launcher: c.launcher });
    expect(Number.isInteger(unseeded.seed)).toBe(true);
  }, 60_000);
});

describe('refusals (before any process starts)', () => {
  it.each([
    [{ initializer: 'he_normal', fan_in: 2001, fan_out: 2000 }, 'fan_out', /2001 × 2000 = 4002000 weights, more than the 4000000 .*received 2000/],
    [{ initializer: 'he_normal', fan_in: 0, fan_out: 10 }, 'fan_in', /received 0/],
    [{ initializer: 'he_normal', fan_in: 100_001, fan_out: 1 }, 'fan_in', /received 100001/],
    [{ initializer: 'he_norm', fan_in: 10, fan_out: 10 }, 'initializer', /expected one of glorot_uniform.*received "he_norm"/],
    [{ initializer: { name: 'variance_scaling', scale: 2, mode: 'fan_x', distribution: 'uniform' }, fan_in: 10, fan_out: 10 }, 'initializer.mode', /expected one of fan_in, fan_out, fan_avg, received "fan_x"/],
    [{ initializer: { name: 'random_uniform', minval: 1, maxval: 0 }, fan_in: 10, fan_out: 10 }, 'initializer.maxval', /expected a number > minval \(1\), received 0/],
    [{ initializer: 'he_normal', fan_in: 10, fan_out: 10, seed: 1.5 }, 'seed', /received 1.5/],
  ])('%o → %s', async (req, field, message) => {
    const c = counting();
    const err = await sampleInit(req, { launcher: c.launcher }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).field).toBe(field);
    expect((err as UserError).message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    expect((err as UserError).message).toMatch(message);
    expect(c.count()).toBe(0);
  });

  it('the IPC path refuses an oversize kernel naming the field and the value', async () => {
    const c = counting();
    const tmp = tempDir();
    const services = createAppServices({ shell: 'lab', runsDir: tmp.dir, canChangeRunsDir: false, launcher: c.launcher, log: () => {} });
    try {
      const r = await dispatch(services.handlers, 'init:sample', { initializer: 'glorot_uniform', fan_in: 100_000, fan_out: 100 }, { transport: 'lab', client: 'x' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.field).toBe('fan_out');
        expect(r.error.message).toContain('100000 × 100 = 10000000 weights');
        expect(r.error.message).toContain('received 100');
      }
      expect(c.count()).toBe(0);
    } finally {
      await services.dispose();
      tmp.cleanup();
    }
  });
});
