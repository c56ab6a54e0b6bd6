/**
 * Every kind of broken run folder the runs view meets: listed with the damaged files
 * and the reason, never hiding the other runs, never making list() or load() throw.
 * Damage to the record itself (status, model, metrics, weight files) lists the run as
 * failed; damage beside it (environment.json, meta.json, a completed run's missing
 * weights) keeps its status.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { environment, epoch, model, options, scratchDirs, weightSpecs, weightValues } from './fixtures.js';

const { fresh } = scratchDirs('gl-damaged-list-');

/** Three completed runs a day apart (two epochs, weights); `damage` is applied to the middle one. */
function threeRuns(damage: (runDir: string) => void): { store: RunStore; ids: string[] } {
  const dir = fresh();
  const ids = ['2025-02-01', '2025-02-02', '2025-02-03'].map((day, i) => {
    const s = new RunStore(dir, { now: () => new Date(`${day}T00:00:00Z`), randomHex: () => `000${i}` });
    const run = s.create({ model, environment, options });
    s.appendMetric(run.id, { type: 'epoch', ...epoch(1) });
    s.appendMetric(run.id, { type: 'batch', epoch: 2, step: 5, loss: 0.5, samples_done: 160, samples_total: 320 });
    s.appendMetric(run.id, { type: 'epoch', ...epoch(2) });
    s.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: weightValues.buffer });
    s.setStatus(run.id, { status: 'completed', test_accuracy: 0.8 });
    return run.id;
  });
  damage(join(dir, ids[1]!));
  return { store: new RunStore(dir), ids };
}

const cases: { name: string; damage: (d: string) => void; status: string; damaged: string; error: RegExp }[] = [
  { name: 'status.json unreadable JSON', damage: (d) => writeFileSync(join(d, 'status.json'), '{"status":"compl'), status: 'failed', damaged: 'status.json', error: /^status\.json is not valid JSON/ },
  { name: 'model.json unreadable JSON', damage: (d) => writeFileSync(join(d, 'model.json'), '{"format":'), status: 'failed', damaged: 'model.json', error: /^model\.json is not valid JSON/ },
  { name: 'metrics.jsonl cut off mid-line', damage: (d) => appendFileSync(join(d, 'metrics.jsonl'), '{"type":"epoch","epoch":3,"lo'), status: 'failed', damaged: 'metrics.jsonl', error: /^metrics\.jsonl: the last line \(4\) is incomplete, probably cut off by a crash$/ },
  { name: 'metrics.jsonl with a garbled line', damage: (d) => writeFileSync(join(d, 'metrics.jsonl'), `{"type":"epoch",oops\n${JSON.stringify({ type: 'epoch', ...epoch(1) })}\n`), status: 'failed', damaged: 'metrics.jsonl', error: /^metrics\.jsonl: line 1 is not valid JSON$/ },
  { name: 'metrics.jsonl is a folder', damage: (d) => (rmSync(join(d, 'metrics.jsonl')), mkdirSync(join(d, 'metrics.jsonl'))), status: 'failed', damaged: 'metrics.jsonl', error: /^metrics\.jsonl is not a regular file$/ },
  { name: 'weights.bin missing', damage: (d) => rmSync(join(d, 'weights', 'weights.bin')), status: 'failed', damaged: 'weights/weights.bin', error: /^weights\/weights\.bin is missing$/ },
  { name: 'weights folder missing (completed run)', damage: (d) => rmSync(join(d, 'weights'), { recursive: true }), status: 'completed', damaged: 'weights', error: /^weights\/ is missing \(a completed run saves its weights when it finishes\)$/ },
  { name: 'environment.json unreadable JSON', damage: (d) => writeFileSync(join(d, 'environment.json'), '{"backend'), status: 'completed', damaged: 'environment.json', error: /^environment\.json is not valid JSON/ },
  { name: 'meta.json unreadable JSON', damage: (d) => writeFileSync(join(d, 'meta.json'), '{"name":"x",'), status: 'completed', damaged: 'meta.json', error: /^meta\.json is not valid JSON/ },
  { name: 'meta.json with a bad tag', damage: (d) => writeFileSync(join(d, 'meta.json'), JSON.stringify({ name: null, tags: ['has space'], note: '' })), status: 'completed', damaged: 'meta.json', error: /^meta\.json is invalid at tags\.0/ },
  { name: 'meta.json is a folder', damage: (d) => mkdirSync(join(d, 'meta.json')), status: 'completed', damaged: 'meta.json', error: /^meta\.json is not a regular file$/ },
];

describe('a damaged run folder is listed with the reason and hides no other run', () => {
  it.each(cases)('$name', ({ damage, status, damaged, error }) => {
    const { store, ids } = threeRuns(damage);
    const list = store.list();
    expect(list.map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(list.map((r) => r.status)).toEqual(['completed', status, 'completed']);
    expect(list.map((r) => r.damaged)).toEqual([undefined, damaged, undefined]);
    expect(list[1]!.error).toMatch(error);
    expect(list[0]!.error).toBeUndefined();
    expect(list[1]!.created_at).toBe('2025-02-02T00:00:00.000Z');
  });

  it.each(cases)('load() does not throw and names the problem: $name', ({ damage, error, damaged }) => {
    const { store, ids } = threeRuns(damage);
    const rec = store.load(ids[1]!);
    // A missing weights folder is not a reading problem: load says has_weights false.
    if (damaged === 'weights') expect(rec.has_weights).toBe(false);
    else expect(rec.warnings.some((w) => error.test(w) || w.includes(damaged))).toBe(true);
  });

  it('damage beside the record keeps the columns it can still fill', () => {
    const { store } = threeRuns((d) => {
      writeFileSync(join(d, 'environment.json'), 'nope');
      writeFileSync(join(d, 'meta.json'), 'nope');
    });
    const row = store.list()[1]!;
    expect(row).toMatchObject({ status: 'completed', damaged: 'environment.json, meta.json', backend: null, display_name: null, tags: [], note: '', best_val_accuracy: 0.52, epochs_done: 2, test_accuracy: 0.8 });
  });

  it('a folder damaged everywhere is one row naming every file', () => {
    const { store } = threeRuns((d) => {
      for (const f of ['status.json', 'model.json', 'environment.json', 'meta.json']) writeFileSync(join(d, f), '{');
      appendFileSync(join(d, 'metrics.jsonl'), 'xx');
      rmSync(join(d, 'weights', 'weights.bin'));
    });
    const row = store.list()[1]!;
    expect(row.status).toBe('failed');
    expect(row.damaged).toBe('status.json, model.json, metrics.jsonl, weights/weights.bin, environment.json, meta.json');
    expect(row.error!.split('; ')).toHaveLength(6);
  });

  it('a run still training may end in half a line: not damage until it has ended', () => {
    const dir = fresh();
    const store = new RunStore(dir);
    const run = store.create({ model, environment, options });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1, 0.7) });
    appendFileSync(join(run.dir, 'metrics.jsonl'), '{"type":"batch","epoch":2,"st');
    expect(store.list()[0]).toMatchObject({ status: 'running', epochs_done: 1, best_val_accuracy: 0.7 });
    expect(store.list()[0]!.damaged).toBeUndefined();
    store.setStatus(run.id, { status: 'stopped' });
    expect(store.list()[0]).toMatchObject({ status: 'failed', damaged: 'metrics.jsonl' });
  });

  it('a whole last line without its newline is read, not damage', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    writeFileSync(join(run.dir, 'metrics.jsonl'), JSON.stringify({ type: 'epoch', ...epoch(1, 0.66) }));
    store.setStatus(run.id, { status: 'stopped' });
    expect(store.list()[0]).toMatchObject({ status: 'stopped', epochs_done: 1, best_val_accuracy: 0.66 });
  });

  it('a completed run without epochs and weights is not called damaged (nothing was trained to save)', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    store.setStatus(run.id, { status: 'completed' });
    expect(store.list()[0]!.damaged).toBeUndefined();
  });

  it('a stray file or folder that is not a run is not listed', () => {
    const { store } = threeRuns(() => undefined);
    writeFileSync(join(store.dir, 'notes.txt'), 'hi');
    mkdirSync(join(store.dir, 'not-a-run'));
    writeFileSync(join(store.dir, '20250101-000000-file-not-folder-0000'), 'x');
    expect(store.list()).toHaveLength(3);
  });
});
