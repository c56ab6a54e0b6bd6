/** Korean text of the evaluation's MC dropout and class subsets; spread into ko.ts (keys as in ./mc-dropout.en.ts). */
import type { mcDropoutEn } from './mc-dropout.en.js';

export const mcDropoutKo: { readonly [K in keyof typeof mcDropoutEn]: string } = {
};
