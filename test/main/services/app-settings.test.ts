/**
 * The settings the app's panel changes through the contract: trainings at once and
 * the runs folder (typed, or picked in a native dialog), with refusals that carry a
 * translatable code. Real services on temp folders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function services(over: Partial<Parameters<typeof createAppServices>[0]> = {}) {
  const t = tempDir();
  const saved: number[] = [];
  const s = createAppServices({
    shell: 'electron',
    runsDir: join(t.dir, 'runs'),
    canChangeRunsDir: true,
    maxConcurrentRuns: 2,
    onMaxConcurrentRunsChanged: (n) => saved.push(n),
    log: () => undefined,
    ...over,
  });
  cleanups.push(t.cleanup, () => s.dispose());
  return { s, dir: t.dir, saved };
}

const ctx = { transport: 'ipc', client: 'local' } as const;

describe('settings over the contract', () => {
  it('app:info tells the panel what it may change and the current values', async () => {
    const { s } = services();
    const info = await s.handlers['app:info']({}, ctx);
    expect(info).toMatchObject({ can_change_settings: true, can_browse: false, max_concurrent_runs: 2, max_runs_per_client: null });
    expect(info.cpu_count).toBeGreaterThanOrEqual(1);
  });

  it('trainings at once: changed, persisted through the shell, range-checked by the schema', async () => {
    const { s, saved } = services();
    expect((await s.handlers['settings:set-max-concurrent-runs']({ value: 3 }, ctx)).max_concurrent_runs).toBe(3);
    expect(saved).toEqual([3]);
    for (const value of [0, 65, 2.5, '3']) {
      const r = await dispatch(s.handlers, 'settings:set-max-concurrent-runs', { value }, ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/^value: /);
    }
  });

  it('lab clients may not change settings: a coded refusal', async () => {
    const { s } = services({ shell: 'lab', canChangeRunsDir: false });
    const r = await dispatch(s.handlers, 'settings:set-max-concurrent-runs', { value: 3 }, { transport: 'lab', client: 'lab-x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'settings.not_allowed', field: 'value' } });
  });

  it('browse: the picked folder becomes the runs folder; cancel changes nothing; a file is refused with its path', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    let next: string | null = join(t.dir, 'picked');
    const { s } = services({ browseForFolder: async () => next });
    expect((await s.handlers['app:info']({}, ctx)).can_browse).toBe(true);
    expect((await s.handlers['settings:browse-runs-dir']({}, ctx)).runs_dir).toBe(join(t.dir, 'picked'));
    next = null;
    expect((await s.handlers['settings:browse-runs-dir']({}, ctx)).runs_dir).toBe(join(t.dir, 'picked'));
    writeFileSync(join(t.dir, 'afile'), 'x');
    next = join(t.dir, 'afile');
    const r = await dispatch(s.handlers, 'settings:browse-runs-dir', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'settings.bad_folder', field: 'path' } });
    if (!r.ok) expect(r.error.message).toContain(join(t.dir, 'afile'));
  });
});

describe('deleting a run another process owns', () => {
  it('is refused with a coded message naming the owner; once it ended, it can be deleted', async () => {
    const { RunStore } = await import('../../../src-main/runs/index.js');
    const { loadExample } = await import('../../helpers/examples.js');
    const { s } = services();
    // Another owner on the same folder (as a CLI run would be): a separate store creates and heartbeats the run.
    const other = new RunStore(s.runsDir());
    const h = other.create({ model: loadExample('leaky-relu'), environment: { backend: null, backend_requested: null, backend_attempts: [], tfjs_version: null, app_version: '0', node_version: process.version, electron_version: null, platform: process.platform, arch: process.arch, cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h' }, options: { epochs: 1, batch_size: 32, seed: 1, limit: null, backend: 'auto' } });
    const stop = other.startHeartbeat(h.id);
    const r = await dispatch(s.handlers, 'runs:delete', { run_id: h.id }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'runs.owned_elsewhere', field: 'run_id', params: { pid: process.pid } } });
    if (!r.ok) expect(r.error.message).toContain(`process ${process.pid}`);
    stop();
    other.setStatus(h.id, { status: 'completed', finished_at: new Date().toISOString() });
    expect(await dispatch(s.handlers, 'runs:delete', { run_id: h.id }, ctx)).toEqual({ ok: true, result: { run_id: h.id } });
  });
});
