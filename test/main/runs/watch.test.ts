/**
 * watchRuns: runs written by another process appear without a restart, by polling alone
 * (network folders send no change events) and by fs.watch alone (at once, locally).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runsSignature, RunStore, watchRuns, type RunsWatcher } from '../../../src-main/runs/index.js';
import { environment, model, options, scratchDirs } from './fixtures.js';

const { fresh } = scratchDirs('gl-watch-');
const OWNER = fileURLToPath(new URL('./helpers/owner-process.ts', import.meta.url));

const watchers: RunsWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.close();
});

/** A watcher recording each call's count and when it came. */
function record(dir: string, opts: Parameters<typeof watchRuns>[2]) {
  const calls: { count: number; at: number }[] = [];
  const w = watchRuns(dir, (count) => calls.push({ count, at: Date.now() }), opts);
  watchers.push(w);
  return calls;
}

async function until(pred: () => boolean, ms = 3000): Promise<number> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  { mode: 'polling only (fs.watch off)', opts: { watch: false, pollMs: 250 } },
  { mode: 'fs.watch only (polling every minute)', opts: { watch: true, pollMs: 60_000 } },
])('$mode', ({ opts }) => {
  it('a run created by another process appears within a couple of seconds', async () => {
    const dir = fresh();
    mkdirSync(dir);
    const calls = record(dir, opts);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', OWNER, dir, 'exit']);
    const id = stdout.trim();
    await until(() => calls.some((c) => c.count === 1), 2000);
    expect(new RunStore(dir).list().map((r) => r.id)).toEqual([id]);
  });

  it('a run moved to the trash and back by another store', async () => {
    const dir = fresh();
    const other = new RunStore(dir, { isAlive: () => false });
    const run = other.create({ model, environment, options });
    const calls = record(dir, opts);
    other.trash(run.id);
    await until(() => calls.at(-1)?.count === 0, 2000);
    other.restore(run.id);
    await until(() => calls.at(-1)?.count === 1, 2000);
  });
});

describe('polling sees what fs.watch on the folder cannot', () => {
  it("a run's status.json and meta.json replaced inside its folder", async () => {
    const dir = fresh();
    const other = new RunStore(dir);
    const run = other.create({ model, environment, options });
    const calls = record(dir, { watch: true, pollMs: 200 });
    other.setStatus(run.id, { status: 'stopped' });
    await until(() => calls.length === 1, 2000);
    other.updateMeta(run.id, { name: 'renamed elsewhere' });
    await until(() => calls.length === 2, 2000);
    expect(calls.map((c) => c.count)).toEqual([1, 1]);
  });

  it('a runs folder that appears later', async () => {
    const dir = fresh();
    const calls = record(dir, { watch: true, pollMs: 200 });
    new RunStore(dir).create({ model, environment, options });
    await until(() => calls.some((c) => c.count === 1), 2000);
  });
});

describe('watchRuns', () => {
  it('one call for a burst, none while nothing changes, none after close', async () => {
    const dir = fresh();
    mkdirSync(dir);
    const calls = record(dir, { watch: true, pollMs: 200, debounceMs: 100 });
    const s = new RunStore(dir);
    for (let i = 0; i < 5; i++) s.create({ model, environment, options });
    await until(() => calls.at(-1)?.count === 5, 2000);
    const settled = calls.length;
    expect(settled).toBeLessThanOrEqual(2);
    await sleep(600);
    expect(calls.length).toBe(settled);
    watchers[0]!.close();
    s.create({ model, environment, options });
    await sleep(600);
    expect(calls.length).toBe(settled);
  });

  it('a listener that throws does not stop the watch', async () => {
    const dir = fresh();
    mkdirSync(dir);
    let n = 0;
    watchers.push(
      watchRuns(dir, () => {
        n++;
        throw new Error('listener bug');
      }, { watch: false, pollMs: 100 }),
    );
    const s = new RunStore(dir);
    s.create({ model, environment, options });
    await until(() => n === 1);
    s.create({ model, environment, options });
    await until(() => n === 2);
  });

  it('the signature counts run folders only, and ignores the trash and stray files', () => {
    const dir = fresh();
    const s = new RunStore(dir, { isAlive: () => false });
    const a = s.create({ model, environment, options });
    s.create({ model, environment, options });
    mkdirSync(join(dir, 'not-a-run'));
    expect(runsSignature(dir).count).toBe(2);
    s.trash(a.id);
    expect(runsSignature(dir).count).toBe(1);
    rmSync(dir, { recursive: true });
    expect(runsSignature(dir)).toEqual({ signature: 'missing:ENOENT', count: 0 });
  });
});
