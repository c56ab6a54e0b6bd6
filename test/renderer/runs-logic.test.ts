/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The runs list's pure logic over generated summaries (sort, filter, choices, 1,000 runs)
 * and the comparison's series and table.
 */
import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import type { RunRecord, RunSummary } from '../../src-shared/training/run.js';
import { bestIndex, compareCsv, curveSeries, depthCompareSeries, epochFor, metricValues } from '../../src-renderer/features/runs/compare-series.js';
import {
  DEFAULT_SORT,
  filterChoices,
  formatRunDuration,
  matchesFilter,
  NO_FILTER,
  parseTags,
  runName,
  sortRuns,
  visibleRuns,
} from '../../src-renderer/features/runs/runs-table.js';

function summary(i: number, over: Partial<RunSummary> = {}): RunSummary {
  const act = ['relu', 'selu', 'elu', 'leaky_relu'][i % 4] as string;
  return {
    id: `20261130-${String(100000 + i).slice(-6)}-model-${i}-${(i % 65536).toString(16).padStart(4, '0')}`,
    name: `model ${i}`,
    dataset: 'fashion-mnist',
    status: i % 10 === 0 ? 'failed' : 'completed',
    created_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    started_at: null,
    finished_at: null,
    options: { epochs: 10, batch_size: 32, limit: null, seed: 1, backend: 'wasm' },
    epochs_done: 10,
    last_val_accuracy: 0.8,
    has_weights: true,
    activations: [act],
    initializers: [act === 'selu' ? 'lecun_normal' : 'he_normal'],
    tags: i % 3 === 0 ? ['baseline'] : [],
    best_val_accuracy: i % 7 === 0 ? null : 0.5 + ((i * 37) % 400) / 1000,
    test_accuracy: 0.8,
    duration_seconds: 30 + i,
    backend: 'wasm',
    ...over,
  };
}

describe('runs table', () => {
  const runs = Array.from({ length: 1000 }, (_, i) => summary(i));

  it('sorts newest first by default and puts missing values last in both directions', () => {
    expect(sortRuns(runs, DEFAULT_SORT)[0]?.id).toBe(runs[999]?.id);
    for (const descending of [true, false]) {
      const sorted = sortRuns(runs, { column: 'best_val', descending });
      const firstNull = sorted.findIndex((r) => r.best_val_accuracy === null);
      expect(sorted.slice(firstNull).every((r) => r.best_val_accuracy === null)).toBe(true);
      const vals = sorted.slice(0, firstNull).map((r) => r.best_val_accuracy as number);
      expect(vals).toEqual([...vals].sort((a, b) => (descending ? b - a : a - b)));
    }
  });

  const filters: { name: string; filter: Partial<typeof NO_FILTER>; count: number }[] = [
    { name: 'none', filter: {}, count: 1000 },
    { name: 'status failed', filter: { status: 'failed' }, count: 100 },
    { name: 'activation selu', filter: { activation: 'selu' }, count: 250 },
    { name: 'initializer lecun_normal', filter: { initializer: 'lecun_normal' }, count: 250 },
    { name: 'tag baseline', filter: { tag: 'baseline' }, count: 334 },
    { name: 'text, two words (AND)', filter: { text: 'MODEL 999' }, count: 1 },
    { name: 'text, one word', filter: { text: 'baseline' }, count: 334 },
    { name: 'relu and failed', filter: { activation: 'relu', status: 'failed' }, count: 50 },
    { name: 'damaged', filter: { status: 'damaged' }, count: 0 },
  ];
  for (const f of filters) {
    it(`filters: ${f.name}`, () => {
      expect(visibleRuns(runs, { ...NO_FILTER, ...f.filter }, DEFAULT_SORT)).toHaveLength(f.count);
    });
  }

  it('lists a damaged run under "damaged", not under its recorded status', () => {
    const bad = summary(1, { damaged: 'metrics.jsonl', status: 'failed', error: 'metrics.jsonl: line 3 is not JSON' });
    expect(matchesFilter(bad, { ...NO_FILTER, status: 'damaged' })).toBe(true);
    expect(matchesFilter(bad, { ...NO_FILTER, status: 'failed' })).toBe(false);
    expect(matchesFilter(bad, { ...NO_FILTER, text: 'not json' })).toBe(true);
  });

  it('offers only the values present, and names runs by their given name first', () => {
    expect(filterChoices(runs)).toEqual({ activation: ['elu', 'leaky_relu', 'relu', 'selu'], initializer: ['he_normal', 'lecun_normal'], tag: ['baseline'] });
    expect(runName(summary(1, { display_name: 'my best' }))).toBe('my best');
    expect(runName(summary(1, { name: null }))).toBe(summary(1).id);
  });


  it('formats durations and parses typed tags', () => {
    expect([formatRunDuration(42), formatRunDuration(185), formatRunDuration(3725), formatRunDuration(null)]).toEqual(['42 s', '3 min 05 s', '1 h 02 min', '—']);
    expect(parseTags(' selu, baseline  lab-3,selu ')).toEqual(['selu', 'baseline', 'lab-3']);
  });
});

function epoch(n: number, val: number, layers = 3): EpochMetrics {
  return {
    epoch: n,
    loss: 1 / n,
    accuracy: val + 0.02,
    val_loss: 1.1 / n,
    val_accuracy: val,
    seconds: 2,
    layers: Array.from({ length: layers }, (_, k) => ({
      name: `dense_${k + 1}`,
      spec_index: k + 1,
      activation: 'relu',
      grad_norm: 0.1 * (k + 1),
      weight_norm: 1,
      act_mean: 0.2,
      act_std: 0.9 - k * 0.1,
      inactive_fraction: 0.1,
      inactive_kind: 'dead',
    })) as EpochMetrics['layers'],
  };
}

function record(id: string, vals: number[], test: number | null): RunRecord {
  return {
    id,
    model: null,
    environment: null,
    status: { status: 'completed', created_at: '', started_at: null, finished_at: null, options: { epochs: vals.length, batch_size: 32, limit: null, seed: 1, backend: 'wasm' }, test_accuracy: test, test_loss: 0.4 },
    epochs: vals.map((v, i) => epoch(i + 1, v)),
    batches: [],
    has_weights: true,
    warnings: [],
  };
}

describe('comparison', () => {
  const a = { record: record('20261130-000001-a-0001', [0.7, 0.8, 0.78], 0.79), label: 'A' };
  const b = { record: record('20261130-000002-b-0002', [0.72, 0.75], 0.81), label: 'B' };

  it('overlays train (solid) and validation (dashed) per run in one colour each', () => {
    const s = curveSeries([a, b], 'accuracy', { train: 'train', val: 'val' });
    expect(s.map((x) => x.label)).toEqual(['A · train', 'A · val', 'B · train', 'B · val']);
    expect(s[0]?.color).toBe(s[1]?.color);
    expect(s[0]?.color).not.toBe(s[2]?.color);
    expect(s[1]?.dash).toEqual([6, 4]);
    expect(s[1]?.data).toEqual([
      { x: 1, y: 0.7 },
      { x: 2, y: 0.8 },
      { x: 3, y: 0.78 },
    ]);
  });

  it('draws depth profiles at the chosen epoch, or the run’s last when it has not reached it', () => {
    expect(epochFor(b.record, 3)).toBe(2);
    expect(epochFor(a.record, 2)).toBe(2);
    const s = depthCompareSeries([a, b], 'act_std', 3);
    expect(s.map((x) => x.label)).toEqual(['A (3)', 'B (2)']);
    expect(s[0]?.data.map((p) => Number(p.y.toFixed(2)))).toEqual([0.9, 0.8, 0.7]);
  });

  it('marks the best of each row in its direction', () => {
    const va = metricValues(a.record);
    const vb = metricValues(b.record);
    expect(va.best_val_accuracy).toBe(0.8);
    expect(bestIndex([va.best_val_accuracy, vb.best_val_accuracy], 'higher')).toBe(0);
    expect(bestIndex([va.test_accuracy, vb.test_accuracy], 'higher')).toBe(1);
    expect(bestIndex([va.final_val_loss, vb.final_val_loss], 'lower')).toBe(0); // 1.1/3 < 1.1/2
    expect(bestIndex([va.epochs, vb.epochs], null)).toBe(-1);
    expect(bestIndex([0.5, null], 'higher')).toBe(-1);
    expect(compareCsv([a, b]).split('\n')[0]).toBe('metric,A,B');
    expect(compareCsv([a, b])).toContain('best_val_accuracy,0.8,0.75');
  });
});
