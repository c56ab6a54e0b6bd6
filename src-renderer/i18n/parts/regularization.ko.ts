/** Korean text of the editor's per-layer regularizer, max-norm, trainable and batch-normalization placement help, classes and transfer fields; spread into ko.ts (keys as in ./regularization.en.ts). */
import type { regularizationEn } from './regularization.en.js';

export const regularizationKo: { readonly [K in keyof typeof regularizationEn]: string } = {
};
