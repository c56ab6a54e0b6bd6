/**
 * Write failures anywhere in the run store (disk full, permission denied, the run
 * folder vanishing) surface as a RunStoreError naming the operation, the file and
 * the OS code, and leave the files as they were. Failures are injected through
 * RunStoreOptions.fs (tests run as root, so chmod would not stop a write), or made
 * real by putting a folder where a file should be, or removing the run folder.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore, RunStoreError, type RunStoreFs, type RunStoreOptions } from '../../../src-main/runs/index.js';
import { writeFileAtomic } from '../../../src-main/data/atomic.js';
import { environment, epoch, errno, model, options, scratchDirs, snapshot, tree, weightSpecs, weightValues } from './fixtures.js';

const { fresh } = scratchDirs('gl-write-errors-');
const CODES = ['ENOSPC', 'EACCES', 'ENOENT'] as const;

function storeWith(dir: string, fs: Partial<RunStoreFs> = {}, extra: RunStoreOptions = {}): RunStore {
  let k = 0;
  return new RunStore(dir, { now: () => new Date('2025-01-31T14:25:01Z'), randomHex: () => (k++).toString(16).padStart(4, '0'), fs, ...extra });
}

/** writeFileAtomic that fails with `code` for files whose name ends in `name`, and writes the others for real. */
function failWrites(name: string, code: string): Partial<RunStoreFs> {
  return {
    writeFileAtomic: (file, data) => {
      if (file.endsWith(name)) throw errno(code, file);
      writeFileAtomic(file, data);
    },
  };
}

/** Asserts `fn` throws a RunStoreError (not a raw fs error) whose message matches `pattern` and whose code is `code`. */
function expectStoreError(fn: () => unknown, pattern: RegExp, code?: string): RunStoreError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(RunStoreError);
  expect((caught as Error).message).toMatch(pattern);
  if (code) expect((caught as RunStoreError).code).toBe(code);
  return caught as RunStoreError;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('create: a failed write leaves no run folder and no temp folder', () => {
  it.each(CODES.flatMap((code) => ['model.json', 'environment.json', 'status.json'].map((file) => ({ code, file }))))(
    '$file fails with $code',
    ({ code, file }) => {
      const dir = fresh();
      const store = storeWith(dir, failWrites(file, code));
      const id = '20250131-142501-deep-selu-net-0000';
      expectStoreError(() => store.create({ model, environment, options }), new RegExp(`^create: ${esc(file)}: cannot write \\(${code}\\) in ${esc(join(dir, id))}`), code);
      expect(readdirSync(dir)).toEqual([]);
      expect(store.list()).toEqual([]);
    },
  );

  it.each(CODES)('the final rename fails with %s', (code) => {
    const dir = fresh();
    const store = storeWith(dir, {
      renameSync: () => {
        throw errno(code);
      },
    });
    expectStoreError(() => store.create({ model, environment, options }), new RegExp(`^create: run folder: cannot rename into place \\(${code}\\) in ${esc(dir)}`), code);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the runs folder cannot be created (a file is in its place: real ENOTDIR/EEXIST)', () => {
    const parent = fresh();
    mkdirSync(parent);
    writeFileSync(join(parent, 'runs'), 'not a folder');
    expectStoreError(() => new RunStore(join(parent, 'runs', 'inner')).create({ model, environment, options }), /^create: runs folder: cannot create \((ENOTDIR|EEXIST)\) in /);
    expect(readdirSync(parent)).toEqual(['runs']);
  });

  it('the runs folder vanishes mid-create (real ENOENT): no folder is left anywhere', () => {
    const dir = fresh();
    const store = storeWith(dir, {
      writeFileAtomic: (file, data) => {
        if (file.endsWith('status.json')) rmSync(dir, { recursive: true, force: true });
        writeFileAtomic(file, data);
      },
    });
    expectStoreError(() => store.create({ model, environment, options }), /^create: status\.json: cannot write \(ENOENT\) in .*; the folder is gone/, 'ENOENT');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('setStatus, setEnvironment: the old file stays whole', () => {
  it.each(CODES)('status.json write fails with %s', (code) => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const before = snapshot(run.dir);
    const store = storeWith(dir, failWrites('status.json', code));
    const err = expectStoreError(() => store.setStatus(run.id, { status: 'completed' }), new RegExp(`^setStatus: status\\.json: cannot write \\(${code}\\) in ${esc(run.dir)}`), code);
    expect(err.message.startsWith(`setStatus: status.json: cannot write (${code}) in ${run.dir}`)).toBe(true);
    expect(snapshot(run.dir)).toEqual(before);
    expect(store.load(run.id).status.status).toBe('running');
  });

  it.each(CODES)('environment.json write fails with %s', (code) => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const before = snapshot(run.dir);
    const store = storeWith(dir, failWrites('environment.json', code));
    expectStoreError(() => store.setEnvironment(run.id, { ...environment, backend: 'cpu' }), new RegExp(`^setEnvironment: environment\\.json: cannot write \\(${code}\\) in ${esc(run.dir)}`), code);
    expect(snapshot(run.dir)).toEqual(before);
  });

  it('the run folder vanishes between the check and the write (real ENOENT)', () => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const store = storeWith(dir, {
      writeFileAtomic: (file, data) => {
        rmSync(run.dir, { recursive: true, force: true });
        writeFileAtomic(file, data);
      },
    });
    expectStoreError(() => store.setStatus(run.id, { status: 'completed' }), /^setStatus: status\.json: cannot write \(ENOENT\)/, 'ENOENT');
  });

  it.each([
    { name: 'a folder', damage: (d: string) => (rmSync(join(d, 'status.json')), mkdirSync(join(d, 'status.json'))), error: /^setStatus: status\.json is not a regular file/ },
    { name: 'not JSON', damage: (d: string) => writeFileSync(join(d, 'status.json'), '{"sta'), error: /^setStatus: status\.json is not valid JSON/ },
  ])('status.json that is $name: a RunStoreError, not a raw error', ({ damage, error }) => {
    const store = storeWith(fresh());
    const run = store.create({ model, environment, options });
    damage(run.dir);
    expectStoreError(() => store.setStatus(run.id, { status: 'completed' }), error);
  });
});

describe('appendMetric: never a half line', () => {
  it.each(CODES)('the append fails part-way with %s: the file is cut back to its last whole line', (code) => {
    const dir = fresh();
    const first = storeWith(dir);
    const run = first.create({ model, environment, options });
    first.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    const before = readFileSync(join(run.dir, 'metrics.jsonl'), 'utf8');
    const store = storeWith(dir, {
      appendFileSync: (file, data) => {
        appendFileSync(file, data.slice(0, 10)); // what a full disk lets through
        throw errno(code, file);
      },
    });
    expectStoreError(() => store.appendMetric(run.id, { type: 'epoch', ...epoch(2) }), new RegExp(`^appendMetric: metrics\\.jsonl: cannot append to \\(${code}\\) in ${esc(run.dir)}`), code);
    expect(readFileSync(join(run.dir, 'metrics.jsonl'), 'utf8')).toBe(before);
    expect(store.load(run.id).warnings).toEqual([]);
  });

  it('the first append fails part-way: no metrics file is left', () => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const store = storeWith(dir, {
      appendFileSync: (file, data) => {
        appendFileSync(file, data.slice(0, 5));
        throw errno('ENOSPC', file);
      },
    });
    expectStoreError(() => store.appendMetric(run.id, { type: 'epoch', ...epoch(1) }), /cannot append to \(ENOSPC\)/);
    expect(existsSync(join(run.dir, 'metrics.jsonl'))).toBe(false);
  });

  it('metrics.jsonl is a folder (real EISDIR-like condition)', () => {
    const store = storeWith(fresh());
    const run = store.create({ model, environment, options });
    mkdirSync(join(run.dir, 'metrics.jsonl'));
    expectStoreError(() => store.appendMetric(run.id, { type: 'epoch', ...epoch(1) }), /^appendMetric: metrics\.jsonl is not a regular file/);
  });

  it('the run folder vanishes between the check and the append (real ENOENT)', () => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const store = storeWith(dir, {
      appendFileSync: (file, data) => {
        rmSync(run.dir, { recursive: true, force: true });
        appendFileSync(file, data);
      },
    });
    expectStoreError(() => store.appendMetric(run.id, { type: 'epoch', ...epoch(1) }), /^appendMetric: metrics\.jsonl: cannot append to \(ENOENT\)/, 'ENOENT');
  });
});

describe('saveWeights: the earlier weights survive a failed save', () => {
  const save = (store: RunStore, id: string, scale = 1): void =>
    store.saveWeights(id, { modelTopology: { k: scale }, weightSpecs, weightData: weightValues.map((v) => v * scale).buffer });

  it.each(CODES.flatMap((code) => ['weights.bin', 'model.json'].map((file) => ({ code, file }))))('weights/$file write fails with $code', ({ code, file }) => {
    const dir = fresh();
    const first = storeWith(dir);
    const run = first.create({ model, environment, options });
    save(first, run.id);
    const before = snapshot(run.dir);
    const store = storeWith(dir, {
      writeFileAtomic: (f, data) => {
        if (f.includes('weights.tmp-') && f.endsWith(file)) throw errno(code, f);
        writeFileAtomic(f, data);
      },
    });
    expectStoreError(() => save(store, run.id, 2), new RegExp(`^saveWeights: weights/${esc(file)}: cannot write \\(${code}\\) in ${esc(run.dir)}`), code);
    expect(snapshot(run.dir)).toEqual(before);
    expect(new Float32Array(store.readWeights(run.id)!.weightData)).toEqual(weightValues);
  });

  it.each(CODES)('moving the new weights into place fails with %s: the earlier ones are put back', (code) => {
    const dir = fresh();
    const first = storeWith(dir);
    const run = first.create({ model, environment, options });
    save(first, run.id);
    const before = snapshot(run.dir);
    const store = storeWith(dir, {
      renameSync: (from, to) => {
        if (to === join(run.dir, 'weights')) {
          // The first move (old weights aside) succeeded; the second (new into place) fails.
          if (from.includes('weights.tmp-')) throw errno(code, to);
        }
        renameSync(from, to);
      },
    });
    expectStoreError(() => save(store, run.id, 2), new RegExp(`^saveWeights: weights: cannot rename into place \\(${code}\\)`), code);
    expect(snapshot(run.dir)).toEqual(before);
  });

  it('a first save that fails leaves no weights folder', () => {
    const dir = fresh();
    const run = storeWith(dir).create({ model, environment, options });
    const store = storeWith(dir, failWrites('weights.bin', 'ENOSPC'));
    expectStoreError(() => save(store, run.id), /cannot write \(ENOSPC\)/);
    expect(tree(run.dir)).toEqual(['environment.json', 'model.json', 'status.json']);
    expect(store.list()[0]!.has_weights).toBe(false);
  });
});

describe('list and delete: failures are RunStoreErrors too', () => {
  it('the runs folder is a file', () => {
    const parent = fresh();
    mkdirSync(parent);
    writeFileSync(join(parent, 'runs'), 'x');
    expectStoreError(() => new RunStore(join(parent, 'runs')).list(), /^list: runs folder: cannot read \(ENOTDIR\)/, 'ENOTDIR');
  });

  it.each(CODES.filter((c) => c !== 'ENOENT'))('removing a run fails with %s: the run stays listed, unchanged', (code) => {
    const dir = fresh();
    const first = storeWith(dir);
    const run = first.create({ model, environment, options });
    first.setStatus(run.id, { status: 'completed' });
    const store = storeWith(dir, {
      renameSync: () => {
        throw errno(code);
      },
    });
    expectStoreError(() => store.delete(run.id), new RegExp(`^delete: run folder: cannot move aside for removal \\(${code}\\)`), code);
    expect(store.list().map((r) => [r.id, r.status])).toEqual([[run.id, 'completed']]);
  });
});
