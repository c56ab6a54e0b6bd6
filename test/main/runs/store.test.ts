import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore, RunStoreError, RUN_ID_PATTERN, slugify } from '../../../src-main/runs/index.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { EpochMetrics, BatchSample } from '../../../src-shared/training/metrics.js';
import type { RunEnvironment, RunOptionsRecord } from '../../../src-shared/training/run.js';

const scratch = mkdtempSync(join(tmpdir(), 'gl-runs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(scratch, `r${n++}`);

const model: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'Deep SELU net',
  dataset: 'fashion-mnist',
  preprocess: 'standardize',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 2, batch_size: 32, seed: 42 },
};

const environment: RunEnvironment = {
  backend: 'wasm',
  backend_requested: 'auto',
  backend_attempts: [{ name: 'tensorflow', ok: false, reason: 'not installed' }, { name: 'wasm', ok: true, reason: 'loaded' }],
  tfjs_version: '4.22.0',
  app_version: '0.1.0',
  node_version: '20.20.2',
  electron_version: null,
  platform: 'linux',
  arch: 'x64',
  cpu_model: 'Test CPU',
  cpu_count: 2,
  memory_bytes: 8e9,
  hostname: 'test-host',
};

const options: RunOptionsRecord = { epochs: 2, batch_size: 32, limit: 1000, seed: 42, backend: 'auto' };

function epoch(e: number, valAccuracy = 0.5 + e / 100): EpochMetrics {
  return {
    epoch: e,
    loss: 1 / e,
    accuracy: 0.5,
    val_loss: 0.9,
    val_accuracy: valAccuracy,
    seconds: 1.5,
    layers: [
      { name: 'dense_1', spec_index: 1, activation: 'softmax', grad_norm: 0.1, weight_norm: 2, act_mean: 0.1, act_std: 0.2, inactive_fraction: null, inactive_kind: null },
    ],
  };
}
const batch = (step: number, loss = 0.7): BatchSample => ({ epoch: 1, step, loss, samples_done: step * 32, samples_total: 2000 });

/** A store whose clock reads `iso` (UTC) and whose ids end in a fixed or counted suffix. */
function storeAt(dir: string, iso = '2025-01-31T14:25:01.000Z', extra: ConstructorParameters<typeof RunStore>[1] = {}): RunStore {
  let k = 0;
  return new RunStore(dir, { now: () => new Date(iso), randomHex: () => (k++).toString(16).padStart(4, '0'), ...extra });
}

describe('RunStore.create', () => {
  it('writes model, environment and status into a folder named by a sortable id', () => {
    const dir = freshDir();
    const run = storeAt(dir).create({ model, environment, options });
    expect(run.id).toBe('20250131-142501-deep-selu-net-0000');
    expect(run.id).toMatch(RUN_ID_PATTERN);
    expect(run.dir).toBe(join(dir, run.id));
    expect(readdirSync(run.dir).sort()).toEqual(['environment.json', 'model.json', 'status.json']);
    expect(readFileSync(join(run.dir, 'model.json'), 'utf8')).toBe(`${JSON.stringify(model, null, 2)}\n`);
    expect(JSON.parse(readFileSync(join(run.dir, 'environment.json'), 'utf8'))).toEqual(environment);
    expect(JSON.parse(readFileSync(join(run.dir, 'status.json'), 'utf8'))).toEqual({
      status: 'running',
      created_at: '2025-01-31T14:25:01.000Z',
      started_at: null,
      finished_at: null,
      options,
      // The creating process owns the run; its first heartbeat is the creation time.
      owner: { pid: process.pid, hostname: hostname(), heartbeat_at: '2025-01-31T14:25:01.000Z' },
    });
    // The folder was assembled under a temp name: nothing else is left in the runs directory.
    expect(readdirSync(dir)).toEqual([run.id]);
  });

  it('stores a model given as text with its own key order, re-indented', () => {
    const text = '{"name":"Zed","format":"gradient-lab/model","version":1,"dataset":"mnist","preprocess":"scale","layers":[],"training":{"optimizer":{"name":"adam","learning_rate":0.001},"epochs":1,"batch_size":8,"seed":1}}';
    const run = storeAt(freshDir()).create({ model: text, environment, options });
    expect(readFileSync(join(run.dir, 'model.json'), 'utf8')).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(Object.keys(JSON.parse(readFileSync(join(run.dir, 'model.json'), 'utf8')))[0]).toBe('name');
  });

  it('refuses model text that is not JSON', () => {
    expect(() => storeAt(freshDir()).create({ model: '{oops', environment, options })).toThrow(/model is not valid JSON/);
  });

  it('picks another suffix when the id is taken', () => {
    const store = new RunStore(freshDir(), { now: () => new Date('2025-01-31T14:25:01Z'), randomHex: () => 'beef' });
    store.create({ model, environment, options });
    const fixed = ['beef', 'beef', 'cafe'];
    const again = new RunStore(store.dir, { now: () => new Date('2025-01-31T14:25:01Z'), randomHex: () => fixed.shift() ?? 'f00d' });
    expect(again.create({ model, environment, options }).id).toBe('20250131-142501-deep-selu-net-cafe');
  });

  it.each([
    { name: 'Deep SELU net', slug: 'deep-selu-net' },
    { name: '  --ReLU (He init)!! ', slug: 'relu-he-init' },
    { name: '깊은 신경망', slug: 'model' },
    { name: 'Café ünïcode', slug: 'cafe-unicode' },
    { name: 'x'.repeat(80), slug: 'x'.repeat(32) },
  ])('slugify($name) → $slug', ({ name, slug }) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('RunStore records and loads a run', () => {
  it('round-trips status, environment and metrics', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment: { ...environment, backend: null }, options });
    store.setStatus(run.id, { status: 'running', started_at: '2025-01-31T14:25:02.000Z' });
    store.setEnvironment(run.id, environment);
    run.appendMetric({ type: 'batch', ...batch(1) });
    store.appendMetric(run.id, { type: 'batch', ...batch(2, Number.NaN) });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(2) });
    store.setStatus(run.id, { status: 'completed', finished_at: '2025-01-31T14:30:00.000Z', test_accuracy: 0.83, test_loss: 0.45 });

    const rec = store.load(run.id);
    expect(rec.warnings).toEqual([]);
    expect(rec.model).toEqual(model);
    expect(rec.environment).toEqual(environment);
    expect(rec.status).toMatchObject({
      status: 'completed',
      started_at: '2025-01-31T14:25:02.000Z',
      finished_at: '2025-01-31T14:30:00.000Z',
      test_accuracy: 0.83,
      test_loss: 0.45,
      options,
    });
    expect(rec.epochs).toEqual([epoch(1), epoch(2)]);
    expect(rec.batches[0]).toEqual(batch(1));
    // JSON has no NaN: a diverged loss is stored as null and comes back as NaN.
    expect(rec.batches[1]!.loss).toBeNaN();
    expect(rec.has_weights).toBe(false);
  });

  it('writes each metric as one whole JSON line', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    store.appendMetric(run.id, { type: 'batch', ...batch(3) });
    const lines = readFileSync(join(run.dir, 'metrics.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({ type: 'epoch', ...epoch(1) });
    expect(JSON.parse(lines[1]!)).toEqual({ type: 'batch', ...batch(3) });
  });

  it('setStatus ignores undefined keys and refuses a patch that would make status.json invalid', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.setStatus(run.id, { status: 'failed', error: 'boom' });
    expect(store.setStatus(run.id, { error: undefined, test_loss: undefined }).error).toBe('boom');
    const before = readFileSync(join(run.dir, 'status.json'), 'utf8');
    expect(() => store.setStatus(run.id, { status: 'bogus' as never })).toThrow(/status.json is invalid at status/);
    expect(readFileSync(join(run.dir, 'status.json'), 'utf8')).toBe(before);
  });

  it('setStatus replaces the file atomically, leaving no temp files', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    for (let i = 0; i < 5; i++) store.setStatus(run.id, { test_accuracy: i / 10 });
    expect(readdirSync(run.dir).sort()).toEqual(['environment.json', 'model.json', 'status.json']);
    expect(store.load(run.id).status.test_accuracy).toBe(0.4);
  });

  it('a crash mid-write (leftover temp files and folders) breaks neither list nor load', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.setStatus(run.id, { status: 'completed', test_accuracy: 0.8 });
    writeFileSync(join(run.dir, `status.json.tmp-4242-deadbeef`), '{"status":"comp');
    mkdirSync(join(store.dir, `${run.id.replace(/-0000$/, '-0001')}.tmp-4242-deadbeef`));
    mkdirSync(join(run.dir, 'weights.tmp-4242-deadbeef'));
    const list = store.list();
    expect(list.map((r) => [r.id, r.status, r.error])).toEqual([[run.id, 'completed', undefined]]);
    const rec = store.load(run.id);
    expect(rec.status.test_accuracy).toBe(0.8);
    expect(rec.warnings).toEqual([]);
    expect(rec.has_weights).toBe(false);
  });

  it('ignores a truncated last metrics line with a warning and keeps the lines before it', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    store.appendMetric(run.id, { type: 'batch', ...batch(5) });
    writeFileSync(join(run.dir, 'metrics.jsonl'), '{"type":"epoch","epoch":2,"lo', { flag: 'a' });
    const rec = store.load(run.id);
    expect(rec.epochs).toEqual([epoch(1)]);
    expect(rec.batches).toEqual([batch(5)]);
    expect(rec.warnings).toEqual(['metrics.jsonl: the last line (3) is incomplete, probably cut off by a crash; ignored']);
    expect(store.list()[0]!.epochs_done).toBe(1);
  });

  it.each([
    { line: 'not json', warning: /line 1 is not valid JSON; skipped/ },
    { line: '{"type":"weird","epoch":1}', warning: /line 1 has unknown type "weird"/ },
    { line: '{"type":"batch","epoch":1}', warning: /line 1 has no numeric "step"/ },
    { line: '[1,2]', warning: /line 1 has no numeric "epoch"/ },
  ])('skips a damaged line in the middle with a warning: $line', ({ line, warning }) => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    writeFileSync(join(run.dir, 'metrics.jsonl'), `${line}\n`);
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    const rec = store.load(run.id);
    expect(rec.epochs).toEqual([epoch(1)]);
    expect(rec.warnings).toHaveLength(1);
    expect(rec.warnings[0]).toMatch(warning);
  });
});

describe('RunStore.list', () => {
  it('sorts newest first (creation time, then id)', () => {
    const dir = freshDir();
    const times = ['2025-03-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z', '2025-04-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z'];
    const ids = times.map((t, i) => storeAt(dir, t, { randomHex: () => `000${i}` }).create({ model, environment, options }).id);
    expect(new RunStore(dir).list().map((r) => r.id)).toEqual([ids[3], ids[1], ids[2], ids[0]]);
  });

  it('returns [] for a runs directory that does not exist yet', () => {
    expect(new RunStore(join(freshDir(), 'nope')).list()).toEqual([]);
  });

  it('summarizes name, dataset, status, progress and weights', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1, 0.7) });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(2, 0.75) });
    store.appendMetric(run.id, { type: 'batch', ...batch(9) });
    store.saveWeights(run.id, { modelTopology: {}, weightSpecs: [{ name: 'k', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1, 2]).buffer });
    store.setStatus(run.id, { status: 'completed', test_accuracy: 0.74, test_loss: 0.6 });
    expect(store.list()).toEqual([
      {
        id: run.id,
        name: 'Deep SELU net',
        dataset: 'fashion-mnist',
        status: 'completed',
        created_at: '2025-01-31T14:25:01.000Z',
        started_at: null,
        finished_at: null,
        options,
        epochs_done: 2,
        last_val_accuracy: 0.75,
        has_weights: true,
        test_accuracy: 0.74,
        test_loss: 0.6,
        display_name: null,
        tags: [],
        note: '',
        best_val_accuracy: 0.75,
        duration_seconds: null,
        backend: 'wasm',
        activations: [],
        initializers: [],
      },
    ]);
  });

  it('finds the last epoch even behind more than 64 KB of batch samples', () => {
    const store = storeAt(freshDir());
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(3, 0.9) });
    const lines = Array.from({ length: 3000 }, (_, i) => `${JSON.stringify({ type: 'batch', ...batch(i + 1) })}\n`).join('');
    writeFileSync(join(run.dir, 'metrics.jsonl'), lines, { flag: 'a' });
    expect(lines.length).toBeGreaterThan(4 * 64 * 1024);
    expect(store.list()[0]).toMatchObject({ epochs_done: 3, last_val_accuracy: 0.9 });
  });

  const damage = [
    { name: 'status.json not JSON', edit: (d: string) => writeFileSync(join(d, 'status.json'), '{"status": "runn'), error: /status.json is not valid JSON/ },
    { name: 'status.json with a bad field', edit: (d: string) => writeFileSync(join(d, 'status.json'), JSON.stringify({ status: 'done', created_at: 'x' })), error: /status.json is invalid at status/ },
    { name: 'status.json missing (half-written folder)', edit: (d: string) => rmSync(join(d, 'status.json')), error: /status.json is missing/ },
    { name: 'model.json missing', edit: (d: string) => rmSync(join(d, 'model.json')), error: /model.json is missing/ },
    { name: 'model.json not a model', edit: (d: string) => writeFileSync(join(d, 'model.json'), '{"hello":1}'), error: /model.json is invalid at format/ },
    { name: 'status.json empty', edit: (d: string) => writeFileSync(join(d, 'status.json'), ''), error: /status.json is not valid JSON/ },
  ];

  it.each(damage)('flags a damaged run ($name) as failed without hiding the others', ({ edit, error }) => {
    const dir = freshDir();
    const good1 = storeAt(dir, '2025-01-01T00:00:00Z').create({ model, environment, options });
    const bad = storeAt(dir, '2025-01-02T00:00:00Z').create({ model, environment, options });
    const good2 = storeAt(dir, '2025-01-03T00:00:00Z').create({ model, environment, options });
    new RunStore(dir).setStatus(good2.id, { status: 'completed' });
    edit(bad.dir);

    const store = new RunStore(dir);
    const list = store.list();
    expect(list.map((r) => r.id)).toEqual([good2.id, bad.id, good1.id]);
    expect(list.map((r) => r.status)).toEqual(['completed', 'failed', 'running']);
    expect(list[1]!.error).toMatch(error);
    expect(list[1]!.created_at).toBe('2025-01-02T00:00:00.000Z');

    const rec = store.load(bad.id);
    expect(rec.warnings.join('\n')).toMatch(error);
    if (/status/.test(String(error))) expect(rec.status).toMatchObject({ status: 'failed' });
    if (/model/.test(String(error))) expect(rec.model).toBeNull();
  });
});

describe('ids are validated before the disk is touched', () => {
  const bad = ['', '..', '../x', '../../etc/passwd', '/etc', 'C:\\Windows', 'a/b', '20250101-000000-x-zzzz', '20250101-000000-x-abcd/../..', ' 20250101-000000-x-abcd', 'Run-1', 42];
  const dir = freshDir();
  const store = storeAt(dir);
  const ops: [string, (id: string) => unknown][] = [
    ['load', (id) => store.load(id)],
    ['delete', (id) => store.delete(id)],
    ['appendMetric', (id) => store.appendMetric(id, { type: 'batch', ...batch(1) })],
    ['setStatus', (id) => store.setStatus(id, { status: 'failed' })],
    ['saveWeights', (id) => store.saveWeights(id, { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) })],
    ['runDir', (id) => store.runDir(id)],
  ];
  it.each(ops.flatMap(([op, fn]) => bad.map((id) => ({ op, fn, id }))))('$op($id) is refused', ({ fn, id }) => {
    expect(() => fn(id as string)).toThrow(RunStoreError);
    expect(() => fn(id as string)).toThrow(`Received: id=${JSON.stringify(id)}`);
    expect(existsSync(dir)).toBe(false);
  });

  it('an unknown but well-formed id is a clear error', () => {
    expect(() => storeAt(freshDir()).load('20250101-000000-x-abcd')).toThrow(/no run "20250101-000000-x-abcd" in /);
  });
});

describe('RunStore.delete', () => {
  it('removes the run folder and only that one', () => {
    const dir = freshDir();
    const a = storeAt(dir, '2025-01-01T00:00:00Z').create({ model, environment, options });
    const b = storeAt(dir, '2025-01-02T00:00:00Z').create({ model, environment, options });
    const store = new RunStore(dir);
    store.appendMetric(a.id, { type: 'epoch', ...epoch(1) });
    store.delete(a.id);
    expect(existsSync(a.dir)).toBe(false);
    expect(store.list().map((r) => r.id)).toEqual([b.id]);
    expect(() => store.delete(a.id)).toThrow(/no run/);
  });
});

describe('RunStore.markInterrupted', () => {
  it.each([
    { name: 'dead owner on this host', status: 'running', owner: { pid: 111, hostname: hostname() }, marked: true },
    { name: 'no owner recorded', status: 'running', owner: undefined, marked: true },
    { name: 'live owner', status: 'running', owner: { pid: 222, hostname: hostname() }, marked: false },
    { name: 'owner on another host', status: 'running', owner: { pid: 111, hostname: 'elsewhere' }, marked: false },
    { name: 'already completed', status: 'completed', owner: { pid: 111, hostname: hostname() }, marked: false },
  ] as const)('$name → marked: $marked', ({ status, owner, marked }) => {
    const dir = freshDir();
    const store = storeAt(dir, '2025-02-02T02:02:02Z', { isAlive: (pid) => pid === 222 });
    const run = store.create({ model, environment, options });
    const file = join(run.dir, 'status.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    doc.status = status;
    if (owner) doc.owner = owner;
    else delete doc.owner;
    writeFileSync(file, JSON.stringify(doc));

    expect(store.markInterrupted()).toEqual(marked ? [run.id] : []);
    const after = store.load(run.id).status;
    if (marked) expect(after).toMatchObject({ status: 'failed', error: 'interrupted', finished_at: '2025-02-02T02:02:02.000Z' });
    else expect(after.status).toBe(status);
  });

  it('uses the real process table by default: this process is alive', () => {
    const store = new RunStore(freshDir());
    const run = store.create({ model, environment, options });
    expect(store.markInterrupted()).toEqual([]);
    expect(store.load(run.id).status.status).toBe('running');
  });
});

describe('RunStore.sweepTemps', () => {
  it('removes stale temp entries and keeps young ones', () => {
    const store = storeAt(freshDir(), '2025-01-31T14:25:01Z');
    const run = store.create({ model, environment, options });
    const old = join(run.dir, 'status.json.tmp-1-aaaaaaaa');
    const young = join(run.dir, 'status.json.tmp-2-bbbbbbbb');
    const oldDir = join(store.dir, `${run.id}.tmp-1-cccccccc`);
    writeFileSync(old, 'x');
    writeFileSync(young, 'x');
    mkdirSync(oldDir);
    const twoHoursBefore = new Date('2025-01-31T12:25:01Z');
    utimesSync(old, twoHoursBefore, twoHoursBefore);
    utimesSync(oldDir, twoHoursBefore, twoHoursBefore);
    const recent = new Date('2025-01-31T14:20:00Z');
    utimesSync(young, recent, recent);
    expect(store.sweepTemps().sort()).toEqual([oldDir, old].sort());
    expect(existsSync(young)).toBe(true);
    expect(readdirSync(store.dir)).toEqual([run.id]);
  });
});
