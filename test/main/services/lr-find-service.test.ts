/**
 * `lr:find` with the real training process (wasm, 1,000 Fashion-MNIST images): the sweep
 * comes back through the IPC dispatcher with the run options applied, identical requests
 * share one process, and bad requests are refused naming the field before any process starts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { findLearningRateFor, LrFindError, MAX_CONCURRENT_LR_FINDS, MAX_WAITING_LR_FINDS } from '../../../src-main/services/lr-find-service.js';
import { nodeTrainerLauncher, type TrainerChannel, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import { lrFindMessage, parseLrFindMessage } from '../../../src-shared/i18n/lr-find-messages.js';
import type { LrFindResult } from '../../../src-shared/training/lr-finder.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-lr-find-');
afterAll(() => tmp.cleanup());

function counting(): { launcher: TrainerLauncher; count: () => number } {
  const base = nodeTrainerLauncher();
  let n = 0;
  return { count: () => n, launcher: () => (n++, base()) };
}

/** A training process that never answers (holds a slot of the pool until killed). */
function silent(): { launcher: TrainerLauncher; kill: () => void } {
  const kills: (() => void)[] = [];
  return {
    kill: () => kills.forEach((k) => k()),
    launcher: (): TrainerChannel => {
      let exit: ((e: { code: number | null; signal: string | null }) => void) | null = null;
      kills.push(() => exit?.({ code: null, signal: 'SIGTERM' }));
      return { pid: undefined, send: () => {}, onEvent: () => {}, onExit: (l) => (exit = l), release: () => {}, kill: () => exit?.({ code: null, signal: 'SIGTERM' }) };
    },
  };
}

const model = loadExample('leaky-relu');

describe('lr:find through the dispatcher', () => {
  it('sweeps the model with the run options and suggests 10× below the minimum', async () => {
    const c = counting();
    const services = createAppServices({ shell: 'lab', runsDir: tmp.dir, canChangeRunsDir: false, launcher: c.launcher, log: () => {} });
    try {
      const req = { model, options: { limit: 1000, batch_size: 32, backend: 'wasm' as const, learning_rate: 0.5 }, min_rate: 1e-4, max_rate: 10, steps: 60 };
      const ctx = { transport: 'lab' as const, client: 'x' };
      const [a, b] = await Promise.all([dispatch(services.handlers, 'lr:find', req, ctx), dispatch(services.handlers, 'lr:find', { ...req, options: { ...req.options, learning_rate: 0.001 } }, ctx)]);
      expect(c.count()).toBe(1);
      if (!a.ok) throw new Error(a.error.message);
      expect(a.ok && b.ok).toBe(true);
      if (!a.ok || !b.ok) return;
      expect(b.result).toEqual(a.result);
      const r = a.result as LrFindResult;
      expect(r.backend).toBe('wasm');
      expect(r.batch_size).toBe(32);
      expect(r.points[0]?.learning_rate).toBe(1e-4);
      expect(r.stopped_early).toBe(true);
      expect(r.points.length).toBeLessThan(60);
      expect(r.min_loss_rate).not.toBeNull();
      expect(r.suggested_rate).toBe(Number(((r.min_loss_rate as number) / 10).toPrecision(2)));
    } finally {
      await services.dispose();
    }
  }, 120_000);
});

describe('refusals', () => {
  it.each([
    [{ model, options: {}, min_rate: 0.1, max_rate: 0.01 }, 'max_rate', 'max_rate: expected min_rate (0.1) below max_rate (0.01), received 0.01'],
    [{ model, options: {}, min_rate: 2 }, 'min_rate', 'min_rate: expected min_rate (2) below max_rate (1), received 2'],
    [{ model, options: {}, steps: 5 }, 'steps', 'steps: Too small: expected number to be >=10, received 5'],
    [{ model, options: {}, max_rate: 20 }, 'max_rate', 'received 20'],
    [{ model, options: { limit: 0 } }, 'options.limit', 'received 0'],
    [{ model, options: {}, epochs: 3 }, 'payload', 'unknown key(s) epochs'],
    [{ model: { ...model, layers: [] }, options: {} }, 'model', 'layers'],
  ])('%#: %s', async (req, field, message) => {
    const c = counting();
    const err = await findLearningRateFor(req, { launcher: c.launcher }).then(
      () => null,
      (e: unknown) => e as { field?: string; message: string },
    );
    expect(err?.field).toBe(field);
    expect(err?.message).toContain(message);
    expect(c.count()).toBe(0);
  });

  it(`refuses past ${MAX_CONCURRENT_LR_FINDS} running and ${MAX_WAITING_LR_FINDS} waiting, in both languages`, async () => {
    const s = silent();
    const pending = Array.from({ length: MAX_CONCURRENT_LR_FINDS + MAX_WAITING_LR_FINDS }, (_, i) =>
      findLearningRateFor({ model, options: { seed: i } }, { launcher: s.launcher }).catch((e: unknown) => e),
    );
    const err = await findLearningRateFor({ model, options: { seed: 99 } }, { launcher: s.launcher }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LrFindError);
    const e = err as LrFindError;
    expect(e.message).toBe('10 learning-rate searches are already running or waiting; try again in a moment.');
    expect(parseLrFindMessage(e.message)).toEqual({ code: 'lr_find.busy', params: { count: '10' } });
    expect(lrFindMessage('ko', e.code, e.params)).toBe('이미 학습률 탐색 10개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.');
    // The running ones end (their processes "exit"): they and each waiting one fail with the process's words.
    s.kill();
    const first = (await pending[0]) as LrFindError;
    expect(first.code).toBe('lr_find.failed');
    expect(first.message).toBe('The learning-rate finder could not run: process ended early (code null, signal SIGTERM)');
    for (let i = 1; i < pending.length; i++) {
      s.kill();
      await pending[i];
    }
  });
});

describe('parseLrFindMessage', () => {
  it.each([
    ['The learning-rate finder could not run: the training split is empty', { code: 'lr_find.failed', params: { detail: 'the training split is empty' } }],
    ['2 learning-rate searches are already running or waiting; try again in a moment.', { code: 'lr_find.busy', params: { count: '2' } }],
    ['layers: expected at least 1 layer', null],
  ])('%s', (text, expected) => {
    expect(parseLrFindMessage(text)).toEqual(expected);
  });
});
