/** The dashboard's pure transforms: epochs and samples → chart series, and the CSV export. Table-driven. */
import { describe, expect, it } from 'vitest';
import type { BatchSample, EpochMetrics, LayerDiagnostics } from '../../src-shared/training/metrics.js';
import { formatValue, integerTick, logTick } from '../../src-renderer/features/training/charts/chart-spec.js';
import { CSV_COLUMNS, epochsToCsv, exportFileName } from '../../src-renderer/features/training/charts/csv.js';
import { activationSeries, batchSeries, depthSeries, divergedMarker, epochSeries, layerTitle, type SeriesLabels } from '../../src-renderer/features/training/charts/dashboard-series.js';
import {
  batchLossSeries,
  depthLines,
  depthPoints,
  ema,
  epochCurves,
  highlightPositions,
  inactiveKindOf,
  thinMinMax,
  type Point,
} from '../../src-renderer/features/training/charts/series.js';

function layer(i: number, over: Partial<LayerDiagnostics> = {}): LayerDiagnostics {
  return {
    name: i === 0 ? 'dense' : `dense_${i}`,
    spec_index: i + 1,
    activation: 'relu',
    grad_norm: 10 ** -(3 - i),
    weight_norm: 14 + i,
    act_mean: 0.5,
    act_std: 0.8,
    inactive_fraction: 0.1 * i,
    inactive_kind: 'dead',
    ...over,
  };
}

function epoch(n: number, layers: LayerDiagnostics[] = [layer(0), layer(1), layer(2)], over: Partial<EpochMetrics> = {}): EpochMetrics {
  return { epoch: n, loss: 1 / n, accuracy: (50 + n) / 100, val_loss: 1.1 / n, val_accuracy: (45 + n) / 100, seconds: 2.5, layers, ...over };
}

const pts = (ys: number[]): Point[] => ys.map((y, i) => ({ x: i + 1, y }));
const ys = (p: Point[]) => p.map((q) => q.y);

const LABELS: SeriesLabels = {
  trainLoss: 'train loss',
  valLoss: 'val loss',
  trainAccuracy: 'train acc',
  valAccuracy: 'val acc',
  rawBatch: 'raw',
  smoothBatch: 'ema',
  line: (l) => (l.step === null ? `E${l.epoch}` : `E${l.epoch}s${l.step}`),
  mean: (l) => `mean E${l.epoch}`,
  std: (l) => `std E${l.epoch}`,
};

describe('epochCurves', () => {
  it.each([
    ['no epochs', [], { loss: [], valLoss: [], accuracy: [], valAccuracy: [] }],
    [
      'two epochs',
      [epoch(1), epoch(2)],
      {
        loss: [{ x: 1, y: 1 }, { x: 2, y: 0.5 }],
        valLoss: [{ x: 1, y: 1.1 }, { x: 2, y: 0.55 }],
        accuracy: [{ x: 1, y: 0.51 }, { x: 2, y: 0.52 }],
        valAccuracy: [{ x: 1, y: 0.46 }, { x: 2, y: 0.47 }],
      },
    ],
  ])('%s', (_name, epochs, expected) => {
    expect(epochCurves(epochs)).toEqual(expected);
  });

  it('leaves out a diverged epoch’s NaN loss but keeps its accuracy', () => {
    const c = epochCurves([epoch(1), epoch(2, [], { loss: Number.NaN, val_loss: Infinity })]);
    expect(c.loss.map((p) => p.x)).toEqual([1]);
    expect(c.valLoss.map((p) => p.x)).toEqual([1]);
    expect(c.accuracy.map((p) => p.x)).toEqual([1, 2]);
  });
});

describe('ema', () => {
  it.each([
    ['smoothing 0 is the identity', [3, 1, 2], 0, [3, 1, 2]],
    ['the first value is not pulled towards 0', [2], 0.9, [2]],
    ['a constant stays constant', [5, 5, 5, 5], 0.8, [5, 5, 5, 5]],
    ['half smoothing with start-up correction', [1, 0], 0.5, [1, 1 / 3]],
  ])('%s', (_name, input, s, expected) => {
    const out = ys(ema(pts(input), s));
    expected.forEach((e, i) => expect(out[i]).toBeCloseTo(e, 12));
    expect(out).toHaveLength(expected.length);
  });

  it('skips non-finite values (a NaN batch does not poison the rest)', () => {
    const out = ema(pts([1, Number.NaN, 1, Infinity, 1]), 0.5);
    expect(out.map((p) => p.x)).toEqual([1, 3, 5]);
    expect(ys(out).every((y) => Math.abs(y - 1) < 1e-12)).toBe(true);
  });
});

describe('thinMinMax', () => {
  const spiky = Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? 50 : i === 777 ? -3 : Math.sin(i / 50)));

  it.each([
    ['short series unchanged', 10, 100, 10],
    ['long series thinned to at most max', 10_000, 800, 800],
    ['tiny max leaves the series alone', 50, 3, 50],
  ])('%s', (_name, n, max, atMost) => {
    const out = thinMinMax(pts(Array.from({ length: n }, (_, i) => i % 7)), max);
    expect(out.length).toBeLessThanOrEqual(atMost);
  });

  it('keeps first, last, the spike and the dip, in x order', () => {
    const input = pts(spiky);
    const out = thinMinMax(input, 600);
    expect(out[0]).toEqual(input[0]);
    expect(out.at(-1)).toEqual(input.at(-1));
    expect(Math.max(...ys(out))).toBe(50);
    expect(Math.min(...ys(out))).toBe(-3);
    const xs = out.map((p) => p.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});

describe('batchLossSeries', () => {
  const s = (done: number, loss: number, total = 1000, epochNo = 1, step = done / 10): BatchSample => ({
    epoch: epochNo,
    step,
    loss,
    samples_done: done,
    samples_total: total,
  });

  it.each([
    ['halfway through a 2-epoch run sits at epoch 1', [s(500, 0.7)], 2, [{ x: 1, y: 0.7 }]],
    ['the end of a 3-epoch run sits at 3', [s(1000, 0.3)], 3, [{ x: 3, y: 0.3 }]],
    ['samples with no total and NaN losses are dropped', [s(10, 1, 0), s(20, Number.NaN), s(30, 2)], 1, [{ x: 0.03, y: 2 }]],
  ])('%s', (_name, samples, total, raw) => {
    expect(batchLossSeries(samples, total).raw).toEqual(raw);
  });

  it('smooths over every sample, then thins both lines', () => {
    const many = Array.from({ length: 5000 }, (_, i) => s(i + 1, i % 2 ? 1 : 3, 5000));
    const b = batchLossSeries(many, 1, 0.9, 400);
    expect(b.raw.length).toBeLessThanOrEqual(400);
    expect(b.smooth.length).toBeLessThanOrEqual(400);
    expect(Math.max(...ys(b.raw))).toBe(3);
    // The EMA of an alternating 1/3 settles near 2.
    expect(b.smooth.at(-1)!.y).toBeGreaterThan(1.8);
    expect(b.smooth.at(-1)!.y).toBeLessThan(2.2);
  });
});

describe('depthPoints', () => {
  it.each([
    ['linear: values as they are, x from 1', [layer(0), layer(1)], 'weight_norm', false, [14, 15]],
    ['log: zero and negative become gaps', [layer(0, { grad_norm: 0 }), layer(1, { grad_norm: -1 }), layer(2)], 'grad_norm', true, [NaN, NaN, 1e-1]],
    ['null inactive fraction (softmax) is a gap', [layer(0), layer(1, { inactive_fraction: null })], 'inactive_fraction', false, [0, NaN]],
    ['non-finite is a gap', [layer(0, { act_std: Infinity })], 'act_std', false, [NaN]],
    ['a missing field (live sample without weight norms) is a gap', [{ grad_norm: 1 }], 'weight_norm', false, [NaN]],
  ] as const)('%s', (_name, layers, metric, log, expected) => {
    const out = depthPoints(layers, metric, log);
    expect(out.map((p) => p.x)).toEqual(expected.map((_, i) => i + 1));
    expect(ys(out)).toEqual(expected);
  });
});

describe('depthLines', () => {
  const eight = Array.from({ length: 8 }, (_, i) => epoch(i + 1));

  it.each([
    ['no epochs, no lines', [], undefined, []],
    ['one epoch: one latest line', [epoch(1)], undefined, [1]],
    ['8 epochs, max 5: the first and the 4 latest', eight, 5, [1, 5, 6, 7, 8]],
    ['max 1: the latest only', eight, 1, [8]],
  ])('%s', (_name, epochs, maxLines, shown) => {
    const lines = depthLines(epochs, 'grad_norm', { maxLines });
    expect(lines.map((l) => l.epoch)).toEqual(shown);
    expect(lines.filter((l) => l.latest).map((l) => l.epoch)).toEqual(shown.slice(-1));
  });

  it('fades older lines: emphasis rises with recency and the latest is 1', () => {
    const e = depthLines(eight, 'grad_norm').map((l) => l.emphasis);
    expect(e.at(-1)).toBe(1);
    for (let i = 1; i < e.length; i++) expect(e[i]!).toBeGreaterThan(e[i - 1]!);
    expect(e[0]).toBeCloseTo(0.2);
  });

  it.each([
    ['a live sample newer than every epoch is the latest line', 3, [1, 2, 3], 3],
    ['a live sample of an epoch already finished is ignored', 2, [1, 2], null],
  ])('%s', (_name, liveEpoch, shownEpochs, liveStep) => {
    const live = { epoch: liveEpoch, step: 123, layers: [{ grad_norm: 1e-4 }, { grad_norm: 1e-2 }, { grad_norm: 1 }] };
    const lines = depthLines([epoch(1), epoch(2)], 'grad_norm', { log: true, live });
    expect(lines.map((l) => l.epoch)).toEqual(shownEpochs);
    expect(lines.at(-1)!.step).toBe(liveStep === null ? null : 123);
    expect(lines.at(-1)!.latest).toBe(true);
  });

  it('draws the live sample before the first epoch ends', () => {
    const lines = depthLines([], 'act_mean', { live: { epoch: 1, step: 4, layers: [{ act_mean: 0.1 }] } });
    expect(lines).toEqual([{ epoch: 1, step: 4, latest: true, emphasis: 1, points: [{ x: 1, y: 0.1 }] }]);
  });
});

describe('inactiveKindOf', () => {
  it.each([
    ['ReLU stack', ['dead', 'dead', null], 'dead'],
    ['sigmoid stack', ['saturated', null], 'saturated'],
    ['both', ['dead', 'saturated'], 'mixed'],
    ['softmax only', [null], null],
    ['no layers', [], null],
  ] as const)('%s → %s', (_name, kinds, expected) => {
    expect(inactiveKindOf(kinds.map((k) => ({ inactive_kind: k })))).toBe(expected);
  });
});

describe('highlightPositions', () => {
  const layers = [{ spec_index: 1 }, { spec_index: 3 }, { spec_index: 5 }];
  it.each([
    ['nothing highlighted', [], []],
    ['spec index 3 is the second dense layer', [3], [2]],
    ['non-dense indices are ignored', [0, 2, 4], []],
    ['several, in depth order', [5, 1], [1, 3]],
  ])('%s', (_name, highlight, expected) => {
    expect(highlightPositions(layers, highlight)).toEqual(expected);
  });
});

describe('chart series with style', () => {
  it('train solid, validation dashed, per epoch', () => {
    const s = epochSeries([epoch(1), epoch(2)], LABELS);
    expect(s.loss.map((x) => [x.label, x.color, x.dash ?? null])).toEqual([
      ['train loss', 'loss', null],
      ['val loss', 'acc', [6, 3]],
    ]);
    expect(s.accuracy[1]!.data).toEqual([{ x: 1, y: 0.46 }, { x: 2, y: 0.47 }]);
  });

  it('raw batch loss faint and thin under the EMA', () => {
    const [raw, smooth] = batchSeries([{ epoch: 1, step: 1, loss: 2, samples_done: 10, samples_total: 100 }], 1, LABELS);
    expect(raw).toMatchObject({ label: 'raw', alpha: 0.25, width: 1 });
    expect(smooth).toMatchObject({ label: 'ema', width: 2 });
    expect(smooth!.alpha ?? 1).toBe(1);
  });

  it('depth lines: latest thicker and opaque, marked only on short stacks', () => {
    const s = depthSeries([epoch(1), epoch(2)], 'grad_norm', 'danger', LABELS, { log: true });
    expect(s.map((x) => [x.label, x.alpha, x.width, x.points])).toEqual([
      ['E1', 0.45, 1.25, 0],
      ['E2', 1, 2.5, 3],
    ]);
    const deep = depthSeries([epoch(1, Array.from({ length: 100 }, (_, i) => layer(i)))], 'weight_norm', 'success', LABELS);
    expect(deep[0]!.points).toBe(0);
  });

  it('activation mean and std: up to 3 epochs each, mean first', () => {
    const s = activationSeries([epoch(1), epoch(2), epoch(3), epoch(4)], LABELS);
    expect(s.map((x) => x.label)).toEqual(['mean E1', 'mean E3', 'mean E4', 'std E1', 'std E3', 'std E4']);
    expect(s.map((x) => x.color)).toEqual(['loss', 'loss', 'loss', 'acc', 'acc', 'acc']);
  });

  it.each([
    [2, '2 · dense_1 (relu)'],
    [1.2, '1 · dense (relu)'],
    [9, '9'],
  ])('layerTitle(%s) → %s', (x, expected) => {
    expect(layerTitle([layer(0), layer(1)], x)).toBe(expected);
  });
});

describe('axis and tooltip formats', () => {
  it.each([
    [1e-7, 10, '1e-7'],
    [0.01, 10, '0.01'],
    [0.1, 10, '0.1'],
    [1, 10, '1'],
    [1000, 10, '1000'],
    [1e5, 10, '1e5'],
    [2e-3, 10, ''],
    [0.2, 10, ''],
    [0.2, 2, '0.2'],
    [0.3, 2, ''],
    [0.3, 1, '0.3'],
    [5e-6, 1, '5e-6'],
    [0.7, 1, ''],
    [0, 1, ''],
  ])('logTick(%s, %s decades) → %j', (v, decades, expected) => {
    expect(logTick(v, decades)).toBe(expected);
  });

  it.each([
    [1, '1'],
    [1.5, ''],
    [100, '100'],
  ])('integerTick(%s) → %j', (v, expected) => {
    expect(integerTick(v)).toBe(expected);
  });

  it.each([
    [0.000123, '1.23e-4'],
    [0.5, '0.5'],
    [14.1234, '14.1'],
    [123456, '1.23e5'],
    [Number.NaN, '—'],
  ])('formatValue(%s) → %s', (v, expected) => {
    expect(formatValue(v)).toBe(expected);
  });
});

describe('epochsToCsv', () => {
  const parse = (csv: string) => csv.trimEnd().split('\r\n').map((l) => l.split(','));

  it('header, then one row per epoch × dense layer', () => {
    const rows = parse(epochsToCsv([epoch(1), epoch(2)]));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 * 3);
    expect(rows[1]).toEqual(['1', '1', '0.51', '1.1', '0.46', '2.5', '1', 'dense', '1', 'relu', '0.001', '14', '0.5', '0.8', '0', 'dead', '', '', '']);
    expect(rows[6]!.slice(0, 8)).toEqual(['2', '0.5', '0.52', '0.55', '0.47', '2.5', '3', 'dense_2']);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it.each([
    ['no epochs: the header alone', [], 1],
    ['an epoch without layers: one row, empty layer cells', [epoch(1, [])], 2],
  ])('%s', (_name, epochs, lines) => {
    const rows = parse(epochsToCsv(epochs));
    expect(rows).toHaveLength(lines);
    if (lines === 2) expect(rows[1]!.slice(6)).toEqual(Array(CSV_COLUMNS.length - 6).fill(''));
  });

  it('ends each row with the epoch’s learning rate and raw/clipped global gradient norms', () => {
    const rows = parse(epochsToCsv([epoch(1, [layer(0), layer(1)], { learning_rate: 0.05, grad_norm_raw: 7.25, grad_norm_clipped: 1.5 }), epoch(2, [], { learning_rate: 0.025, grad_norm_raw: 0.5 })]));
    expect(CSV_COLUMNS.slice(-3)).toEqual(['learning_rate', 'grad_norm_raw', 'grad_norm_clipped']);
    expect(rows.slice(1).map((r) => r.slice(-3))).toEqual([
      ['0.05', '7.25', '1.5'],
      ['0.05', '7.25', '1.5'],
      ['0.025', '0.5', ''],
    ]);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('spells NaN, infinities and nulls for pandas, and quotes what needs quoting', () => {
    const csv = epochsToCsv([
      epoch(1, [layer(0, { name: 'odd,"name"', grad_norm: Infinity, act_mean: Number.NaN, inactive_fraction: null, inactive_kind: null })], {
        loss: Number.NaN,
        val_loss: -Infinity,
      }),
    ]);
    const row = csv.split('\r\n')[1]!;
    expect(row).toBe('1,NaN,0.51,-inf,0.46,2.5,1,"odd,""name""",1,relu,inf,14,NaN,0.8,,,,,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it.each([
    ['20261126-140000-relu-100-ab12', 'metrics.csv', '20261126-140000-relu-100-ab12-metrics.csv'],
    [null, 'loss.png', 'gradient-lab-loss.png'],
    ['a/b c', 'x.png', 'a_b_c-x.png'],
  ])('exportFileName(%j, %j) → %s', (id, suffix, expected) => {
    expect(exportFileName(id, suffix)).toBe(expected);
  });
});

describe('divergedMarker', () => {
  const label = (at: { epoch: number; step: number }) => `diverged ${at.epoch}/${at.step}`;
  const batch = [{ label: 'raw', color: 'loss' as const, data: [{ x: 0.1, y: 2 }, { x: 0.35, y: 40 }] }];
  it.each([
    ['no divergence', null, batch, []],
    ['after the last finite batch loss', { epoch: 1, step: 12 }, batch, [{ x: 0.35, label: 'diverged 1/12' }]],
    ['at its epoch when no batch loss was drawn', { epoch: 3, step: 900 }, [], [{ x: 2, label: 'diverged 3/900' }]],
  ] as const)('%s', (_name, at, series, expected) => {
    expect(divergedMarker(at, series as never, label)).toEqual(expected);
  });
});
