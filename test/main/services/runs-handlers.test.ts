/**
 * The runs view's edits over the contract (runs:update, runs:delete to the trash,
 * runs:restore) with their coded refusals, and runs:changed from watching the folder.
 * Real services and stores on temp folders.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore, TRASH_DIR } from '../../../src-main/runs/index.js';
import { createAppServices } from '../../../src-main/services/app-services.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { createRunsHandlers } from '../../../src-main/services/runs-handlers.js';
import { mainMessage } from '../../../src-shared/i18n/main-messages.js';
import type { RunsChangedEvent } from '../../../src-shared/runs/types.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ctx = { transport: 'ipc', client: 'local' } as const;
const environment = {
  backend: 'cpu', backend_requested: 'auto', backend_attempts: [], tfjs_version: null, app_version: '0', node_version: process.version,
  electron_version: null, platform: process.platform, arch: process.arch, cpu_model: 'x', cpu_count: 1, memory_bytes: 1, hostname: 'h',
};
const options = { epochs: 1, batch_size: 32, seed: 1, limit: null, backend: 'auto' };

/** A finished run in `dir`, written as another process would (its owner has ended). */
function finishedRun(dir: string): string {
  const store = new RunStore(dir);
  const run = store.create({ model: loadExample('leaky-relu'), environment, options });
  store.setStatus(run.id, { status: 'stopped', finished_at: new Date().toISOString() });
  return run.id;
}

function services(over: Partial<Parameters<typeof createAppServices>[0]> = {}) {
  const t = tempDir();
  const runsDir = join(t.dir, 'runs');
  const s = createAppServices({ shell: 'electron', runsDir, canChangeRunsDir: true, maxConcurrentRuns: 1, log: () => undefined, runsWatch: { watch: false, pollMs: 100 }, ...over });
  cleanups.push(t.cleanup, () => s.dispose());
  const changed: RunsChangedEvent[] = [];
  s.events.on('runs:changed', (e) => changed.push(e));
  return { s, dir: t.dir, runsDir, changed };
}

async function until(pred: () => boolean, ms = 2500): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runs:update', () => {
  it('renames, tags and annotates; answers the new row', async () => {
    const { s, runsDir } = services();
    const id = finishedRun(runsDir);
    const r = await dispatch(s.handlers, 'runs:update', { run_id: id, name: ' Baseline ', tags: ['week-3', 'week-3', 'relu'], note: 'first' }, ctx);
    expect(r).toMatchObject({ ok: true, result: { id, display_name: 'Baseline', tags: ['week-3', 'relu'], note: 'first', name: expect.any(String) } });
    const again = await dispatch(s.handlers, 'runs:update', { run_id: id, name: null }, ctx);
    expect(again).toMatchObject({ ok: true, result: { display_name: null, tags: ['week-3', 'relu'], note: 'first' } });
    expect((await s.handlers['runs:list']({}, ctx))[0]).toMatchObject({ display_name: null, tags: ['week-3', 'relu'] });
  });

  it.each([
    { name: 'a tag with a space', req: { tags: ['a b'] }, field: 'tags.0' },
    { name: 'an empty name', req: { name: '  ' }, field: 'name' },
    { name: 'a name too long', req: { name: 'n'.repeat(201) }, field: 'name' },
    { name: 'too many tags', req: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, field: 'tags' },
    { name: 'a note too long', req: { note: 'x'.repeat(4001) }, field: 'note' },
    // The schema's own wording for a key it does not know: the payload, naming the key.
    { name: 'an unknown key', req: { colour: 'red' }, field: 'payload' },
  ])('the schema refuses $name, naming the field ($field)', async ({ req, field }) => {
    const { s, runsDir } = services();
    const id = finishedRun(runsDir);
    const r = await dispatch(s.handlers, 'runs:update', { run_id: id, ...req }, ctx);
    expect(r).toMatchObject({ ok: false, error: { field } });
    if (!r.ok) expect(r.error.message.startsWith(`${field}: `)).toBe(true);
    if (!r.ok && 'colour' in req) expect(r.error.message).toContain('colour');
    expect(existsSync(join(runsDir, id, 'meta.json'))).toBe(false);
  });

  it.each([
    { name: 'a tag with a space', req: { tags: ['ok', 'a b'] }, code: 'runs.tag_invalid', field: 'tags' },
    { name: 'an empty name', req: { name: '' }, code: 'runs.name_empty', field: 'name' },
    { name: 'a note too long', req: { note: 'x'.repeat(4001) }, code: 'runs.note_too_long', field: 'note' },
  ])('past the schema, the handler refuses $name with a coded message ($code)', async ({ req, code, field }) => {
    const { s, runsDir } = services();
    const id = finishedRun(runsDir);
    const err = await s.handlers['runs:update']({ run_id: id, ...req }, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ field, i18n: { code } });
    expect(mainMessage('ko', code as never, (err as { i18n: { params: Record<string, string> } }).i18n.params)).not.toMatch(/\{\w+\}/);
  });

  it('an unknown run is refused with runs.unknown', async () => {
    const { s } = services();
    const r = await dispatch(s.handlers, 'runs:update', { run_id: '20250101-000000-gone-0000', note: 'x' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'runs.unknown', field: 'run_id', params: { run_id: '20250101-000000-gone-0000' } } });
  });
});

describe('runs:delete and runs:restore', () => {
  it('delete moves the run to the trash; restore brings it back', async () => {
    const { s, runsDir } = services();
    const id = finishedRun(runsDir);
    expect(await dispatch(s.handlers, 'runs:delete', { run_id: id }, ctx)).toEqual({ ok: true, result: { run_id: id } });
    expect(await s.handlers['runs:list']({}, ctx)).toEqual([]);
    expect(existsSync(join(runsDir, TRASH_DIR, id))).toBe(true);
    expect(await dispatch(s.handlers, 'runs:restore', { run_id: id }, ctx)).toEqual({ ok: true, result: { run_id: id } });
    expect((await s.handlers['runs:list']({}, ctx)).map((r) => r.id)).toEqual([id]);
  });

  it('restore refuses a run not in the trash, and one whose id is taken again', async () => {
    const { s, runsDir } = services();
    const id = finishedRun(runsDir);
    expect(await dispatch(s.handlers, 'runs:restore', { run_id: id }, ctx)).toMatchObject({ ok: false, error: { code: 'runs.not_in_trash', field: 'run_id' } });
    await dispatch(s.handlers, 'runs:delete', { run_id: id }, ctx);
    mkdirSync(join(runsDir, id));
    expect(await dispatch(s.handlers, 'runs:restore', { run_id: id }, ctx)).toMatchObject({ ok: false, error: { code: 'runs.restore_exists', field: 'run_id' } });
  });

  it('delete refuses an unknown run, a run this process trains, and one a live process owns', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new RunStore(t.dir);
    const mine = finishedRun(t.dir);
    const live = store.create({ model: loadExample('leaky-relu'), environment, options }).id;
    const h = createRunsHandlers({ store: () => store, owns: (id) => id === mine });
    await expect(h['runs:delete']({ run_id: '20250101-000000-gone-0000' }, ctx)).rejects.toMatchObject({ i18n: { code: 'runs.unknown' } });
    await expect(h['runs:delete']({ run_id: mine }, ctx)).rejects.toMatchObject({ i18n: { code: 'runs.still_active' }, field: 'run_id' });
    await expect(h['runs:delete']({ run_id: live }, ctx)).rejects.toMatchObject({ i18n: { code: 'runs.owned_elsewhere', params: { pid: process.pid } } });
    expect(store.list()).toHaveLength(2);
  });
});

describe('runs:changed', () => {
  it('a run written by another store reaches the clients; so does the services own edit, at once', async () => {
    const { s, runsDir, changed } = services();
    const id = finishedRun(runsDir);
    await until(() => changed.at(-1)?.count === 1);
    const before = changed.length;
    await s.handlers['runs:update']({ run_id: id, tags: ['x'] }, ctx);
    expect(changed.length).toBe(before + 1);
    await s.handlers['runs:delete']({ run_id: id }, ctx);
    expect(changed.at(-1)).toEqual({ count: 0 });
  });

  it('follows the runs folder when it moves, and stops on dispose', async () => {
    const { s, dir, runsDir, changed } = services();
    const next = join(dir, 'elsewhere');
    await s.handlers['settings:set-runs-dir']({ path: next }, ctx);
    finishedRun(runsDir);
    finishedRun(next);
    await until(() => changed.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toEqual([{ count: 1 }]);
    await s.dispose();
    finishedRun(next);
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toEqual([{ count: 1 }]);
  });
});

describe('the next session empties the trash', () => {
  it('runs trashed by an ended process go when services open the folder; this session’s stay', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const runsDir = join(t.dir, 'runs');
    const earlier = finishedRun(runsDir);
    const current = finishedRun(runsDir);
    const store = new RunStore(runsDir);
    store.trash(earlier);
    store.trash(current);
    // The earlier run was trashed by a process that has ended since.
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(runsDir, TRASH_DIR, `${earlier}.json`), JSON.stringify({ pid: ended, hostname: (await import('node:os')).hostname(), trashed_at: new Date().toISOString() }));
    const logs: string[] = [];
    const { s } = services({ runsDir, log: (l) => logs.push(l) });
    expect(existsSync(join(runsDir, TRASH_DIR, earlier))).toBe(false);
    expect(existsSync(join(runsDir, TRASH_DIR, current))).toBe(true);
    expect(logs.join('\n')).toMatch(/emptied the trash of .*: 1 run\(s\) deleted in an earlier session/);
    expect(await dispatch(s.handlers, 'runs:restore', { run_id: current }, ctx)).toMatchObject({ ok: true });
  });
});
