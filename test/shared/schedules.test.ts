// Learning-rate schedules at chosen steps against values worked out by hand from the
// chapter's formulas: power lr0/(1 + t/s)^c, exponential lr0·r^(t/s), the book's piecewise
// [5, 15] → [0.01, 0.005, 0.001], the book's OneCycleScheduler, Keras' ReduceLROnPlateau.
import { describe, expect, it } from 'vitest';
import type { LrScheduleSpec, OneCycleSchedule } from '../../src-shared/model/spec.js';
import { oneCyclePhases, PlateauTracker, scheduleCurve, scheduledRate, type ScheduleClock } from '../../src-shared/training/schedules.js';

const clock: ScheduleClock = { stepsPerEpoch: 100, totalSteps: 2000 };

describe('scheduledRate', () => {
  it.each<[string, LrScheduleSpec | undefined, number, number]>([
    ['no schedule', undefined, 1234, 0.01],
    ['performance (stateful, see PlateauTracker)', { name: 'performance' }, 1234, 0.01],
    ['power at 0', { name: 'power', decay_steps: 10000 }, 0, 0.01],
    ['power at s: lr0/2', { name: 'power', decay_steps: 10000 }, 10000, 0.005],
    ['power at 3s: lr0/4', { name: 'power', decay_steps: 10000 }, 30000, 0.0025],
    ['power c = 2 at s: lr0/2²', { name: 'power', decay_steps: 100, power: 2 }, 100, 0.0025],
    ['power c = 2 at s/2: lr0/1.5²', { name: 'power', decay_steps: 100, power: 2 }, 50, 0.01 / 2.25],
    ['exponential at 0', { name: 'exponential', decay_steps: 20, decay_rate: 0.1 }, 0, 0.01],
    ['exponential at s: lr0·0.1', { name: 'exponential', decay_steps: 20, decay_rate: 0.1 }, 20, 0.001],
    ['exponential at 2s: lr0·0.01', { name: 'exponential', decay_steps: 20, decay_rate: 0.1 }, 40, 0.0001],
    ['exponential at s/2: lr0·√0.1', { name: 'exponential', decay_steps: 20, decay_rate: 0.1 }, 10, 0.01 * Math.sqrt(0.1)],
  ])('%s', (_label, schedule, step, rate) => {
    expect(scheduledRate(schedule, 0.01, step, clock)).toBeCloseTo(rate, 12);
  });

  // The book: epochs [5, 15] → [0.01, 0.005, 0.001]; 100 steps an epoch. Epochs are 1-based here.
  const piecewise: LrScheduleSpec = { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] };
  it.each<[number, number]>([
    [1, 0.01],
    [5, 0.01],
    [6, 0.005],
    [15, 0.005],
    [16, 0.001],
    [20, 0.001],
  ])('piecewise: epoch %i → %f (its first and last step)', (epoch, rate) => {
    const first = (epoch - 1) * clock.stepsPerEpoch;
    expect(scheduledRate(piecewise, 0.123, first, clock)).toBe(rate);
    expect(scheduledRate(piecewise, 0.123, first + clock.stepsPerEpoch - 1, clock)).toBe(rate);
  });
});

describe('1cycle (the book\'s OneCycleScheduler)', () => {
  const oneCycle: OneCycleSchedule = { name: 'one_cycle', max_rate: 0.1 };
  // 100 steps: last_iterations = 100 // 10 + 1 = 11, half = (100 − 11) // 2 = 44;
  // start = 0.1/10 = 0.01, last = 0.01/1000 = 1e-5.
  const run: ScheduleClock = { stepsPerEpoch: 10, totalSteps: 100 };
  it.each<[number, number]>([
    [0, 0.01],
    [22, 0.055], // halfway up
    [44, 0.1], // half: max_rate
    [66, 0.055], // halfway down
    [88, 0.01], // 2·half: back at start_rate
    [94, 0.01 + ((1e-5 - 0.01) * 6) / 12], // halfway to last_rate
    [100, 1e-5], // iterations: last_rate
    [150, 1e-5], // past the end: stays (no extrapolation below last_rate)
  ])('step %i → %f', (step, rate) => {
    expect(scheduledRate(oneCycle, 999, step, run)).toBeCloseTo(rate, 12);
  });

  it.each<[number, number, { last: number; half: number }]>([
    [100, 0.1, { last: 11, half: 44 }],
    [30, 0.1, { last: 4, half: 13 }], // 30 // 10 + 1 = 4, although 30·0.1 is 3.0000000000000004 in binary
    [42975, 0.1, { last: 4298, half: 19338 }], // the book's 25 epochs × 1,719 steps
    [50, 0.2, { last: 11, half: 19 }],
    [5, 0.1, { last: 1, half: 2 }],
  ])('phases of %i steps with last_fraction %f', (iterations, fraction, phases) => {
    expect(oneCyclePhases(iterations, fraction)).toEqual(phases);
  });

  it('explicit start, last and last_fraction', () => {
    const s: OneCycleSchedule = { name: 'one_cycle', max_rate: 1, start_rate: 0.2, last_rate: 0.1, last_fraction: 0.2 };
    const c: ScheduleClock = { stepsPerEpoch: 5, totalSteps: 50 }; // last 11, half 19
    expect(scheduledRate(s, 0, 0, c)).toBeCloseTo(0.2, 12);
    expect(scheduledRate(s, 0, 19, c)).toBeCloseTo(1, 12);
    expect(scheduledRate(s, 0, 38, c)).toBeCloseTo(0.2, 12);
    expect(scheduledRate(s, 0, 44, c)).toBeCloseTo(0.15, 12);
    expect(scheduledRate(s, 0, 50, c)).toBeCloseTo(0.1, 12);
  });
});

describe('PlateauTracker (ReduceLROnPlateau on val_loss, mode min, cooldown 0)', () => {
  it('patience 2, factor 0.5, min_lr 0.02 from 0.1', () => {
    const t = new PlateauTracker({ name: 'performance', patience: 2, factor: 0.5, min_lr: 0.02 }, 0.1);
    expect(t.rate).toBe(0.1);
    const losses = [1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.98, 0.97, 0.96, 0.95, 0.5, 0.6];
    // 1.0 best; 0.9 best; two epochs above 0.9 → 0.05; two more → 0.025; two more → max(0.0125, min_lr) = 0.02;
    // two more: already at min_lr, stays; 0.5 improves; 0.6 is the first epoch without improvement.
    const want = [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02];
    expect(losses.map((l) => t.update(l))).toEqual(want);
    expect(t.rate).toBe(0.02);
  });

  it('an improvement resets the wait: patience 2 never fires when every other epoch improves', () => {
    const t = new PlateauTracker({ name: 'performance', patience: 2 }, 0.1);
    expect([1, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7].map((l) => t.update(l))).toEqual(Array(7).fill(0.1));
  });

  it('min_delta: an improvement must beat the best by more than min_delta', () => {
    const t = new PlateauTracker({ name: 'performance', patience: 1, min_delta: 0.1 }, 0.1);
    // 0.95 + 0.1 is not below 1.0 → reduce; 0.85 + 0.1 < 1.0 → improvement, best 0.85; 0.8 + 0.1 is not below 0.85 → reduce.
    expect([1.0, 0.95, 0.85, 0.8].map((l) => t.update(l))).toEqual([0.1, 0.05, 0.05, 0.025]);
  });

  it('defaults: factor 0.5, patience 5; a NaN val_loss counts as no improvement', () => {
    const t = new PlateauTracker({ name: 'performance' }, 0.01);
    const rates = [1, NaN, NaN, NaN, NaN, NaN].map((l) => t.update(l));
    expect(rates).toEqual([0.01, 0.01, 0.01, 0.01, 0.01, 0.005]);
  });
});

describe('scheduleCurve', () => {
  it('every step when they fit; a flat line for no schedule and performance', () => {
    const c: ScheduleClock = { stepsPerEpoch: 5, totalSteps: 10 };
    const pts = scheduleCurve({ name: 'exponential', decay_steps: 10, decay_rate: 0.5 }, 0.1, c);
    expect(pts.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pts[10]!.rate).toBeCloseTo(0.05, 12);
    expect(scheduleCurve(undefined, 0.1, c)).toEqual([{ step: 0, rate: 0.1 }, { step: 10, rate: 0.1 }]);
    expect(scheduleCurve({ name: 'performance' }, 0.1, c)).toEqual([{ step: 0, rate: 0.1 }, { step: 10, rate: 0.1 }]);
  });

  it('at most maxPoints, ends included, and the piecewise jumps drawn on both sides', () => {
    const pts = scheduleCurve({ name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] }, 0.1, clock, 50);
    expect(pts.length).toBeLessThanOrEqual(50);
    expect(pts[0]).toEqual({ step: 0, rate: 0.01 });
    expect(pts.at(-1)).toEqual({ step: 2000, rate: 0.001 });
    const at = (step: number) => pts.find((p) => p.step === step)?.rate;
    expect([at(499), at(500), at(1499), at(1500)]).toEqual([0.01, 0.005, 0.005, 0.001]);
    const steps = pts.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('1cycle: its peak at half and its trough at 2·half are points of the curve', () => {
    const pts = scheduleCurve({ name: 'one_cycle', max_rate: 0.1 }, 0, { stepsPerEpoch: 1719, totalSteps: 42975 }, 100);
    expect(pts.length).toBeLessThanOrEqual(100);
    expect(pts.find((p) => p.step === 19338)?.rate).toBeCloseTo(0.1, 12);
    expect(pts.find((p) => p.step === 38676)?.rate).toBeCloseTo(0.01, 12);
    expect(Math.max(...pts.map((p) => p.rate))).toBeCloseTo(0.1, 12);
  });

  it('more corners than points: thinned evenly, still within maxPoints with both ends', () => {
    const boundaries = Array.from({ length: 30 }, (_, i) => i + 1);
    const values = Array.from({ length: 31 }, (_, i) => 1 / (i + 1));
    const pts = scheduleCurve({ name: 'piecewise_constant', boundaries, values }, 1, { stepsPerEpoch: 10, totalSteps: 400 }, 20);
    expect(pts.length).toBe(20);
    expect(pts[0]!.step).toBe(0);
    expect(pts.at(-1)!.step).toBe(400);
  });
});
