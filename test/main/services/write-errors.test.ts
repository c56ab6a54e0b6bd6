/**
 * Write errors while a run trains (disk full, the folder deleted by hand): the run
 * ends `failed` with the reason, its training process is gone, and the service
 * keeps working. Real training processes; the faults are injected into the store
 * (ENOSPC cannot be produced on demand here) or made real (rm -rf of the folder).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../../../src-main/runs/index.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { MetricRecord, RunStatusRecord } from '../../../src-shared/training/run.js';
import type { RunOptions } from '../../../src-shared/training/run-options.js';
import { loadExample } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const options: Partial<RunOptions> = { epochs: 3, batch_size: 64, seed: 5, limit: 800, backend: 'wasm' };

function enospc(file: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
}

/** A store whose metrics appends fail once `failAfter` records were written, and whose status writes can be made to fail. */
class FaultyStore extends RunStore {
  appended = 0;
  failAfter = Infinity;
  failStatus: RunStatusRecord['status'] | null = null;
  override appendMetric(id: string, record: MetricRecord): void {
    if (this.appended >= this.failAfter) throw enospc(join(this.dir, id, 'metrics.jsonl'));
    this.appended++;
    super.appendMetric(id, record);
  }
  override setStatus(id: string, patch: Partial<RunStatusRecord>): RunStatusRecord {
    if (this.failStatus !== null && patch.status === this.failStatus) throw enospc(join(this.dir, id, 'status.json'));
    return super.setStatus(id, patch);
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Real trainer launcher that remembers the pids it started. */
function trackingLauncher(): { launcher: TrainerLauncher; pids: (number | undefined)[] } {
  const base = nodeTrainerLauncher();
  const pids: (number | undefined)[] = [];
  return {
    pids,
    launcher: () => {
      const ch = base();
      pids.push(ch.pid);
      return ch;
    },
  };
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('write errors while a run trains', () => {
  it('disk full on a metrics append: the run fails naming ENOSPC, the process is killed, the next run completes', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new FaultyStore(t.dir);
    const tl = trackingLauncher();
    const service = new TrainingService({ store, launcher: tl.launcher, maxConcurrent: 1 });
    cleanups.push(() => service.stopAll());
    store.failAfter = 2;
    const id = service.start(loadExample('leaky-relu'), options);
    const done = await service.finished(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/cannot record the run: ENOSPC/);
    expect(store.load(id).status.status).toBe('failed');
    expect(store.load(id).status.error).toMatch(/ENOSPC/);
    await waitFor(() => !alive(tl.pids[0]));

    store.failAfter = Infinity;
    const next = service.start(loadExample('leaky-relu'), { ...options, epochs: 1 });
    expect((await service.finished(next)).status).toBe('completed');
  }, 60_000);

  it('the run folder deleted by hand mid-run: failed, process gone, no exception, and the service goes on', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new RunStore(t.dir);
    const tl = trackingLauncher();
    const service = new TrainingService({ store, launcher: tl.launcher, maxConcurrent: 1 });
    cleanups.push(() => service.stopAll());
    const id = service.start(loadExample('leaky-relu'), { ...options, epochs: 20 });
    await new Promise<void>((resolve) => service.once('run:epoch', () => resolve()));
    rmSync(join(t.dir, id), { recursive: true, force: true });
    const done = await service.finished(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/cannot record the run|could not be written|weights|ENOENT|no run/i);
    await waitFor(() => !alive(tl.pids[0]));
    const next = service.start(loadExample('leaky-relu'), { ...options, epochs: 1 });
    expect((await service.finished(next)).status).toBe('completed');
  }, 60_000);

  it('a status write failing at the end still reports the end (failed, with both reasons) and frees the slot', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = new FaultyStore(t.dir);
    const service = new TrainingService({ store, maxConcurrent: 1 });
    cleanups.push(() => service.stopAll());
    store.failStatus = 'completed';
    const id = service.start(loadExample('leaky-relu'), { ...options, epochs: 1 });
    const queued = service.start(loadExample('leaky-relu'), { ...options, epochs: 1 });
    const done = await service.finished(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/status could not be written: .*ENOSPC/);
    store.failStatus = null;
    expect((await service.finished(queued)).status).toBe('completed');
  }, 60_000);

  it.each([
    ['an existing file', (dir: string) => {
      writeFileSync(join(dir, 'runs'), 'not a folder');
      return join(dir, 'runs');
    }],
    ['a path below a file', (dir: string) => {
      writeFileSync(join(dir, 'file'), 'x');
      return join(dir, 'file', 'runs');
    }],
  ])('a runs folder that is %s: start throws naming it, and no process is started', (_what, make) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const runsDir = make(t.dir);
    let launched = 0;
    const service = new TrainingService({
      store: new RunStore(runsDir),
      launcher: () => {
        launched++;
        return nodeTrainerLauncher()();
      },
    });
    expect(() => service.start(loadExample('leaky-relu'), options)).toThrow(/runs|ENOTDIR|EEXIST|not a directory/i);
    expect(launched).toBe(0);
    expect(service.runningIds()).toEqual([]);
  });
});
