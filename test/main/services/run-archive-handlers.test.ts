import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { archiveFileName, createRunArchiveHandlers } from '../../../src-main/services/run-archive-handlers.js';
import type { Handlers } from '../../../src-shared/ipc/contract.js';
import { scratchDirs } from '../runs/fixtures.js';
import { recordPlainRun, recordTrainedRun, trainOnce } from '../runs/helpers/trained-runs.js';

const dirs = scratchDirs('gl-archive-handlers-');
const ctx = { transport: 'ipc', client: 'local' } as const;
let store: RunStore;
let trained: string;
let plain: string;
let handlers: Handlers;

beforeAll(async () => {
  store = new RunStore(dirs.fresh());
  trained = recordTrainedRun(store, await trainOnce());
  plain = recordPlainRun(store);
  // Only the three archive channels: dispatch is handed them as the whole handler table.
  handlers = createRunArchiveHandlers(() => store, () => new Date('2026-11-30T02:15:00.789Z')) as unknown as Handlers;
});

async function call(channel: string, payload: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { message: string; code?: string; field?: string; params?: unknown } }> {
  return (await dispatch(handlers, channel, payload, ctx)) as never;
}

describe('archive handlers', () => {
  it.each([
    ['2026-11-30T02:15:00.789Z', 'gradient-lab-runs-20261130-021500.zip'],
    ['2027-01-02T23:04:05Z', 'gradient-lab-runs-20270102-230405.zip'],
  ])('archiveFileName(%s) = %s', (at, name) => {
    expect(archiveFileName(new Date(at))).toBe(name);
  });

  it('runs:export answers base64 that runs:import takes back (renamed: the ids exist here)', async () => {
    const exported = await call('runs:export', { run_ids: [trained, plain], weights: true });
    if (!exported.ok) throw new Error(exported.error.message);
    const r = exported.result as { file_name: string; data_base64: string; bytes: number; runs: number };
    expect([r.file_name, r.runs]).toEqual(['gradient-lab-runs-20261130-021500.zip', 2]);
    expect(Object.keys(unzipSync(Buffer.from(r.data_base64, 'base64')))).toContain(`runs/${trained}/weights/weights.bin`);
    const imported = await call('runs:import', { file_name: r.file_name, data_base64: r.data_base64 });
    if (!imported.ok) throw new Error(imported.error.message);
    const pairs = (imported.result as { imported: { from: string; to: string }[] }).imported;
    expect(pairs.map((p) => p.from)).toEqual([trained, plain]);
    expect(pairs.every((p) => p.to !== p.from && store.ids().includes(p.to))).toBe(true);
  });

  it('runs:export-python answers the script and the npz', async () => {
    const r = await call('runs:export-python', { run_id: trained });
    if (!r.ok) throw new Error(r.error.message);
    const py = r.result as { file_base: string; script: string; npz_base64: string };
    expect(py.file_base).toBe(trained);
    expect(py.script).toContain('model.set_weights(');
    expect(Object.keys(unzipSync(Buffer.from(py.npz_base64, 'base64')))).toHaveLength(10);
  });

  it.each([
    ['runs:export', () => ({ run_ids: ['20260101-000000-gone-0000'], weights: false }), 'archive.unknown_run', 'run_ids'],
    ['runs:import', () => ({ file_name: 'x.zip', data_base64: Buffer.from('hello').toString('base64') }), 'archive.not_zip', 'data_base64'],
    ['runs:export-python', () => ({ run_id: plain }), 'python.no_weights', 'run_id'],
  ])('%s refusals carry their code and field', async (channel, payload, code, field) => {
    const r = await call(channel, payload());
    if (r.ok) throw new Error('expected a refusal');
    expect(r.error).toMatchObject({ code, field });
    expect(r.error.params).toBeTypeOf('object');
  });
});
