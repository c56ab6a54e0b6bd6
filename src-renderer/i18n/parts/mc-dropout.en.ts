/** English text of the evaluation's MC dropout and class subsets; spread into en.ts (ko: ./mc-dropout.ko.ts, same keys). */
export const mcDropoutEn = {
} as const;
