/** Korean text of the learning-rate finder panel; spread into ko.ts (keys as in ./lr-finder.en.ts). */
import type { lrFinderEn } from './lr-finder.en.js';

export const lrFinderKo: { readonly [K in keyof typeof lrFinderEn]: string } = {
};
