/**
 * The list keeps what it read by each file's stat signature: whatever another process
 * (or a hand edit) changes is seen on the next list, and metrics.jsonl is read on from
 * where the last scan stopped only when it really was appended to.
 */
import { appendFileSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { metricsFacts, scanMetrics } from '../../../src-main/runs/metrics-scan.js';
import { environment, epoch, model, options, scratchDirs, weightSpecs, weightValues } from './fixtures.js';

const { fresh } = scratchDirs('gl-list-cache-');

const epochLine = (e: number, acc: number) => `${JSON.stringify({ type: 'epoch', ...epoch(e, acc) })}\n`;
const batchLine = (step: number) => `${JSON.stringify({ type: 'batch', epoch: 1, step, loss: 0.5, samples_done: step * 32, samples_total: 9600 })}\n`;

/** A store that lists (the one under test) and a second one writing as another process would. */
function pair() {
  const dir = fresh();
  const writer = new RunStore(dir);
  const run = writer.create({ model, environment, options });
  writer.appendMetric(run.id, { type: 'epoch', ...epoch(1, 0.6) });
  const viewer = new RunStore(dir);
  expect(viewer.list()[0]).toMatchObject({ status: 'running', epochs_done: 1 });
  return { dir, writer, viewer, run };
}

describe('a re-list sees every change', () => {
  it('status.json replaced by another process', () => {
    const { writer, viewer, run } = pair();
    writer.setStatus(run.id, { status: 'stopped', test_accuracy: 0.7 });
    expect(viewer.list()[0]).toMatchObject({ status: 'stopped', test_accuracy: 0.7 });
  });

  it('status.json rewritten in place with the same size and its old mtime put back', () => {
    const { viewer, run } = pair();
    const file = join(run.dir, 'status.json');
    const text = readFileSync(file, 'utf8');
    const before = statSync(file);
    const edited = text.replace('"running"', '"stopped"');
    expect(edited.length).toBe(text.length);
    writeFileSync(file, edited);
    utimesSync(file, before.atime, before.mtime);
    expect(viewer.list()[0]!.status).toBe('stopped');
  });

  it('metrics appended: new epochs and a new best', () => {
    const { writer, viewer, run } = pair();
    writer.appendMetric(run.id, { type: 'epoch', ...epoch(2, 0.9) });
    expect(viewer.list()[0]).toMatchObject({ epochs_done: 2, best_val_accuracy: 0.9, last_val_accuracy: 0.9 });
    writer.appendMetric(run.id, { type: 'epoch', ...epoch(3, 0.8) });
    expect(viewer.list()[0]).toMatchObject({ epochs_done: 3, best_val_accuracy: 0.9, last_val_accuracy: 0.8 });
  });

  it('metrics.jsonl replaced by a shorter file: read again from the start', () => {
    const { viewer, run } = pair();
    appendFileSync(join(run.dir, 'metrics.jsonl'), epochLine(2, 0.95));
    expect(viewer.list()[0]!.best_val_accuracy).toBe(0.95);
    writeFileSync(join(run.dir, 'metrics.jsonl'), epochLine(1, 0.5));
    expect(viewer.list()[0]).toMatchObject({ epochs_done: 1, best_val_accuracy: 0.5 });
  });

  it('metrics.jsonl rewritten in place, longer: read again from the start', () => {
    const { viewer, run } = pair();
    const file = join(run.dir, 'metrics.jsonl');
    writeFileSync(file, `${epochLine(1, 0.3)}${epochLine(2, 0.31)}`);
    expect(viewer.list()[0]).toMatchObject({ best_val_accuracy: 0.31, epochs_done: 2 });
  });

  it('meta.json changed by another process; removed again', () => {
    const { writer, viewer, run } = pair();
    writer.updateMeta(run.id, { name: 'Renamed', tags: ['x'] });
    expect(viewer.list()[0]).toMatchObject({ display_name: 'Renamed', tags: ['x'] });
    rmSync(join(run.dir, 'meta.json'));
    expect(viewer.list()[0]).toMatchObject({ display_name: null, tags: [] });
  });

  it('weights saved, then truncated by hand', () => {
    const { writer, viewer, run } = pair();
    writer.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: weightValues.buffer });
    expect(viewer.list()[0]!.has_weights).toBe(true);
    truncateSync(join(run.dir, 'weights', 'weights.bin'), 8);
    expect(viewer.list()[0]).toMatchObject({ has_weights: false, status: 'failed', damaged: 'weights/weights.bin' });
  });

  it('weights missing from the folder, then put back', () => {
    const { writer, viewer, run } = pair();
    writer.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: weightValues.buffer });
    const bin = join(run.dir, 'weights', 'weights.bin');
    const bytes = readFileSync(bin);
    rmSync(bin);
    expect(viewer.list()[0]).toMatchObject({ has_weights: false, damaged: 'weights/weights.bin' });
    expect(viewer.list()[0]!.damaged).toBe('weights/weights.bin');
    writeFileSync(bin, bytes);
    expect(viewer.list()[0]).toMatchObject({ has_weights: true, status: 'running' });
    expect(viewer.list()[0]!.damaged).toBeUndefined();
  });

  it('environment.json replaced when the backend is known', () => {
    const { writer, viewer, run } = pair();
    writer.setEnvironment(run.id, { ...environment, backend: 'tensorflow' });
    expect(viewer.list()[0]!.backend).toBe('tensorflow');
  });

  it('a run removed and another created: the list follows', () => {
    const { dir, writer, viewer, run } = pair();
    renameSync(run.dir, join(dir, 'elsewhere'));
    expect(viewer.list()).toEqual([]);
    const next = writer.create({ model, environment, options });
    expect(viewer.list().map((r) => r.id)).toEqual([next.id]);
  });

  it('a re-list of unchanged runs gives equal rows', () => {
    const { viewer } = pair();
    expect(viewer.list()).toEqual(viewer.list());
  });
});

describe('scanMetrics reads on from where it stopped only for an appended file', () => {
  it('appended: continues at the old offset', () => {
    const file = join(fresh() + '-m.jsonl');
    writeFileSync(file, `${epochLine(1, 0.5)}${batchLine(1)}`);
    const a = scanMetrics(file, null);
    expect(a).toMatchObject({ lines: 2, offset: statSync(file).size, best: 0.5 });
    appendFileSync(file, `${batchLine(2)}${epochLine(2, 0.7)}`);
    const b = scanMetrics(file, a);
    expect(b).toMatchObject({ lines: 4, offset: statSync(file).size, best: 0.7 });
    expect(b.last?.epoch).toBe(2);
  });

  it('a partial last line is kept as the tail and consumed once it is whole', () => {
    const file = join(fresh() + '-m.jsonl');
    const line = epochLine(1, 0.5);
    writeFileSync(file, line.slice(0, 20));
    const a = scanMetrics(file, null);
    expect(a).toMatchObject({ lines: 0, offset: 0 });
    expect(metricsFacts(a)).toMatchObject({ cutLine: 1, last: null });
    appendFileSync(file, line.slice(20));
    const b = scanMetrics(file, a);
    expect(b).toMatchObject({ lines: 1, tail: '' });
    expect(metricsFacts(b)).toMatchObject({ cutLine: null, best: 0.5 });
  });

  it.each([
    { name: 'truncated', change: (f: string) => writeFileSync(f, epochLine(1, 0.2)) },
    { name: 'replaced by a new file', change: (f: string) => (writeFileSync(`${f}.new`, `${epochLine(1, 0.2)}${batchLine(1)}${batchLine(2)}${batchLine(3)}`), renameSync(`${f}.new`, f)) },
    // The same first bytes; what stood at the old end has moved (the scan checks both).
    { name: 'rewritten in place, longer, same first bytes', change: (f: string) => writeFileSync(f, `${epochLine(1, 0.25)}${batchLine(1)}${batchLine(2)}${batchLine(3)}`) },
  ])('$name: starts again', ({ change }) => {
    const file = join(fresh() + '-m.jsonl');
    writeFileSync(file, `${epochLine(1, 0.9)}${batchLine(1)}`);
    const a = scanMetrics(file, null);
    change(file);
    const b = scanMetrics(file, a);
    expect([0.2, 0.25]).toContain(b.best);
    expect(b.lines).toBe(readFileSync(file, 'utf8').split('\n').length - 1);
    expect(b.offset).toBe(statSync(file).size);
  });
});
