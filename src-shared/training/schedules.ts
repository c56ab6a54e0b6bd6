/**
 * Learning-rate schedules (spec.training.lr_schedule) as plain functions of the step, so
 * the trainer sets the optimizer's rate from them and the renderer draws the same curve.
 * No tfjs here. Steps are 0-based over the whole run; epochs are floor(step / stepsPerEpoch).
 */
import { oneCycleDefaults, performanceDefaults, DEFAULTS } from '../model/defaults.js';
import { assertNever, type LrScheduleSpec, type OneCycleSchedule, type PerformanceSchedule } from '../model/spec.js';

/** What a schedule needs to know about the run: steps per epoch and steps in all. */
export interface ScheduleClock {
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * 1cycle exactly as the book's `OneCycleScheduler(iterations)`: last_iterations =
 * floor(iterations·last_fraction) + 1 (the book's iterations // 10 + 1), half =
 * floor((iterations − last_iterations) / 2); linear start→max over [0, half), max→start
 * over [half, 2·half), start→last over [2·half, iterations]. Steps past the end stay at
 * last_rate (the book's callback would extrapolate below it).
 * Example: max_rate 0.1, 100 steps → 0.01 at 0, 0.1 at 44, 0.01 at 88, 0.00001 at 100.
 */
export function oneCycleRate(schedule: OneCycleSchedule, step: number, iterations: number): number {
  const { max_rate, start_rate, last_rate, last_fraction } = oneCycleDefaults(schedule);
  const { half } = oneCyclePhases(iterations, last_fraction);
  const t = Math.min(Math.max(step, 0), iterations);
  const lerp = (from: number, to: number, r1: number, r2: number): number => (to === from ? r2 : ((r2 - r1) * (t - from)) / (to - from) + r1);
  if (t < half) return lerp(0, half, start_rate, max_rate);
  if (t < 2 * half) return lerp(half, 2 * half, max_rate, start_rate);
  return lerp(2 * half, iterations, start_rate, last_rate);
}

/** The 1cycle phase lengths for `iterations` steps: `last` steps of the final phase and `half` of each rising/falling half. */
export function oneCyclePhases(iterations: number, lastFraction: number = DEFAULTS.one_cycle.last_fraction): { last: number; half: number } {
  // The tiny epsilon keeps floor(30 · 0.1) at 3 although 0.1 is not exact in binary.
  const last = Math.floor(iterations * lastFraction + 1e-9) + 1;
  return { last, half: Math.max(0, Math.floor((iterations - last) / 2)) };
}

/**
 * The piecewise-constant value for `epochsDone` finished epochs: values[i] where i is the
 * number of boundaries ≤ epochsDone. The book's [5, 15] → [0.01, 0.005, 0.001]: epochs
 * done 0–4 (epochs 1–5) → 0.01, 5–14 → 0.005, 15+ → 0.001.
 */
export function piecewiseRate(boundaries: readonly number[], values: readonly number[], epochsDone: number): number {
  let i = 0;
  while (i < boundaries.length && epochsDone >= (boundaries[i] as number)) i++;
  return values[Math.min(i, values.length - 1)] as number;
}

/**
 * The rate of step `step` (0-based over the run): power lr0 / (1 + t/s)^c, exponential
 * lr0 · r^(t/s), piecewise_constant by epoch (floor(step / stepsPerEpoch)), one_cycle over
 * clock.totalSteps. `performance` and no schedule → initialRate (performance is stateful:
 * PlateauTracker). Example: power {decay_steps: 10000} at lr0 0.01, step 10000 → 0.005.
 */
export function scheduledRate(schedule: LrScheduleSpec | undefined, initialRate: number, step: number, clock: ScheduleClock): number {
  if (schedule === undefined) return initialRate;
  switch (schedule.name) {
    case 'power':
      return initialRate / Math.pow(1 + step / schedule.decay_steps, schedule.power ?? DEFAULTS.power.power);
    case 'exponential':
      return initialRate * Math.pow(schedule.decay_rate, step / schedule.decay_steps);
    case 'piecewise_constant':
      return piecewiseRate(schedule.boundaries, schedule.values, Math.floor(step / Math.max(1, clock.stepsPerEpoch)));
    case 'performance':
      return initialRate;
    case 'one_cycle':
      return oneCycleRate(schedule, step, clock.totalSteps);
    default:
      return assertNever(schedule);
  }
}

/**
 * Keras `ReduceLROnPlateau(monitor="val_loss", mode="min", cooldown=0)`: after each epoch,
 * val_loss improves when val_loss + min_delta < the best so far (the first always does);
 * after `patience` epochs in a row without improvement the rate is multiplied by `factor`
 * (not below min_lr) and the count restarts. Example (patience 2, factor 0.5, lr 0.1):
 * val_loss 1, 0.9, 0.95, 0.97 → rates 0.1, 0.1, 0.1, 0.05.
 */
export class PlateauTracker {
  private readonly settings: Required<PerformanceSchedule>;
  private current: number;
  private best: number | null = null;
  private wait = 0;

  constructor(schedule: PerformanceSchedule, initialRate: number) {
    this.settings = performanceDefaults(schedule);
    this.current = initialRate;
  }

  /** The rate for the coming epoch. */
  get rate(): number {
    return this.current;
  }

  /** After each epoch, with its val_loss; returns the rate for the next epoch. A NaN val_loss counts as no improvement. */
  update(valLoss: number): number {
    const { factor, patience, min_delta, min_lr } = this.settings;
    if (this.best === null || valLoss + min_delta < this.best) {
      this.best = valLoss;
      this.wait = 0;
      return this.current;
    }
    this.wait += 1;
    // Keras compares the float32 rate with np.float32(min_lr): a rate already at min_lr stays.
    if (this.wait >= patience && Math.fround(this.current) > Math.fround(min_lr)) {
      this.current = Math.max(this.current * factor, min_lr);
      this.wait = 0;
    }
    return this.current;
  }
}

/**
 * At most `maxPoints` (step, rate) points of the planned schedule over the run, for
 * drawing: every step when they fit, else evenly spaced steps that include the first, the
 * last and (for piecewise_constant and one_cycle) each corner, so the lines stay straight
 * where the schedule is. `performance` (and no schedule) is flat at initialRate.
 */
export function scheduleCurve(
  schedule: LrScheduleSpec | undefined,
  initialRate: number,
  clock: ScheduleClock,
  maxPoints = 200,
): { step: number; rate: number }[] {
  const last = Math.max(0, clock.totalSteps);
  const limit = Math.max(2, Math.floor(maxPoints));
  const steps = new Set<number>([0, last]);
  for (const c of corners(schedule, clock)) if (c > 0 && c < last) steps.add(c);
  const room = limit - steps.size;
  if (schedule !== undefined && schedule.name !== 'performance' && room > 0) {
    const n = Math.min(room, last - 1);
    for (let i = 1; i <= n; i++) steps.add(Math.round((i * last) / (n + 1)));
  }
  let sorted = [...steps].sort((a, b) => a - b);
  if (sorted.length > limit) {
    // More corners than points (many short pieces): keep an even spread, ends included.
    const all = sorted;
    sorted = Array.from({ length: limit }, (_, i) => all[Math.round((i * (all.length - 1)) / (limit - 1))] as number);
  }
  return sorted.map((step) => ({ step, rate: scheduledRate(schedule, initialRate, step, clock) }));
}

/** Steps where a schedule's curve bends or jumps (a jump gets both sides). */
function corners(schedule: LrScheduleSpec | undefined, clock: ScheduleClock): number[] {
  if (schedule === undefined) return [];
  switch (schedule.name) {
    case 'piecewise_constant': {
      const spe = Math.max(1, clock.stepsPerEpoch);
      return schedule.boundaries.flatMap((b) => [b * spe - 1, b * spe]);
    }
    case 'one_cycle': {
      const { half } = oneCyclePhases(clock.totalSteps, oneCycleDefaults(schedule).last_fraction);
      return [half, 2 * half];
    }
    case 'power':
    case 'exponential':
    case 'performance':
      return [];
    default:
      return assertNever(schedule);
  }
}
