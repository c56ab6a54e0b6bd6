/** English text of the editor's per-layer regularizer, max-norm, trainable and batch-normalization placement help, classes and transfer fields; spread into en.ts (ko: ./regularization.ko.ts, same keys). */
export const regularizationEn = {
} as const;
