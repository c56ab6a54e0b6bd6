/**
 * The run metrics check (src-main/runs/metrics-schema.ts) with the chapter-11 fields:
 * learning_rate, grad_norm_raw/_clipped and batch_norm are optional (older records have
 * none), typed when present, and null (JSON's NaN) reads back as NaN.
 */
import { describe, expect, it } from 'vitest';
import { batchSampleSchema, describeIssue, epochMetricsSchema } from '../../src-main/runs/metrics-schema.js';

const epoch = { epoch: 1, loss: 0.5, accuracy: 0.8, val_loss: 0.6, val_accuracy: 0.78, seconds: 3, layers: [] };
const bn = { name: 'batch_normalization_1', spec_index: 2, in_mean: 0.4, in_std: 0.7, out_mean: 0.01, out_std: 0.98 };

describe('epoch records', () => {
  it.each<{ label: string; record: object; ok: true | string }>([
    { label: 'a record from before chapter 11', record: epoch, ok: true },
    { label: 'every new field', record: { ...epoch, learning_rate: 0.01, grad_norm_raw: 3.2, grad_norm_clipped: 1, batch_norm: [bn] }, ok: true },
    { label: 'a text rate', record: { ...epoch, learning_rate: 'fast' }, ok: 'learning_rate: expected a number, received "fast"' },
    { label: 'a batch-norm entry without out_std', record: { ...epoch, batch_norm: [{ ...bn, out_std: undefined }] }, ok: 'batch_norm[0].out_std: expected a number, received nothing' },
    { label: 'a negative spec index', record: { ...epoch, batch_norm: [{ ...bn, spec_index: -1 }] }, ok: 'batch_norm[0].spec_index' },
  ])('$label', ({ record, ok }) => {
    const r = epochMetricsSchema.safeParse(record);
    if (ok === true) {
      expect(r.success).toBe(true);
      expect(r.data).toEqual(record);
    } else {
      expect(r.success).toBe(false);
      expect(describeIssue(r.error!)).toContain(ok);
    }
  });

  it('a diverged norm stored as null reads back as NaN', () => {
    const r = epochMetricsSchema.parse({ ...epoch, grad_norm_raw: null, batch_norm: [{ ...bn, in_std: null }] });
    expect(r.grad_norm_raw).toBeNaN();
    expect(r.batch_norm![0]!.in_std).toBeNaN();
  });
});

describe('batch samples', () => {
  const sample = { epoch: 1, step: 40, loss: 0.7, samples_done: 1280, samples_total: 5000 };
  it('learning_rate is optional and a number', () => {
    expect(batchSampleSchema.parse(sample)).toEqual(sample);
    expect(batchSampleSchema.parse({ ...sample, learning_rate: 0.005 }).learning_rate).toBe(0.005);
    const r = batchSampleSchema.safeParse({ ...sample, learning_rate: [1] });
    expect(r.success).toBe(false);
    expect(describeIssue(r.error!)).toBe('learning_rate: expected a number, received [1]');
  });
});
