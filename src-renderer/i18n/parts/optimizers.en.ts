/** English text of the editor's optimizer, schedule, early stopping and unfreeze fields (with the chapter's comparison table); spread into en.ts (ko: ./optimizers.ko.ts, same keys). */
export const optimizersEn = {
} as const;
