/**
 * The initializer explorer's form: an initializer (named, or an object with its
 * parameters), the fans and a seed, checked into an `init:sample` request with the same
 * bounds main applies, so a refusal from main is the exception.
 */
import { INIT_SAMPLE_LIMITS, type InitSampleRequest } from '../../../src-shared/ipc/contract.js';
import { FAN_MODES, NAMED_INITIALIZER_IDS, VS_DISTRIBUTIONS, type FanMode, type VsDistribution } from '../../../src-shared/model/ids.js';
import type { KernelInitializer } from '../../../src-shared/model/spec.js';
import { checkNumber, type FieldProblem } from './form-problems.js';

/** Object initializers by name (the schema's list lives with zod, which the renderer does not load). */
export const OBJECT_INITIALIZERS = ['random_normal', 'random_uniform', 'variance_scaling'] as const satisfies readonly Exclude<
  KernelInitializer,
  string
>['name'][];
// The list above must name every object initializer of the format.
const objectsComplete: [Exclude<Exclude<KernelInitializer, string>['name'], (typeof OBJECT_INITIALIZERS)[number]>] extends [never] ? true : false = true;
void objectsComplete;

/** What the initializer menu offers: every named initializer, then the configurable ones. */
export const INITIALIZER_CHOICES = [...NAMED_INITIALIZER_IDS, ...OBJECT_INITIALIZERS] as const;
export type InitializerChoice = (typeof INITIALIZER_CHOICES)[number];

/** Largest seed (the model format's, a signed 32-bit integer). */
export const MAX_FORM_SEED = 2 ** 31 - 1;

/** Every field; numbers are null while a field is empty. */
export interface InitializerForm {
  choice: InitializerChoice;
  mean: number | null;
  stddev: number | null;
  minval: number | null;
  maxval: number | null;
  scale: number | null;
  mode: FanMode;
  distribution: VsDistribution;
  fan_in: number | null;
  fan_out: number | null;
  seed: number | null;
}
export type InitializerField = Exclude<keyof InitializerForm, 'choice' | 'mode' | 'distribution'>;

/** The form a fresh explorer shows: the chapter's He example, a 784 → 300 layer; object parameters at Keras' defaults and the seed's example. */
export function defaultInitializerForm(): InitializerForm {
  return {
    choice: 'he_normal',
    mean: 0,
    stddev: 1,
    minval: -0.05,
    maxval: 0.05,
    scale: 2,
    mode: 'fan_avg',
    distribution: 'uniform',
    fan_in: 784,
    fan_out: 300,
    seed: 42,
  };
}

/** The parameter fields of a choice, in display order. */
export function initializerFieldsFor(choice: InitializerChoice): ('mean' | 'stddev' | 'minval' | 'maxval' | 'scale' | 'mode' | 'distribution')[] {
  switch (choice) {
    case 'random_normal':
      return ['mean', 'stddev'];
    case 'random_uniform':
      return ['minval', 'maxval'];
    case 'variance_scaling':
      return ['scale', 'mode', 'distribution'];
    default:
      return [];
  }
}

export type InitializerFormResult = { ok: true; req: InitSampleRequest } | { ok: false; problems: FieldProblem<InitializerField>[] };

// Parameters beyond these are typing mistakes, not experiments (a std of 1e6 draws nothing drawable).
const PARAM_LIMIT = 1e6;

/**
 * The request for a form, or its problems. Example: he_normal, fan_in 4000, fan_out 2000 →
 * `{ ok: false, problems: [{ field: 'fan_out', kind: 'too_many', weights: 8000000, max: 4000000 }] }`.
 */
export function checkInitializerForm(form: InitializerForm): InitializerFormResult {
  const problems: FieldProblem<InitializerField>[] = [];
  const fanIn = checkNumber('fan_in', form.fan_in, 1, INIT_SAMPLE_LIMITS.max_fan, true, problems);
  const fanOut = checkNumber('fan_out', form.fan_out, 1, INIT_SAMPLE_LIMITS.max_fan, true, problems);
  if (fanIn !== null && fanOut !== null && fanIn * fanOut > INIT_SAMPLE_LIMITS.max_weights) {
    problems.push({ field: 'fan_out', kind: 'too_many', weights: fanIn * fanOut, max: INIT_SAMPLE_LIMITS.max_weights });
  }
  const seed = checkNumber('seed', form.seed, 0, MAX_FORM_SEED, true, problems);
  const positive = (f: 'stddev' | 'scale'): number | null => {
    const v = checkNumber(f, form[f], -PARAM_LIMIT, PARAM_LIMIT, false, problems);
    if (v !== null && !(v > 0)) {
      problems.push({ field: f, kind: 'positive', value: v });
      return null;
    }
    return v;
  };
  const any = (f: 'mean' | 'minval' | 'maxval'): number | null => checkNumber(f, form[f], -PARAM_LIMIT, PARAM_LIMIT, false, problems);

  let initializer: KernelInitializer | null = null;
  switch (form.choice) {
    case 'random_normal': {
      const mean = any('mean');
      const stddev = positive('stddev');
      if (mean !== null && stddev !== null) initializer = { name: 'random_normal', mean, stddev };
      break;
    }
    case 'random_uniform': {
      const minval = any('minval');
      const maxval = any('maxval');
      if (minval !== null && maxval !== null) {
        if (minval < maxval) initializer = { name: 'random_uniform', minval, maxval };
        else problems.push({ field: 'maxval', kind: 'order' });
      }
      break;
    }
    case 'variance_scaling': {
      const scale = positive('scale');
      if (scale !== null && FAN_MODES.includes(form.mode) && VS_DISTRIBUTIONS.includes(form.distribution)) {
        initializer = { name: 'variance_scaling', scale, mode: form.mode, distribution: form.distribution };
      }
      break;
    }
    default:
      initializer = form.choice;
  }
  if (problems.length || initializer === null || fanIn === null || fanOut === null || seed === null) return { ok: false, problems };
  return { ok: true, req: { initializer, fan_in: fanIn, fan_out: fanOut, seed } };
}
