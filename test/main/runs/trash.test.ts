/**
 * The runs view's delete: to `<runs>/.trash/<id>` and back within the session; the
 * next session empties what no live process can still undo.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOREIGN_TRASH_MS, RunStore, RunStoreError, TRASH_DIR } from '../../../src-main/runs/index.js';
import { environment, epoch, errno, model, options, scratchDirs, snapshot } from './fixtures.js';

const { fresh } = scratchDirs('gl-trash-');
const DEAD_PID = 999_999;

/** Two finished runs; the store thinks pid DEAD_PID is gone and every other pid alive. */
function twoRuns(opts: ConstructorParameters<typeof RunStore>[1] = {}) {
  const dir = fresh();
  const store = new RunStore(dir, { isAlive: (pid) => pid !== DEAD_PID, ...opts });
  const ids = [0, 1].map(() => {
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    store.setStatus(run.id, { status: 'stopped' });
    return run.id;
  });
  return { dir, store, ids };
}

function mark(dir: string, id: string, m: object): void {
  writeFileSync(join(dir, TRASH_DIR, `${id}.json`), JSON.stringify(m));
}

describe('trash and restore', () => {
  it('trash hides the run from the list, restore brings it back byte for byte', () => {
    const { dir, store, ids } = twoRuns();
    store.updateMeta(ids[0]!, { tags: ['keep'] });
    const before = snapshot(join(dir, ids[0]!));
    store.trash(ids[0]!);
    expect(store.list().map((r) => r.id)).toEqual([ids[1]]);
    expect(store.trashed()).toEqual([ids[0]]);
    expect(existsSync(join(dir, TRASH_DIR, ids[0]!))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, TRASH_DIR, `${ids[0]!}.json`), 'utf8'))).toMatchObject({ pid: process.pid });
    store.restore(ids[0]!);
    expect(store.list().map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(snapshot(join(dir, ids[0]!))).toEqual(before);
    expect(store.list().find((r) => r.id === ids[0])!.tags).toEqual(['keep']);
    expect(existsSync(join(dir, TRASH_DIR, `${ids[0]!}.json`))).toBe(false);
    expect(store.trashed()).toEqual([]);
  });

  it('refuses a run a live process is training, and leaves it in place', () => {
    const dir = fresh();
    const store = new RunStore(dir);
    const run = store.create({ model, environment, options });
    expect(() => store.trash(run.id)).toThrow(RunStoreError);
    expect(() => store.trash(run.id)).toThrow(new RegExp(`^trash: run ${run.id} is being trained by process ${process.pid} on this host`));
    expect(store.list().map((r) => r.id)).toEqual([run.id]);
  });

  it('an abandoned running run is marked interrupted before it goes, so a restore shows it failed', () => {
    const dir = fresh();
    const run = new RunStore(dir).create({ model, environment, options });
    const status = JSON.parse(readFileSync(join(run.dir, 'status.json'), 'utf8'));
    writeFileSync(join(run.dir, 'status.json'), JSON.stringify({ ...status, owner: { ...status.owner, pid: DEAD_PID } }));
    const store = new RunStore(dir, { isAlive: (pid) => pid !== DEAD_PID });
    store.trash(run.id);
    store.restore(run.id);
    expect(store.list()[0]).toMatchObject({ status: 'failed', error: 'interrupted' });
  });

  it('restore refuses a run that is not in the trash', () => {
    const { store, ids } = twoRuns();
    expect(() => store.restore(ids[0]!)).toThrow(/^restore: run \S+ is not in the trash of .* \(only runs deleted in this session can be restored\)$/);
  });

  it('restore refuses when a run of that id exists again, and overwrites nothing', () => {
    const { dir, store, ids } = twoRuns();
    store.trash(ids[0]!);
    mkdirSync(join(dir, ids[0]!));
    writeFileSync(join(dir, ids[0]!, 'new.txt'), 'new');
    expect(() => store.restore(ids[0]!)).toThrow(/^restore: a run \S+ exists in .* again; it was left as it is$/);
    expect(readFileSync(join(dir, ids[0]!, 'new.txt'), 'utf8')).toBe('new');
    expect(store.trashed()).toEqual([ids[0]]);
  });

  it('unknown and malformed ids are refused', () => {
    const { store } = twoRuns();
    expect(() => store.trash('20250101-000000-gone-0000')).toThrow(/^run id: no run/);
    expect(() => store.restore('../../x')).toThrow(/^run id: expected/);
  });

  it('a leftover of the same id in the trash is replaced', () => {
    const { dir, store, ids } = twoRuns();
    mkdirSync(join(dir, TRASH_DIR, ids[0]!), { recursive: true });
    writeFileSync(join(dir, TRASH_DIR, ids[0]!, 'old.txt'), 'old');
    store.trash(ids[0]!);
    expect(existsSync(join(dir, TRASH_DIR, ids[0]!, 'old.txt'))).toBe(false);
    expect(existsSync(join(dir, TRASH_DIR, ids[0]!, 'status.json'))).toBe(true);
  });

  it('a failed move leaves the run listed and says why', () => {
    const { dir, ids } = twoRuns();
    const store = new RunStore(dir, { fs: { renameSync: (from) => { throw errno('EACCES', from); } } });
    expect(() => store.trash(ids[0]!)).toThrow(/^trash: run folder: cannot move to the trash \(EACCES\)/);
    expect(store.list()).toHaveLength(2);
  });
});

describe('emptyTrash (when a session opens the folder)', () => {
  it.each([
    { name: 'this process (the session is still on)', m: () => ({ pid: process.pid, hostname: 'here', trashed_at: new Date().toISOString() }), removed: false },
    { name: 'an ended process on this host', m: () => ({ pid: DEAD_PID, hostname: 'here', trashed_at: new Date().toISOString() }), removed: true },
    { name: 'another live process on this host', m: () => ({ pid: 1, hostname: 'here', trashed_at: '2020-01-01T00:00:00.000Z' }), removed: false },
    { name: 'another host, an hour ago', m: () => ({ pid: 1, hostname: 'lab-07', trashed_at: new Date(Date.now() - 3600_000).toISOString() }), removed: false },
    { name: 'another host, over a day ago', m: () => ({ pid: 1, hostname: 'lab-07', trashed_at: new Date(Date.now() - FOREIGN_TRASH_MS - 60_000).toISOString() }), removed: true },
    { name: 'no readable mark', m: () => 'garbage', removed: true },
  ])('trashed by $name → removed: $removed', ({ m, removed }) => {
    const { dir, store, ids } = twoRuns({ hostname: 'here' });
    store.trash(ids[0]!);
    const value = m();
    if (typeof value === 'string') writeFileSync(join(dir, TRASH_DIR, `${ids[0]!}.json`), value);
    else mark(dir, ids[0]!, value);
    const fresh = new RunStore(dir, { hostname: 'here', isAlive: (pid) => pid !== DEAD_PID });
    expect(fresh.emptyTrash()).toEqual(removed ? [ids[0]] : []);
    expect(existsSync(join(dir, TRASH_DIR, ids[0]!))).toBe(!removed);
    expect(existsSync(join(dir, TRASH_DIR, `${ids[0]!}.json`))).toBe(!removed);
    expect(fresh.list().map((r) => r.id)).toEqual([ids[1]]);
  });

  it('removes stray marks and ignores a folder without a trash', () => {
    const { dir, store } = twoRuns();
    expect(store.emptyTrash()).toEqual([]);
    mkdirSync(join(dir, TRASH_DIR));
    mark(dir, '20250101-000000-gone-0000', { pid: 1, hostname: 'x', trashed_at: new Date().toISOString() });
    store.emptyTrash();
    expect(existsSync(join(dir, TRASH_DIR, '20250101-000000-gone-0000.json'))).toBe(false);
  });
});

describe('delete (the CLI) stays permanent', () => {
  it('removes the folder without going through the trash', () => {
    const { dir, store, ids } = twoRuns();
    store.delete(ids[0]!);
    expect(existsSync(join(dir, ids[0]!))).toBe(false);
    expect(store.trashed()).toEqual([]);
  });
});
