/**
 * The speed measurement inside the training process, run in this process on wasm so that
 * tfjs' tensor count can be watched: every candidate's model, optimizer slots and inputs
 * are disposed, whether the candidates are measured all together or in groups.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { CANDIDATE_ACTIVATIONS, type CandidateActivation } from '../../../src-shared/wizard/types.js';
import { selectBackend } from '../../../src-main/engine/index.js';
import { groupSize, measureSpeeds, median } from '../../../src-main/trainer/activation-speed.js';
import { SPEED_BUDGET, type SpeedBudget } from '../../../src-main/trainer/speed-budget.js';
import { loadExample } from '../../helpers/examples.js';

/** A few steps each: these tests are about bookkeeping, not timing quality. */
const quick: SpeedBudget = { ...SPEED_BUDGET, warmup_steps: 1, min_steps: 3, max_steps: 3, train_ms: 0, min_inferences: 3, max_inferences: 3, inference_ms: 0 };

function command(model: ModelSpec, candidates: CandidateActivation[]) {
  return { type: 'speeds' as const, model, candidates, batch_size: 32, inference_batch: 64, backend: 'wasm' as const };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('median and groupSize', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[3, 1, 2, 10], 2.5],
  ])('median(%j) = %d', (xs, m) => expect(median(xs)).toBe(m));

  it.each([
    // [parameters, candidates, bytes, group size]
    [266_610, 8, SPEED_BUDGET.group_param_bytes, 8],
    [30_000_000, 8, SPEED_BUDGET.group_param_bytes, 2],
    [10_000_000, 8, SPEED_BUDGET.group_param_bytes, 4],
    [266_610, 1, SPEED_BUDGET.group_param_bytes, 2],
    [266_610, 8, 1, 2],
  ])('%d parameters, %d candidates, %d bytes → groups of %d', (params, n, bytes, size) => expect(groupSize(params, n, bytes)).toBe(size));
});

describe('measureSpeeds in this process (wasm)', () => {
  const mlp = loadExample('leaky-relu');

  it('all eight candidates side by side: positive times, ReLU exactly 1, and no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const r = await measureSpeeds(command(mlp, [...CANDIDATE_ACTIVATIONS]), quick);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend.active).toBe('wasm');
    expect(r.speeds.map((s) => s.activation)).toEqual([...CANDIDATE_ACTIVATIONS]);
    for (const s of r.speeds) {
      for (const v of [s.train_step_ms, s.inference_ms, s.train_relative, s.inference_relative]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThan(0);
      }
    }
    const relu = r.speeds.find((s) => s.activation === 'relu');
    expect(relu?.train_relative).toBe(1);
    expect(relu?.inference_relative).toBe(1);
    // Uptime, backend and the dataset: at least the tfjs import, at most what a test run allows.
    expect(r.startup_ms).toBeGreaterThan(100);
    expect(r.startup_ms).toBeLessThan(120_000);
  });

  it('in groups of two (ReLU beside each other candidate), still no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const r = await measureSpeeds(command(mlp, [...CANDIDATE_ACTIVATIONS]), { ...quick, group_param_bytes: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.speeds.map((s) => s.activation)).toEqual([...CANDIDATE_ACTIVATIONS]);
    expect(r.speeds.every((s) => s.train_step_ms > 0 && s.inference_ms > 0)).toBe(true);
  });

  it('ReLU is measured even when not asked for, first, and a repeated candidate once', async () => {
    const before = tf.memory().numTensors;
    const r = await measureSpeeds(command(mlp, ['elu', 'selu', 'elu']), quick);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.speeds.map((s) => s.activation)).toEqual(['relu', 'elu', 'selu']);
  });
});
