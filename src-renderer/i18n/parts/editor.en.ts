/** English UI text of the editor feature; spread into en.ts (ko: ./editor.ko.ts, same keys). */
export const editorEn = {
} as const;
