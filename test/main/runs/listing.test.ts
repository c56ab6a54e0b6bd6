/**
 * The runs view's columns as `list()` fills them: best validation accuracy, duration,
 * backend, hidden activations and initializers, the name/tags/note from meta.json and
 * the run a run continued from.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFacets, RunStore } from '../../../src-main/runs/index.js';
import { loadExample } from '../../helpers/examples.js';
import { environment, epoch, model, options, scratchDirs, weightSpecs, weightValues } from './fixtures.js';

const { fresh } = scratchDirs('gl-listing-');

describe('modelFacets: the hidden dense layers, output layer left out', () => {
  it.each([
    { example: 'leaky-relu', activations: ['leaky_relu'], initializers: ['he_normal'] },
    { example: 'prelu', activations: ['prelu'], initializers: ['he_normal'] },
    { example: 'selu-100', activations: ['selu'], initializers: ['lecun_normal'] },
    { example: 'batch-norm', activations: ['elu'], initializers: ['he_normal'] },
    { example: 'variance-scaling', activations: ['relu'], initializers: ['variance_scaling'] },
    { example: 'sigmoid-standard-normal', activations: ['sigmoid'], initializers: ['random_normal'] },
  ])('$example → $activations, $initializers', ({ example, activations, initializers }) => {
    expect(modelFacets(loadExample(example))).toEqual({ activations, initializers });
  });

  it.each([
    { name: 'only an output layer', value: model },
    { name: 'not a model', value: { hello: 1 } },
    { name: 'null', value: null },
  ])('$name → empty lists', ({ value }) => {
    expect(modelFacets(value)).toEqual({ activations: [], initializers: [] });
  });
});

describe('list() fills the runs view columns', () => {
  it('best validation accuracy over the epochs, duration, backend, facets', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model: loadExample('leaky-relu'), environment: { ...environment, backend: 'tensorflow' }, options });
    for (const [e, acc] of [[1, 0.8], [2, 0.86], [3, 0.84]] as const) store.appendMetric(run.id, { type: 'epoch', ...epoch(e, acc) });
    store.saveWeights(run.id, { modelTopology: {}, weightSpecs, weightData: weightValues.buffer });
    store.setStatus(run.id, { status: 'completed', started_at: '2025-01-01T10:00:00.000Z', finished_at: '2025-01-01T10:02:30.500Z', test_accuracy: 0.85 });
    expect(store.list()[0]).toMatchObject({
      epochs_done: 3,
      last_val_accuracy: 0.84,
      best_val_accuracy: 0.86,
      duration_seconds: 150.5,
      backend: 'tensorflow',
      activations: ['leaky_relu'],
      initializers: ['he_normal'],
      test_accuracy: 0.85,
      display_name: null,
      tags: [],
      note: '',
    });
    expect(store.list()[0]!.damaged).toBeUndefined();
  });

  it.each([
    { name: 'running (no finish yet)', patch: { started_at: '2025-01-01T10:00:00.000Z' }, seconds: null },
    { name: 'never started', patch: { finished_at: '2025-01-01T10:00:00.000Z' }, seconds: null },
    { name: 'finish before start (clock moved)', patch: { started_at: '2025-01-01T10:00:00.000Z', finished_at: '2025-01-01T09:00:00.000Z' }, seconds: null },
    { name: 'unparsable time', patch: { started_at: 'yesterday', finished_at: '2025-01-01T09:00:00.000Z' }, seconds: null },
    { name: 'one hour', patch: { started_at: '2025-01-01T10:00:00.000Z', finished_at: '2025-01-01T11:00:00.000Z' }, seconds: 3600 },
  ])('duration_seconds: $name → $seconds', ({ patch, seconds }) => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    store.setStatus(run.id, patch);
    expect(store.list()[0]!.duration_seconds).toBe(seconds);
  });

  it('no epochs: best and last are null; a NaN val_accuracy is not a best', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment: { ...environment, backend: null }, options });
    expect(store.list()[0]).toMatchObject({ best_val_accuracy: null, last_val_accuracy: null, epochs_done: 0, backend: null });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(1, 0.4) });
    store.appendMetric(run.id, { type: 'epoch', ...epoch(2, Number.NaN) });
    expect(store.list()[0]).toMatchObject({ best_val_accuracy: 0.4, last_val_accuracy: null, epochs_done: 2 });
  });

  it('name, tags and note from meta.json; continued_from from status.json', () => {
    const store = new RunStore(fresh());
    const first = store.create({ model, environment, options });
    const second = store.create({ model, environment, options });
    store.updateMeta(first.id, { name: 'Baseline', tags: ['week-3', 'relu'], note: 'lr 0.01' });
    // As runs:continue records it (the status schema passes unknown keys through).
    store.setStatus(second.id, { continued_from: first.id } as never);
    const rows = new Map(store.list().map((r) => [r.id, r]));
    expect(rows.get(first.id)).toMatchObject({ name: 'Deep SELU net', display_name: 'Baseline', tags: ['week-3', 'relu'], note: 'lr 0.01' });
    expect(rows.get(first.id)!.continued_from).toBeUndefined();
    expect(rows.get(second.id)!.continued_from).toBe(first.id);
  });

  it('a continued_from that is not a run id is ignored', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    const status = JSON.parse(JSON.stringify(store.load(run.id).status));
    writeFileSync(join(run.dir, 'status.json'), JSON.stringify({ ...status, continued_from: '../../etc' }));
    expect(store.list()[0]!.continued_from).toBeUndefined();
    expect(store.list()[0]!.damaged).toBeUndefined();
  });

  it('summary(id) is the list row of one run; unknown ids are refused', () => {
    const store = new RunStore(fresh());
    const run = store.create({ model, environment, options });
    expect(store.summary(run.id)).toEqual(store.list()[0]);
    expect(() => store.summary('20250101-000000-nope-0000')).toThrow(/no run "20250101-000000-nope-0000"/);
  });
});
