/** Public API of the guideline wizard: types, rules, texts, SELU's conditions, Apply and the study estimate. */
export * from './types.js';
export * from './estimate.js';
export * from './apply.js';
export * from './guideline.js';
export * from './guideline-messages.js';
export * from './self-normalizing.js';
