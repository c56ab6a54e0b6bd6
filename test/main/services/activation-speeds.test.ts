/**
 * `wizard:speeds` with the real training process on wasm: all eight candidates timed for
 * the 300-100 LeakyReLU example, ReLU the reference, measured once per backend and shapes,
 * identical requests sharing one process, and refusals that name the field or say why.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_ACTIVATIONS, type ActivationSpeedResponse } from '../../../src-shared/wizard/types.js';
import { activationSpeeds, clearSpeedCache, INFERENCE_BATCH, shapeKey, speedTimeoutMs } from '../../../src-main/services/activation-speeds.js';
import { dispatch, UserError } from '../../../src-main/services/dispatch.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { nodeTrainerLauncher, type TrainerChannel, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import { examplePath, loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

function exampleJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(examplePath(name), 'utf8')) as Record<string, unknown>;
}

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

/** Times and ratios without the fields that say when and how the answer was produced. */
const numbers = (r: ActivationSpeedResponse) => ({ backend: r.backend, batch_size: r.batch_size, speeds: r.speeds, startup_ms: r.startup_ms });

const mlp = exampleJson('leaky-relu');

beforeAll(() => clearSpeedCache());
afterAll(() => clearSpeedCache());

describe('activationSpeeds with the real training process (wasm)', () => {
  const c = counting();
  let first: ActivationSpeedResponse;

  it('the 300-100 LeakyReLU model: eight candidates, positive finite times, ReLU the reference at exactly 1', async () => {
    first = await activationSpeeds({ model: mlp, backend: 'wasm' }, { launcher: c.launcher });
    expect(c.count()).toBe(1);
    expect(first.cached).toBe(false);
    expect(first.backend).toBe('wasm');
    expect(first.batch_size).toBe(32); // the model's training.batch_size
    expect(first.inference_batch).toBe(INFERENCE_BATCH);
    expect(Number.isNaN(Date.parse(first.measured_at))).toBe(false);
    expect(first.speeds.map((s) => s.activation)).toEqual([...CANDIDATE_ACTIVATIONS]);
    for (const s of first.speeds) {
      for (const v of [s.train_step_ms, s.inference_ms, s.train_relative, s.inference_relative]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThan(0);
      }
      // The physics that holds on any load: for a 300-100 MLP the matrix products dominate, so
      // no activation makes a step or a pass several times slower or faster than ReLU. (SELU's and
      // tanh's inference ratios measured 1.1–1.3 here, but a shared machine can blur that.)
      expect(s.train_relative).toBeGreaterThan(0.33);
      expect(s.train_relative).toBeLessThan(3);
      expect(s.inference_relative).toBeGreaterThan(0.33);
      expect(s.inference_relative).toBeLessThan(3);
    }
    const relu = first.speeds.find((s) => s.activation === 'relu');
    expect(relu?.train_relative).toBe(1);
    expect(relu?.inference_relative).toBe(1);
    expect(first.startup_ms).toBeGreaterThan(100);
    expect(first.startup_ms).toBeLessThan(120_000);
  });

  it('a second request for the same shapes answers from memory, identical numbers, no process', async () => {
    const t0 = performance.now();
    const again = await activationSpeeds({ model: mlp, backend: 'wasm' }, { launcher: c.launcher });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(c.count()).toBe(1);
    expect(again.cached).toBe(true);
    expect(again.measured_at).toBe(first.measured_at);
    expect(numbers(again)).toEqual(numbers(first));
    // Name, preprocessing, initializers and hidden activations do not change the shapes measured.
    const renamed = { ...mlp, name: 'another name', preprocess: 'standardize' };
    expect((await activationSpeeds({ model: renamed, batch_size: 32, backend: 'wasm' }, { launcher: c.launcher })).cached).toBe(true);
    expect(c.count()).toBe(1);
  });

  it('answers through the app services (dispatch) from the same cache', async () => {
    const tmp = tempDir();
    const services = createAppServices({ shell: 'lab', runsDir: tmp.dir, canChangeRunsDir: false, launcher: c.launcher, log: () => {} });
    try {
      const r = await dispatch(services.handlers, 'wizard:speeds', { model: mlp, backend: 'wasm' }, { transport: 'lab', client: 'x' });
      expect(r.ok).toBe(true);
      if (r.ok) expect(numbers(r.result as ActivationSpeedResponse)).toEqual(numbers(first));
      expect(c.count()).toBe(1);
    } finally {
      await services.dispose();
      tmp.cleanup();
    }
  });

  it('another batch size (16) is measured anew, and identical requests in flight share one process', async () => {
    const [a, b] = await Promise.all([
      activationSpeeds({ model: mlp, batch_size: 16, backend: 'wasm' }, { launcher: c.launcher }),
      activationSpeeds({ model: mlp, batch_size: 16, backend: 'wasm' }, { launcher: c.launcher }),
    ]);
    expect(c.count()).toBe(2);
    expect(a.cached).toBe(false);
    expect(a.batch_size).toBe(16);
    expect(numbers(b)).toEqual(numbers(a));
    expect(a.speeds.find((s) => s.activation === 'relu')?.train_relative).toBe(1);
    expect(a.speeds.every((s) => Number.isFinite(s.train_step_ms) && s.train_step_ms > 0)).toBe(true);

    // "Measure again" (fresh) skips the cache, measures anew and replaces the cached entry.
    const again = await activationSpeeds({ model: mlp, batch_size: 16, backend: 'wasm', fresh: true }, { launcher: c.launcher });
    expect(c.count()).toBe(3);
    expect(again.cached).toBe(false);
    expect(again.measured_at > a.measured_at).toBe(true);
    const later = await activationSpeeds({ model: mlp, batch_size: 16, backend: 'wasm' }, { launcher: c.launcher });
    expect(later.cached).toBe(true);
    expect(later.measured_at).toBe(again.measured_at);
    expect(c.count()).toBe(3);
  });
});

describe('refusals', () => {
  it('an invalid model names the field `model` and starts nothing', async () => {
    const c = counting();
    const bad = { ...mlp, layers: [{ kind: 'flatten' }, { kind: 'dense', units: 0 }] };
    const err = await activationSpeeds({ model: bad }, { launcher: c.launcher }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).field).toBe('model');
    expect((err as UserError).message).toContain('layers[1].units');
    expect(c.count()).toBe(0);
  });

  it('a bad batch size names `batch_size`', async () => {
    const err = await activationSpeeds({ model: mlp, batch_size: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).field).toBe('batch_size');
  });

  it('a process that dies is a coded failure; past one running and eight waiting, busy', async () => {
    // A process that exits at once without answering: the engine is not involved, only the queue.
    const dying: TrainerLauncher = (): TrainerChannel => {
      let exit: ((e: { code: number | null; signal: string | null }) => void) | null = null;
      setTimeout(() => exit?.({ code: 1, signal: null }), 50);
      return { pid: undefined, send: () => {}, onEvent: () => {}, onExit: (l) => (exit = l), release: () => {}, kill: () => {} };
    };
    const requests = Array.from({ length: 10 }, (_, i) =>
      activationSpeeds({ model: mlp, batch_size: 100 + i, backend: 'wasm' }, { launcher: dying }).then(
        () => null,
        (e: unknown) => e as UserError,
      ),
    );
    const errors = await Promise.all(requests);
    const codes = errors.map((e) => e?.i18n?.code);
    expect(codes.filter((x) => x === 'speeds.failed')).toHaveLength(9);
    expect(codes.filter((x) => x === 'busy.speeds')).toHaveLength(1);
    const busy = errors.find((e) => e?.i18n?.code === 'busy.speeds');
    expect(busy?.message).toContain('9 activation speed measurements');
    const failed = errors.find((e) => e?.i18n?.code === 'speeds.failed');
    expect(failed?.message).toContain('ended early');
  });
});

describe('cache key and time limit', () => {
  it('depends on what a step computes, not on names, preprocessing or initializers', () => {
    const m = loadExample('leaky-relu');
    const key = shapeKey(m, 32, 256);
    expect(shapeKey({ ...m, name: 'x', preprocess: 'standardize' }, 32, 256)).toBe(key);
    expect(shapeKey(m, 64, 256)).not.toBe(key);
    expect(shapeKey({ ...m, training: { ...m.training, optimizer: { name: 'adam', learning_rate: 0.001 } } }, 32, 256)).not.toBe(key);
    const wider = { ...m, layers: m.layers.map((l) => (l.kind === 'dense' && l.units === 300 ? { ...l, units: 301 } : l)) };
    expect(shapeKey(wider, 32, 256)).not.toBe(key);
  });

  it('grows with the model: the 100-layer SELU net gets more time than the 300-100 MLP', () => {
    const small = speedTimeoutMs(loadExample('leaky-relu'), 32, 256);
    const deep = speedTimeoutMs(loadExample('selu-100'), 32, 256);
    expect(small).toBeGreaterThan(60_000);
    expect(deep).toBeGreaterThan(small);
  });
});
