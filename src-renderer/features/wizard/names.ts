/**
 * Display names of the candidate activations and their initializers: technical names,
 * the same in Korean and English (the lecture notes write them in Latin letters too).
 */
import type { CandidateActivation, CandidateInitializer } from '../../../src-shared/wizard/types.js';

const NAMES: Record<CandidateActivation, string> = {
  selu: 'SELU',
  elu: 'ELU',
  leaky_relu: 'Leaky ReLU',
  rrelu: 'RReLU',
  prelu: 'PReLU',
  relu: 'ReLU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
};

const INIT_NAMES: Record<CandidateInitializer, string> = {
  lecun_normal: 'LeCun normal',
  he_normal: 'He normal',
  glorot_uniform: 'Glorot uniform',
};

/** `'leaky_relu'` → `'Leaky ReLU'`. */
export function activationName(a: CandidateActivation): string {
  return NAMES[a];
}

/** `'he_normal'` → `'He normal'`. */
export function initializerName(i: CandidateInitializer): string {
  return INIT_NAMES[i];
}
