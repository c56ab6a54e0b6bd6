import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  BACKEND_PREFERENCES,
  isWasmMatMulFixApplied,
  selectBackend,
} from '../../../src-main/engine/index.js';
import * as runOptions from '../../../src-shared/training/run-options.js';

describe('backend lists', () => {
  it('the engine re-exports the shared preferences, which are auto then the fallback chain in order', () => {
    expect(BACKEND_PREFERENCES).toBe(runOptions.BACKEND_PREFERENCES);
    expect(BACKEND_ENV_VAR).toBe(runOptions.BACKEND_ENV_VAR);
    expect(BACKEND_PREFERENCES).toEqual(['auto', ...BACKEND_NAMES]);
  });
});

describe('selectBackend', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[BACKEND_ENV_VAR];
    delete process.env[BACKEND_ENV_VAR];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[BACKEND_ENV_VAR];
    else process.env[BACKEND_ENV_VAR] = saved;
  });

  it('auto: skips both native backends with reasons and activates wasm with the matmul fix', async () => {
    const report = await selectBackend();
    expect(report.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.requested).toBe('auto');
    expect(report.source).toBe('argument');
    expect(report.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
    const [gpu, node, wasm] = report.attempts;
    expect(gpu?.reason).toMatch(/@tensorflow\/tfjs-node-gpu is not installed \(optional dependency; .*CUDA 11\.2 \+ cuDNN 8\.1\)/);
    expect(node?.reason).toMatch(/@tensorflow\/tfjs-node is not installed \(optional dependency; .*internet/);
    expect(wasm?.reason).toMatch(/SIMD on.*transposed-matmul fix applied/);
    expect(isWasmMatMulFixApplied()).toBe(true);
  });

  it.each([
    { pref: 'cpu' as const, attempts: [['cpu', true]], active: 'cpu' },
    { pref: 'wasm' as const, attempts: [['wasm', true]], active: 'wasm' },
    // A named native backend that is missing falls back along the chain.
    { pref: 'tensorflow' as const, attempts: [['tensorflow', false], ['wasm', true]], active: 'wasm' },
  ])('forced $pref → $active', async ({ pref, attempts, active }) => {
    const report = await selectBackend(pref);
    expect(report.attempts.map((a) => [a.name, a.ok])).toEqual(attempts);
    expect(report.active).toBe(active);
    expect(tf.getBackend()).toBe(active);
    // The active backend really computes.
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1)).dataSync())).toEqual([2, 3]);
  });

  it(`${BACKEND_ENV_VAR} replaces auto; an explicit choice wins over it`, async () => {
    process.env[BACKEND_ENV_VAR] = 'cpu';
    expect(await selectBackend('auto')).toMatchObject({ active: 'cpu', requested: 'cpu', source: 'env' });
    expect(await selectBackend('wasm')).toMatchObject({ active: 'wasm', requested: 'wasm', source: 'argument' });
    delete process.env[BACKEND_ENV_VAR];
    expect((await selectBackend('wasm')).active).toBe('wasm');
  });

  it(`rejects an unknown ${BACKEND_ENV_VAR} value, naming it`, async () => {
    process.env[BACKEND_ENV_VAR] = 'webgpu';
    await expect(selectBackend()).rejects.toThrow(`Received: ${BACKEND_ENV_VAR}=webgpu`);
  });
});
