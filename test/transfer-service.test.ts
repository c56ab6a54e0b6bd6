/**
 * The transfer path's plumbing without training: the service checks `model.transfer.run`
 * in the runs folder before it creates anything (each refusal coded, en + ko, naming the
 * run), hands the source folder to the training process, and records early stopping in
 * status.json; the CLI `transfer` derives model B on A from a stored run, or refuses.
 * The training process is a scripted stand-in here; test/transfer-integration.test.ts
 * trains for real.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../src-main/runs/index.js';
import { QueueLimitError, TrainingService, TransferSourceError } from '../src-main/services/training-service.js';
import { collectEnvironment } from '../src-main/services/environment.js';
import { createAppServices } from '../src-main/services/app-services.js';
import { dispatch } from '../src-main/services/dispatch.js';
import type { TrainerChannel } from '../src-main/trainer/launcher.js';
import type { TrainerCommand } from '../src-main/trainer/protocol.js';
import { transferCommand } from '../src-main/cli/transfer-command.js';
import { CLI_MESSAGES } from '../src-main/cli/messages.js';
import { CliError } from '../src-main/cli/args.js';
import { mainMessage } from '../src-shared/i18n/main-messages.js';
import { runErrorText } from '../src-shared/i18n/run-errors.js';
import { parseModelText } from '../src-shared/model/index.js';
import type { LayerSpec, ModelSpec } from '../src-shared/model/spec.js';
import type { RunFinishedEvent } from '../src-shared/training/events.js';
import { examplePath, loadExample } from './helpers/examples.js';
import { tempDir } from './helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const A = loadExample('transfer-a');
const B = loadExample('transfer-b');
const options = { epochs: 2, batch_size: 32, limit: 200, seed: 1, backend: 'wasm' } as const;

/** Weights files whose byte count matches their manifest (all the store checks without loading them). */
const fakeWeights = {
  modelTopology: {},
  weightSpecs: [{ name: 'dense_1/kernel', shape: [2], dtype: 'float32' }],
  weightData: new Float32Array([1, 2]).buffer,
};

/** A run folder as a finished training leaves it: `status`, and weights unless `weights` is false. */
function storedRun(store: RunStore, model: ModelSpec, status: 'completed' | 'stopped' | 'running' | 'queued' | 'diverged', weights = true): string {
  const h = store.create({ model, environment: collectEnvironment(null, null), options, status: status === 'queued' ? 'queued' : 'running' });
  if (status !== 'running' && status !== 'queued') store.setStatus(h.id, { status, finished_at: new Date().toISOString() });
  if (weights) store.saveWeights(h.id, fakeWeights);
  return h.id;
}

/** A training process that records the start command and answers with `done` (optionally early-stopped). */
function recordingLauncher(done: Record<string, unknown>) {
  const sent: TrainerCommand[] = [];
  const launcher = (): TrainerChannel => {
    let listener: ((e: unknown) => void) | null = null;
    const exits: ((e: { code: number | null; signal: NodeJS.Signals | null }) => void)[] = [];
    return {
      pid: undefined,
      send: (cmd) => {
        sent.push(cmd);
        if (cmd.type === 'start') setTimeout(() => listener?.({ type: 'done', outcome: done }), 5);
      },
      onEvent: (l) => (listener = l),
      onExit: (l) => exits.push(l),
      release: () => setTimeout(() => exits.forEach((l) => l({ code: 0, signal: null })), 1),
      kill: () => exits.forEach((l) => l({ code: null, signal: 'SIGKILL' })),
    };
  };
  return { sent, launcher };
}

function setup(done: Record<string, unknown> = { status: 'completed', diverged_at: null, test_loss: 0.1, test_accuracy: 0.97 }) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const store = new RunStore(t.dir);
  const rec = recordingLauncher(done);
  const service = new TrainingService({ store, launcher: rec.launcher, maxConcurrent: 1 });
  return { dir: t.dir, store, service, sent: rec.sent };
}

const bOnA = (run: string, layers = 6, target: ModelSpec = B): ModelSpec => {
  const hidden = A.layers.slice(0, layers).map((l) => (l.kind === 'dense' ? { ...l, trainable: false } : l));
  return { ...target, layers: [...hidden, ...target.layers.slice(layers)], transfer: { run, layers } };
};

describe('TrainingService: a model that reuses the layers of a run', () => {
  it('hands the source run folder to the training process', async () => {
    const { store, service, sent } = setup();
    const a = storedRun(store, A, 'completed');
    const id = service.start(bOnA(a), options);
    await service.finished(id);
    const start = sent.find((c) => c.type === 'start');
    expect(start).toMatchObject({ type: 'start', transfer_run_dir: store.runDir(a), model: { transfer: { run: a, layers: 6 }, classes: [5, 6] } });
  });

  it('continues a transfer run from its own weights, without reading the source again (it may be gone)', async () => {
    const { store, service, sent } = setup();
    const b = storedRun(store, B, 'completed');
    const id = service.start(bOnA('20261130-070000-deleted-1a2b'), options, 'local', { continued_from: b });
    await service.finished(id);
    const start = sent.find((c) => c.type === 'start');
    expect(start).toMatchObject({ init_weights_run_dir: store.runDir(b) });
    expect(start).not.toHaveProperty('transfer_run_dir');
  });

  it.each([
    ['cannot reuse the layers of /runs/a: it has no saved weights', '/runs/a의 층을 재사용할 수 없습니다: 저장된 가중치가 없습니다'],
    ['cannot continue from /runs/b: it has no saved weights', '/runs/b에서 이어서 학습할 수 없습니다: 저장된 가중치가 없습니다'],
  ])("translates the training process's refusal %s", (reason, korean) => {
    expect(runErrorText(reason, 'ko')).toBe(korean);
    expect(runErrorText(reason, 'en')).toBe(reason);
  });

  it('starts a model without transfer with no source folder', async () => {
    const { service, sent } = setup();
    await service.finished(service.start(B, options));
    expect(sent.find((c) => c.type === 'start')).not.toHaveProperty('transfer_run_dir');
  });

  type Case = [string, (store: RunStore) => ModelSpec, string, (store: RunStore, m: ModelSpec) => Record<string, string | number>];
  const cases: Case[] = [
    ['an unknown run', () => bOnA('20261130-070000-nope-1a2b'), 'transfer.unknown_run', (s) => ({ dir: s.dir })],
    ['a malformed run id', () => bOnA('../etc'), 'transfer.unknown_run', (s) => ({ dir: s.dir })],
    ['a run still training', (s) => bOnA(storedRun(s, A, 'running', false)), 'transfer.active', () => ({ status: 'running' })],
    ['a queued run', (s) => bOnA(storedRun(s, A, 'queued', false)), 'transfer.active', () => ({ status: 'queued' })],
    ['a run without weights (diverged)', (s) => bOnA(storedRun(s, A, 'diverged', false)), 'transfer.no_weights', () => ({ status: 'diverged' })],
    [
      'first layers that differ from the source (units)',
      (s) => {
        const m = bOnA(storedRun(s, A, 'completed'));
        m.layers[2] = { kind: 'dense', units: 64, activation: 'selu' };
        return m;
      },
      'transfer.mismatch',
      () => ({ layers: 6, detail: 'layers[2] (dense) has 64 units here but 100 in the source model' }),
    ],
    [
      'first layers that differ from the source (kind)',
      (s) => {
        const m = bOnA(storedRun(s, A, 'completed'));
        m.layers.splice(1, 0, { kind: 'batch_normalization' } as LayerSpec);
        m.transfer = { run: m.transfer!.run, layers: 2 };
        return m;
      },
      'transfer.mismatch',
      () => ({ layers: 2, detail: 'layers[1] is a batch_normalization layer here but a dense layer in the source model' }),
    ],
  ];
  it.each(cases)('refuses %s before creating anything, with a coded message naming the run', (_what, make, code, params) => {
    const { store, service } = setup();
    const model = make(store);
    const before = store.list().length;
    let error: unknown;
    try {
      service.start(model, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransferSourceError);
    // Every caller that turns queue refusals into coded user errors does the same for this one.
    expect(error).toBeInstanceOf(QueueLimitError);
    const e = error as TransferSourceError;
    const expected = { run_id: model.transfer!.run, ...params(store, model) };
    expect({ code: e.code, params: e.params }).toEqual({ code, params: expected });
    expect(e.message).toBe(`runs:start: ${mainMessage('en', code as never, expected)}`);
    expect(mainMessage('ko', code as never, expected)).toMatch(/[가-힣]/);
    expect(store.list()).toHaveLength(before);
  });

  it('records early stopping in the finished event and in status.json', async () => {
    const early = { epoch: 9, best_epoch: 4, restored: true };
    const { store, service } = setup({ status: 'completed', diverged_at: null, test_loss: 0.2, test_accuracy: 0.9, early_stopped: early });
    const events: RunFinishedEvent[] = [];
    service.on('run:finished', (e) => events.push(e));
    const id = service.start(B, options);
    expect((await service.finished(id)).early_stopped).toEqual(early);
    expect(events[0]?.early_stopped).toEqual(early);
    const status = JSON.parse(readFileSync(join(store.runDir(id), 'status.json'), 'utf8')) as Record<string, unknown>;
    expect(status).toMatchObject({ status: 'completed', early_stopped: early });
  });

  it('leaves early_stopped out of a run that ran every epoch', async () => {
    const { store, service } = setup();
    const id = service.start(B, options);
    expect(await service.finished(id)).not.toHaveProperty('early_stopped');
    expect(JSON.parse(readFileSync(join(store.runDir(id), 'status.json'), 'utf8'))).not.toHaveProperty('early_stopped');
  });
});

describe('runs:start over the contract', () => {
  it('answers a transfer refusal with its code and parameters, for the renderer to translate', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = createAppServices({ shell: 'lab', runsDir: t.dir, canChangeRunsDir: false, maxConcurrentRuns: 1, maxRunsPerClient: 1, log: () => undefined });
    try {
      const gone = '20261130-070000-gone-1a2b';
      const r = await dispatch(s.handlers, 'runs:start', { model: bOnA(gone), options }, { transport: 'lab', client: 'local' });
      expect(r).toEqual({
        ok: false,
        error: {
          message: mainMessage('en', 'transfer.unknown_run', { run_id: gone, dir: t.dir }),
          code: 'transfer.unknown_run',
          params: { run_id: gone, dir: t.dir },
        },
      });
    } finally {
      await s.dispose();
    }
  });
});

describe('CLI transfer', () => {
  const run = (o: Partial<Parameters<typeof transferCommand>[0]> & { run: string; runsDir: string }, lang: 'en' | 'ko' = 'en') => {
    const lines: string[] = [];
    const result = transferCommand({
      modelFile: examplePath('transfer-b'),
      layers: null,
      freeze: true,
      unfreezeAfter: null,
      unfreezeRate: null,
      json: false,
      msg: CLI_MESSAGES[lang],
      out: (l) => lines.push(l),
      ...o,
    });
    return result.then((code) => ({ code, lines }));
  };
  const refusal = async (p: Promise<unknown>): Promise<CliError> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof CliError) return e;
      throw e;
    }
    throw new Error('not refused');
  };

  it("prints B on A: A's first six layers frozen, B's head, the book's unfreeze at a tenth of B's rate", async () => {
    const { store, dir } = setup();
    const a = storedRun(store, A, 'completed');
    const { code, lines } = await run({ run: a, runsDir: dir, unfreezeAfter: 4 });
    expect(code).toBe(0);
    const parsed = parseModelText(lines.join('\n'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.model).toEqual({
      ...B,
      layers: [...bOnA(a).layers],
      training: { ...B.training, unfreeze: { after_epochs: 4, learning_rate: 1e-4 } },
      transfer: { run: a, layers: 6 },
    });
    // Canonical order: `transfer` is written last, as the schema orders it.
    expect(lines.join('\n').trimEnd().split('\n').slice(-5)[0]).toBe('  "transfer": {');
  });

  it('takes a run folder path as well, and prints one JSON object with --json', async () => {
    const { store } = setup();
    const a = storedRun(store, A, 'completed');
    const other = tempDir();
    cleanups.push(other.cleanup);
    const { lines } = await run({ run: store.runDir(a), runsDir: other.dir, json: true, layers: 3, freeze: false });
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] as string) as { model: ModelSpec; run: string; layers: number; frozen: boolean };
    expect({ run: out.run, layers: out.layers, frozen: out.frozen }).toEqual({ run: a, layers: 3, frozen: false });
    expect(out.model.layers.slice(0, 3)).toEqual(A.layers.slice(0, 3));
    expect(out.model.layers.slice(3)).toEqual(B.layers.slice(3));
    expect(out.model.training).not.toHaveProperty('unfreeze');
  });

  it.each<[string, 'en' | 'ko', (s: RunStore, dir: string) => Partial<Parameters<typeof transferCommand>[0]> & { run: string; runsDir: string }, string, number]>([
    ['an unknown run', 'en', (_s, dir) => ({ run: 'nope', runsDir: dir }), 'nope: no such run in the runs folder DIR, and not a run folder either', 1],
    ['a run without weights', 'en', (s, dir) => ({ run: storedRun(s, A, 'stopped', false), runsDir: dir }), 'run RUN has no saved weights (status stopped): there are no layers to reuse', 1],
    ['a run still training, in Korean', 'ko', (s, dir) => ({ run: storedRun(s, A, 'running', false), runsDir: dir }), '실행 RUN이(가) 아직 running 상태입니다. 끝난 뒤에 그 층을 재사용할 수 있습니다', 1],
    [
      'too many layers',
      'en',
      (s, dir) => ({ run: storedRun(s, A, 'completed'), runsDir: dir, layers: 7 }),
      '--layers: expected an integer from 1 to 6 (the source model has 7 layers; this model needs at least one of its own 7 left as its output), received 7',
      2,
    ],
    ['a rate without --unfreeze-after', 'en', (s, dir) => ({ run: storedRun(s, A, 'completed'), runsDir: dir, unfreezeRate: 1e-4 }), '--unfreeze-rate: give --unfreeze-after too (after how many epochs the layers are unfrozen)', 2],
    ['unfreezing unfrozen layers', 'en', (s, dir) => ({ run: storedRun(s, A, 'completed'), runsDir: dir, freeze: false, unfreezeAfter: 4 }), '--unfreeze-after: with --no-freeze the reused layers are not frozen, so there is nothing to unfreeze', 2],
  ])('refuses %s', async (_what, lang, make, message, exit) => {
    const { store, dir } = setup();
    const o = make(store, dir);
    const e = await refusal(run(o, lang));
    expect(e.message).toBe(message.replace('DIR', dir).replace('RUN', o.run));
    expect(e.exitCode).toBe(exit);
  });

  it('refuses an unfreeze at or after the last epoch with the validator\'s line', async () => {
    const { store, dir } = setup();
    const e = await refusal(run({ run: storedRun(store, A, 'completed'), runsDir: dir, unfreezeAfter: 20 }));
    expect(e.message.split('\n')[0]).toBe(`the model derived from ${examplePath('transfer-b')} is not valid:`);
    expect(e.message).toMatch(/unfreeze\.after_epochs/);
    expect(e.exitCode).toBe(1);
  });
});
