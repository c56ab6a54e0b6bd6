/**
 * crossval:* over the contract: the schema names the bad field, the handlers start, find
 * and stop a study per client, and its events reach the app's event stream. The folds run
 * on the stand-in trainer (fixtures/stand-in-trainer.mjs): the real trainer's folds are
 * tested in crossval-service.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { nodeTrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { CrossvalFinishedEvent, CrossvalProgressEvent } from '../../../src-shared/wizard/types.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STAND_IN = fileURLToPath(new URL('./fixtures/stand-in-trainer.mjs', import.meta.url));

function services() {
  const t = tempDir();
  const s = createAppServices({
    shell: 'electron',
    runsDir: join(t.dir, 'runs'),
    canChangeRunsDir: true,
    maxConcurrentRuns: 1,
    launcher: nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] }),
    log: () => undefined,
  });
  cleanups.push(t.cleanup, () => s.dispose());
  return { s, dir: t.dir };
}

const ctx = { transport: 'ipc', client: 'local' } as const;
const good = { model: loadExample('he-relu'), candidates: ['elu', 'relu'], folds: 2, limit: 200, epochs: 2 };

describe('crossval:start schema', () => {
  it.each([
    { name: 'a candidate twice', patch: { candidates: ['elu', 'elu'] }, field: 'candidates' },
    { name: 'an unknown candidate', patch: { candidates: ['elu', 'swish'] }, field: 'candidates.1' },
    { name: 'nine candidates', patch: { candidates: ['selu', 'elu', 'leaky_relu', 'rrelu', 'prelu', 'relu', 'tanh', 'sigmoid', 'selu'] }, field: 'candidates' },
    { name: 'one fold', patch: { folds: 1 }, field: 'folds' },
    { name: '2.5 folds', patch: { folds: 2.5 }, field: 'folds' },
    { name: 'a limit of 19', patch: { limit: 19 }, field: 'limit' },
    { name: 'a limit above 55,000', patch: { limit: 55_001 }, field: 'limit' },
    { name: 'zero epochs', patch: { epochs: 0 }, field: 'epochs' },
    { name: 'epochs as text', patch: { epochs: '2' }, field: 'epochs' },
    { name: 'an unknown backend', patch: { backend: 'tpu' }, field: 'backend' },
    { name: 'an unknown key', patch: { dataset: 'mnist' }, field: 'payload' },
    { name: 'an invalid model', patch: { model: { format: 'gradient-lab/model' } }, field: 'model' },
  ])('$name → refused naming $field', async ({ patch, field }) => {
    const { s } = services();
    const r = await dispatch(s.handlers, 'crossval:start', { ...good, ...patch }, ctx);
    expect(r).toMatchObject({ ok: false, error: { field } });
    expect(await s.handlers['runs:list']({}, ctx)).toEqual([]);
  });

  it.each([
    { study_id: 'cv-123' },
    { study_id: '../cv-0123456789ab' },
    { study_id: 'CV-0123456789AB' },
  ])('crossval:stop refuses $study_id naming study_id', async (payload) => {
    const { s } = services();
    expect(await dispatch(s.handlers, 'crossval:stop', payload, ctx)).toMatchObject({ ok: false, error: { field: 'study_id' } });
  });
});

describe('crossval handlers', () => {
  it('start, mine per client, events on the stream, runs listed with their study, stop', async () => {
    process.env['STAND_IN_EPOCH_MS'] = '300';
    const { s, dir } = services();
    const progress: CrossvalProgressEvent[] = [];
    const finished: CrossvalFinishedEvent[] = [];
    s.events.on('crossval:progress', (e) => progress.push(e));
    s.events.on('crossval:finished', (e) => finished.push(e));
    const r = await dispatch(s.handlers, 'crossval:start', good, ctx);
    expect(r.ok).toBe(true);
    const study = (r as { result: CrossvalProgressEvent }).result;
    expect(study).toMatchObject({ done: 0, total: 4, plan: { folds: 2, limit: 200, epochs: 2, candidates: ['elu', 'relu'] } });
    expect((await s.handlers['crossval:mine']({}, ctx)).map((x) => x.study_id)).toEqual([study.study_id]);
    expect(await s.handlers['crossval:mine']({}, { transport: 'lab', client: 'someone-else' })).toEqual([]);
    expect(progress.at(-1)?.study_id).toBe(study.study_id);
    // Moving the runs folder mid-study would split it over two folders.
    expect(await dispatch(s.handlers, 'settings:set-runs-dir', { path: join(dir, 'elsewhere') }, ctx)).toMatchObject({ ok: false, error: { field: 'path' } });
    const runs = await s.handlers['runs:list']({}, ctx);
    expect(runs.map((x) => x.study)).toEqual([{ id: study.study_id, kind: 'crossval', activation: 'elu', fold: 1, folds: 2 }]);

    const stopped = await dispatch(s.handlers, 'crossval:stop', { study_id: study.study_id }, ctx);
    expect(stopped).toMatchObject({ ok: true, result: { status: 'stopped', study_id: study.study_id } });
    expect(finished.map((e) => e.status)).toEqual(['stopped']);
    expect(await s.handlers['crossval:mine']({}, ctx)).toEqual([]);
    const again = await dispatch(s.handlers, 'crossval:stop', { study_id: study.study_id }, ctx);
    expect(again).toMatchObject({ ok: false, error: { field: 'study_id', code: 'crossval.not_active' } });
  });
});
