// Epoch and batch records are checked by one schema on arrival from the training process
// and when metrics.jsonl is read back; these tests hold both ends to it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import type { BatchSample, EpochMetrics, LayerDiagnostics } from '../../../src-shared/training/metrics.js';
import { makeSyntheticData, selectBackend, train } from '../../../src-main/engine/index.js';
import { parseMetrics } from '../../../src-main/runs/metrics-file.js';
import { describeTrainerEventError, trainerEventSchema } from '../../../src-main/trainer/protocol.js';

const layer = (over: Partial<LayerDiagnostics> = {}): LayerDiagnostics => ({
  name: 'dense_1',
  spec_index: 1,
  activation: 'leaky_relu',
  grad_norm: 0.12,
  weight_norm: 9.5,
  act_mean: 0.3,
  act_std: 0.6,
  inactive_fraction: 0.01,
  inactive_kind: 'dead',
  ...over,
});

const epoch = (over: Partial<EpochMetrics> = {}): EpochMetrics => ({
  epoch: 1,
  loss: 0.61,
  accuracy: 0.78,
  val_loss: 0.52,
  val_accuracy: 0.81,
  seconds: 2.5,
  layers: [layer(), layer({ name: 'dense_2', spec_index: 3, activation: 'softmax', inactive_fraction: null, inactive_kind: null })],
  ...over,
});

/** An epoch record with `edit` applied to a JSON copy, for shapes the types forbid. */
function damaged(edit: (m: Record<string, any>) => void): Record<string, unknown> {
  const m = JSON.parse(JSON.stringify(epoch())) as Record<string, any>;
  edit(m);
  return m;
}

const MALFORMED: { label: string; metrics: Record<string, unknown>; path: string }[] = [
  { label: 'missing layers', metrics: damaged((m) => delete m.layers), path: 'layers' },
  { label: 'a string loss', metrics: damaged((m) => (m.loss = '0.5')), path: 'loss' },
  { label: 'a layer without grad_norm', metrics: damaged((m) => delete m.layers[1].grad_norm), path: 'layers[1].grad_norm' },
  { label: 'epoch 0', metrics: damaged((m) => (m.epoch = 0)), path: 'epoch' },
  { label: 'an unknown inactive kind', metrics: damaged((m) => (m.layers[0].inactive_kind = 'sleepy')), path: 'layers[0].inactive_kind' },
];

describe('trainerEventSchema: epoch messages', () => {
  it('accepts NaN and ±Infinity, which a diverging run measures, and keeps them', () => {
    const metrics = epoch({ loss: Number.NaN, val_loss: Number.POSITIVE_INFINITY, layers: [layer({ grad_norm: Number.NaN, act_mean: -Infinity })] });
    const parsed = trainerEventSchema.safeParse({ type: 'epoch', metrics });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ type: 'epoch', metrics });
  });

  it.each(MALFORMED)('refuses $label, naming metrics.$path', ({ metrics, path }) => {
    const parsed = trainerEventSchema.safeParse({ type: 'epoch', metrics });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(describeTrainerEventError(parsed.error)).toMatch(new RegExp(`^metrics\\.${path.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it('names the value it refused', () => {
    const parsed = trainerEventSchema.safeParse({ type: 'epoch', metrics: damaged((m) => (m.loss = 'big')) });
    expect(parsed.success ? '' : describeTrainerEventError(parsed.error)).toBe('metrics.loss: expected a number, received "big"');
  });

  it('no longer knows a data event (nothing read it)', () => {
    expect(trainerEventSchema.safeParse({ type: 'data', train: 1, validation: 1, test: 1, seconds: 0 }).success).toBe(false);
  });
});

describe('metrics.jsonl: read with the same schema', () => {
  const line = (m: unknown): string => JSON.stringify({ type: 'epoch', ...(m as object) });

  it('reads a diverged loss written as null back as NaN, and keeps a null inactive fraction', () => {
    const parsed = parseMetrics(`${line(epoch({ loss: Number.NaN }))}\n`);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.epochs[0]?.loss).toBeNaN();
    expect(parsed.epochs[0]?.layers[1]?.inactive_fraction).toBeNull();
  });

  it.each(MALFORMED)('skips a line with $label, with a warning naming the line and $path', ({ metrics, path }) => {
    const text = [line(epoch()), line(metrics), line(epoch({ epoch: 2 }))].join('\n') + '\n';
    const parsed = parseMetrics(text);
    expect(parsed.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain('metrics.jsonl: line 2 has an invalid epoch record (');
    expect(parsed.warnings[0]).toContain(`(${path}: `);
    expect(parsed.warnings[0]).toMatch(/; skipped$/);
  });

  it('skips a batch line with a string loss', () => {
    const parsed = parseMetrics('{"type":"batch","epoch":1,"step":3,"loss":"x","samples_done":96,"samples_total":512}\n');
    expect(parsed.batches).toEqual([]);
    expect(parsed.warnings).toEqual(['metrics.jsonl: line 1 has an invalid batch record (loss: expected a number, received "x"); skipped']);
  });
});

describe('what the engine really sends passes the schema unchanged', () => {
  const spec: ModelSpec = {
    format: 'gradient-lab/model',
    version: 2,
    name: 'wire',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 16, kernel_initializer: 'he_normal' },
      { kind: 'batch_normalization' },
      { kind: 'rrelu' },
      { kind: 'dense', units: 12, activation: 'tanh' },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ] satisfies LayerSpec[],
    training: { optimizer: { name: 'adam', learning_rate: 0.003 }, epochs: 2, batch_size: 32, seed: 1 },
  };

  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('epoch and batch records of a short run, over the wire and through metrics.jsonl', async () => {
    const data = makeSyntheticData({ train: 256, validation: 64, test: 64, seed: 5 });
    const epochs: EpochMetrics[] = [];
    const batches: BatchSample[] = [];
    const result = await train(spec, data, { epochs: 2, batchSize: 32, seed: 1, batchEveryMs: 0 }, {
      onEpoch: (m) => epochs.push(m),
      onBatch: (b) => batches.push(b),
    });
    result.model.dispose();
    expect(epochs).toHaveLength(2);
    expect(epochs[0]?.layers.map((l) => l.inactive_kind)).toEqual(['dead', 'saturated', null]);
    for (const metrics of epochs) expect(trainerEventSchema.parse({ type: 'epoch', metrics })).toEqual({ type: 'epoch', metrics });
    for (const sample of batches) expect(trainerEventSchema.parse({ type: 'batch', sample })).toEqual({ type: 'batch', sample });

    const file = [...batches.map((b) => ({ type: 'batch', ...b })), ...epochs.map((e) => ({ type: 'epoch', ...e }))]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const back = parseMetrics(`${file}\n`);
    expect(back.warnings).toEqual([]);
    expect(back.epochs).toEqual(epochs);
    expect(back.batches).toEqual(batches);
  });
});
