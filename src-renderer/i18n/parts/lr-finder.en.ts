/** English text of the learning-rate finder panel; spread into en.ts (ko: ./lr-finder.ko.ts, same keys). */
export const lrFinderEn = {
} as const;
